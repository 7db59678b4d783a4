"""The small queries of the visits area's use cases (take a Session): entities by USCC or id,
team members, people and users by name, the card's sections, annual reports by key."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session

from station_app.data.models import (
    AnnualReport,
    Entity,
    Grid,
    Person,
    ServiceTeam,
    ServiceTeamMember,
    User,
    Visit,
    VisitMember,
    VisitPhoto,
    VisitRequest,
)


@dataclass(frozen=True)
class EntityRef:
    """What the visits and violations use cases need of an entity."""

    id: int
    name: str
    uscc: str
    registered_on: date | None
    grid_id: int | None
    address: str = ""
    legal_rep: str = ""


def _ref(e: Entity) -> EntityRef:
    return EntityRef(e.id, e.name, e.uscc or "", e.registered_on, e.grid_id, e.address, e.legal_rep)


def entity_ref(s: Session, key: str | int) -> EntityRef | None:
    """An entity by id (digits, or an int) or by USCC (18 characters)."""
    text = str(key).strip().upper()
    if len(text) == 18:
        row = s.execute(select(Entity).where(Entity.uscc == text)).scalar_one_or_none()
    elif text.isdigit():
        row = s.get(Entity, int(text))
    else:
        row = None
    return None if row is None else _ref(row)


def entity_refs_by_uscc(s: Session, codes: Sequence[str]) -> dict[str, EntityRef]:
    out: dict[str, EntityRef] = {}
    for n in range(0, len(codes), 500):
        stmt = select(Entity).where(Entity.uscc.in_(list(codes[n : n + 500])))
        out.update({e.uscc or "": _ref(e) for e in s.execute(stmt).scalars()})
    return out


def grid_id_by_code(s: Session, code: str) -> int | None:
    return s.execute(select(Grid.id).where(Grid.code == code.strip())).scalar()


def teams(s: Session, *, active_only: bool = False) -> list[ServiceTeam]:
    stmt = select(ServiceTeam).order_by(ServiceTeam.name)
    if active_only:
        stmt = stmt.where(ServiceTeam.active.is_(True))
    return list(s.execute(stmt).scalars())


def team_by_name(s: Session, name: str) -> ServiceTeam | None:
    return s.execute(select(ServiceTeam).where(ServiceTeam.name == name)).scalar_one_or_none()


def team_members(s: Session, team_ids: Iterable[int]) -> dict[int, list[ServiceTeamMember]]:
    out: dict[int, list[ServiceTeamMember]] = {}
    stmt = (
        select(ServiceTeamMember)
        .where(ServiceTeamMember.team_id.in_(list(team_ids)))
        .order_by(ServiceTeamMember.team_id, ServiceTeamMember.position)
    )
    for m in s.execute(stmt).scalars():
        out.setdefault(m.team_id, []).append(m)
    return out


def replace_team_members(s: Session, team_id: int, rows: list[dict]) -> None:
    s.execute(delete(ServiceTeamMember).where(ServiceTeamMember.team_id == team_id))
    s.add_all(ServiceTeamMember(team_id=team_id, position=n, **r) for n, r in enumerate(rows, 1))


def people_by_name(s: Session, name: str) -> list[Person]:
    stmt = select(Person).where(Person.name == name, Person.active.is_(True)).order_by(Person.id)
    return list(s.execute(stmt).scalars())


def user_by_name(s: Session, name: str) -> User | None:
    stmt = select(User).where((User.username == name) | (User.display_name == name))
    return s.execute(stmt.order_by(User.id)).scalars().first()


def visit_members(s: Session, visit_ids: Iterable[int]) -> dict[int, list[VisitMember]]:
    out: dict[int, list[VisitMember]] = {}
    stmt = (
        select(VisitMember)
        .where(VisitMember.visit_id.in_(list(visit_ids)))
        .order_by(VisitMember.visit_id, VisitMember.position)
    )
    for m in s.execute(stmt).scalars():
        out.setdefault(m.visit_id, []).append(m)
    return out


def visit_requests(s: Session, visit_ids: Iterable[int]) -> dict[int, list[VisitRequest]]:
    out: dict[int, list[VisitRequest]] = {}
    stmt = (
        select(VisitRequest)
        .where(VisitRequest.visit_id.in_(list(visit_ids)))
        .order_by(VisitRequest.visit_id, VisitRequest.position)
    )
    for r in s.execute(stmt).scalars():
        out.setdefault(r.visit_id, []).append(r)
    return out


def entity_visits(s: Session, entity_id: int, limit: int = 50) -> list[Visit]:
    stmt = (
        select(Visit)
        .where(Visit.entity_id == entity_id, Visit.voided.is_(False))
        .order_by(Visit.at.desc(), Visit.id.desc())
        .limit(limit)
    )
    return list(s.execute(stmt).scalars())


def entity_visit_count(s: Session, entity_id: int) -> int:
    stmt = select(func.count()).where(Visit.entity_id == entity_id, Visit.voided.is_(False))
    return int(s.execute(stmt).scalar_one())


def annual_reports_of(s: Session, entity_id: int) -> list[AnnualReport]:
    stmt = (
        select(AnnualReport)
        .where(AnnualReport.entity_id == entity_id)
        .order_by(AnnualReport.year.desc())
    )
    return list(s.execute(stmt).scalars())


def annual_reports_by_key(
    s: Session, entity_ids: Sequence[int], year: int
) -> dict[int, AnnualReport]:
    out: dict[int, AnnualReport] = {}
    for n in range(0, len(entity_ids), 500):
        stmt = select(AnnualReport).where(
            AnnualReport.year == year, AnnualReport.entity_id.in_(list(entity_ids[n : n + 500]))
        )
        out.update({r.entity_id: r for r in s.execute(stmt).scalars()})
    return out


def annual_not_filed(s: Session, year: int, entity_ids: list[int] | None = None) -> set[int]:
    """Entities with a recorded 未报送 for ``year`` (the grade's 年度报告 indicator)."""
    stmt = select(AnnualReport.entity_id).where(
        AnnualReport.year == year, AnnualReport.status == "not_filed"
    )
    if entity_ids is not None:
        stmt = stmt.where(AnnualReport.entity_id.in_(entity_ids))
    return set(s.execute(stmt).scalars())


def grade_states(s: Session, entity_ids: Sequence[int]) -> dict[int, tuple]:
    """``id → (grade_computed, grade_score, grade_override)``."""
    stmt = select(
        Entity.id, Entity.grade_computed, Entity.grade_score, Entity.grade_override
    ).where(Entity.id.in_(list(entity_ids)))
    return {eid: (g, sc, o) for eid, g, sc, o in s.execute(stmt).all()}


def store_grade(s: Session, entity_id: int, grade: str, score: int, override: str | None) -> None:
    """The computed grade written like ``entities.set_computed_grades`` (no version bump: a
    regrade is not an edit of the entity's record)."""
    s.execute(
        update(Entity)
        .where(Entity.id == entity_id)
        .values(grade_computed=grade, grade_score=score, local_grade=override or grade)
        .execution_options(synchronize_session=False)
    )


def photo_ids(s: Session, visit_id: int) -> list[int]:
    stmt = select(VisitPhoto.id).where(VisitPhoto.visit_id == visit_id).order_by(VisitPhoto.id)
    return list(s.execute(stmt).scalars())


def demo_people(s: Session) -> list[tuple[int, str, str]]:
    """``(id, name, roles)`` of the active roster (demo data)."""
    stmt = select(Person.id, Person.name, Person.roles).where(Person.active.is_(True))
    return [tuple(r) for r in s.execute(stmt.order_by(Person.id))]


def demo_entities(s: Session, limit: int) -> list[tuple[int, int | None, date | None, str]]:
    """``(id, grid_id, registered_on, uscc)`` of entities with a grid (demo data)."""
    stmt = (
        select(Entity.id, Entity.grid_id, Entity.registered_on, Entity.uscc)
        .where(Entity.grid_id.is_not(None))
        .order_by(Entity.id)
        .limit(limit)
    )
    return [tuple(r) for r in s.execute(stmt)]


def insert_annual_reports(s: Session, rows: list[dict]) -> None:
    """Bulk insert (demo data: a credit-system list's worth without one audit row per line)."""
    from sqlalchemy import insert

    for n in range(0, len(rows), 20_000):
        s.execute(insert(AnnualReport), rows[n : n + 20_000])


def request_dues(s: Session, today: date) -> tuple[int, int]:
    """``(open, overdue)``: requests pending or referred on visits not voided, and of those the
    pending ones whose promised day (``due_on``) is before ``today`` (the home tiles)."""
    r, v = VisitRequest, Visit
    open_ = r.outcome.in_(("pending", "referred"))
    late = (r.outcome == "pending") & (r.due_on < today)
    stmt = (
        select(func.count(), func.coalesce(func.sum(case((late, 1), else_=0)), 0))
        .select_from(r)
        .join(v, v.id == r.visit_id)
        .where(open_, v.voided.is_(False))
    )
    total, overdue = s.execute(stmt).one()
    return int(total), int(overdue)


def visits_between(s: Session, first: date, last: date) -> int:
    stmt = (
        select(func.count())
        .select_from(Visit)
        .where(Visit.day >= first, Visit.day <= last, Visit.voided.is_(False))
    )
    return int(s.execute(stmt).scalar_one())


def first_member(s: Session, visit_id: int) -> VisitMember | None:
    """Who leads the visit (its first member): the one who raised its requests."""
    stmt = select(VisitMember).where(VisitMember.visit_id == visit_id)
    return s.execute(stmt.order_by(VisitMember.position)).scalar()
