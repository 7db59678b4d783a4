"""Small queries of the patrol area's use cases (the plan's SQL is ``repo/patrol_plan.py``).
Every function takes the open Session of the caller's unit of work."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from station_app.data.models import (
    Checklist,
    ChecklistVersion,
    Entity,
    GridAssignment,
    Hazard,
    PatrolRecord,
    PatrolRecordInspector,
    PatrolRuleVersion,
    PatrolTask,
    PatrolWindow,
    Person,
    Sampling,
)


def rule_versions(s: Session) -> list[PatrolRuleVersion]:
    return list(s.scalars(select(PatrolRuleVersion).order_by(PatrolRuleVersion.effective_from)))


def rule_version_on(s: Session, day: date) -> PatrolRuleVersion | None:
    stmt = select(PatrolRuleVersion).where(PatrolRuleVersion.effective_from == day)
    return s.scalars(stmt).first()


def checklist_by_code(s: Session, code: str) -> Checklist | None:
    return s.scalars(select(Checklist).where(Checklist.code == code)).first()


def checklist_by_name(s: Session, name: str) -> Checklist | None:
    return s.scalars(select(Checklist).where(Checklist.name == name)).first()


def checklist_versions(s: Session, checklist_id: int) -> list[ChecklistVersion]:
    stmt = (
        select(ChecklistVersion)
        .where(ChecklistVersion.checklist_id == checklist_id)
        .order_by(ChecklistVersion.number)
    )
    return list(s.scalars(stmt))


def entity_industries(s: Session, entity_id: int) -> list[str]:
    from station_app.data.models import EntityIndustry

    stmt = select(EntityIndustry.industry).where(EntityIndustry.entity_id == entity_id)
    return list(s.scalars(stmt))


def entity_by_key(s: Session, key: str) -> Entity | None:
    """An entity by USCC (18 characters), registration number, or id (``#12`` or ``12``)."""
    text = key.strip().upper()
    if len(text) == 18:
        found = s.scalars(select(Entity).where(Entity.uscc == text)).first()
        if found is not None:
            return found
    found = s.scalars(select(Entity).where(Entity.reg_no == text)).first()
    if found is not None:
        return found
    digits = text.removeprefix("#")
    if digits.isdigit() and len(digits) < 12:
        return s.get(Entity, int(digits))
    return None


def open_task_for(s: Session, entity_id: int, kind: str, day: date) -> PatrolTask | None:
    """The entity's open plan task of ``kind`` whose window holds ``day`` (else the one whose
    window ended most recently before it: a late visit), earliest window end first."""
    base = select(PatrolTask).where(
        PatrolTask.entity_id == entity_id,
        PatrolTask.kind == kind,
        PatrolTask.status != "done",
        PatrolTask.window_id.is_not(None),
    )
    inside = base.join(PatrolWindow, PatrolWindow.id == PatrolTask.window_id).where(
        PatrolWindow.start_on <= day, PatrolTask.end_on >= day
    )
    found = s.scalars(inside.order_by(PatrolTask.end_on, PatrolTask.id)).first()
    if found is not None:
        return found
    late = base.where(PatrolTask.end_on < day, PatrolTask.end_on >= day - timedelta(days=31))
    return s.scalars(late.order_by(PatrolTask.end_on.desc(), PatrolTask.id)).first()


def window_start(s: Session, window_id: int | None, fallback: date) -> date:
    if window_id is None:
        return fallback
    w = s.get(PatrolWindow, window_id)
    return w.start_on if w is not None else fallback


def complete_task(s: Session, task_id: int, record_id: int) -> bool:
    """Mark an open task done by ``record_id``; False when it was already done (another
    record got there first: the caller refuses, nothing is written twice)."""
    result = s.execute(
        update(PatrolTask)
        .where(PatrolTask.id == task_id, PatrolTask.status != "done")
        .values(status="done", done_record_id=record_id)
    )
    return bool(getattr(result, "rowcount", 0))


def holders(s: Session, grid_id: int | None, role: str, day: date) -> list[int]:
    """People holding ``role`` in ``grid_id`` on ``day`` (not left), in id order."""
    if grid_id is None:
        return []
    stmt = (
        select(GridAssignment.person_id)
        .join(Person, Person.id == GridAssignment.person_id)
        .where(
            GridAssignment.grid_id == grid_id,
            GridAssignment.role == role,
            GridAssignment.start_on <= day,
            (GridAssignment.end_on.is_(None)) | (GridAssignment.end_on > day),
            (Person.left_on.is_(None)) | (Person.left_on > day),
        )
        .order_by(GridAssignment.person_id)
        .distinct()
    )
    return list(s.scalars(stmt))


def person_by_name(s: Session, name: str) -> list[Person]:
    return list(s.scalars(select(Person).where(Person.name == name.strip()).order_by(Person.id)))


def person_names(s: Session, ids: Iterable[int]) -> dict[int, str]:
    ids = list(set(ids))
    if not ids:
        return {}
    return dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all())


