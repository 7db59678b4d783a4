"""A small builder of work-order logs for the domain tests (no database)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from station_app.domain.calendar import WorkCalendar
from station_app.domain.orders import kinds as k
from station_app.domain.orders.clocks import ClockState, order_clocks
from station_app.domain.orders.flow import check_step
from station_app.domain.orders.limits import LimitTable
from station_app.domain.orders.log import Event, OrderFacts, fold
from station_app.domain.orders.timing import parse_time

CAL = WorkCalendar()


def t(text: str) -> datetime:
    return parse_time(text)


class Log:
    """``Log(kind, "2026-05-06 10:00").add(k.DISPATCH, "2026-05-06 10:05", user_id=7)``.

    ``add`` appends without checking (what a stored log is); ``step`` runs the flow's checks
    first, the way a service does, and raises their ``ValidationError``."""

    def __init__(self, kind: str, received: str, table: LimitTable | None = None, **data: Any):
        self.kind = kind
        self.table = table or LimitTable()
        self.events = [Event(k.REGISTER, t(received), "clerk", 1, data, 0)]

    def add(
        self, step: str, at: str, *, by: str = "clerk", user_id: int | None = 1, note: str = "",
        **data: Any,
    ) -> Log:  # fmt: skip
        self.events.append(Event(step, t(at), by, user_id, data, len(self.events), note))
        return self

    def step(self, step: str, at: str, now: str | None = None, reason: str = "", **kw: Any) -> Log:
        check_step(self.facts(), step, t(at), t(now or at), reason=reason)
        return self.add(step, at, note=reason, **kw)

    def facts(self) -> OrderFacts:
        return fold(self.kind, self.events)

    def clocks(self, now: str) -> dict[str, ClockState]:
        return {c.clock: c for c in order_clocks(self.facts(), self.table, CAL, t(now))}
