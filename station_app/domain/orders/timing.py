"""Time on an order's clock: parsing and showing moments in Beijing time, and the three ways a
limit is counted — wall-clock minutes (nights and holidays count), office minutes (only the
station's office hours on working days) and working days (the official calendar with 调休) —
each with the paused time left out. Pure: no I/O.

Moments are always timezone-aware; naive ones are refused (a naive time read from a sheet is
made aware by :func:`parse_time`, which takes it as Beijing time). Day boundaries are midnight
in Asia/Shanghai, whatever zone a moment is given in.

How a pause is left out (FIELDWORK §2: pauses derived from the log, never an adjusted
deadline stored):

* on the clock (minutes, office minutes): the paused span is simply not counted;
* on working days: a working day counts only if no pause covered it, a pause from ``p`` to
  ``r`` covering the dates ``p.date() … r.date() − 1`` (a pause resumed the same day covers
  no day; one from Monday 16:00 to Wednesday 09:00 covers Monday and Tuesday). A working-day
  limit ends at 23:59:59 of its last day, so only whole days are meaningful there.

A pause that begins after the deadline does not move it (the deadline has passed: it is
frozen), and an open pause (not yet resumed) counts until ``now``: while an order is paused its
deadline moves forward with the clock and the time left stays the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from station_app.domain.calendar import WorkCalendar
from station_app.domain.periods import SHANGHAI
from station_app.errors import ValidationError

ONE_DAY = timedelta(days=1)
END_OF_DAY = time(23, 59, 59)
#: the longest span any computation walks (a limit of a year, paused for years, is refused)
MAX_DAYS = 3660

_TIME = re.compile(
    r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：时](\d{1,2})分?"
    r"(?:[:：](\d{1,2})(?:\.\d+)?)?)?\s*([+-]\d{2}:?\d{2}|Z)?\s*$"
)
_WEEKDAYS = "一二三四五六日"


# ---- parsing and showing -------------------------------------------------------------------


def aware(moment: datetime, field: str = "at") -> datetime:
    """``moment`` in Beijing time; a naive moment is a programming error, refused loudly."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{field}: a naive datetime reached the order clock: {moment!r}")
    return moment.astimezone(SHANGHAI)


def parse_time(text: object, field: str = "at", label: str = "时间") -> datetime:
    """``"2026-05-01 09:30"`` (also ``2026/5/1 9:30``, ``2026年5月1日 9时30分``, seconds, an
    ISO offset) or a ``datetime`` from a sheet → an aware moment. Without an offset the time
    is Beijing time. Raises ``ValidationError`` with a Chinese message naming ``label``."""
    if isinstance(text, datetime):
        return text.astimezone(SHANGHAI) if text.tzinfo else text.replace(tzinfo=SHANGHAI)
    raw = str(text or "").strip()
    match = _TIME.match(raw)
    if not match or match.group(4) is None:
        raise ValidationError(
            f"{label}“{raw}”无法识别，请按“YYYY-MM-DD HH:MM”填写，例如 2026-05-01 09:30。",
            field=field,
        )
    y, mo, d, h, mi = (int(match.group(i)) for i in range(1, 6))
    sec = int(match.group(6) or 0)
    try:
        moment = datetime(y, mo, d, h, mi, sec, tzinfo=_zone(match.group(7)))
    except ValueError:
        raise ValidationError(
            f"{label}“{raw}”不是有效的日期时间（月 1–12、日按当月天数、时 0–23、分 0–59）。",
            field=field,
        ) from None
    return moment.astimezone(SHANGHAI)


def _zone(offset: str | None) -> tzinfo:
    """The zone of an ISO offset (``+08:00``, ``+0800``, ``Z``); none given: Beijing."""
    if not offset:
        return SHANGHAI
    if offset == "Z":
        return UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def fmt_time(moment: datetime | None) -> str:
    """``2026-05-01 09:30`` in Beijing time; ``""`` for none."""
    if moment is None:
        return ""
    return aware(moment).strftime("%Y-%m-%d %H:%M")


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the +08:00 offset (what ``--json`` prints)."""
    return None if moment is None else aware(moment).isoformat(timespec="seconds")


def fmt_day(day: date) -> str:
    """``5月9日（星期六）``."""
    return f"{day.month}月{day.day}日（星期{_WEEKDAYS[day.weekday()]}）"


def fmt_duration(delta: timedelta) -> str:
    """A span in words, to the minute: ``2天3小时``, ``1小时05分``, ``25分钟``, ``不足1分钟``."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}天{hours}小时" if hours else f"{days}天"
    if hours:
        return f"{hours}小时{mins:02d}分" if mins else f"{hours}小时"
    return f"{mins}分钟" if mins else "不足1分钟"