def record_inspectors(s: Session, record_id: int) -> list[int]:
    stmt = (
        select(PatrolRecordInspector.person_id)
        .where(PatrolRecordInspector.record_id == record_id)
        .order_by(PatrolRecordInspector.position)
    )
    return list(s.scalars(stmt))


def record_hazards(s: Session, record_id: int) -> list[Hazard]:
    stmt = select(Hazard).where(Hazard.record_id == record_id).order_by(Hazard.id)
    return list(s.scalars(stmt))


def open_hazards_due(s: Session, entity_id: int, due: date) -> PatrolTask | None:
    """The entity's open re-check task due on ``due`` (hazards due that day share it)."""
    stmt = select(PatrolTask).where(
        PatrolTask.entity_id == entity_id,
        PatrolTask.kind == "recheck",
        PatrolTask.status != "done",
        PatrolTask.due_on == due,
    )
    return s.scalars(stmt).first()


def open_hazards_of_task(s: Session, task_id: int) -> int:
    stmt = select(func.count()).where(Hazard.recheck_task_id == task_id, Hazard.state == "open")
    return int(s.scalar(stmt) or 0)


def hazard_counts_12m(s: Session, today: date, entity_ids: list[int] | None) -> dict[int, int]:
    """Hazards found in the last 365 days per entity (records not voided): the grade's
    巡查发现隐患 indicator."""
    since = today - timedelta(days=365)
    stmt = (
        select(Hazard.entity_id, func.count())
        .join(PatrolRecord, PatrolRecord.id == Hazard.record_id)
        .where(Hazard.found_on > since, Hazard.found_on <= today, PatrolRecord.voided.is_(False))
        .group_by(Hazard.entity_id)
    )
    if entity_ids is not None:
        stmt = stmt.where(Hazard.entity_id.in_(entity_ids))
    return {eid: n for eid, n in s.execute(stmt).all()}


def failed_sampling_counts_12m(
    s: Session, today: date, entity_ids: list[int] | None
) -> dict[int, int]:
    """Failed samplings in the last 365 days per entity: the grade's 抽检不合格 indicator."""
    since = today - timedelta(days=365)
    stmt = (
        select(Sampling.entity_id, func.count())
        .where(
            Sampling.qualified.is_(False),
            Sampling.voided.is_(False),
            Sampling.sampled_on > since,
            Sampling.sampled_on <= today,
        )
        .group_by(Sampling.entity_id)
    )
    if entity_ids is not None:
        stmt = stmt.where(Sampling.entity_id.in_(entity_ids))
    return {eid: n for eid, n in s.execute(stmt).all()}


