"""When visits are due: windows of a frequency, the days a due date may fall on, and how a
grid's entities are spread over its people and the window's days. Pure.

A **window** is the span in which one visit of a rule is due: a day, an ISO week (Monday to
Sunday), a month, a quarter, or a 1/N part of the year. A task (计划任务) is one entity's
visit in one window; its *due date* is the day the plan suggests inside the window.

**Spreading** (what the plan's SQL computes set-based, written here once in Python so tests
can hold the SQL to it): the entities of a grid are ranked in street order (address, then
id) — ``rank`` 0 … ``count``−1 over the whole grid, every grade together. With ``people``
holders of the performing duty on the window's first eligible day, person ``k`` takes the
contiguous ranks ``[⌈k·count/people⌉, ⌈(k+1)·count/people⌉)`` — one stretch of streets each —
and inside that stretch the entities are laid over the window's ``n`` eligible days in street
order, so each day's sheet is a walk along neighbouring shops and each person's load is even
(days differ by at most one visit). Everything is integer arithmetic, the same in SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from station_app.domain.patrols.rules import (
    ALL_DAYS,
    DAY,
    MONTH,
    QUARTER,
    WEEK,
    WORKDAYS,
    YEAR,
    Frequency,
)

_ONE_DAY = timedelta(days=1)


class Workdays(Protocol):
    """What the schedule needs of ``domain.calendar.WorkCalendar``."""

    def is_workday(self, d: date) -> bool: ...


@dataclass(frozen=True, order=True)
class Window:
    """Days ``start`` … ``end`` (inclusive) in which one visit is due."""

    start: date
    end: date

    def days(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += _ONE_DAY

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def intersects(self, first: date, last: date) -> bool:
        return self.start <= last and self.end >= first

    @property
    def label(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _year_windows(year: int, n: int) -> list[Window]:
    """The year in ``n`` windows: month-aligned blocks when ``n`` divides 12, else near-equal
    runs of days (window k: days ⌊k·D/n⌋ … ⌊(k+1)·D/n⌋−1 of the year's D days)."""
    first = date(year, 1, 1)
    if 12 % n == 0:
        step = 12 // n
        return [
            Window(_add_months(first, k * step), _add_months(first, (k + 1) * step) - _ONE_DAY)
            for k in range(n)
        ]
    total = (date(year + 1, 1, 1) - first).days
    return [
        Window(
            first + timedelta(days=k * total // n), first + timedelta(days=(k + 1) * total // n - 1)
        )
        for k in range(n)
    ]


def window_of(frequency: Frequency, day: date) -> Window:
    """The window of ``frequency`` that contains ``day``."""
    if frequency.unit == DAY:
        return Window(day, day)
    if frequency.unit == WEEK:
        monday = day - timedelta(days=day.weekday())
        return Window(monday, monday + timedelta(days=6))
    if frequency.unit == MONTH:
        start = _month_start(day)
        return Window(start, _add_months(start, 1) - _ONE_DAY)
    if frequency.unit == QUARTER:
        start = _month_start(day, (day.month - 1) % 3)
        return Window(start, _add_months(start, 3) - _ONE_DAY)
    if frequency.unit == YEAR:
        return next(w for w in _year_windows(day.year, frequency.per_year) if w.contains(day))
    raise ValueError(f"unknown frequency unit {frequency.unit!r}")


def windows(frequency: Frequency, first: date, last: date) -> list[Window]:
    """Every window of ``frequency`` that has a day in ``first`` … ``last``, in order."""
    out: list[Window] = []
    day = first
    while day <= last:
        w = window_of(frequency, day)
        out.append(w)
        day = w.end + _ONE_DAY
    return out


def eligible_days(
    window: Window, calendar: str, workdays: Workdays, not_before: date | None = None
) -> list[date]:
    """The days of ``window`` (from ``not_before`` on) a due date may fall on: every day, or
    the working days of the station's calendar (调休 Saturdays included, holidays not). A
    window with none left (a Sunday's daily window, the National Day week) gets no task."""
    lo = max(window.start, not_before) if not_before else window.start
    days = []
    day = lo
    while day <= window.end:
        if calendar == ALL_DAYS or (calendar == WORKDAYS and workdays.is_workday(day)):
            days.append(day)
        day += _ONE_DAY
    return days


def windows_in_period(frequency: Frequency, first: date, last: date) -> int:
    """How many windows of ``frequency`` touch the period: the number of visits a rule asks
    for in it (the basis of A 无事不扰, see ``coverage.allowed_visits``)."""
    return len(windows(frequency, first, last))


# -- spreading a grid over its people and days ------------------------------------------------


def _ceil_div(a: int, b: int) -> int:
    return (a + b - 1) // b


def person_index(rank: int, count: int, people: int) -> int:
    """Which of ``people`` (0-based, in person-id order) covers the entity at street ``rank``
    of ``count``: ⌊rank·people/count⌋."""
    return rank * max(people, 1) // count


def segment(k: int, count: int, people: int) -> tuple[int, int]:
    """Ranks ``[start, end)`` of person ``k``: ``⌈k·count/people⌉`` … ``⌈(k+1)·count/people⌉``."""
    people = max(people, 1)
    return _ceil_div(k * count, people), _ceil_div((k + 1) * count, people)


def day_index(rank: int, count: int, people: int, n_days: int) -> int:
    """The due day (0-based among the window's ``n_days`` eligible days) of the entity at
    ``rank``: its place inside its person's stretch, laid evenly over the days."""
    k = person_index(rank, count, people)
    start, end = segment(k, count, people)
    return (rank - start) * n_days // (end - start)


@dataclass(frozen=True)
class Spread:
    """Where one entity's visit lands in a window: the person index and the due day."""

    person: int
    day: int


def spread(rank: int, count: int, people: int, n_days: int) -> Spread:
    return Spread(person_index(rank, count, people), day_index(rank, count, people, n_days))


def street_ranks(entities: list[tuple[int, str]]) -> dict[int, int]:
    """``(id, address)`` of one grid's entities → id → rank in street order (address, then
    id): the order the plan's SQL uses (``ORDER BY address, id``)."""
    ordered = sorted(entities, key=lambda e: (e[1], e[0]))
    return {eid: n for n, (eid, _a) in enumerate(ordered)}


def next_eligible(window: Window, after: date, calendar: str, workdays: Workdays) -> date | None:
    """The next day after ``after`` in ``window`` a visit may be made (an attempted visit,
    闭门未遇, reschedules there); ``None`` when the window has no day left."""
    days = eligible_days(window, calendar, workdays, after + _ONE_DAY)
    return days[0] if days else None


CoverFn = Callable[[int | None, date, str], list[int]]
"""``(grid_id, day, roster_role) → person ids`` holding that duty in the grid that day."""
