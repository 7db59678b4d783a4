"""Time limits of work orders (工单时限) as data, kept by effective date (FACTS warning: several
rules changed in 2025–2026; FIELDWORK §1: most of these are local practice).

A :class:`Limit` is one line: for one kind of order, one clock (派单, 响应, 反馈, 办结, 告知),
an amount in a unit, in force from a moment. The :class:`LimitTable` holds every line ever in
force — the built-in ones below and the station's own edits (设置 → 工单时限, audited) — and
answers which line applies to an order: **the line in force when the order was received**, so
an edit applies to orders received after it and never moves an existing order's deadline.
Office hours (for a line counted in 工作小时) are versioned the same way.

Every clock starts when the order (or its 重办 round) is received, except 告知 (a real-name
reporter is told within N working days of the 立案 decision). Each clock stops at its step:
派单 at the first dispatch, 响应 at the response, 反馈 at the feedback, 办结 at the close — for a
举报 at the 立案/不予立案 decision (FACTS §2.2: 15 working days to check and decide).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from station_app.domain.calendar import ORDER_20, ORDER_121, ComplaintRules
from station_app.domain.orders import kinds as k
from station_app.domain.orders.timing import aware, fmt_time, iso, parse_time
from station_app.domain.periods import SHANGHAI
from station_app.errors import ValidationError

# ---- clocks ---------------------------------------------------------------------------------
DISPATCH, RESPOND, FEEDBACK, FINISH, NOTICE = "dispatch", "respond", "feedback", "finish", "notice"
CLOCKS = (DISPATCH, RESPOND, FEEDBACK, FINISH, NOTICE)
CLOCK_LABELS: dict[str, str] = {
    DISPATCH: "派单时限",
    RESPOND: "响应时限",
    FEEDBACK: "反馈时限",
    FINISH: "办结时限",
    NOTICE: "告知时限",
}
#: the step that stops each clock (a 举报's 办结 clock stops at the decision: see below)
STOP_STEP: dict[str, str] = {
    DISPATCH: k.DISPATCH,
    RESPOND: k.RESPOND,
    FEEDBACK: k.FEEDBACK,
    FINISH: k.CLOSE,
    NOTICE: k.NOTIFY,
}


def stop_step(kind: str, clock: str) -> str:
    """The step that meets ``clock`` for an order of ``kind``."""
    if kind == k.REPORT and clock == FINISH:
        return k.DECIDE
    return STOP_STEP[clock]


def clock_label(kind: str, clock: str) -> str:
    """``响应时限``; a 举报's 办结 clock reads ``核查时限`` (check and decide)."""
    if kind == k.REPORT and clock == FINISH:
        return "核查时限"
    return CLOCK_LABELS[clock]


# ---- units ----------------------------------------------------------------------------------
MINUTES, HOURS, WORK_HOURS, WORK_DAYS = "min", "h", "wh", "wd"
UNITS = (MINUTES, HOURS, WORK_HOURS, WORK_DAYS)
UNIT_LABELS: dict[str, str] = {
    MINUTES: "分钟",
    HOURS: "小时",
    WORK_HOURS: "工作小时",
    WORK_DAYS: "工作日",
}
#: the largest amount a line may have, per unit (a year, roughly)
MAX_AMOUNT: dict[str, int] = {MINUTES: 525_600, HOURS: 8_760, WORK_HOURS: 2_000, WORK_DAYS: 250}

EPOCH = datetime(2020, 1, 1, tzinfo=SHANGHAI)
"""Built-in lines are in force from 2020-01-01 (Order 20); nothing the station handles is older."""