def tasks_on(
    s: Session,
    day: date,
    grid_id: int | None,
    person_ids: list[int] | None,
    grid_ids: frozenset[int] | None = None,
) -> list[tuple]:
    """The day's tasks: (task id, kind, grade, due, end, status, person id, grid id, entity
    id, uscc, name, address, window id), in grid and street order; ``grid_ids`` (a grid
    worker's reach) narrows to those grids."""
    t = PatrolTask
    stmt = (
        select(
            t.id, t.kind, t.grade, t.due_on, t.end_on, t.status, t.person_id, t.grid_id,
            Entity.id, Entity.uscc, Entity.name, Entity.address, t.window_id,
        )
        .join(Entity, Entity.id == t.entity_id)
        .where(t.due_on == day)
        .order_by(t.grid_id, Entity.address, Entity.id, t.kind)
    )  # fmt: skip
    if grid_id is not None:
        stmt = stmt.where(t.grid_id == grid_id)
    if person_ids is not None:
        stmt = stmt.where(t.person_id.in_(person_ids))
    if grid_ids is not None:
        stmt = stmt.where(t.grid_id.in_(sorted(grid_ids)))
    return [tuple(r) for r in s.execute(stmt).all()]


def window_bounds(s: Session, ids: Iterable[int]) -> dict[int, tuple[date, date]]:
    ids = list({i for i in ids if i is not None})
    if not ids:
        return {}
    stmt = select(PatrolWindow.id, PatrolWindow.start_on, PatrolWindow.end_on).where(
        PatrolWindow.id.in_(ids)
    )
    return {i: (a, b) for i, a, b in s.execute(stmt).all()}


# -- coverage (docs/areas/patrols.md §10): counted in SQL ------------------------------------

COMPLETED_RESULTS = ("clear", "found", "fixed")


def task_groups(s: Session, first: date, last: date, grid_id: int | None, today: date):
    """``(grid_id, person_id, grade, status, overdue, count)`` of the period's plan tasks
    (re-checks excluded), one GROUP BY over the covering index."""
    t = PatrolTask
    overdue = (t.status != "done") & (t.end_on < today)
    stmt = (
        select(t.grid_id, t.person_id, t.grade, t.status, overdue, func.count())
        .where(t.due_on >= first, t.due_on <= last, t.window_id.is_not(None))
        .group_by(t.grid_id, t.person_id, t.grade, t.status, overdue)
    )
    if grid_id is not None:
        stmt = stmt.where(t.grid_id == grid_id)
    return [tuple(r) for r in s.execute(stmt).all()]


def _checked_in(first: date, last: date, sources: Iterable[str] | None = None):
    r = PatrolRecord
    conds = [
        r.entity_id == Entity.id,
        r.day >= first,
        r.day <= last,
        r.result.in_(COMPLETED_RESULTS),
        r.voided.is_(False),
    ]
    if sources is not None:
        conds.append(r.source.not_in(list(sources)))
    return conds


def grade_entities(s: Session, grade: str, grid_id: int | None) -> int:
    stmt = select(func.count()).where(Entity.status == "在营", Entity.local_grade == grade)
    if grid_id is not None:
        stmt = stmt.where(Entity.grid_id == grid_id)
    return int(s.scalar(stmt) or 0)


def unchecked(s: Session, grade: str, first: date, last: date, grid_id: int | None, limit: int):
    """在营 entities of ``grade`` without a completed record in the period: ``(id, uscc,
    name, address, grid_id)`` in grid and street order, and how many in all."""
    checked = select(PatrolRecord.id).where(*_checked_in(first, last)).exists()
    conds = [Entity.status == "在营", Entity.local_grade == grade, ~checked]
    if grid_id is not None:
        conds.append(Entity.grid_id == grid_id)
    total = int(s.scalar(select(func.count()).select_from(Entity).where(*conds)) or 0)
    stmt = (
        select(Entity.id, Entity.uscc, Entity.name, Entity.address, Entity.grid_id)
        .where(*conds)
        .order_by(Entity.grid_id, Entity.address, Entity.id)
        .limit(limit)
    )
    return [tuple(r) for r in s.execute(stmt).all()], total


