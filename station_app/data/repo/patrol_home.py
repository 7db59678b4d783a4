"""Counts for the home page's patrol tiles and the entity card's 巡查 section (read-only,
small: each a GROUP BY or a short list over an index)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.data.models import Hazard, PatrolRecord, PatrolTask, Sampling


def overdue_hazards(s: Session, today: date) -> int:
    """Open hazards past their deadline (整改逾期), by the ``(state, deadline)`` index."""
    stmt = select(func.count()).where(Hazard.state == "open", Hazard.deadline < today)
    return int(s.scalar(stmt) or 0)


def day_task_counts(s: Session, day: date) -> dict[str, int]:
    """The plan tasks due on ``day`` (re-checks aside) by status, over the covering index."""
    stmt = (
        select(PatrolTask.status, func.count())
        .where(PatrolTask.due_on == day, PatrolTask.kind != "recheck")
        .group_by(PatrolTask.status)
    )
    return {status: int(n) for status, n in s.execute(stmt).all()}


# -- the entity card's 巡查 section --------------------------------------------------------------


def entity_tasks(s: Session, entity_id: int, today: date, limit: int = 12) -> list[tuple]:
    """The entity's open tasks (overdue ones first, then the next due): (id, kind, due,
    end, status, person id), by the ``(entity_id, due_on)`` index."""
    t = PatrolTask
    stmt = (
        select(t.id, t.kind, t.due_on, t.end_on, t.status, t.person_id)
        .where(t.entity_id == entity_id, t.status != "done", t.due_on >= today - timedelta(days=92))
        .order_by(t.due_on, t.id)
        .limit(limit)
    )
    return [tuple(r) for r in s.execute(stmt).all()]


def entity_records(s: Session, entity_id: int, limit: int = 10) -> list[PatrolRecord]:
    stmt = (
        select(PatrolRecord)
        .where(PatrolRecord.entity_id == entity_id)
        .order_by(PatrolRecord.day.desc(), PatrolRecord.id.desc())
        .limit(limit)
    )
    return list(s.scalars(stmt))


def entity_record_count(s: Session, entity_id: int) -> int:
    stmt = select(func.count()).where(PatrolRecord.entity_id == entity_id)
    return int(s.scalar(stmt) or 0)


def entity_open_hazards(s: Session, entity_id: int) -> list[Hazard]:
    stmt = (
        select(Hazard)
        .where(Hazard.entity_id == entity_id, Hazard.state == "open")
        .order_by(Hazard.deadline, Hazard.id)
    )
    return list(s.scalars(stmt))


def entity_samplings(s: Session, entity_id: int, limit: int = 10) -> list[Sampling]:
    stmt = (
        select(Sampling)
        .where(Sampling.entity_id == entity_id)
        .order_by(Sampling.sampled_on.desc(), Sampling.id.desc())
        .limit(limit)
    )
    return list(s.scalars(stmt))


def hazard_counts(s: Session, record_ids: list[int]) -> dict[int, int]:
    if not record_ids:
        return {}
    stmt = (
        select(Hazard.record_id, func.count())
        .where(Hazard.record_id.in_(record_ids))
        .group_by(Hazard.record_id)
    )
    return {rid: int(n) for rid, n in s.execute(stmt).all()}


# -- checklists (设置 → 检查表) ----------------------------------------------------------------


def checklist_codes(s: Session) -> list[str]:
    from station_app.data.models import Checklist

    return list(s.scalars(select(Checklist.code).order_by(Checklist.code)))


def version_used(s: Session, version_id: int) -> bool:
    """Whether any record was filled in with this checklist version."""
    stmt = select(PatrolRecord.id).where(PatrolRecord.checklist_version_id == version_id).limit(1)
    return s.scalar(stmt) is not None
