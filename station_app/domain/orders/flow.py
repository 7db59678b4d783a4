"""The checks of each step of an order against its log, with Chinese messages that say what is
wrong and what to do. Services call them inside the unit of work, before writing: a refused
step writes nothing. Pure: no I/O.

The log is chronological: a step cannot be dated before an earlier step of the order (a
feedback before the dispatch), nor in the future. The double sign-off needs two different
people, each signed in as themselves; the same user (or two accounts of one roster person)
never signs twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from station_app.domain.orders import kinds as k
from station_app.domain.orders import machine
from station_app.domain.orders.clocks import OVERDUE, ClockState, late, next_due
from station_app.domain.orders.limits import FINISH
from station_app.domain.orders.log import OrderFacts
from station_app.domain.orders.timing import aware, fmt_time
from station_app.errors import ValidationError

FUTURE_TOLERANCE = timedelta(minutes=5)
"""A step may be dated this far ahead of the PC's clock (two PCs' clocks differ a little)."""
REASON_EXAMPLES: dict[str, str] = {
    k.PAUSE: "例如：等待检测结果、当事人无法联系",
    k.RETURN: "例如：不属于本网格、不属于市场监管职责",
    k.VOID_STEP: "例如：重复登记、录入错误",
    k.REJECT: "例如：现场问题仍未整改",
    k.EXTEND: "例如：案情复杂需进一步调查取证",
}
MAX_TEXT = 2000


def _label(step: str) -> str:
    return k.EVENT_LABELS.get(step, step)


# ---- one step ------------------------------------------------------------------------------


def check_step(
    facts: OrderFacts, step: str, at: datetime, now: datetime, *, reason: str = ""
) -> machine.Step:
    """The common checks of ``step`` at ``at``: it applies to the kind, the state allows it,
    a paused order is resumed first, a reason is given where one is needed, and the time
    fits the log. Returns the step's row of the table."""
    row = machine.step(step)
    if row.kinds is not None and facts.kind not in row.kinds:
        raise ValidationError(f"{k.KIND_LABELS[facts.kind]}没有“{row.label}”这一步。", field="step")
    if facts.state not in row.sources:
        raise ValidationError(_state_message(facts, row), field="state")
    if step == k.PAUSE and facts.paused:
        raise ValidationError(
            f"工单已于 {fmt_time(facts.paused_since)} 挂起（{facts.pause_reason}），无需重复挂起。",
            field="paused",
        )
    if facts.paused and not row.while_paused:
        raise ValidationError(
            f"工单已于 {fmt_time(facts.paused_since)} 挂起（{facts.pause_reason}），"
            f"请先恢复计时，再{row.label}。",
            field="paused",
        )
    if step == k.RESUME and not facts.paused:
        raise ValidationError("工单没有挂起，无需恢复计时。", field="paused")
    if row.needs_reason and not reason.strip():
        example = REASON_EXAMPLES.get(step, "")
        raise ValidationError(
            f"{row.label}须填写原因{'（' + example + '）' if example else ''}。", field="reason"
        )
    if len(reason) > MAX_TEXT:
        raise ValidationError(f"原因不能超过 {MAX_TEXT} 个字。", field="reason")
    check_time(facts, step, at, now)
    return row


def _state_message(facts: OrderFacts, row: machine.Step) -> str:
    if row.step == k.CLOSE and facts.state in (k.HANDLING, k.WAITING_CONFIRM):
        return close_message(facts)
    if facts.state == k.VOID:
        return f"工单已作废，不能再{row.label}。"
    options = [_label(s) for s in machine.possible(facts.state, facts.kind, facts.paused)]
    hint = f"当前可进行：{'、'.join(options)}。" if options else ""
    return f"工单当前状态为“{facts.state}”，不能{row.label}。{hint}"


def check_time(facts: OrderFacts, step: str, at: datetime, now: datetime) -> None:
    """``at`` not in the future and not before the steps already in the log."""
    at, now = aware(at), aware(now)
    if at > now + FUTURE_TOLERANCE:
        raise ValidationError(
            f"{_label(step)}时间（{fmt_time(at)}）晚于当前时间（{fmt_time(now)}），"
            "不能登记尚未发生的事项。",
            field="at",
        )
    earlier = _earliest_after(facts, at)
    if earlier is not None:
        name, when = earlier
        raise ValidationError(
            f"{_label(step)}时间（{fmt_time(at)}）不能早于{name}时间（{fmt_time(when)}）。"
            "请按实际发生的先后填写时间。",
            field="at",
        )