def over_visited(
    s: Session,
    grade: str,
    first: date,
    last: date,
    allowed: int,
    with_cause: Iterable[str],
    grid_id: int | None,
):
    """在营 entities of ``grade`` with more completed records without cause in the period
    than ``allowed``: ``(id, uscc, name, address, grid_id, visits)``, most visited first."""
    r = PatrolRecord
    visits = func.count(r.id).label("visits")
    stmt = (
        select(Entity.id, Entity.uscc, Entity.name, Entity.address, Entity.grid_id, visits)
        .join(r, r.entity_id == Entity.id)
        .where(
            Entity.status == "在营",
            Entity.local_grade == grade,
            r.day >= first,
            r.day <= last,
            r.result.in_(COMPLETED_RESULTS),
            r.voided.is_(False),
            r.source.not_in(list(with_cause)),
        )
        .group_by(Entity.id, Entity.uscc, Entity.name, Entity.address, Entity.grid_id)
        .having(func.count(r.id) > allowed)
        .order_by(visits.desc(), Entity.id)
    )
    if grid_id is not None:
        stmt = stmt.where(Entity.grid_id == grid_id)
    return [tuple(row) for row in s.execute(stmt).all()]


def hazard_figures(s: Session, first: date, last: date, grid_id: int | None, today: date):
    """``(found, closed, open, overdue)`` of the hazards found in the period."""
    h = Hazard
    stmt = select(
        func.count(),
        func.count().filter(h.state.in_(("fixed", "closed"))),
        func.count().filter(h.state == "open"),
        func.count().filter((h.state == "open") & (h.deadline < today)),
    ).where(h.found_on >= first, h.found_on <= last, h.state != "voided")
    if grid_id is not None:
        stmt = stmt.join(Entity, Entity.id == h.entity_id).where(Entity.grid_id == grid_id)
    found, closed, still_open, overdue = s.execute(stmt).one()
    return int(found), int(closed), int(still_open), int(overdue)


def sampling_figures(s: Session, first: date, last: date) -> tuple[int, int]:
    """``(samplings, failed)`` sampled in the period."""
    stmt = select(func.count(), func.count().filter(Sampling.qualified.is_(False))).where(
        Sampling.sampled_on >= first, Sampling.sampled_on <= last, Sampling.voided.is_(False)
    )
    n, failed = s.execute(stmt).one()
    return int(n), int(failed)


def seed_checklist(
    s: Session, code: str, name: str, industries: str, items: str, effective_from: date
) -> bool:
    """Store a default template as version 1 unless it is there: ``INSERT … ON CONFLICT DO
    NOTHING`` on both databases, so two PCs seeding at once do not collide. True when this
    call stored it."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = s.get_bind().dialect.name
    ins = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now_stmt = ins(Checklist.__table__).values(
        code=code, name=name, industries=industries, active=True, version=1
    )
    from station_app.data.types import utc_now

    stamp = utc_now()
    stmt = now_stmt.values(created_at=stamp, updated_at=stamp).on_conflict_do_nothing(
        index_elements=["code"]
    )
    s.execute(stmt)
    row = checklist_by_code(s, code)
    assert row is not None
    version = (
        ins(ChecklistVersion.__table__)
        .values(
            checklist_id=row.id,
            number=1,
            effective_from=effective_from,
            name=name,
            items=items,
            created_at=stamp,
        )
        .on_conflict_do_nothing(index_elements=["checklist_id", "number"])
    )
    return bool(getattr(s.execute(version), "rowcount", 0))


def station_name(s: Session) -> str:
    """The station's name (for prints)."""
    from station_app.data.models import StationProfile

    return s.scalar(select(StationProfile.name).limit(1)) or ""


def active_people(s: Session) -> list[tuple[int, str]]:
    """Roster people still in post, by name: who can be an inspector."""
    stmt = select(Person.id, Person.name).where(Person.left_on.is_(None)).order_by(Person.name)
    return [(i, n) for i, n in s.execute(stmt).all()]


def hazard_extensions(s: Session, hazard_id: int) -> list[tuple[date, date, str, str]]:
    """A hazard's 延期, oldest first: (old deadline, new deadline, reason, approved by)."""
    from station_app.data.models import HazardExtension as X

    stmt = (
        select(X.old_deadline, X.new_deadline, X.reason, X.approved_by)
        .where(X.hazard_id == hazard_id)
        .order_by(X.id)
    )
    return [(r[0], r[1], r[2], r[3]) for r in s.execute(stmt).all()]