@dataclass(frozen=True)
class Limit:
    """One line of the table: ``amount`` ``unit`` for the ``clock`` of orders of ``kind``
    received from ``effective_from`` on. ``extension``: the extra amount (same unit) the head
    may grant once, asked before the deadline (举报: +15 working days). ``platform``: the
    platform's own deadline on the order wins when one was entered (12345: 办结 by the date the
    city set); this line is then only the fallback. ``basis`` is printed beside the deadline."""

    kind: str
    clock: str
    amount: int
    unit: str
    effective_from: datetime = EPOCH
    extension: int = 0
    platform: bool = False
    basis: str = ""
    builtin: bool = True
    changed_by: str = ""
    reason: str = ""

    @property
    def text(self) -> str:
        """``30 分钟``, ``15 个工作日（可延长 15 个工作日）``."""
        amount = (
            f"{self.amount} 个{UNIT_LABELS[self.unit]}"
            if self.unit == WORK_DAYS
            else (f"{self.amount} {UNIT_LABELS[self.unit]}")
        )
        if self.extension:
            extra = (
                f"{self.extension} 个工作日"
                if self.unit == WORK_DAYS
                else (f"{self.extension} {UNIT_LABELS[self.unit]}")
            )
            amount += f"（经批准可延长 {extra}）"
        return amount

    @property
    def minutes(self) -> int:
        """The amount in minutes, for the units counted on a clock."""
        return self.amount * (1 if self.unit == MINUTES else 60)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "clock": self.clock,
            "amount": self.amount,
            "unit": self.unit,
            "effective_from": iso(self.effective_from),
            "extension": self.extension,
            "platform": self.platform,
            "basis": self.basis,
            "changed_by": self.changed_by,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Limit:
        return cls(
            kind=str(data["kind"]),
            clock=str(data["clock"]),
            amount=int(data["amount"]),
            unit=str(data["unit"]),
            effective_from=parse_time(data["effective_from"]),
            extension=int(data.get("extension", 0)),
            platform=bool(data.get("platform", False)),
            basis=str(data.get("basis", "")),
            builtin=False,
            changed_by=str(data.get("changed_by", "")),
            reason=str(data.get("reason", "")),
        )


@dataclass(frozen=True)
class OfficeHours:
    """The station's office hours (for lines counted in 工作小时): windows of minutes after
    midnight on working days, in force from ``effective_from``."""

    windows: tuple[tuple[int, int], ...] = ((8 * 60 + 30, 12 * 60), (14 * 60, 17 * 60 + 30))
    effective_from: datetime = EPOCH
    changed_by: str = ""
    reason: str = ""

    @property
    def text(self) -> str:
        return "、".join(f"{_hm(a)}–{_hm(b)}" for a, b in self.windows)


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# ---- the built-in lines ---------------------------------------------------------------------
_FEICHENG = "所社联动网格线索闭环机制：30 分钟内响应、24 小时内反馈（本所工作机制，可在设置中修改）"
_SHANDONG = "山东省投诉举报“2 小时分送、24 小时回应”工作要求（地方工作要求，可在设置中修改）"
_HOTLINE_FINISH = "以平台工单上的办结时限为准；未填写时按省热线工作规定，5 个工作日内办结答复"
_CONSULT = "咨询类诉求 24 小时内答复、3 个工作日内办结（本所工作要求，可在设置中修改）"


def _statutory(rules: ComplaintRules) -> tuple[Limit, ...]:
    """The lines that follow the complaint and report rules in force from ``rules``' date."""
    at, name = rules.effective_from, rules.name
    at_moment = datetime.combine(at, datetime.min.time(), SHANGHAI)
    complaint_days = rules.acceptance_days + rules.mediation_days
    complaint_basis = (
        f"{name}：{rules.acceptance_days} 个工作日内决定是否受理，受理后 "
        f"{rules.mediation_days} 个工作日内调解终结（合计上限）"
    )
    report_basis = (
        f"{name}及《市场监督管理行政处罚程序规定》第十八条：自收到举报之日起 "
        f"{rules.report_check_days} 个工作日内核查并决定是否立案，特殊情况经负责人批准可延长 15 个工作日"
    )
    notice_basis = f"{name}：实名举报人，立案或不予立案决定后 5 个工作日内告知"
    return (
        Limit(k.COMPLAINT, FINISH, complaint_days, WORK_DAYS, at_moment, basis=complaint_basis),
        Limit(
            k.REPORT, FINISH, rules.report_check_days, WORK_DAYS, at_moment, 15, basis=report_basis
        ),
        Limit(k.REPORT, NOTICE, 5, WORK_DAYS, at_moment, basis=notice_basis),
    )


def _local() -> tuple[Limit, ...]:
    lines = [
        Limit(k.CLUE, RESPOND, 30, MINUTES, basis=_FEICHENG),
        Limit(k.CLUE, FEEDBACK, 24, HOURS, basis=_FEICHENG),
        Limit(k.CONSULT, RESPOND, 24, HOURS, basis=_CONSULT),
        Limit(k.CONSULT, FINISH, 3, WORK_DAYS, basis=_CONSULT),
    ]
    for kind in (k.HOTLINE, k.DIRECT, k.COMPLAINT, k.REPORT):
        lines += [
            Limit(kind, DISPATCH, 2, HOURS, basis=_SHANDONG),
            Limit(kind, RESPOND, 24, HOURS, basis=_SHANDONG),
        ]
    for kind in (k.HOTLINE, k.DIRECT):
        lines.append(Limit(kind, FINISH, 5, WORK_DAYS, platform=True, basis=_HOTLINE_FINISH))
    return tuple(lines)


