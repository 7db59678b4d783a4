"""Every deadline of an order, computed from its log (FIELDWORK §2), never read from storage.

For each clock of the order's kind, the line of the limit table in force when the order was
received gives the amount and unit; the clock starts when this round started (告知: at the 立案
decision, only for a real-name reporter) and stops at its step. Pauses of the round are left
out while the clock runs (a pause after a clock stopped does not move it); a platform's own
deadline (12345 办结时限) is a fixed moment that pauses do not move.

A deadline that has passed is **frozen**: the first time a write or the minute timer sees it
breached, the service appends a 超时 event holding the due moment (:func:`to_freeze`), and
from then on that moment is the deadline whatever happens later (a holiday entered, a pause
recorded afterwards). History does not change when the rules do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from station_app.domain.calendar import WorkCalendar
from station_app.domain.orders import kinds as k
from station_app.domain.orders import limits as lim
from station_app.domain.orders.log import OrderFacts
from station_app.domain.orders.timing import (
    Interval,
    SkippedDay,
    Span,
    aware,
    day_of,
    describe_days,
    due_in_office_hours,
    due_in_working_days,
    due_on_clock,
    fmt_duration,
    fmt_left,
    fmt_time,
)

OPEN, MET, LATE, OVERDUE, PAUSED = "open", "met", "late", "overdue", "paused"
STATUS_LABELS: dict[str, str] = {
    OPEN: "计时中",
    MET: "按时完成",
    LATE: "超时完成",
    OVERDUE: "已超时",
    PAUSED: "挂起中",
}
# urgency of what is left (the list's colours)
U_OVERDUE, U_HOUR, U_DAY, U_OK, U_PAUSED, U_DONE = "overdue", "hour", "day", "ok", "paused", "done"
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
RESPONSE_WINDOW_MINUTES = 24 * 60  # the 24 小时回应率 counts 24 hours whatever the limit says


@dataclass(frozen=True)
class ClockState:
    """One deadline of an order as the log makes it. ``due`` is aware; ``skipped`` lists the
    days not counted (working-day limits), ``spans`` the pauses and off hours left out (limits
    on the clock)."""

    clock: str
    label: str
    limit: lim.Limit
    start: datetime
    due: datetime
    done_at: datetime | None
    status: str
    frozen: bool = False
    platform: bool = False  # the due is the platform's own deadline
    extended: bool = False
    skipped: tuple[SkippedDay, ...] = ()
    spans: tuple[Span, ...] = ()
    unknown_years: frozenset[int] = frozenset()

    @property
    def running(self) -> bool:
        return self.status in (OPEN, OVERDUE, PAUSED)

    def left(self, now: datetime) -> timedelta:
        return aware(self.due) - aware(now)

    def explain(self) -> str:
        """How the deadline was reached, in words: start, amount, due, what was skipped."""
        return explain(self)


def order_clocks(
    facts: OrderFacts, table: lim.LimitTable, cal: WorkCalendar, now: datetime
) -> tuple[ClockState, ...]:
    """The order's clocks in ``lim.CLOCKS`` order (a voided order has none; 告知 only once a
    real-name reporter's report was decided)."""
    if facts.state == k.VOID:
        return ()
    ref = aware(now) if facts.is_open else (facts.done.get(k.CLOSE) or facts.last_at or now)
    hours = table.hours_at(facts.received_at)
    out: list[ClockState] = []
    for clock, line in table.for_order(facts.kind, facts.received_at).items():
        start = _start(facts, clock)
        if start is not None:
            out.append(_clock(facts, clock, line, start, cal, hours.windows, aware(ref)))
    return tuple(out)


def _start(facts: OrderFacts, clock: str) -> datetime | None:
    if clock == lim.NOTICE:
        decided = facts.done.get(k.DECIDE)
        return decided if decided is not None and facts.real_name else None
    return facts.start


