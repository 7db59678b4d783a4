"""Periods (统计期, 公示期间): a month ``2026-10``, a quarter ``2026Q3``, a year ``2026`` or, where
the caller allows it, a range of days ``2026-01-01..2026-03-31``. The one home of the concept:
the county report, the complaint figures and the list notices all use it.

Boundaries are midnight in Asia/Shanghai (UTC+8, no daylight saving since 1991): a complaint
received at 23:30 Beijing time on 31 October belongs to October even though it is 15:30 UTC.
``end`` is exclusive, ``last`` the last day. Each period knows its previous period (环比) and
the same period of the previous year (同比).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from station_app.errors import ValidationError

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")
_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})-?[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})$"), "year"),
)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.\.|~|至)(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    kind: str  # "month" | "quarter" | "year" | "range"
    year: int
    index: int = 1  # month 1–12, quarter 1–4, 1 for a year, 0 for a range
    first: date | None = None  # a range's first and last days (other kinds: None)
    final: date | None = None

    @classmethod
    def days(cls, first: date, last: date) -> Period:
        """The range of days ``first`` … ``last`` (inclusive)."""
        return cls("range", first.year, 0, first, last)

    @property
    def start(self) -> date:
        if self.first is not None:
            return self.first
        month = {"month": self.index, "quarter": 3 * self.index - 2, "year": 1}[self.kind]
        return date(self.year, month, 1)

    @property
    def end(self) -> date:
        """First day after the period."""
        if self.final is not None:
            return self.final + timedelta(days=1)
        return self.next().start

    @property
    def last(self) -> date:
        """The period's last day (inclusive)."""
        return self.end - timedelta(days=1)

    def next(self) -> Period:
        if self.first is not None:
            return Period.days(self.end, self.end + (self.end - self.start) - timedelta(days=1))
        size = {"month": 12, "quarter": 4, "year": 1}[self.kind]
        if self.index < size:
            return Period(self.kind, self.year, self.index + 1)
        return Period(self.kind, self.year + 1, 1)

    def previous(self) -> Period:
        if self.first is not None:
            return Period.days(self.start - (self.end - self.start), self.start - timedelta(days=1))
        size = {"month": 12, "quarter": 4, "year": 1}[self.kind]
        if self.index > 1:
            return Period(self.kind, self.year, self.index - 1)
        return Period(self.kind, self.year - 1, size)

    def same_last_year(self) -> Period:
        if self.first is not None and self.final is not None:
            return Period.days(_years_back(self.first), _years_back(self.final))
        return Period(self.kind, self.year - 1, self.index)

    def bounds_utc(self) -> tuple[datetime, datetime]:
        """[start, end) as aware UTC datetimes of Beijing-time midnights, for timestamp columns."""
        return _midnight_utc(self.start), _midnight_utc(self.end)

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day < self.end

    @property
    def code(self) -> str:
        if self.kind == "range":
            return f"{self.start.isoformat()}..{self.last.isoformat()}"
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.index}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.kind == "range":
            return f"{self.start.isoformat()} 至 {self.last.isoformat()}"
        if self.kind == "month":
            return f"{self.year}年{self.index}月"
        if self.kind == "quarter":
            return f"{self.year}年{QUARTER_NAMES[self.index - 1]}"
        return f"{self.year}年"

    def __str__(self) -> str:
        return self.code


def _years_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), SHANGHAI).astimezone(UTC)


def parse_period(text: str, *, ranges: bool = False) -> Period:
    """``2026-10`` / ``2026Q3`` / ``2026`` → Period (and with ``ranges`` also
    ``2026-01-01..2026-03-31``); a Chinese message says what is accepted."""
    value = (text or "").strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(value)
        if match:
            year = int(match.group(1))
            index = int(match.group(2)) if kind != "year" else 1
            if kind == "month" and not 1 <= index <= 12:
                break
            if not 2000 <= year <= 2100:
                break
            return Period(kind, year, index)
    if ranges and (match := _RANGE.fullmatch(value)):
        first, last = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        if first <= last:
            return Period.days(first, last)
    also = "，一段日期写作 2026-01-01..2026-03-31" if ranges else ""
    raise ValidationError(
        f"统计期“{text}”无法识别：月份写作 2026-10，季度写作 2026Q3，全年写作 2026{also}。",
        field="period",
    )


def local_date(moment: datetime) -> date:
    """The Beijing-time calendar day of a stored (UTC) moment."""
    return moment.astimezone(SHANGHAI).date()
