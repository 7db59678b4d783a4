"""随调解案件办结 (#14): the complaint workflow's 办结 of a case closes the work orders it handles
(转调解, ``mediation``) in the case's own unit of work. Its own module, importing nothing of
the complaints area, so the complaints workflow may import it without an import circle."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from station_app.data.repo import orders as repo
from station_app.domain.orders import flow
from station_app.domain.orders import kinds as k
from station_app.domain.orders.timing import aware, day_of, fmt_time
from station_app.domain.periods import SHANGHAI
from station_app.services.base import Tx
from station_app.services.orders import views as v
from station_app.services.orders.core import Loaded, OrdersCore, snapshot, write_cache

CASE_CLOSED_AT = time(17, 30)
"""A case closed on an earlier day closes its order at the end of that office day (the
complaint records only the date)."""


class CaseHook(OrdersCore):
    """``on_case_closed``, called by ``ComplaintService.close``. Any thread."""

    def on_case_closed(self, tx: Tx, case_id: int) -> list[str]:
        """Inside the complaint workflow's 办结 of case ``case_id``: close every open order
        linked to it (随调解案件办结), audited in the case's unit of work. Returns their numbers."""
        now = self._now()
        brief = repo.case_brief(tx.s, case_id)
        closed: list[str] = []
        for number in repo.orders_of_case(tx.s, case_id):
            o = self._load(tx, number)
            if not o.facts.is_open:
                continue
            before = snapshot(o.row, len(o.log))
            when = _case_moment(brief, o, now)
            self._freeze(tx, o, min(when, now))  # what ran out before the case closed
            flow.check_step(o.facts, k.CASE_CLOSE, when, now)
            data = {"case_id": case_id, "case_number": brief["number"] if brief else ""}
            self._append(tx, o, k.CASE_CLOSE, when, data, f"投诉{data['case_number']}已办结")
            self._freeze(tx, o, when)
            write_cache(o, now)
            tx.s.flush()
            label = f"随调解案件办结（{fmt_time(when)}）"
            tx.updated(v.KIND, o.row.id, before, snapshot(o.row, len(o.log)), label)
            closed.append(number)
        return closed


def _case_moment(brief: dict[str, Any] | None, o: Loaded, now: datetime) -> datetime:
    """When the order closed with its case: now when the case closed today, else the end of
    that office day; never after now, never before the order's last step."""
    closed_on = brief["closed_on"] if brief else None
    if closed_on is None or closed_on >= day_of(now):
        when = now
    else:
        when = datetime.combine(closed_on, CASE_CLOSED_AT, SHANGHAI)
    when = min(when, now)
    last = o.facts.last_at
    return max(when, aware(last)) if last is not None else when