BUILTIN_LIMITS: tuple[Limit, ...] = _local() + _statutory(ORDER_20) + _statutory(ORDER_121)
"""The lines the application ships: local practice (Feicheng, Zibo/Shandong, the hotline
regulation) from 2020, and the complaint and report lines of Order 20 and of Order 121 (in
force 2026-04-15; its numbers copy Order 20's until checked: ``calendar.ORDER_121``)."""

#: which (kind, clock) pairs exist: a line for another pair is refused
APPLICABLE: frozenset[tuple[str, str]] = frozenset((x.kind, x.clock) for x in BUILTIN_LIMITS)


def clocks_of(kind: str) -> tuple[str, ...]:
    """The clocks an order of ``kind`` runs, in order."""
    return tuple(c for c in CLOCKS if (kind, c) in APPLICABLE)


# ---- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LimitTable:
    """Every line ever in force (built-in and the station's edits) and the office hours.

    Immutable; an edit makes a new table (:meth:`with_edit`), which the settings service
    validates, stores (the station's lines only, :meth:`station_json`) and audits."""

    lines: tuple[Limit, ...] = BUILTIN_LIMITS
    office_hours: tuple[OfficeHours, ...] = (OfficeHours(),)

    def line(self, kind: str, clock: str, received_at: datetime) -> Limit | None:
        """The line of ``kind``/``clock`` in force at ``received_at`` (None: no such clock)."""
        at = aware(received_at, "received_at")
        best: Limit | None = None
        for line in self.lines:
            if line.kind != kind or line.clock != clock or line.effective_from > at:
                continue
            if best is None or line.effective_from >= best.effective_from:
                best = line
        return best

    def for_order(self, kind: str, received_at: datetime) -> dict[str, Limit]:
        """Clock → the line in force when the order was received, for its kind's clocks."""
        found = {c: self.line(kind, c, received_at) for c in clocks_of(kind)}
        return {c: line for c, line in found.items() if line is not None}

    def hours_at(self, received_at: datetime) -> OfficeHours:
        at = aware(received_at, "received_at")
        in_force = [h for h in self.office_hours if h.effective_from <= at]
        return max(in_force, key=lambda h: h.effective_from) if in_force else self.office_hours[0]

    def history(self, kind: str, clock: str) -> tuple[Limit, ...]:
        """Every line of ``kind``/``clock``, oldest first (the settings screen's 历史)."""
        lines = [x for x in self.lines if x.kind == kind and x.clock == clock]
        return tuple(sorted(lines, key=lambda x: (x.effective_from, not x.builtin)))

    def with_edit(
        self,
        kind: str,
        clock: str,
        amount: int,
        unit: str,
        *,
        now: datetime,
        effective_from: datetime | None = None,
        extension: int | None = None,
        by: str = "",
        reason: str = "",
    ) -> tuple[LimitTable, Limit]:
        """A new table with one more line for ``kind``/``clock``, in force from
        ``effective_from`` (default: ``now``; never earlier: orders already received keep the
        limits they were received under), and that line."""
        effective = aware(effective_from or now, "effective_from")
        current = self.line(kind, clock, effective)
        line = check_line(kind, clock, amount, unit, extension, current, effective, now, reason)
        line = replace(line, changed_by=by)
        return replace(self, lines=(*self.lines, line)), line

    def with_office_hours(
        self,
        windows: Iterable[tuple[int, int]],
        *,
        now: datetime,
        effective_from: datetime | None = None,
        by: str = "",
        reason: str = "",
    ) -> LimitTable:
        """A new table whose office hours are ``windows`` from ``effective_from`` (default
        ``now``; never earlier: orders received before keep the hours they were received under)."""
        effective = aware(effective_from or now, "effective_from")
        if effective < aware(now) - timedelta(minutes=1):
            raise ValidationError(
                f"新的办公时间只能从现在（{fmt_time(now)}）或以后生效。", field="effective_from"
            )
        checked = check_windows(windows)
        if checked == self.hours_at(effective).windows:
            raise ValidationError("办公时间与现行的相同，无需修改。", field="office_hours")
        hours = OfficeHours(checked, effective, by, reason.strip())
        return replace(self, office_hours=(*self.office_hours, hours))

    # -- storage: the station's own lines only (the built-in ones ship with the code) --------

    def station_json(self) -> str:
        return json.dumps(
            {
                "lines": [x.as_json() for x in self.lines if not x.builtin],
                "office_hours": [
                    {
                        "effective_from": iso(h.effective_from),
                        "windows": [list(w) for w in h.windows],
                        "changed_by": h.changed_by,
                        "reason": h.reason,
                    }
                    for h in self.office_hours[1:]
                ],
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_station_json(cls, text: str | None) -> LimitTable:
        """The built-in table plus the station's stored lines (``None``/empty: none yet)."""
        if not text:
            return cls()
        data = json.loads(text)
        lines = tuple(Limit.from_json(x) for x in data.get("lines", ()))
        hours = tuple(
            OfficeHours(
                tuple((int(a), int(b)) for a, b in h["windows"]),
                parse_time(h["effective_from"]),
                str(h.get("changed_by", "")),
                str(h.get("reason", "")),
            )
            for h in data.get("office_hours", ())
        )
        return cls(BUILTIN_LIMITS + lines, (OfficeHours(), *hours))


# ---- validation of an edit ------------------------------------------------------------------


def check_line(
    kind: str,
    clock: str,
    amount: object,
    unit: str,
    extension: object,
    current: Limit | None,
    effective_from: datetime,
    now: datetime,
    reason: str = "",
) -> Limit:
    """A station's edit of one line, checked; Chinese messages name the field."""
    if kind not in k.KINDS:
        raise ValidationError(f"未知的工单类型“{kind}”。", field="kind")
    if (kind, clock) not in APPLICABLE or current is None:
        names = "、".join(CLOCK_LABELS[c] for c in clocks_of(kind))
        raise ValidationError(
            f"{k.KIND_LABELS[kind]}没有“{CLOCK_LABELS.get(clock, clock)}”，可设置：{names}。",
            field="clock",
        )
    if unit not in UNITS:
        raise ValidationError("时限单位只能是分钟、小时、工作小时或工作日。", field="unit")
    value = _whole(amount, "amount", "时限")
    if not 1 <= value <= MAX_AMOUNT[unit]:
        raise ValidationError(
            f"时限须在 1 至 {MAX_AMOUNT[unit]} {UNIT_LABELS[unit]}之间，现为 {value}。",
            field="amount",
        )
    extra = current.extension if extension is None else _whole(extension, "extension", "可延长时限")
    if not 0 <= extra <= MAX_AMOUNT[unit]:
        raise ValidationError("可延长时限不能为负数，也不能超过一年。", field="extension")
    if aware(effective_from) < aware(now).replace(second=0, microsecond=0):
        raise ValidationError(
            f"新时限只能从现在（{fmt_time(now)}）或以后生效：已受理的工单仍按受理时的时限计算。",
            field="effective_from",
        )
    if (value, unit, extra) == (current.amount, current.unit, current.extension):
        raise ValidationError("新时限与现行时限相同，无需修改。", field="amount")
    return Limit(
        kind,
        clock,
        value,
        unit,
        aware(effective_from),
        extra,
        current.platform,
        current.basis,
        builtin=False,
        reason=reason.strip(),
    )


def _whole(value: object, field: str, label: str) -> int:
    text = str(value).strip() if value is not None else ""
    if not text.isdigit():
        raise ValidationError(f"{label}请填写整数，例如 30。", field=field)
    return int(text)


_WINDOW = re.compile(r"^(\d{1,2})[:：](\d{2})[-–—~～至到](\d{1,2})[:：](\d{2})$")


def parse_windows(text: str) -> tuple[tuple[int, int], ...]:
    """``"08:30–12:00、13:30–17:30"`` (separated by 、，, ; or spaces) as checked windows."""
    joined = re.sub(r"\s*([-–—~～至到])\s*", r"\1", (text or "").strip())
    parts = [p for p in re.split(r"[、，,；;\s]+", joined) if p]
    out = []
    for part in parts:
        m = _WINDOW.match(part)
        if m is None or int(m[2]) > 59 or int(m[4]) > 59:
            raise ValidationError(
                f"办公时间“{part}”格式不对，请写成 08:30–12:00、13:30–17:30。", field="office_hours"
            )
        out.append((int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])))
    return check_windows(out)


def check_windows(windows: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Office windows: each opens before it closes, inside one day, in order, not overlapping."""
    out = tuple((int(a), int(b)) for a, b in windows)
    if not out:
        raise ValidationError("请至少填写一段办公时间，例如 08:30–12:00。", field="office_hours")
    previous = 0
    for a, b in out:
        if not (0 <= a < b <= 24 * 60) or a < previous:
            raise ValidationError(
                f"办公时间 {_hm(a)}–{_hm(b)} 无效：每段须先开始后结束、在一天之内、按时间先后且不重叠。",
                field="office_hours",
            )
        previous = b
    return out
