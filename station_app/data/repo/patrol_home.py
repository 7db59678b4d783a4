"""Counts for the home page's patrol tiles and the entity card's 巡查 section (read-only,
small: each a GROUP BY or a short list over an index)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.data.models import Hazard, PatrolTask


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