def _earliest_after(facts: OrderFacts, at: datetime) -> tuple[str, datetime] | None:
    """The first step in the log dated after ``at`` (to name it in the message)."""
    marks = [("受理" if facts.round_no == 0 else "重办", facts.start)]
    marks += [(_label(s), t) for s, t in facts.done.items()]
    if facts.last_at is not None:
        marks.append((_label(facts.last_step), facts.last_at))
    after = [(t, name) for name, t in marks if t > at]
    if not after:
        return None
    when, name = min(after)
    return name, when


def close_message(facts: OrderFacts) -> str:
    needed = "与".join(k.SIDE_LABELS[s] for s in k.SIGN_OFF[facts.kind])
    missing = "、".join(k.SIDE_LABELS[s] for s in facts.missing_sides())
    if facts.state == k.HANDLING:
        return f"请先反馈处置结果，并由{needed}确认后再办结。"
    if len(k.SIGN_OFF[facts.kind]) == 1:
        return f"办结前须由{needed}确认。"
    return f"办结前须由{needed}双方分别登录确认，尚缺：{missing}的确认。"


# ---- registration --------------------------------------------------------------------------


def check_kind(kind: str) -> str:
    kind = (kind or "").strip()
    if kind not in k.KINDS:
        raise ValidationError(f"工单类型“{kind}”不存在，可选：{'、'.join(k.KINDS)}。", field="kind")
    return kind


def check_received(received_at: datetime, now: datetime, epoch: datetime) -> datetime:
    received_at, now = aware(received_at), aware(now)
    if received_at > now + FUTURE_TOLERANCE:
        raise ValidationError(
            f"受理时间（{fmt_time(received_at)}）晚于当前时间（{fmt_time(now)}）。",
            field="received_at",
        )
    if received_at < epoch:
        raise ValidationError(
            f"受理时间早于 {fmt_time(epoch)}，本系统没有此前的工单时限规则。", field="received_at"
        )
    return received_at


def check_platform_number(kind: str, number: str) -> str:
    """A platform's order number for ``kind`` (required for platform kinds), or ``""``."""
    number = (number or "").strip().upper().replace(" ", "")
    if kind not in k.PLATFORM_KINDS:
        if number:
            raise ValidationError(
                f"{k.KIND_LABELS[kind]}没有平台工单编号，请留空。", field="platform_no"
            )
        return ""
    if not number:
        raise ValidationError(
            f"{k.KIND_LABELS[kind]}须填写平台工单编号，例如 {k.PLATFORM_NUMBER_EXAMPLE[kind]}。",
            field="platform_no",
        )
    if not k.PLATFORM_NUMBER[kind].fullmatch(number):
        raise ValidationError(
            f"平台工单编号“{number}”格式不符：{k.KIND_LABELS[kind]}编号应为"
            f"{'不超过 6 个字母加 8–24 位数字' if kind in k.REWORK_KINDS else '10–32 位数字'}，"
            f"例如 {k.PLATFORM_NUMBER_EXAMPLE[kind]}。",
            field="platform_no",
        )
    return number


def check_rework_count(kind: str, value: object) -> int:
    text = str(value if value is not None else "0").strip() or "0"
    if not text.isdigit():
        raise ValidationError(f"重办次数“{text}”须为 0 或正整数。", field="rework")
    count = int(text)
    if count and kind not in k.REWORK_KINDS:
        raise ValidationError(
            f"只有 12345 热线工单和企业直通车工单有重办次数，{k.KIND_LABELS[kind]}请填 0。",
            field="rework",
        )
    if count > 99:
        raise ValidationError("重办次数不能超过 99。", field="rework")
    return count


def check_platform_deadline(
    kind: str, deadline: datetime | None, received_at: datetime
) -> datetime | None:
    if deadline is None:
        return None
    if kind not in k.REWORK_KINDS:
        raise ValidationError(
            f"{k.KIND_LABELS[kind]}的办结时限按规定计算，不填平台办结时限。",
            field="platform_deadline",
        )
    if aware(deadline) <= aware(received_at):
        raise ValidationError(
            f"平台办结时限（{fmt_time(deadline)}）须晚于受理时间（{fmt_time(received_at)}）。",
            field="platform_deadline",
        )
    return aware(deadline)


def check_text(text: str, field: str = "text", label: str = "诉求内容") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(f"请填写{label}。", field=field)
    if len(text) > MAX_TEXT:
        raise ValidationError(
            f"{label}不能超过 {MAX_TEXT} 个字，现为 {len(text)} 个字。", field=field
        )
    return text


def check_category(category: str) -> str:
    category = (category or "").strip() or "其他"
    if category not in k.CATEGORIES:
        raise ValidationError(
            f"问题类别“{category}”不在清单中，可选：{'、'.join(k.CATEGORIES)}。", field="category"
        )
    return category


