"""Work orders (工单) on an hour clock: grid clues, 12345 hotline orders, 企业直通车, 12315
complaints and reports, 咨询 — the pure rules (issue #14; docs/areas/orders.md).

* :mod:`.kinds` — the vocabulary: kinds, channels, categories, states, steps, sign-off sides;
* :mod:`.machine` — the state machine as a table (who may take which step from where);
* :mod:`.log` — the event log and :func:`fold`, what the log amounts to (the truth);
* :mod:`.limits` — the time limits as data with effective dates;
* :mod:`.timing` — moments in Beijing time; counting on the clock, in office hours and in
  working days (调休), pauses left out, skipped days explained;
* :mod:`.clocks` — every deadline of an order from its log; freezing breached ones;
* :mod:`.flow` — the checks of each step, Chinese messages; the double sign-off;
* :mod:`.escalation` — 重办 count → lead level;
* :mod:`.figures` — counts and rates with printed definitions;
* :mod:`.listing` — the list's filter and column keys.
"""

from __future__ import annotations

from station_app.domain.orders.clocks import ClockState, order_clocks
from station_app.domain.orders.escalation import lead_level
from station_app.domain.orders.limits import Limit, LimitTable
from station_app.domain.orders.listing import LIST_COLUMNS, OrderFilter
from station_app.domain.orders.log import Event, OrderFacts, fold

__all__ = [
    "LIST_COLUMNS",
    "ClockState",
    "Event",
    "Limit",
    "LimitTable",
    "OrderFacts",
    "OrderFilter",
    "fold",
    "lead_level",
    "order_clocks",
]