def _clock(
    facts: OrderFacts,
    clock: str,
    line: lim.Limit,
    start: datetime,
    cal: WorkCalendar,
    windows: Sequence[tuple[int, int]],
    ref: datetime,
) -> ClockState:
    done_at = facts.done.get(lim.stop_step(facts.kind, clock))
    if done_at is None and facts.kind == k.CONSULT and clock == lim.FINISH:
        done_at = facts.done.get(k.LINK_CASE)  # answered by opening a complaint case
    pauses = _running_pauses(facts.pauses, done_at)
    extended = clock in facts.extended
    amount = line.amount + (line.extension if extended else 0)
    skipped: tuple[SkippedDay, ...] = ()
    spans: tuple[Span, ...] = ()
    unknown: frozenset[int] = frozenset()
    platform = line.platform and facts.platform_deadline is not None
    if platform:
        due = aware(facts.platform_deadline)  # type: ignore[arg-type]
    elif line.unit == lim.WORK_DAYS:
        due, notes = due_in_working_days(start, amount, cal, pauses, ref)
        skipped = tuple(notes)
        unknown = frozenset(cal.unknown_years_between(day_of(start), day_of(due)))
    elif line.unit == lim.WORK_HOURS:
        due, gaps = due_in_office_hours(start, amount * 60, cal, windows, pauses, ref)
        spans = tuple(gaps)
        unknown = frozenset(cal.unknown_years_between(day_of(start), day_of(due)))
    else:
        minutes = amount * (1 if line.unit == lim.MINUTES else 60)
        due, gaps = due_on_clock(start, minutes, pauses, ref)
        spans = tuple(gaps)
    frozen = clock in facts.frozen
    if frozen:
        due = aware(facts.frozen[clock])
    status = _status(due, done_at, frozen, facts.paused and not platform, ref)
    label = lim.clock_label(facts.kind, clock)
    return ClockState(
        clock, label, line, start, due, done_at, status, frozen, platform, extended,
        skipped, spans, unknown,
    )  # fmt: skip


def _running_pauses(pauses: Sequence[Interval], done_at: datetime | None) -> list[Interval]:
    """The pauses that fell while the clock ran: none that began after it stopped."""
    if done_at is None:
        return list(pauses)
    return [p for p in pauses if aware(p.start) < done_at]


def _status(
    due: datetime, done_at: datetime | None, frozen: bool, paused: bool, ref: datetime
) -> str:
    if done_at is not None:
        return MET if done_at <= due else LATE
    if frozen or ref > due:
        return OVERDUE
    return PAUSED if paused else OPEN


# ---- what the clocks amount to -------------------------------------------------------------


def to_freeze(clocks: Sequence[ClockState]) -> list[tuple[str, datetime]]:
    """Clocks that have been breached (running past due, or stopped late) and are not frozen
    yet: the service appends a 超时 event ``(clock, due)`` for each, in the same transaction."""
    return [(c.clock, c.due) for c in clocks if c.status in (OVERDUE, LATE) and not c.frozen]


def overdue(clocks: Sequence[ClockState]) -> bool:
    """Some deadline has passed and its step is still to come (what 超时 means on a list)."""
    return any(c.status == OVERDUE for c in clocks)


def late(clocks: Sequence[ClockState]) -> bool:
    """Some deadline was or is breached (the 超时台账 keeps those that were met late too)."""
    return any(c.status in (OVERDUE, LATE) for c in clocks)


def next_due(clocks: Sequence[ClockState]) -> ClockState | None:
    """The running clock that expires first (breached ones first of all); a paused clock's
    deadline moves, so it counts only when nothing else runs."""
    running = [c for c in clocks if c.status in (OPEN, OVERDUE)]
    if not running:
        running = [c for c in clocks if c.status == PAUSED]
    return min(running, key=lambda c: c.due) if running else None


def urgency(clocks: Sequence[ClockState], now: datetime) -> str:
    """The colour of what is left: overdue, within the hour, within a day, later, paused, or
    nothing running."""
    if overdue(clocks):
        return U_OVERDUE
    c = next_due(clocks)
    if c is None:
        return U_DONE
    if c.status == PAUSED:
        return U_PAUSED
    left = c.left(now)
    return U_HOUR if left <= HOUR else U_DAY if left <= DAY else U_OK