def check_channel(kind: str, channel: str) -> str:
    channel = (channel or "").strip() or k.DEFAULT_CHANNEL[kind]
    if channel not in k.CHANNELS:
        raise ValidationError(
            f"来源“{channel}”不在清单中，可选：{'、'.join(k.CHANNELS)}。", field="channel"
        )
    return channel


def check_grid_needed(kind: str, grid_id: int | None) -> None:
    if kind == k.CLUE and grid_id is None:
        raise ValidationError(
            "网格线索须注明所在网格（线索主体所在网格，或上报网格员所在网格）。", field="grid"
        )


# ---- dispatch and handling -----------------------------------------------------------------


def check_dispatch(
    proposed_person_id: int | None,
    proposed_name: str,
    chosen_person_id: int | None,
    chosen_user_id: int | None,
    reason: str,
) -> None:
    """派单 goes to the specialist covering the grid that day; another person needs a reason."""
    if chosen_person_id is None and chosen_user_id is None:
        raise ValidationError(
            "未找到该网格当日的监管专员（网格花名册），请指定承办人（--to 用户名）。",
            field="to",
        )
    overridden = proposed_person_id is not None and chosen_person_id != proposed_person_id
    if overridden and not reason.strip():
        raise ValidationError(
            f"该网格当日的监管专员是{proposed_name}；改派他人须填写原因。", field="reason"
        )


def check_handle(way: str, department: str, note: str) -> tuple[str, str, str]:
    way = (way or "").strip()
    if way not in k.HANDLING_WAYS:
        raise ValidationError(
            f"处置方式“{way}”不在清单中，可选：{'、'.join(k.HANDLING_WAYS)}。", field="way"
        )
    department = (department or "").strip()
    if way == k.WAY_REFERRAL and not department:
        raise ValidationError(
            "移送须写明接收部门，例如：县公安局、县综合行政执法局。", field="department"
        )
    return way, department, check_text(note, "note", "处置情况")


def check_feedback(facts: OrderFacts, text: str) -> str:
    if facts.kind == k.REPORT and not facts.decision:
        raise ValidationError("举报须先作出立案或不予立案决定，再反馈核查结果。", field="decision")
    return check_text(text, "feedback", "反馈内容")


def check_decide(facts: OrderFacts, decision: str, reason: str) -> str:
    if facts.decision:
        raise ValidationError(
            f"该举报已作出“{facts.decision}”决定，不能重复决定。", field="decision"
        )
    decision = (decision or "").strip()
    if decision not in k.DECISIONS:
        raise ValidationError("请选择“立案”或“不予立案”。", field="decision")
    if decision == k.NO_CASE and not reason.strip():
        raise ValidationError("不予立案须写明理由（将载入不予立案告知书）。", field="reason")
    return decision


def check_notify(facts: OrderFacts) -> None:
    if not facts.decision:
        raise ValidationError("须先作出立案或不予立案决定，再告知举报人。", field="decision")
    if not facts.real_name:
        raise ValidationError("该举报为匿名举报，无需也无法告知举报人。", field="real_name")
    if k.NOTIFY in facts.done:
        raise ValidationError(
            f"已于 {fmt_time(facts.done[k.NOTIFY])} 告知举报人，不能重复告知。", field="notify"
        )


def check_close(facts: OrderFacts) -> None:
    """Beyond the table (both confirmations = state 待办结): a real-name report is told first."""
    if facts.kind == k.REPORT and facts.real_name and k.NOTIFY not in facts.done:
        raise ValidationError(
            "实名举报须先告知举报人是否立案（决定后 5 个工作日内），再办结。", field="notify"
        )


def check_extend(facts: OrderFacts, clocks: Sequence[ClockState], now: datetime) -> ClockState:
    """延期 of a 举报's check: once, approved before the deadline, where the line allows it."""
    clock = next((c for c in clocks if c.clock == FINISH), None)
    if clock is None or clock.done_at is not None:
        raise ValidationError("核查已完成（已作出立案决定），无需延期。", field="extend")
    if not clock.limit.extension:
        raise ValidationError("该时限不可延长。", field="extend")
    if clock.extended:
        raise ValidationError("该举报已延期一次，不能再次延期。", field="extend")
    if clock.status == OVERDUE or aware(now) > clock.due:
        raise ValidationError(
            f"延期须在核查期限届满前批准：期限已于 {fmt_time(clock.due)} 届满。", field="extend"
        )
    return clock


