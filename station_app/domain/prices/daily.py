"""The holiday daily report (节日价格监测日报): what it holds and how its lines are ranked. Pure;
the service counts in SQL and fills it, ``documents/prices_pdf`` prints it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from station_app.domain.prices.windows import Window


@dataclass(frozen=True)
class RiseLine:
    """One of the day's biggest rises over a baseline."""

    subject: str
    entity: str
    price_fen: int
    baseline_fen: int
    ratio_bp: int
    rule: str
    state: str


@dataclass(frozen=True)
class DailyReport:
    day: date
    window: Window | None
    station: str
    subjects: int
    observed_subjects: int
    observations: int
    by_source: tuple[tuple[str, int], ...]
    flags_by_rule: tuple[tuple[str, int], ...]
    top_rises: tuple[RiseLine, ...]
    actions: tuple[tuple[str, int], ...]
    open_flags: int
    thin_baselines: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        return f"{self.window.name}价格监测日报" if self.window else "价格监测日报"

    @property
    def flags_today(self) -> int:
        return sum(n for _rule, n in self.flags_by_rule)


def top_rises(lines: Iterable[RiseLine], n: int = 10) -> tuple[RiseLine, ...]:
    """The ``n`` biggest rises, biggest first (ties: higher price, then name)."""
    ranked = sorted(lines, key=lambda r: (-r.ratio_bp, -r.price_fen, r.entity, r.subject))
    return tuple(ranked[:n])
