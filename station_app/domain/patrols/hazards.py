"""Hazards (隐患), rectification (责令整改) and re-checks (复查): categories, severities and
the state machine. Pure.

A finding of a visit is a hazard. Either it is corrected while the inspector is there
(当场整改: closed at once, the record is the proof) or the station orders it corrected by a
deadline (责令整改, with a 责令改正通知书). An ordered hazard stays open until a **passing
re-check** closes it; the re-check is scheduled automatically on the deadline (the next
working day when the deadline is a holiday). A failing re-check keeps it open with a new
deadline (and a new re-check) or sends it to enforcement (移送立案). Open past its deadline
it is *overdue* (整改逾期), shown on the home page.

===============  =====================  =============================================
state            how it is entered      how it leaves
===============  =====================  =============================================
—                —                      found fixed on the spot → 当场整改; found and
                                        ordered with a deadline → 待整改
待整改 (open)     ordered; a failed       a passing 复查 → 已整改; a failing 复查 with a
                  re-check; an extension  new deadline → 待整改; 移送立案 → 已移送;
                                        延期 (before the deadline, with a reason) → 待整改
当场整改          found                   final
已整改            a passing 复查          final
已移送            移送立案                final
===============  =====================  =============================================
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from station_app.domain.periods import SHANGHAI
from station_app.domain.text import normalize_spaces, to_halfwidth
from station_app.errors import ValidationError

# The Bao'an five (STATIONS.md §2), then the fields of the station's work.
BAOAN_FIVE = ("超范围经营", "无证无照经营", "三小场所火灾隐患", "超门店摆卖", "占道经营")
CATEGORIES = (
    *BAOAN_FIVE,
    "食品安全",
    "药品安全",
    "医疗器械",
    "特种设备",
    "消防安全",
    "价格",
    "许可证照",
    "其他",
)
GENERAL, MAJOR, SERIOUS = "一般", "较大", "重大"
SEVERITIES = (GENERAL, MAJOR, SERIOUS)
DEFAULT_DEADLINE_DAYS = {GENERAL: 15, MAJOR: 7, SERIOUS: 3}
"""Calendar days from the finding to the rectification deadline a form proposes (local
practice; the officer may set another up to :data:`MAX_DEADLINE_DAYS`)."""
MAX_DEADLINE_DAYS = 90
RECHECK_GRACE_WORKDAYS = 2
"""Working days after the deadline within which the re-check is on time."""

ON_SPOT, ORDERED = "on_spot", "ordered"
MODE_LABELS = {ON_SPOT: "当场整改", ORDERED: "责令限期整改"}

OPEN, FIXED, CLOSED, TRANSFERRED = "open", "fixed", "closed", "transferred"
VOIDED = "voided"
"""The record that found it was voided (作废): it no longer counts anywhere."""
STATE_LABELS = {
    OPEN: "待整改",
    FIXED: "当场整改",
    CLOSED: "已整改",
    TRANSFERRED: "已移送立案",
    VOIDED: "已作废",
}
FINAL_STATES = frozenset({FIXED, CLOSED, TRANSFERRED, VOIDED})
OVERDUE_LABEL = "整改逾期"

# Events of the state machine.
FIND_FIXED, FIND_ORDERED = "find_fixed", "find_ordered"
RECHECK_PASS, RECHECK_FAIL, TRANSFER, EXTEND = "recheck_pass", "recheck_fail", "transfer", "extend"
TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, FIND_FIXED): FIXED,
    (None, FIND_ORDERED): OPEN,
    (OPEN, RECHECK_PASS): CLOSED,
    (OPEN, RECHECK_FAIL): OPEN,
    (OPEN, TRANSFER): TRANSFERRED,
    (OPEN, EXTEND): OPEN,
}
EVENT_LABELS = {
    FIND_FIXED: "发现并当场整改",
    FIND_ORDERED: "发现并责令整改",
    RECHECK_PASS: "复查合格",
    RECHECK_FAIL: "复查不合格",
    TRANSFER: "移送立案",
    EXTEND: "延长整改期限",
}


def transition(state: str | None, event: str) -> str:
    """The state after ``event``; an event the state does not allow is a ``ValidationError``
    that says why (a closed hazard cannot be re-checked, …)."""
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        pass
    if state in FINAL_STATES:
        raise ValidationError(
            f"该隐患已{STATE_LABELS[state]}，不能再“{EVENT_LABELS.get(event, event)}”。",
            field="state",
        )
    raise ValidationError(f"该隐患当前不能“{EVENT_LABELS.get(event, event)}”。", field="state")


class Workdays(Protocol):
    def is_workday(self, d: date) -> bool: ...


@dataclass(frozen=True)
class Finding:
    """A hazard as entered on a record (before it has an id)."""

    category: str
    description: str = ""
    severity: str = GENERAL
    mode: str = ORDERED
    deadline: date | None = None
    item_key: str = ""  # the checklist item answered 否, if the finding came from one

    @property
    def event(self) -> str:
        return FIND_FIXED if self.mode == ON_SPOT else FIND_ORDERED


def parse_category(text: str) -> str:
    """A category as typed: exact, or a unique part of one (``火灾`` → ``三小场所火灾隐患``…
    but ``安全`` is ambiguous)."""
    value = normalize_spaces(to_halfwidth(text or ""))
    if value in CATEGORIES:
        return value
    matches = [c for c in CATEGORIES if value and value in c]
    if len(matches) == 1:
        return matches[0]
    raise ValidationError(
        f"隐患类别“{text}”无法识别。可选：{'、'.join(CATEGORIES)}。", field="category"
    )


def default_deadline(found_on: date, severity: str) -> date:
    """The deadline a form proposes: 一般 15 days, 较大 7, 重大 3 after the finding."""
    return found_on + timedelta(days=DEFAULT_DEADLINE_DAYS.get(severity, 15))


def check_deadline(found_on: date, deadline: date | None, field: str = "deadline") -> date:
    """A rectification deadline: given, after the day of the finding, within 90 days."""
    if deadline is None:
        raise ValidationError("责令整改须填写整改期限。", field=field)
    if deadline <= found_on:
        raise ValidationError(
            f"整改期限 {deadline.isoformat()} 须晚于发现隐患的日期 {found_on.isoformat()}。",
            field=field,
        )
    if (deadline - found_on).days > MAX_DEADLINE_DAYS:
        raise ValidationError(
            f"整改期限 {deadline.isoformat()} 距发现日期超过 {MAX_DEADLINE_DAYS} 天。"
            "期限过长的请移送立案处理。",
            field=field,
        )
    return deadline


def check_finding(finding: Finding, found_on: date) -> Finding:
    """A finding as entered: a known category and severity, a short description, and a
    deadline exactly when rectification is ordered."""
    category = parse_category(finding.category)
    if finding.severity not in SEVERITIES:
        raise ValidationError(
            f"严重程度“{finding.severity}”无效：可选 {'、'.join(SEVERITIES)}。", field="severity"
        )
    description = normalize_spaces(finding.description or "") or category
    if len(description) > 200:
        raise ValidationError("隐患描述不能超过 200 个字。", field="description")
    if finding.mode not in MODE_LABELS:
        raise ValidationError("整改方式只能是当场整改或责令限期整改。", field="mode")
    deadline = finding.deadline
    if finding.mode == ON_SPOT:
        if deadline is not None:
            raise ValidationError(
                f"“{category}”已当场整改，不需要整改期限；需要限期整改的请改选“责令限期整改”。",
                field="deadline",
            )
    else:
        deadline = check_deadline(found_on, deadline)
    return Finding(
        category, description, finding.severity, finding.mode, deadline, finding.item_key
    )


def check_recheck(
    state: str,
    found_at: datetime,
    at: datetime,
    passed: bool,
    new_deadline: date | None = None,
    transfer: bool = False,
) -> str:
    """A re-check of one hazard: only an open one, not before it was found; a failure needs
    either a new deadline after the re-check day or 移送立案. Returns the new state."""
    if at < found_at:
        raise ValidationError(
            f"复查时间 {_hm(at)} 早于发现该隐患的时间 {_hm(found_at)}，请核对复查时间。",
            field="at",
        )
    if passed:
        if new_deadline is not None or transfer:
            raise ValidationError("复查合格的隐患不需要新的整改期限。", field="deadline")
        return transition(state, RECHECK_PASS)
    if transfer:
        transition(state, RECHECK_FAIL)
        return transition(state, TRANSFER)
    if new_deadline is None:
        raise ValidationError("复查不合格：请填写新的整改期限，或选择移送立案。", field="deadline")
    check_deadline(at.date(), new_deadline)
    return transition(state, RECHECK_FAIL)


def check_extension(state: str, deadline: date, new_deadline: date, today: date, reason: str):
    """延期: asked before the deadline passes (an overdue one is re-checked, not extended),
    to a later day, with a reason."""
    transition(state, EXTEND)
    if today > deadline:
        raise ValidationError(
            f"整改期限 {deadline.isoformat()} 已过，不能再延期。逾期未改的请进行复查"
            "（复查不合格可重新限期或移送立案）。",
            field="deadline",
        )
    if new_deadline <= deadline:
        raise ValidationError("延长后的期限须晚于原整改期限。", field="deadline")
    if len((reason or "").strip()) < 4:
        raise ValidationError("延长整改期限请写明原因（至少 4 个字）。", field="reason")
    return check_deadline(today, new_deadline)


def is_overdue(state: str, deadline: date | None, today: date) -> bool:
    """Open with its deadline behind today: 整改逾期."""
    return state == OPEN and deadline is not None and deadline < today


def recheck_day(deadline: date, workdays: Workdays) -> date:
    """The re-check is scheduled on the deadline, or the next working day."""
    day = deadline
    for _ in range(60):
        if workdays.is_workday(day):
            return day
        day += timedelta(days=1)
    return deadline


def recheck_window_end(due: date, workdays: Workdays) -> date:
    """The last day the re-check is on time: :data:`RECHECK_GRACE_WORKDAYS` working days on."""
    day, left = due, RECHECK_GRACE_WORKDAYS
    while left:
        day += timedelta(days=1)
        left -= workdays.is_workday(day)
    return day


def _hm(moment: datetime) -> str:
    """Beijing time as the clerk typed it."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(SHANGHAI)
    return moment.strftime("%Y-%m-%d %H:%M")
