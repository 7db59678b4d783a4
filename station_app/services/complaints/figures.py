"""投诉调解, the figures of a period: counts, rates with their printed definitions, and the
breakdowns per service station and per mediator (CLI ``complaints figures``, the 统计 tab)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from station_app.domain import complaints as rules
from station_app.domain.periods import Period, parse_period
from station_app.queries import summaries as summary_q
from station_app.services.base import Service


@dataclass(frozen=True)
class RateValue:
    key: str
    label: str
    numerator: int
    denominator: int
    value: float | None
    definition: str

    @property
    def text(self) -> str:
        return "—" if self.value is None else f"{self.value:.2f}%"


@dataclass(frozen=True)
class GroupFigures:
    """Counts for one service station or one mediator."""

    name: str
    received: int = 0
    succeeded: int = 0
    terminated: int = 0
    money_recovered_fen: int = 0
    visited: int = 0
    satisfied: int = 0


@dataclass(frozen=True)
class ComplaintFigures:
    period: Period
    counts: dict[str, int]
    by_channel: dict[str, int]
    terminated_by_reason: dict[str, int]
    satisfaction: dict[str, int]
    money_recovered_fen: int
    amount_involved_fen: int
    rates: tuple[RateValue, ...]
    per_station: tuple[GroupFigures, ...]
    per_mediator: tuple[GroupFigures, ...]

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``complaints figures --json`` (keys are a contract)."""
        return {
            "period": {
                "start": self.period.start.isoformat(),
                "end": self.period.last.isoformat(),
                "label": self.period.label,
            },
            "counts": self.counts,
            "by_channel": self.by_channel,
            "terminated_by_reason": {
                f"{k} {rules.TERMINATION_REASONS[k]}": v
                for k, v in self.terminated_by_reason.items()
            },
            "satisfaction": self.satisfaction,
            "money_recovered_yuan": rules.yuan(self.money_recovered_fen),
            "amount_involved_yuan": rules.yuan(self.amount_involved_fen),
            "rates": [
                {
                    "key": r.key,
                    "label": r.label,
                    "value": r.value,
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "definition": r.definition,
                }
                for r in self.rates
            ],
            "per_station": [g.__dict__ for g in self.per_station],
            "per_mediator": [g.__dict__ for g in self.per_mediator],
        }


class Figures(Service):
    def complaint_figures(self, period: Period | str) -> ComplaintFigures:
        """The counts and rates of a period (a month, quarter, year or range of days), counted
        in SQL by the query the county report uses (``queries.summaries.complaint_counts``),
        so both always agree."""
        self._auth.require("data.view")
        if isinstance(period, str):
            period = parse_period(period, ranges=True)
        counts = summary_q.complaint_counts(
            self._db, period.start, period.end, rules.CHANNELS, rules.SATISFACTION
        )
        return _figures(period, counts)


def _groups(items: tuple[summary_q.ComplaintGroup, ...]) -> tuple[GroupFigures, ...]:
    return tuple(
        GroupFigures(
            g.name,
            g.received,
            g.succeeded,
            g.terminated,
            g.money_recovered_fen,
            g.visited,
            g.satisfied,
        )
        for g in items
    )


def _figures(period: Period, counts: summary_q.ComplaintCounts) -> ComplaintFigures:
    c = counts.counts
    rates = tuple(
        RateValue(
            f.key,
            f.label,
            c[f.numerator],
            c[f.denominator],
            rules.rate(c[f.numerator], c[f.denominator]),
            f.definition,
        )
        for f in rules.RATE_FORMULAS
    )
    return ComplaintFigures(
        period=period,
        counts=dict(c),
        by_channel=dict(counts.by_channel),
        terminated_by_reason=dict(counts.terminated_by_reason),
        satisfaction=dict(counts.satisfaction),
        money_recovered_fen=counts.money_recovered_fen,
        amount_involved_fen=counts.amount_involved_fen,
        rates=rates,
        per_station=_groups(counts.per_station),
        per_mediator=_groups(counts.per_mediator),
    )