def check_supervise(clocks: Sequence[ClockState], now: datetime) -> None:
    if late(clocks):
        return
    nearest = next_due(clocks)
    tail = f"（最近的{nearest.label}至 {fmt_time(nearest.due)}）" if nearest else ""
    raise ValidationError(f"督办用于已超时的工单：该工单尚未超时{tail}。", field="supervise")


def check_supervisors(station_side: str, community_side: str, note: str) -> tuple[str, str, str]:
    """双督办: the station's supervisor and the community's are both named."""
    station_side, community_side = station_side.strip(), community_side.strip()
    if not station_side:
        raise ValidationError("请填写所方督办人。", field="station_side")
    if not community_side:
        raise ValidationError(
            "请填写社区方督办人（双督办：所方与社区方共同督办）。", field="community_side"
        )
    return station_side, community_side, (note or "").strip()


def check_rework(facts: OrderFacts, count: int) -> int:
    if count <= facts.rework:
        raise ValidationError(
            f"平台重办次数（{count}）须大于本系统已记录的 {facts.rework} 次。", field="rework"
        )
    return count


def check_visit(facts: OrderFacts, process: str, result: str, way: str) -> None:
    if k.VISIT in facts.done:
        raise ValidationError(
            f"该工单已于 {fmt_time(facts.done[k.VISIT])} 回访，不能重复回访。", field="visit"
        )
    for value, field, label in (
        (process, "process", "过程满意度"),
        (result, "result", "结果满意度"),
    ):
        if value not in k.SATISFACTION:
            raise ValidationError(f"请选择{label}：{'、'.join(k.SATISFACTION)}。", field=field)
    if way not in k.VISIT_WAYS:
        raise ValidationError(f"请选择回访方式：{'、'.join(k.VISIT_WAYS)}。", field="way")


# ---- the double sign-off -------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    """Who is confirming, as the service finds them: the signed-in user, the roster person
    linked to that user, whether the role may review (审核) and whether the person is a grid
    worker of the order's grid that day. ``reporter_has_user``: the person who reported the
    clue has a user account (if not, a grid worker of the grid confirms for them)."""

    user_id: int
    username: str
    name: str = ""
    person_id: int | None = None
    reviewer: bool = False
    grid_worker: bool = False
    reporter_has_user: bool = True

    @property
    def label(self) -> str:
        return self.name or self.username


def sides_for(facts: OrderFacts, signer: Signer) -> tuple[str, ...]:
    """The sides of the sign-off ``signer`` may confirm, in the kind's order."""
    handler = signer.user_id == facts.assignee_user_id or (
        signer.person_id is not None and signer.person_id == facts.assignee_person_id
    )
    reporter = (signer.person_id is not None and signer.person_id == facts.reporter_person_id) or (
        not signer.reporter_has_user and signer.grid_worker
    )
    may = {
        k.REPORTER_SIDE: reporter,
        k.HANDLER_SIDE: handler,
        k.REVIEWER_SIDE: signer.reviewer and not handler,
    }
    return tuple(side for side in k.SIGN_OFF[facts.kind] if may[side])


def check_confirm(facts: OrderFacts, signer: Signer) -> str:
    """The side ``signer`` confirms, or the reason they cannot (two accounts of one roster
    person count as one person)."""
    for c in facts.confirmations:
        same_person = signer.person_id is not None and c.person_id == signer.person_id
        if c.user_id == signer.user_id or same_person:
            missing = "、".join(k.SIDE_LABELS[s] for s in facts.missing_sides())
            raise ValidationError(
                f"您（{signer.label}）已于 {fmt_time(c.at)} 以{k.SIDE_LABELS[c.side]}身份确认，"
                f"同一人不能确认两次；还须由{missing}本人登录确认。",
                field="confirm",
            )
    signed = {c.side: c for c in facts.confirmations}
    sides = sides_for(facts, signer)
    free = [s for s in sides if s not in signed]
    if free:
        return free[0]
    labels = [k.SIDE_LABELS[s] for s in k.SIGN_OFF[facts.kind]]
    who = (
        f"须由{labels[0]}本人登录账号确认"
        if len(labels) == 1
        else f"双签确认须由{'与'.join(labels)}各自登录本人账号确认"
    )
    if sides:
        taken = signed[sides[0]]
        raise ValidationError(
            f"{k.SIDE_LABELS[sides[0]]}已由{taken.name or taken.username}确认，"
            f"还须由{'、'.join(k.SIDE_LABELS[s] for s in facts.missing_sides())}确认。",
            field="confirm",
        )
    raise ValidationError(
        f"您不是该工单的{'或'.join(k.SIDE_LABELS[s] for s in facts.missing_sides())}，不能确认；"
        f"{who}。",
        field="confirm",
    )