def time_left_text(clocks: Sequence[ClockState], now: datetime) -> str:
    """``响应 剩 12分钟``, ``反馈 超时 3小时``, ``挂起 · 剩 2天``, ``按时办结`` / ``超时办结``."""
    c = next_due(clocks)
    if c is None:
        if not clocks:
            return ""
        return "超时办结" if late(clocks) else "按时完成"
    name = c.label.removesuffix("时限")
    if c.status == PAUSED:
        return f"挂起 · {name}剩 {fmt_duration(c.left(now))}"
    return f"{name} {fmt_left(c.due, now)}"


def response_within_24h(facts: OrderFacts, now: datetime) -> bool | None:
    """For the 24 小时回应率: was the first response within 24 hours of receipt (first round,
    paused time left out)? ``None`` while it can still be (not responded, 24 h not over) or
    for a voided order."""
    if facts.state == k.VOID:
        return None
    responded = facts.first_response_at
    ref = responded or aware(now)
    due, _ = due_on_clock(facts.received_at, RESPONSE_WINDOW_MINUTES, facts.first_round_pauses, ref)
    if responded is not None:
        return responded <= due
    return False if aware(now) > due else None


def finished_on_time(facts: OrderFacts, clocks: Sequence[ClockState]) -> bool | None:
    """For the 按时办结率: a closed order whose every deadline was met (None: not closed)."""
    if facts.state != k.CLOSED:
        return None
    return not late(clocks)


def handled_same_day(facts: OrderFacts) -> bool:
    """For the 当日处置数: the first feedback came on the day (Beijing) the order was received."""
    fed = facts.first_feedback_at
    return fed is not None and day_of(fed) == day_of(facts.received_at)


# ---- explanation ---------------------------------------------------------------------------


def explain(c: ClockState) -> str:
    """``响应时限：自 2026-05-01 23:50 起 30 分钟，至 2026-05-02 00:20。`` and what moved it."""
    start_word = "立案决定" if c.clock == lim.NOTICE else "受理"
    parts = [f"{c.label}：自 {fmt_time(c.start)} {start_word}起"]
    if c.platform:
        parts[0] = f"{c.label}：以平台工单上的办结时限为准，至 {fmt_time(c.due)}（挂起不顺延）"
    else:
        amount = c.limit.amount + (c.limit.extension if c.extended else 0)
        unit = lim.UNIT_LABELS[c.limit.unit]
        count = f"{amount} 个{unit}" if c.limit.unit == lim.WORK_DAYS else f"{amount} {unit}"
        tail = "（次日起算）" if c.limit.unit == lim.WORK_DAYS else ""
        parts[0] += f" {count}{tail}，至 {fmt_time(c.due)}"
        if c.extended:
            parts.append(f"已批准延长 {c.limit.extension} 个{unit}")
    parts.extend(_skipped_text(c))
    if c.frozen:
        parts.append("已超时，期限已冻结，不再因之后的挂起或节假日调整而改变")
    if c.unknown_years:
        years = "、".join(str(y) for y in sorted(c.unknown_years))
        parts.append(f"{years} 年节假日安排尚未录入，暂按周一至周五计算")
    return "；".join(parts) + "。"


def _skipped_text(c: ClockState) -> list[str]:
    out: list[str] = []
    not_counted = [d for d in c.skipped if not d.counted]
    counted = [d for d in c.skipped if d.counted]
    if not_counted:
        out.append(f"不计：{describe_days(not_counted)}")
    if counted:
        out.append(f"计入：{describe_days(counted)}")
    paused = [s for s in c.spans if s.reason == "挂起"]
    if paused:
        spans = "、".join(f"{fmt_time(s.start)} 至 {fmt_time(s.end)}" for s in paused)
        total = sum((s.end - s.start for s in paused), timedelta())
        out.append(f"挂起 {spans}（共 {fmt_duration(total)}）不计")
    return out
