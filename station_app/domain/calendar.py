"""Working days (工作日) on the official Chinese calendar, and complaint rule versions by date.

Statutory time limits count working days on the State Council holiday calendar, including
调休 make-up working weekends. Day data comes from, in order of precedence:

1. the user-editable holiday table (``overrides``: date → True working / False day off),
   kept in the database for years the package does not know yet;
2. the ``chinese_calendar`` package (years it was released with, 2004–2026 in 1.11.0);
3. Monday–Friday as a last resort. Such a year is recorded in
   ``WorkCalendar.unknown_years_used`` so the app can warn that a deadline is provisional;
   :meth:`WorkCalendar.unknown_years_between` answers the same question for one deadline
   without relying on that accumulated state.

Pure: no I/O, no database.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar  # no py.typed: an untyped import (ignore_missing_imports)

from station_app.errors import ValidationError

_ONE_DAY = timedelta(days=1)


@functools.cache
def package_knows_year(year: int) -> bool:
    """True if the installed ``chinese_calendar`` package has holiday data for ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


class WorkCalendar:
    """Working-day arithmetic with user overrides (节假日调整表) on top of the package data.

    ``overrides`` maps a date to True (working day, e.g. a 调休 Saturday) or False (day off).
    A year counts as known when the package has it or the table has at least one entry for
    it; days of such a year not in the table are Monday–Friday. So the table for a new year
    should be entered in full (holidays and make-up working days). ``unknown_years_used`` only
    grows; it and the day cache are the only mutable state, and both only ever gain entries
    (single set/dict operations, atomic in CPython), so a calendar may be shared by threads.

    Each day's answer is remembered: the package's own look-up costs ~50 µs a day and a
    45-working-day deadline asks about ~65 days. Overrides are fixed at construction, so a
    remembered answer never goes stale; a changed holiday table means a new calendar.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides: dict[date, bool] = {_as_date(d): v for d, v in (overrides or {}).items()}
        self._override_years = frozenset(d.year for d in self._overrides)
        self.unknown_years_used: set[int] = set()
        self._days: dict[date, bool] = {}

    def year_is_known(self, year: int) -> bool:
        """True if the package or the override table has data for ``year``."""
        return year in self._override_years or package_knows_year(year)

    def is_workday(self, d: date) -> bool:
        """True if ``d`` is a working day; unknown years fall back to Monday–Friday (recorded)."""
        d = _as_date(d)
        try:
            return self._days[d]
        except KeyError:
            answer = self._days[d] = self._look_up(d)
            return answer

    def _look_up(self, d: date) -> bool:
        if d in self._overrides:
            return self._overrides[d]
        if package_knows_year(d.year):
            return bool(chinese_calendar.is_workday(d))
        if d.year not in self._override_years:
            self.unknown_years_used.add(d.year)
        return d.weekday() < 5

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (start itself not counted; n=0 → start)."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        day, remaining = _as_date(start), n
        while remaining:
            day += _ONE_DAY
            remaining -= self.is_workday(day)
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b``; negative if ``b`` is before ``a``."""
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        return sum(self.is_workday(a + timedelta(days=k)) for k in range(1, (b - a).days + 1))

    def unknown_years_between(self, a: date, b: date) -> set[int]:
        """Years from ``a`` to ``b`` (either order) without data: deadlines there are provisional."""
        lo, hi = sorted((a.year, b.year))
        return {y for y in range(lo, hi + 1) if not self.year_is_known(y)}


DEFAULT_CALENDAR = WorkCalendar()
"""Package data only; used by the module-level :func:`add_working_days`."""


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` on :data:`DEFAULT_CALENDAR` (no user overrides)."""
    return DEFAULT_CALENDAR.add_working_days(start, n)


# ---- 投诉举报处理时限 by rule version ---------------------------------------------------


@dataclass(frozen=True)
class ComplaintRules:
    """Time limits (in working days) of one version of the complaint-handling rules.

    ``verified`` is False while a value is a placeholder not yet checked in the official text.
    """

    effective_from: date
    name: str
    acceptance_days: int  # 受理/不予受理决定
    mediation_days: int  # 调解期限, from 受理
    termination_notice_days: int  # 终止调解后告知双方
    report_check_days: int  # 举报核查, decide whether to 立案
    verified: bool = False


ORDER_20 = ComplaintRules(
    effective_from=date(2020, 1, 1),
    name="《市场监督管理投诉举报处理暂行办法》（国家市场监督管理总局令第20号）",
    acceptance_days=7,
    mediation_days=45,
    termination_notice_days=7,
    report_check_days=15,
    verified=True,
)

# Order 121 replaces Order 20 from 2026-04-15. Its numbers are NOT confirmed (FACTS.md §2.1 [?]):
# the mediation period (调解期限) is known to have changed wording; the values below copy
# Order 20 as placeholders until someone reads articles ~16–30 of the official text.
ORDER_121 = ComplaintRules(
    effective_from=date(2026, 4, 15),
    name="《市场监督管理投诉举报处理办法》（国家市场监督管理总局令第121号）",
    acceptance_days=7,
    mediation_days=45,
    termination_notice_days=7,
    report_check_days=15,
    verified=False,
)

COMPLAINT_RULES: tuple[ComplaintRules, ...] = (ORDER_20, ORDER_121)
"""All versions, oldest first."""


def rules_for(received: date) -> ComplaintRules:
    """The rule version in force on ``received`` (the date the complaint was received)."""
    received = _as_date(received)
    for rules in reversed(COMPLAINT_RULES):
        if rules.effective_from <= received:
            return rules
    raise ValidationError(
        f"收到日期 {received.isoformat()} 早于 {COMPLAINT_RULES[0].effective_from.isoformat()}，"
        "本系统没有此前的投诉举报处理时限规则。",
        field="received",
    )
