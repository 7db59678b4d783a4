"""Queries of campaign checks and 回头看 over the patrols area's records and hazards (#15).

A target's state and a problem revisit's state are *read* from the hazards, never kept in
step: a problem revisit is done when its hazard is final (当场整改, 已整改, 已移送), due on the
hazard's open re-check task (an extension or a failed re-check moves it); a voided record
(作废) drops its check and its hazards' revisits. Each function takes the caller's Session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, insert, or_, select
from sqlalchemy.orm import Session, aliased

from station_app.data.models import (
    CampaignCheck,
    CampaignRevisit,
    CampaignTarget,
    Department,
    Entity,
    Grid,
    Hazard,
    PatrolRecord,
    PatrolTask,
    campaign_check_department,
)

FINAL = ("fixed", "closed", "transferred")
COMPLETED = ("clear", "found", "fixed")
VOID = "void"


def _flag(cond) -> Any:
    return case((cond, 1), else_=0)


def revisit_columns():
    """``(id, campaign_id, target_id, kind, hazard_id, state, due_on, record_id, done_on,
    hazard closed_at, waived_reason, version)`` of ``campaign_revisit`` with the state and due day read from the hazard; ``state`` is
    ``open|done|waived|void`` (void: the hazard's record was voided)."""
    r = CampaignRevisit
    found_in = aliased(PatrolRecord)
    task = aliased(PatrolTask)
    state = case(
        (r.state == "waived", "waived"),
        (found_in.voided, VOID),
        (and_(r.kind == "problem", Hazard.state.in_(FINAL)), "done"),
        (r.state == "done", "done"),
        else_="open",
    ).label("state")
    due = case(
        (and_(Hazard.state == "open", task.due_on.is_not(None)), task.due_on), else_=r.due_on
    ).label("due_on")
    stmt = (
        select(r.id, r.campaign_id, r.target_id, r.kind, r.hazard_id, state, due, r.record_id)
        .add_columns(r.done_on, Hazard.closed_at, r.waived_reason, r.version)
        .outerjoin(Hazard, Hazard.id == r.hazard_id)
        .outerjoin(found_in, found_in.id == Hazard.record_id)
        .outerjoin(task, task.id == Hazard.recheck_task_id)
    )
    return stmt


def revisits(s: Session, campaign_id: int | None = None, ids: Sequence[int] = ()) -> list[Any]:
    """The revisit rows of :func:`revisit_columns` for a campaign (or the ids given)."""
    stmt = revisit_columns()
    if campaign_id is not None:
        stmt = stmt.where(CampaignRevisit.campaign_id == campaign_id)
    if ids:
        stmt = stmt.where(CampaignRevisit.id.in_(list(ids)))
    return list(s.execute(stmt.order_by(CampaignRevisit.due_on, CampaignRevisit.id)))


def open_revisits(s: Session, campaign_id: int) -> list[tuple[str, date, str]]:
    """``(entity name, due day, kind)`` of the campaign's open 回头看 (the close refusal)."""
    sub = revisit_columns().where(CampaignRevisit.campaign_id == campaign_id).subquery()
    stmt = (
        select(Entity.name, sub.c.due_on, sub.c.kind)
        .join(CampaignTarget, CampaignTarget.id == sub.c.target_id)
        .join(Entity, Entity.id == CampaignTarget.entity_id)
        .where(sub.c.state == "open")
    )
    return [(r[0], r[1], r[2]) for r in s.execute(stmt)]


def _checks(campaign_ids: Sequence[int] | None, campaign_id: int | None = None):
    """Per target: 1 when a check (kind check, record not voided, not 闭门未遇) is recorded."""
    c = CampaignCheck
    stmt = (
        select(
            c.target_id.label("target_id"),
            func.max(_flag(and_(c.kind == "check", PatrolRecord.result.in_(COMPLETED)))).label(
                "checked"
            ),
        )
        .join(PatrolRecord, PatrolRecord.id == c.record_id)
        .where(~PatrolRecord.voided)
        .group_by(c.target_id)
    )
    if campaign_id is not None:
        stmt = stmt.where(c.campaign_id == campaign_id)
    elif campaign_ids is not None:
        stmt = stmt.where(c.campaign_id.in_(list(campaign_ids)))
    return stmt.subquery()


def _hazards(campaign_id: int):
    """Per target: hazards found by its campaign visits (records not voided), open ones,
    transferred ones."""
    c = CampaignCheck
    stmt = (
        select(
            c.target_id.label("target_id"),
            func.count(Hazard.id).label("n"),
            func.sum(_flag(Hazard.state == "open")).label("open"),
            func.sum(_flag(Hazard.state == "transferred")).label("transferred"),
        )
        .join(PatrolRecord, PatrolRecord.id == c.record_id)
        .join(Hazard, Hazard.record_id == c.record_id)
        .where(c.campaign_id == campaign_id, ~PatrolRecord.voided)
        .group_by(c.target_id)
    )
    return stmt.subquery()


def _revisit_counts(campaign_id: int, today: date):
    sub = revisit_columns().where(CampaignRevisit.campaign_id == campaign_id).subquery()
    live = sub.c.state.in_(("open", "done"))
    stmt = select(
        sub.c.target_id.label("target_id"),
        func.sum(_flag(live)).label("n"),
        func.sum(_flag(sub.c.state == "done")).label("done"),
        func.sum(_flag(and_(live, or_(sub.c.state == "done", sub.c.due_on <= today)))).label("due"),
        func.sum(_flag(and_(sub.c.state == "open", sub.c.due_on < today))).label("overdue"),
    ).group_by(sub.c.target_id)
    return stmt.subquery()


def board_rows(s: Session, campaign_id: int, today: date) -> list[tuple[Any, ...]]:
    """Per (grid code, grid name, department): targets, checked, problems, rectified,
    transferred, revisits, revisits due, done, overdue (``domain.campaigns.Progress``'s
    order) — counted in SQL."""
    t = CampaignTarget
    ck, hz, rv = (
        _checks(None, campaign_id),
        _hazards(campaign_id),
        _revisit_counts(campaign_id, today),
    )
    checked = func.coalesce(ck.c.checked, 0) == 1
    problem = and_(checked, func.coalesce(hz.c.n, 0) > 0)
    settled = and_(problem, func.coalesce(hz.c.open, 0) == 0)
    stmt = (
        select(
            Grid.code,
            Grid.name,
            Department.name,
            func.count(),
            func.sum(_flag(checked)),
            func.sum(_flag(problem)),
            func.sum(_flag(and_(settled, func.coalesce(hz.c.transferred, 0) == 0))),
            func.sum(_flag(and_(settled, func.coalesce(hz.c.transferred, 0) > 0))),
            *(
                func.coalesce(func.sum(col), 0)
                for col in (rv.c.n, rv.c.due, rv.c.done, rv.c.overdue)
            ),
        )
        .select_from(t)
        .join(Entity, Entity.id == t.entity_id)
        .outerjoin(Grid, Grid.id == Entity.grid_id)
        .outerjoin(Department, Department.id == t.department_id)
        .outerjoin(ck, ck.c.target_id == t.id)
        .outerjoin(hz, hz.c.target_id == t.id)
        .outerjoin(rv, rv.c.target_id == t.id)
        .where(t.campaign_id == campaign_id, ~t.removed)
        .group_by(Grid.code, Grid.name, Department.name)
    )
    return [tuple(int(v or 0) if i > 2 else v for i, v in enumerate(r)) for r in s.execute(stmt)]


def campaign_counts(s: Session, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """Campaign id → (targets, checked, open revisits)."""
    if not ids:
        return {}
    t = CampaignTarget
    ck = _checks(ids)
    targets = s.execute(
        select(t.campaign_id, func.count(), func.sum(func.coalesce(ck.c.checked, 0)))
        .outerjoin(ck, ck.c.target_id == t.id)
        .where(t.campaign_id.in_(ids), ~t.removed)
        .group_by(t.campaign_id)
    ).all()
    sub = revisit_columns().where(CampaignRevisit.campaign_id.in_(ids)).subquery()
    open_: dict[int, int] = {
        r[0]: int(r[1])
        for r in s.execute(
            select(sub.c.campaign_id, func.count())
            .where(sub.c.state == "open")
            .group_by(sub.c.campaign_id)
        )
    }
    out = {i: (0, 0, open_.get(i, 0)) for i in ids}
    for cid, n, checked in targets:
        out[cid] = (int(n), int(checked or 0), open_.get(cid, 0))
    return out


def target_of(s: Session, campaign_id: int, entity_id: int) -> CampaignTarget | None:
    stmt = select(CampaignTarget).where(
        CampaignTarget.campaign_id == campaign_id, CampaignTarget.entity_id == entity_id
    )
    return s.execute(stmt).scalars().first()


def target_checks(s: Session, target_id: int) -> list[tuple[int, str, str, date, Any]]:
    """``(record id, link kind, result, day, at)`` of a target's visits not voided."""
    stmt = (
        select(
            CampaignCheck.record_id,
            CampaignCheck.kind,
            PatrolRecord.result,
            PatrolRecord.day,
            PatrolRecord.at,
        )
        .join(PatrolRecord, PatrolRecord.id == CampaignCheck.record_id)
        .where(CampaignCheck.target_id == target_id, ~PatrolRecord.voided)
        .order_by(PatrolRecord.at)
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in s.execute(stmt)]


def add_check_departments(s: Session, record_id: int, ids: Sequence[int]) -> None:
    rows = [{"record_id": record_id, "department_id": i} for i in ids]
    if rows:
        s.execute(insert(campaign_check_department), rows)


def record_hazards(s: Session, record_id: int) -> list[Hazard]:
    stmt = select(Hazard).where(Hazard.record_id == record_id).order_by(Hazard.id)
    return list(s.execute(stmt).scalars())


def problem_shops(s: Session, campaign_id: int) -> list[tuple[int, str, str, str, str]]:
    """``(target id, entity name, address, hazard category, hazard state)`` of every hazard
    found by the campaign's visits (records not voided), by shop."""
    stmt = (
        select(CampaignCheck.target_id, Entity.name, Entity.address, Hazard.category, Hazard.state)
        .join(PatrolRecord, PatrolRecord.id == CampaignCheck.record_id)
        .join(Hazard, Hazard.record_id == CampaignCheck.record_id)
        .join(Entity, Entity.id == Hazard.entity_id)
        .where(CampaignCheck.campaign_id == campaign_id, ~PatrolRecord.voided)
        .order_by(Entity.name, CampaignCheck.target_id, Hazard.id)
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in s.execute(stmt)]


def due_revisits(s: Session, today: date) -> tuple[int, int]:
    """Open revisits of open campaigns due by ``today``, and how many of them are overdue
    (the home tile 回头看到期)."""
    from station_app.data.models import Campaign

    sub = revisit_columns().subquery()
    stmt = (
        select(
            func.count(),
            func.coalesce(func.sum(_flag(sub.c.due_on < today)), 0),
        )
        .select_from(sub)
        .join(Campaign, Campaign.id == sub.c.campaign_id)
        .where(sub.c.state == "open", sub.c.due_on <= today, Campaign.state == "open")
    )
    n, overdue = s.execute(stmt).one()
    return int(n), int(overdue)


def target_lines(s: Session, campaign_id: int, limit: int | None = None) -> list[tuple[Any, ...]]:
    """Per target (by entity name): ``(target id, name, uscc, address, grid code, department,
    checked, hazards, open, transferred, entity id)`` — the summary's 检查对象 sheet and the
    page's list, in one query (``limit``: the first ones only)."""
    t = CampaignTarget
    ck, hz = _checks(None, campaign_id), _hazards(campaign_id)
    stmt = (
        select(
            t.id, Entity.name, Entity.uscc, Entity.address, Grid.code, Department.name,
            func.coalesce(ck.c.checked, 0), func.coalesce(hz.c.n, 0),
            func.coalesce(hz.c.open, 0), func.coalesce(hz.c.transferred, 0), t.entity_id,
        )
        .select_from(t)
        .join(Entity, Entity.id == t.entity_id)
        .outerjoin(Grid, Grid.id == Entity.grid_id)
        .outerjoin(Department, Department.id == t.department_id)
        .outerjoin(ck, ck.c.target_id == t.id)
        .outerjoin(hz, hz.c.target_id == t.id)
        .where(t.campaign_id == campaign_id, ~t.removed)
        .order_by(Entity.name, t.id)
        .limit(limit)
    )  # fmt: skip
    return [tuple(r) for r in s.execute(stmt)]
