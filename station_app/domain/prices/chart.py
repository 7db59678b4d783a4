"""The data of a subject's price curve, shared by the screen (QPainter) and the PDF (reportlab):
the daily low/average/high, the holiday windows to shade, the baselines with their threshold,
the flags, the group's median and 25–75 % band; nice axis ticks. Pure.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from station_app.domain.prices.windows import Window


@dataclass(frozen=True, order=True)
class DayPoint:
    """A subject's day: lowest, average (fen, rounded) and highest price, observation count."""

    day: date
    low_fen: int
    mean_fen: int
    high_fen: int
    n: int


@dataclass(frozen=True)
class BandPoint:
    """The group's day: 25th percentile, median and 75th percentile of its subjects' highs."""

    day: date
    p25_fen: int
    median_fen: int
    p75_fen: int
    n: int


@dataclass(frozen=True)
class BaselineMark:
    """A baseline drawn over the days it judged: the average and the threshold (k × average)."""

    first: date
    last: date
    value_fen: int
    threshold_fen: int | None
    label: str


@dataclass(frozen=True)
class FlagMark:
    day: date
    price_fen: int
    label: str


@dataclass(frozen=True)
class Tick:
    value: float
    label: str


@dataclass(frozen=True)
class ChartData:
    title: str
    subtitle: str
    first: date
    last: date
    points: tuple[DayPoint, ...]
    windows: tuple[Window, ...] = ()
    baselines: tuple[BaselineMark, ...] = ()
    flags: tuple[FlagMark, ...] = ()
    band: tuple[BandPoint, ...] = ()
    y_min: float = 0.0
    y_max: float = 1.0
    y_ticks: tuple[Tick, ...] = ()
    x_ticks: tuple[Tick, ...] = ()
    unit: str = "元"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def x_of(self, day: date) -> float:
        """Position of ``day`` as days from ``first`` (its middle: +0.5)."""
        return (day - self.first).days + 0.5

    @property
    def empty(self) -> bool:
        return not self.points


def nice_ticks(low: float, high: float, target: int = 5) -> list[float]:
    """Round axis values covering ``low`` … ``high`` (steps of 1, 2, 2.5 or 5 × 10ⁿ)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(target, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def yuan_tick(fen_value: float) -> str:
    yuan = fen_value / 100
    return f"{yuan:,.0f}" if abs(yuan - round(yuan)) < 1e-9 else f"{yuan:,.1f}"


def day_ticks(first: date, last: date) -> list[Tick]:
    """Days labelled on the x axis: every day (≤ 14), Mondays (≤ 70), else the 1st of months."""
    span = (last - first).days + 1
    days = [first + timedelta(days=k) for k in range(span)]
    if span <= 14:
        chosen = days
    elif span <= 70:
        chosen = [d for d in days if d.weekday() == 0] or [first]
    else:
        chosen = [d for d in days if d.day == 1] or [first]
    fmt = (lambda d: f"{d.month}/{d.day}") if span <= 70 else (lambda d: f"{d.month}月")
    return [Tick((d - first).days + 0.5, fmt(d)) for d in chosen]


def band_of(day: date, highs: Sequence[int]) -> BandPoint:
    """The group's quartiles of one day (one subject: all three equal)."""
    values = sorted(highs)
    if len(values) == 1:
        v = values[0]
        return BandPoint(day, v, v, v, 1)
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return BandPoint(day, round(q1), round(q2), round(q3), len(values))


def bands(highs_by_day: Mapping[date, Sequence[int]]) -> tuple[BandPoint, ...]:
    return tuple(band_of(d, v) for d, v in sorted(highs_by_day.items()) if v)


def threshold_of(value_fen: int, k: Fraction | None) -> int | None:
    return None if k is None else int(Fraction(value_fen) * k)


def build_chart(
    *,
    title: str,
    subtitle: str,
    first: date,
    last: date,
    points: Iterable[DayPoint],
    windows: Iterable[Window] = (),
    baselines: Iterable[BaselineMark] = (),
    flags: Iterable[FlagMark] = (),
    band: Iterable[BandPoint] = (),
    unit: str = "元",
) -> ChartData:
    """Everything a renderer needs, with the y range and ticks computed once."""
    pts = tuple(sorted(p for p in points if first <= p.day <= last))
    shown = tuple(w for w in windows if w.overlaps(first, last))
    marks = tuple(b for b in baselines if b.first <= last and b.last >= first)
    hits = tuple(f for f in flags if first <= f.day <= last)
    group = tuple(b for b in band if first <= b.day <= last)
    values = [v for p in pts for v in (p.low_fen, p.high_fen)]
    values += [v for b in marks for v in (b.value_fen, b.threshold_fen) if v is not None]
    values += [v for b in group for v in (b.p25_fen, b.p75_fen)]
    low, high = (min(values), max(values)) if values else (0, 100_00)
    pad = max((high - low) * 0.08, 100)
    ticks = nice_ticks(max(0.0, low - pad), high + pad)
    return ChartData(
        title, subtitle, first, last, pts, shown, marks, hits, group,
        ticks[0], ticks[-1], tuple(Tick(t, yuan_tick(t)) for t in ticks),
        tuple(day_ticks(first, last)), unit,
    )  # fmt: skip
