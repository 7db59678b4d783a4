"""The work-order list's contract (the shape of an area: filters and column keys in domain/):
``OrdersService.rows(OrderFilter)`` returns ``OrderRows`` whose row tuples follow
:data:`LIST_COLUMNS`. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from station_app.errors import ValidationError

LIST_COLUMNS = (
    "number",
    "kind",
    "received_at",
    "platform_no",
    "subject",
    "grid",
    "category",
    "state",
    "assignee",
    "time_left",
    "due",
    "rework",
    "lead",
)
"""Column keys of a work-order row, in the order ``OrderRows.fetch_rows`` returns them; each
row carries one more value after them, its urgency (``clocks.U_*``, the time-left colour).
``number``, ``kind``, ``received_at``, ``grid``, ``state``, ``due`` and ``rework`` sort in SQL."""

SORTABLE = frozenset({"number", "kind", "received_at", "grid", "state", "due", "rework"})

# what the 到期 filter offers
DUE_OVERDUE, DUE_HOUR, DUE_DAY, DUE_PAUSED, DUE_LATE, DUE_OPEN = (
    "overdue",
    "hour",
    "day",
    "paused",
    "late",
    "open",
)
DUE_FILTERS: dict[str, str] = {
    DUE_OPEN: "未办结",
    DUE_HOUR: "1小时内到期",
    DUE_DAY: "24小时内到期",
    DUE_OVERDUE: "已超时",
    DUE_PAUSED: "挂起中",
    DUE_LATE: "超时台账（曾超时）",
}


@dataclass(frozen=True)
class OrderFilter:
    """What the list shows: a text found in the numbers, subject, address or content; one
    kind, state, grid; a 到期 condition (``DUE_FILTERS``) or "due within N minutes"; received
    between ``start`` and ``end`` (days, inclusive). ``grid_ids`` narrows to a grid worker's own
    grids (set by the service, never by the screen). ``now``: the moment deadlines are judged
    from (``None``: the clock's now)."""

    text: str = ""
    kind: str | None = None
    state: str | None = None
    grid_id: int | None = None
    due: str | None = None
    within_minutes: int | None = None
    start: date | None = None
    end: date | None = None
    assignee_person_id: int | None = None
    grid_ids: frozenset[int] | None = None
    now: datetime | None = None


_WITHIN = re.compile(r"^\s*(\d+)\s*(m|min|分|分钟|h|小时|d|天)?\s*$", re.IGNORECASE)
_FACTOR = {"m": 1, "min": 1, "分": 1, "分钟": 1, "h": 60, "小时": 60, "d": 1440, "天": 1440}


def parse_within(text: str) -> int:
    """``1h`` / ``30m`` / ``2d`` / ``90分钟`` → minutes (``--due-within``)."""
    match = _WITHIN.match(text or "")
    if not match or int(match.group(1)) <= 0:
        raise ValidationError(
            f"到期时间“{text}”无法识别，请写成 30m、1h 或 2d（分钟、小时、天）。",
            field="due_within",
        )
    return int(match.group(1)) * _FACTOR[(match.group(2) or "h").lower()]
