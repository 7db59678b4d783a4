"""The 工单 section of the county report (issue #14): each count of ``figures.COUNT_LABELS``
(received, responded within 24 h, closed, on time, the same day, reworked, visited, satisfied)
for the period as a figure, and each rate of ``figures.RATE_FORMULAS`` as a ``RateDef`` over
two of them with its printed definition, so a county total recomputes the rate from the summed
counts. No requester data is in it."""

from __future__ import annotations

from station_app.clock import now as clock_now
from station_app.data.engine import Database
from station_app.domain.orders import figures as fig
from station_app.domain.periods import Period
from station_app.domain.report_model import Figure, RateDef, Section
from station_app.queries import orders as q

SECTION = "工单"
_PRESENT_STATE = ("overdue_now", "paused_now")  # not a period's figure: left out


def orders_section(db: Database, period: Period) -> Section:
    start, end = period.bounds_utc()
    counts = q.figure_counts(db, start, end, clock_now())
    figures = [
        Figure(
            f"orders.{key}",
            label,
            counts.get(key, 0),
            "件",
            headline=key in ("received", "handled_same_day"),
            definition=fig.COUNT_DEFINITIONS.get(key, ""),
        )
        for key, label in fig.COUNT_LABELS.items()
        if key not in _PRESENT_STATE
    ]
    rates = [
        RateDef(
            f"orders.{r.key}",
            r.label,
            f"orders.{r.numerator}",
            f"orders.{r.denominator}",
            r.definition,
            headline=r.key == "response_24h",
        )
        for r in fig.RATE_FORMULAS
    ]
    return Section(SECTION, figures, [], rates)
