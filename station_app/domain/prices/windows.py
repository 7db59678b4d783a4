"""Holiday windows (节假日窗口) from the working calendar, local events, and baseline days with
the holidays left out. Pure.

A statutory window is a maximal run of consecutive days off on :class:`WorkCalendar` (the
station's holiday table over ``chinese_calendar``, 调休 included) that holds at least one *named*
holiday day: a day the package names (春节, 国庆节 …) or a day off that the station's table
notes (its note is the name; that is how 2027 and later years get windows). So a holiday's
adjacent weekend belongs to it and a 调休 working Saturday ends it. Local events (a festival, an
exam week) are windows the station enters. Years the calendar does not know give no statutory
window: :func:`unknown_years` names them so the screen can say the windows are incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar  # no py.typed: an untyped import (ignore_missing_imports)

from station_app.domain.calendar import WorkCalendar, package_knows_year

ONE_DAY = timedelta(days=1)
HOLIDAY, EVENT = "节假日", "本地活动"
HOLIDAY_NAMES: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
MAX_WINDOW_DAYS = 20
"""No statutory run is longer (春节 is at most 9 days with its weekends); also the search margin."""


@dataclass(frozen=True, order=True)
class DayRange:
    """Days ``first`` … ``last`` (both inclusive)."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    def each(self) -> Iterable[date]:
        return (self.first + timedelta(days=k) for k in range(self.days))


@dataclass(frozen=True, order=True)
class Window:
    """A holiday window or a local event: ``first`` … ``last`` inclusive, its names."""

    first: date
    last: date
    name: str
    kind: str = HOLIDAY
    names: frozenset[str] = frozenset()

    @property
    def year(self) -> int:
        """The year it belongs to: its last day's (元旦 2023 starts on 2022-12-31)."""
        return self.last.year

    @property
    def span(self) -> DayRange:
        return DayRange(self.first, self.last)

    @property
    def days(self) -> int:
        return self.span.days

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    def overlaps(self, first: date, last: date) -> bool:
        return self.first <= last and first <= self.last

    @property
    def label(self) -> str:
        """``2025 中秋节、国庆节（10月1日至10月8日）``."""
        return f"{self.year} {self.name}（{md(self.first)}至{md(self.last)}）"

    @property
    def key(self) -> str:
        """Stable text naming the window in a flag's evidence: ``2025:中秋节、国庆节``."""
        return f"{self.year}:{self.name}"


def md(day: date) -> str:
    """``10月1日``."""
    return f"{day.month}月{day.day}日"


def holiday_name(day: date, calendar: WorkCalendar, notes: Mapping[date, str]) -> str:
    """The Chinese name of the holiday ``day`` is a day off for, or ``""``.

    The station's table wins (a day off with a note); then the package, for the years it knows.
    """
    if calendar.is_workday(day):
        return ""
    note = (notes.get(day) or "").strip()
    if note:
        return note
    if not package_knows_year(day.year):
        return ""
    is_holiday, name = chinese_calendar.get_holiday_detail(day)
    if not is_holiday or not name:
        return ""
    return HOLIDAY_NAMES.get(name, name)


def holiday_windows(
    first: date,
    last: date,
    calendar: WorkCalendar,
    notes: Mapping[date, str] | None = None,
) -> list[Window]:
    """Statutory windows overlapping ``first`` … ``last``, whole (a window is never cut)."""
    notes = notes or {}
    windows: list[Window] = []
    day, stop = first - timedelta(days=MAX_WINDOW_DAYS), last + timedelta(days=MAX_WINDOW_DAYS)
    run: list[date] = []
    while day <= stop:
        if calendar.is_workday(day):
            _close_run(run, calendar, notes, windows)
            run = []
        else:
            run.append(day)
        day += ONE_DAY
    _close_run(run, calendar, notes, windows)
    return [w for w in windows if w.overlaps(first, last)]


def _close_run(
    run: list[date], calendar: WorkCalendar, notes: Mapping[date, str], out: list[Window]
) -> None:
    names: dict[str, None] = {}  # in the order their first day comes
    for day in run:
        if name := holiday_name(day, calendar, notes):
            names.setdefault(name, None)
    if names:
        out.append(Window(run[0], run[-1], "、".join(names), HOLIDAY, frozenset(names)))


def event_window(name: str, first: date, last: date) -> Window:
    """A local event (本地活动) as a window."""
    return Window(first, last, name.strip(), EVENT, frozenset({name.strip()}))


def all_windows(
    first: date,
    last: date,
    calendar: WorkCalendar,
    notes: Mapping[date, str] | None = None,
    events: Iterable[Window] = (),
) -> list[Window]:
    """Statutory windows and the local events overlapping the span, in date order."""
    found = holiday_windows(first, last, calendar, notes)
    found += [e for e in events if e.overlaps(first, last)]
    return sorted(found)


def unknown_years(first: date, last: date, calendar: WorkCalendar) -> list[int]:
    """Years of the span without holiday data: their statutory windows are missing."""
    return sorted(calendar.unknown_years_between(first, last))


def window_of(day: date, windows: Sequence[Window]) -> Window | None:
    """The first window containing ``day`` (a statutory one before an event: sorted order)."""
    return next((w for w in windows if w.contains(day)), None)


def in_any(day: date, windows: Sequence[Window]) -> bool:
    return any(w.contains(day) for w in windows)


def ordinary_days_before(
    start: date, count: int, windows: Sequence[Window]
) -> tuple[DayRange, ...]:
    """The ``count`` days before ``start`` that lie in no window, as ranges (latest last).

    "The 30 days before the holiday, holidays left out": walk back from the day before
    ``start``, skipping every day inside a window, until ``count`` days are collected. The
    caller passes windows reaching back far enough (``count`` + 60 days is ample).
    """
    days: list[date] = []
    day = start - ONE_DAY
    while len(days) < count:
        if not in_any(day, windows):
            days.append(day)
        day -= ONE_DAY
    return to_ranges(days)


def without_windows(span: DayRange, windows: Sequence[Window]) -> tuple[DayRange, ...]:
    """The days of ``span`` in no window, as ranges (a fixed baseline, holidays left out)."""
    return to_ranges([d for d in span.each() if not in_any(d, windows)])


def to_ranges(days: Iterable[date]) -> tuple[DayRange, ...]:
    """Consecutive days merged into ranges, in date order."""
    out: list[DayRange] = []
    for day in sorted(set(days)):
        if out and out[-1].last + ONE_DAY == day:
            out[-1] = DayRange(out[-1].first, day)
        else:
            out.append(DayRange(day, day))
    return tuple(out)


def ranges_label(ranges: Sequence[DayRange]) -> str:
    """``9月1日至9月30日`` for the whole span the ranges cover."""
    if not ranges:
        return "无"
    return f"{md(ranges[0].first)}至{md(ranges[-1].last)}"


def same_holiday_before(window: Window, windows: Sequence[Window], years: int) -> list[Window]:
    """The windows of the previous ``years`` years sharing a name with ``window``, latest first.

    2024 国庆节 matches 2023 中秋节、国庆节 (they share 国庆节). One per year: the first match.
    """
    out: list[Window] = []
    for back in range(1, years + 1):
        year = window.year - back
        match = next(
            (
                w
                for w in windows
                if w.year == year and w.kind == window.kind and w.names & window.names
            ),
            None,
        )
        if match is not None:
            out.append(match)
    return out