def fmt_left(due: datetime, now: datetime) -> str:
    """``剩 2小时05分`` before the deadline, ``超时 1天3小时`` after it."""
    delta = aware(due) - aware(now)
    return f"剩 {fmt_duration(delta)}" if delta >= timedelta(0) else f"超时 {fmt_duration(delta)}"


def day_of(moment: datetime) -> date:
    """The calendar day of ``moment`` in Beijing."""
    return aware(moment).date()


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0), SHANGHAI)


def end_of_day(day: date) -> datetime:
    """23:59:59 of ``day``: when a working-day limit ending that day expires."""
    return datetime.combine(day, END_OF_DAY, SHANGHAI)


# ---- pauses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """A pause (挂起) from ``start`` until ``end``; ``end`` None: still paused."""

    start: datetime
    end: datetime | None = None
    reason: str = ""

    def closed(self, now: datetime) -> tuple[datetime, datetime]:
        """The span with an open end taken as ``now`` (never before its start)."""
        start = aware(self.start)
        end = aware(self.end) if self.end is not None else max(aware(now), start)
        return start, end


def _spans(pauses: Iterable[Interval], now: datetime) -> list[tuple[datetime, datetime]]:
    """Closed pause spans, sorted, overlapping ones merged."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(p.closed(now) for p in pauses):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# ---- counting on the clock -----------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A stretch of time left out of a limit: a pause, or (office hours) a night or day off."""

    start: datetime
    end: datetime
    reason: str

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def _consume(
    segments: Iterator[tuple[datetime, datetime]], budget: timedelta
) -> tuple[datetime, list[tuple[datetime, datetime]]]:
    """Walk counting segments until ``budget`` is used: the moment it runs out, and the
    segments used (to tell what was left out between them)."""
    used: list[tuple[datetime, datetime]] = []
    for start, end in segments:
        if end - start >= budget:
            used.append((start, start + budget))
            return start + budget, used
        budget -= end - start
        used.append((start, end))
    raise ValueError("the counting segments ran out before the budget")  # pragma: no cover


def _minus_pauses(
    segments: Iterator[tuple[datetime, datetime]], spans: Sequence[tuple[datetime, datetime]]
) -> Iterator[tuple[datetime, datetime]]:
    """``segments`` (sorted, disjoint) with the pause ``spans`` cut out."""
    for start, end in segments:
        cursor = start
        for p_start, p_end in spans:
            if p_end <= cursor or p_start >= end:
                continue
            if p_start > cursor:
                yield cursor, p_start
            cursor = max(cursor, p_end)
            if cursor >= end:
                break
        if cursor < end:
            yield cursor, end


def _wall(start: datetime) -> Iterator[tuple[datetime, datetime]]:
    yield start, start + timedelta(days=MAX_DAYS)


def _office(
    start: datetime, cal: WorkCalendar, windows: Sequence[tuple[int, int]]
) -> Iterator[tuple[datetime, datetime]]:
    """Office windows (minutes after midnight) of the working days from ``start`` on."""
    day = start.date()
    for _ in range(MAX_DAYS):
        if cal.is_workday(day):
            midnight = start_of_day(day)
            for open_min, close_min in windows:
                a = max(midnight + timedelta(minutes=open_min), start)
                b = midnight + timedelta(minutes=close_min)
                if a < b:
                    yield a, b
        day += ONE_DAY
    raise ValueError("no office hours within ten years")  # pragma: no cover


_Spans = Sequence[tuple[datetime, datetime]]


def _gaps(used: list[tuple[datetime, datetime]], spans: _Spans, start: datetime) -> list[Span]:
    """What was left out between the used segments: pauses, and the rest (off hours)."""
    out: list[Span] = []
    cursor = start
    for a, b in used:
        if a > cursor:
            out.extend(_label_gap(cursor, a, spans))
        cursor = b
    return out


def _label_gap(a: datetime, b: datetime, spans: _Spans) -> list[Span]:
    pieces: list[Span] = []
    cursor = a
    for p_start, p_end in spans:
        if p_end <= cursor or p_start >= b:
            continue
        if p_start > cursor:
            pieces.append(Span(cursor, p_start, "非工作时间"))
        pieces.append(Span(max(cursor, p_start), min(b, p_end), "挂起"))
        cursor = min(b, p_end)
    if cursor < b:
        pieces.append(Span(cursor, b, "非工作时间"))
    return pieces


