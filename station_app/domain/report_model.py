"""The county report as data (上报县局报表): sections of figures and breakdown tables.

Counts and amounts come from module providers; **rates are never summed**: each is a
:class:`RateDef` over two counts, computed here, so a county total recomputes the rate from the
stations' numerators and denominators. Every rate prints its definition in words (指标说明),
because cities use different denominators (FACTS §5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

COUNT, AMOUNT, RATE = "count", "amount", "rate"  # amounts are integer fen


@dataclass(frozen=True)
class Figure:
    key: str  # "complaints.received"
    label: str  # "受理投诉量"
    value: int | float | None
    unit: str = "件"
    kind: str = COUNT
    previous: int | float | None = None  # 上期（环比）
    last_year: int | float | None = None  # 去年同期（同比）
    definition: str = ""
    headline: bool = False  # also shown on 综合

    def change(self, other: int | float | None) -> float | None:
        """Relative change against ``other`` (None when it cannot be computed)."""
        if self.value is None or other in (None, 0):
            return None
        return (self.value - other) / other


@dataclass(frozen=True)
class RateDef:
    key: str
    label: str
    numerator: str  # figure key
    denominator: str  # figure key
    definition: str  # printed on 指标说明
    headline: bool = False

    def compute(self, values: Mapping[str, int | float | None]) -> float | None:
        num, den = values.get(self.numerator), values.get(self.denominator)
        if num is None or not den:
            return None
        return num / den


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass
class Section:
    name: str  # also the sheet name: 综合, 网格与人员, 经营主体, 投诉与调解, 红黑榜, 培训与走访
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    rates: list[RateDef] = field(default_factory=list)


def with_comparisons(
    current: Section, previous: Section | None, last_year: Section | None
) -> Section:
    """Attach 环比/同比 values by key, then compute the section's rates for all three periods."""
    prev = _values(previous)
    last = _values(last_year)
    figures = [
        Figure(**{**f.__dict__, "previous": prev.get(f.key), "last_year": last.get(f.key)})
        for f in current.figures
    ]
    now = _values(current)
    for rate in current.rates:
        figures.append(
            Figure(
                rate.key,
                rate.label,
                rate.compute(now),
                "%",
                RATE,
                rate.compute(prev),
                rate.compute(last),
                rate.definition,
                rate.headline,
            )
        )
    return Section(current.name, figures, current.tables, current.rates)


def _values(section: Section | None) -> dict[str, int | float | None]:
    return {f.key: f.value for f in section.figures} if section else {}


def headline_section(sections: Iterable[Section]) -> Section:
    """综合: the headline figures of every section, in order."""
    return Section("综合", [f for s in sections for f in s.figures if f.headline])


def format_value(f: Figure, value: int | float | None) -> str:
    """How a figure reads on screen and paper: counts with separators, fen as yuan, rates in %."""
    if value is None:
        return "—"
    if f.kind == RATE:
        return f"{value:.2%}"
    if f.kind == AMOUNT:
        return f"{value / 100:,.2f}"
    return f"{value:,}"


def format_change(f: Figure, other: int | float | None) -> str:
    """环比/同比 text: percent change, or percentage points for a rate."""
    if f.kind == RATE:
        if f.value is None or other is None:
            return "—"
        return f"{(f.value - other) * 100:+.1f}个百分点"
    change = f.change(other)
    return "—" if change is None else f"{change:+.1%}"