def due_on_clock(
    start: datetime,
    minutes: int,
    pauses: Iterable[Interval] = (),
    now: datetime | None = None,
) -> tuple[datetime, list[Span]]:
    """The moment ``minutes`` of running clock have passed after ``start`` (nights, weekends
    and holidays count), paused spans left out; and the pauses that moved it."""
    start = aware(start, "start")
    spans = _spans(pauses, now or start)
    due, used = _consume(_minus_pauses(_wall(start), spans), timedelta(minutes=minutes))
    return due, _gaps(used, spans, start)


def due_in_office_hours(
    start: datetime,
    minutes: int,
    cal: WorkCalendar,
    windows: Sequence[tuple[int, int]],
    pauses: Iterable[Interval] = (),
    now: datetime | None = None,
) -> tuple[datetime, list[Span]]:
    """The moment ``minutes`` of office time (``windows`` on working days) have passed after
    ``start``, paused spans left out; and what was skipped (nights, days off, pauses)."""
    start = aware(start, "start")
    spans = _spans(pauses, now or start)
    segments = _minus_pauses(_office(start, cal, windows), spans)
    due, used = _consume(segments, timedelta(minutes=minutes))
    return due, _gaps(used, spans, start)


# ---- counting working days -----------------------------------------------------------------

HOLIDAY, REST_DAY, PAUSED_DAY, MAKE_UP_DAY = "法定节假日", "休息日", "挂起", "调休上班"


@dataclass(frozen=True)
class SkippedDay:
    """A day between the start and the deadline that was not counted (``counted`` False), or a
    weekend that was (a 调休 working Saturday or Sunday, ``counted`` True) — shown so that
    nobody has to guess why a deadline fell where it did."""

    day: date
    reason: str  # HOLIDAY | REST_DAY | PAUSED_DAY | MAKE_UP_DAY
    counted: bool = False

    @property
    def text(self) -> str:
        return f"{fmt_day(self.day)}{self.reason}"


def paused_days(pauses: Iterable[Interval], now: datetime) -> set[date]:
    """The dates a pause covered, day-granular (see the module docstring)."""
    days: set[date] = set()
    for start, end in _spans(pauses, now):
        day, last = start.date(), end.date()
        while day < last:
            days.add(day)
            day += ONE_DAY
    return days


def due_in_working_days(
    start: datetime,
    days: int,
    cal: WorkCalendar,
    pauses: Iterable[Interval] = (),
    now: datetime | None = None,
) -> tuple[datetime, list[SkippedDay]]:
    """The end (23:59:59) of the ``days``-th working day after the day of ``start`` (that day
    itself is not counted: 期限从次日起算), working days covered by a pause not counted; and
    the days skipped or counted unexpectedly on the way."""
    start = aware(start, "start")
    held = paused_days(pauses, now or start)
    day, remaining = start.date(), days
    notes: list[SkippedDay] = []
    for _ in range(MAX_DAYS):
        if not remaining:
            return end_of_day(day), notes
        day += ONE_DAY
        note = _day_note(cal, day, held)
        if note is not None:
            notes.append(note)
        if note is None or note.counted:
            remaining -= 1
    raise ValueError("a working-day limit longer than ten years")  # pragma: no cover


def _day_note(cal: WorkCalendar, day: date, held: set[date]) -> SkippedDay | None:
    working, weekend = cal.is_workday(day), day.weekday() >= 5
    if not working:
        return SkippedDay(day, REST_DAY if weekend else HOLIDAY)
    if day in held:
        return SkippedDay(day, PAUSED_DAY)
    return SkippedDay(day, MAKE_UP_DAY, counted=True) if weekend else None


def describe_days(notes: Sequence[SkippedDay]) -> str:
    """``5月1日至5日法定节假日、5月9日（星期六）调休上班`` — consecutive days off joined (a run
    with a holiday in it reads 法定节假日, a plain weekend 休息日), pauses and make-up days apart."""
    runs: list[tuple[date, date, str]] = []
    for note in notes:
        kind = _run_kind(note.reason)
        if runs and _run_kind(runs[-1][2]) == kind and runs[-1][1] + ONE_DAY == note.day:
            reason = HOLIDAY if HOLIDAY in (runs[-1][2], note.reason) else note.reason
            runs[-1] = (runs[-1][0], note.day, reason)
        else:
            runs.append((note.day, note.day, note.reason))
    return "、".join(_run_text(a, b, reason) for a, b, reason in runs)


def _run_kind(reason: str) -> str:
    return "off" if reason in (HOLIDAY, REST_DAY) else reason


def _run_text(a: date, b: date, reason: str) -> str:
    if a == b:
        return f"{fmt_day(a)}{reason}"
    if a.month == b.month:
        return f"{a.month}月{a.day}日至{b.day}日{reason}"
    return f"{a.month}月{a.day}日至{b.month}月{b.day}日{reason}"
