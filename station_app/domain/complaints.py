"""投诉调解 rules: the closed lists of the forms, the checks of a complaint, its statutory
deadlines on the working calendar, and the report rates as data. Pure: no I/O.

Sources: FACTS.md §2.3 (what a complaint must contain), §2.4 (不予受理 grounds), §2.5 (终止调解
reasons), §2.6 (调解书), §5 (rates; their denominators differ between bureaus, so each rate is
a formula with a printed definition).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from station_app.domain.calendar import COMPLAINT_RULES, ComplaintRules, WorkCalendar, rules_for
from station_app.domain.identifiers import validate_id_card, validate_phone
from station_app.domain.text import strip_controls
from station_app.domain.wording import cn_date as cn_date
from station_app.domain.wording import cn_index as cn_index
from station_app.domain.wording import rmb_upper as rmb_upper
from station_app.errors import ValidationError

CHANNELS = ("12315", "12345", "来电", "来访", "来信", "网格上报", "服务站")
CLAIMS = ("修理", "重作", "更换", "退货", "补足数量", "退款", "赔偿损失", "其他")
ID_TYPES = ("居民身份证", "港澳台居民居住证", "港澳居民来往内地通行证", "护照", "其他证件")
WAYS = ("现场", "电话", "网络")
SATISFACTION = ("满意", "基本满意", "不满意")
TERM_KINDS = ("退款", "赔偿", "更换", "修理", "退货", "补足数量", "其他")
PERFORMANCE = ("未履行", "部分履行", "已履行")

# status values (stored as they read)
REGISTERED = "待受理"
MEDIATING = "调解中"
REFUSED = "不予受理"
SUCCEEDED = "调解成功"
TERMINATED = "终止调解"
CLOSED = "已办结"
STATUSES = (REGISTERED, MEDIATING, SUCCEEDED, TERMINATED, REFUSED, CLOSED)

#: printable documents: kind → (title, the character of its number, 〔…〕号)
DOC_KINDS: dict[str, tuple[str, str]] = {
    "agreement": ("投诉调解书", "调"),
    "acceptance": ("投诉受理决定书", "投受"),
    "refusal": ("投诉不予受理决定书", "投不受"),
    "termination": ("投诉终止调解决定书", "终调"),
    "record": ("调解记录", ""),
}
COPIES = ("投诉人联", "被投诉人联", "存档联")
ARCHIVE_COPY = "存档联"
OPEN_STATUSES = (REGISTERED, MEDIATING)

# 不予受理 grounds (Art.15 of Order 20; FACTS §2.4)
REFUSAL_GROUNDS: dict[str, str] = {
    "1": "不属于市场监督管理部门职责，或者本行政机关不具有处理权限",
    "2": "法院、仲裁机构、市场监督管理部门或者其他行政机关、消费者协会或者依法成立的其他调解组织已经受理或者处理过同一消费者权益争议",
    "3": "不是为生活消费需要购买、使用商品或者接受服务，或者不能证明与被投诉人之间存在消费者权益争议",
    "4": "除法律另有规定外，投诉人知道或者应当知道自己的权益受到被投诉人侵害之日起超过三年",
    "5": "未提供投诉人姓名、电话号码、通讯地址，被投诉人名称（姓名）、地址，具体的投诉请求以及消费者权益争议事实等材料",
    "6": "法律、法规、规章规定不予受理的其他情形",
}
# 终止调解 reasons (Art.21; FACTS §2.5)
TERMINATION_REASONS: dict[str, str] = {
    "1": "投诉人撤回投诉或者双方自行和解",
    "2": "投诉人与被投诉人对委托承担检定、检验、检测、鉴定工作的技术机构或者费用承担无法协商一致",
    "3": "投诉人或者被投诉人无正当理由不参加调解，或者被投诉人明确拒绝调解",
    "4": "经组织调解，投诉人或者被投诉人明确表示无法达成调解协议",
    "5": "自投诉受理之日起四十五个工作日内投诉人和被投诉人未能达成调解协议",
    "6": "市场监督管理部门受理投诉后，发现存在不予受理情形",
    "7": "法律、法规、规章规定的应当终止调解的其他情形",
}
STATION_KINDS = ("社区", "商业综合体")

LIST_COLUMNS = (
    "number",
    "received_on",
    "channel",
    "complainant",
    "respondent",
    "claim",
    "amount",
    "status",
    "due",
    "station",
    "mediators",
)
"""Column keys of a complaint list row, in the order ``ComplaintRows.fetch_rows`` returns
them; each row carries one more value after them, its deadline state (``deadline_state``)."""


@dataclass(frozen=True)
class ComplaintFilter:
    """What the complaint list shows: a search text (number, names, goods, phone, facts; pinyin
    initials of the complainant or a registered respondent) and conditions that all hold.
    ``today`` is the day deadlines are judged from (``None``: the clock's today)."""

    text: str = ""
    status: str | None = None
    channel: str | None = None
    start: date | None = None  # received_on range, inclusive
    end: date | None = None
    station_id: int | None = None
    entity_id: int | None = None  # complaints against one registered entity (its card)
    deadline: str | None = None  # "overdue" | "soon" (overdue or due within 2 working days)

    today: date | None = None

    def __post_init__(self) -> None:  # a NUL broke PostgreSQL searches (issue 17)
        object.__setattr__(self, "text", strip_controls(self.text or ""))


LIMITATION_YEARS = 3
DUE_SOON_WORKING_DAYS = 2  # "临期": the deadline is at most this many working days away

FIELD_LABELS: dict[str, str] = {
    "number": "投诉编号",
    "channel": "投诉渠道",
    "received_on": "收到日期",
    "complainant_name": "投诉人姓名",
    "complainant_phone": "投诉人电话",
    "complainant_address": "投诉人地址",
    "complainant_id_type": "证件类型",
    "complainant_id_number": "证件号码",
    "agent_name": "代理人姓名",
    "agent_phone": "代理人电话",
    "agent_authorised": "已提交授权委托书",
    "entity_id": "被投诉人（台账主体）",
    "respondent_name": "被投诉人名称",
    "respondent_address": "被投诉人地址",
    "respondent_uscc": "被投诉人统一社会信用代码",
    "respondent_contact": "被投诉人联系人",
    "respondent_phone": "被投诉人电话",
    "goods": "商品或服务",
    "occurred_on": "消费（知道权益受损）日期",
    "place": "消费地点",
    "amount_fen": "涉及金额",
    "claim": "投诉请求",
    "claim_detail": "具体请求",
    "facts": "争议事实",
    "service_station_id": "服务站",
    "status": "状态",
    "decided_on": "受理决定日期",
    "refusal_ground": "不予受理理由",
    "refusal_note": "不予受理说明",
    "acceptance_due": "受理期限",
    "mediation_due": "调解期限",
    "notice_due": "告知期限",
    "mediation_way": "调解方式",
    "result_on": "调解结果日期",
    "termination_reason": "终止调解理由",
    "termination_note": "终止调解说明",
    "notice_on": "告知日期",
    "performance_method": "履行方式",
    "performed_on_spot": "当场履行",
    "money_recovered_fen": "挽回经济损失",
    "performance_status": "履行情况",
    "performance_note": "履行情况说明",
    "performance_checked_on": "履行核查日期",
    "visit_on": "回访日期",
    "visit_way": "回访方式",
    "visit_process": "过程满意度",
    "visit_result": "结果满意度",
    "visit_note": "回访记录",
    "closed_on": "办结日期",
    "mediators": "调解人员",
    "terms": "协议条款",
    "sessions": "调解记录",
}


def yuan(fen: int | None) -> str:
    """Fen → ``1,234.50`` (yuan, two decimals)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


_YUAN = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_yuan(text: str, field: str) -> int:
    """``"1,234.5"`` (yuan) → 123450 fen; empty → 0."""
    s = (text or "").strip().replace(",", "").replace("，", "").removesuffix("元")
    if not s:
        return 0
    if not _YUAN.fullmatch(s):
        raise ValidationError("金额请填写数字（元），最多两位小数，例如 1280.50。", field=field)
    whole, _, frac = s.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


# ---- checks --------------------------------------------------------------------------------


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message, field=field)
    return value


def check_phone(value: str, field: str, label: str) -> str:
    try:
        return validate_phone(value)
    except ValidationError as exc:
        raise ValidationError(f"{label}：{exc.message}", field=field) from None


def check_id(id_type: str, number: str, field: str, today: date) -> str:
    number = (number or "").strip()
    if not number:
        return ""
    if (id_type or "居民身份证") == "居民身份证":
        try:
            return validate_id_card(number, today)
        except ValidationError as exc:
            raise ValidationError(exc.message, field=field) from None
    if len(number) > 40:
        raise ValidationError("证件号码不能超过 40 个字符。", field=field)
    return number.upper()


def check_limitation(occurred_on: date | None, received_on: date) -> None:
    """Order 20 Art.15(4): more than 3 years since the consumer knew of the harm → refuse."""
    if occurred_on is None:
        return
    if occurred_on > received_on:
        raise ValidationError(
            "消费（知道权益受损）日期不能晚于收到投诉的日期。", field="occurred_on"
        )
    if occurred_on < _years_before(received_on, LIMITATION_YEARS):
        raise ValidationError(
            f"自知道或应当知道权益受损之日（{occurred_on.isoformat()}）起已超过三年，"
            "依法不予受理（《市场监督管理投诉举报处理暂行办法》第十五条第（四）项）。"
            "如日期填错请更正；确已超期的，请告知投诉人可向人民法院起诉。",
            field="occurred_on",
        )


def check_intake(v: dict[str, Any], today: date) -> dict[str, Any]:
    """The registration (登记) of a complaint as typed → its fields cleaned (FACTS §2.3: what
    a complaint must state), or ``ValidationError`` with a Chinese message at its field."""
    v = {k: value.strip() if isinstance(value, str) else value for k, value in v.items()}
    if v["channel"] not in CHANNELS:
        raise ValidationError(
            "请选择投诉渠道（12315、12345、来电、来访、来信、网格上报、服务站）。", field="channel"
        )
    _check_received(v["received_on"], today)
    _check_complainant(v, today)
    _check_agent(v)
    _check_respondent(v)
    _check_claim(v)
    check_limitation(v["occurred_on"], v["received_on"])
    return v


def _check_received(received_on: date | None, today: date) -> None:
    if received_on is None:
        raise ValidationError("请填写收到投诉的日期。", field="received_on")
    if received_on > today:
        raise ValidationError("收到日期不能晚于今天。", field="received_on")
    first_rules = COMPLAINT_RULES[0].effective_from
    if received_on < first_rules:
        raise ValidationError(
            f"收到日期早于 {first_rules.isoformat()}，本系统没有此前的投诉处理时限规则，请核对日期。",
            field="received_on",
        )


def _check_complainant(v: dict[str, Any], today: date) -> None:
    _required(
        v["complainant_name"], "complainant_name", "请填写投诉人姓名（投诉必须载明投诉人姓名）。"
    )
    _required(
        v["complainant_phone"], "complainant_phone", "请填写投诉人电话（投诉必须载明投诉人电话）。"
    )
    v["complainant_phone"] = check_phone(v["complainant_phone"], "complainant_phone", "投诉人电话")
    _required(
        v["complainant_address"],
        "complainant_address",
        "请填写投诉人通讯地址（投诉必须载明通讯地址）。",
    )
    if not v["complainant_id_number"]:
        v["complainant_id_type"] = ""
        return
    v["complainant_id_type"] = v["complainant_id_type"] or "居民身份证"
    if v["complainant_id_type"] not in ID_TYPES:
        raise ValidationError("请选择证件类型。", field="complainant_id_type")
    v["complainant_id_number"] = check_id(
        v["complainant_id_type"], v["complainant_id_number"], "complainant_id_number", today
    )


def _check_agent(v: dict[str, Any]) -> None:
    if not v["agent_name"]:
        v["agent_phone"], v["agent_authorised"] = "", False
        return
    if not v["agent_authorised"]:
        raise ValidationError(
            "由代理人投诉的，须提交投诉人签名的授权委托书原件和代理人身份证明。"
            "请核对后勾选“已提交授权委托书”。",
            field="agent_authorised",
        )
    if v["agent_phone"]:
        v["agent_phone"] = check_phone(v["agent_phone"], "agent_phone", "代理人电话")


def _check_respondent(v: dict[str, Any]) -> None:
    _required(
        v["respondent_name"], "respondent_name", "请填写被投诉人名称（或从台账选择经营主体）。"
    )
    _required(v["respondent_address"], "respondent_address", "请填写被投诉人地址。")
    if v["respondent_phone"]:
        v["respondent_phone"] = check_phone(
            v["respondent_phone"], "respondent_phone", "被投诉人电话"
        )


def _check_claim(v: dict[str, Any]) -> None:
    if v["claim"] not in CLAIMS:
        raise ValidationError(
            "请选择投诉请求（修理、重作、更换、退货、补足数量、退款、赔偿损失或其他）。",
            field="claim",
        )
    if v["claim"] == "其他" and not v["claim_detail"]:
        raise ValidationError("投诉请求为“其他”时，请写明具体请求。", field="claim_detail")
    _required(v["facts"], "facts", "请填写争议事实：商品或服务、时间、地点、涉及金额和争议经过。")
    if v["amount_fen"] is None or v["amount_fen"] < 0:
        raise ValidationError("涉及金额不能为负数。", field="amount_fen")


def check_date(
    value: date | None, not_before: date | None, today: date, field: str, label: str, other: str
) -> None:
    """A step's date: given, not before the earlier step's (``other`` names it), not future."""
    if value is None:
        raise ValidationError(f"请填写{label}。", field=field)
    if not_before is not None and value < not_before:
        raise ValidationError(
            f"{label}（{value.isoformat()}）不能早于{other}（{not_before.isoformat()}）。",
            field=field,
        )
    if value > today:
        raise ValidationError(f"{label}不能晚于今天。", field=field)


def require_status(number: str, status: str, *allowed: str, action: str) -> None:
    """The step ``action`` is open only to complaints in one of the ``allowed`` states."""
    if status not in allowed:
        wanted = "、".join(allowed)
        raise ValidationError(
            f"投诉 {number} 当前状态为“{status}”，不能{action}（只有“{wanted}”的投诉可以）。",
            field="status",
        )


@dataclass(frozen=True)
class TermInput:
    """One numbered term of a mediation agreement (协议条款): what, by when, how much."""

    kind: str
    description: str
    due_on: date | None
    amount_fen: int | None = None
    method: str = ""


def check_terms(terms: list[TermInput], result_on: date) -> list[TermInput]:
    """The agreement's terms cleaned: each has a kind, a text and a performance deadline not
    before the agreement; refunds and compensation name their amount."""
    if not terms:
        raise ValidationError("请至少填写一条协议条款。", field="terms")
    return [_check_term(i, t, result_on) for i, t in enumerate(terms, start=1)]


def _check_term(i: int, t: TermInput, result_on: date) -> TermInput:
    at = f"terms.{i}"
    if t.kind not in TERM_KINDS:
        raise ValidationError(
            f"第 {i} 条：请选择条款类型（退款、赔偿、更换……）。", field=f"{at}.kind"
        )
    if not t.description.strip():
        raise ValidationError(f"第 {i} 条：请写明协议内容。", field=f"{at}.description")
    if t.due_on is None:
        raise ValidationError(
            f"第 {i} 条协议条款没有履行期限。请写明在哪一天之前履行（当场履行的填调解当日）。",
            field=f"{at}.due_on",
        )
    if t.due_on < result_on:
        raise ValidationError(f"第 {i} 条的履行期限早于调解日期，请更正。", field=f"{at}.due_on")
    if t.amount_fen is not None and t.amount_fen < 0:
        raise ValidationError(f"第 {i} 条的金额不能为负数。", field=f"{at}.amount_fen")
    if t.kind in ("退款", "赔偿") and not t.amount_fen:
        raise ValidationError(f"第 {i} 条为{t.kind}，请填写金额。", field=f"{at}.amount_fen")
    return replace(t, description=t.description.strip(), method=t.method.strip())


def check_way(way: str, field: str = "way", *, visit: bool = False) -> None:
    """A mediation way (现场、电话、网络); a return visit may also be 上门."""
    if way not in WAYS and not (visit and way == "上门"):
        message = "请选择回访方式。" if visit else "请选择调解方式：现场、电话或网络。"
        raise ValidationError(message, field=field)


def check_money(fen: int | None, field: str = "money_recovered_fen") -> None:
    if fen is not None and fen < 0:
        raise ValidationError("挽回经济损失不能为负数。", field=field)


def check_refusal(ground: str, note: str) -> None:
    """不予受理: a ground of Art.15; "其他情形" names its legal basis."""
    if ground not in REFUSAL_GROUNDS:
        raise ValidationError(
            "请选择不予受理的理由（《暂行办法》第十五条所列情形之一）。", field="refusal_ground"
        )
    if ground == "6" and not note.strip():
        raise ValidationError(
            "理由为“其他情形”时，请写明所依据的法律、法规或规章。", field="refusal_note"
        )


def check_termination(reason: str, note: str) -> None:
    """终止调解: a reason of Art.21; "其他情形" says its basis."""
    if not reason:
        raise ValidationError(
            "请选择终止调解的理由（《暂行办法》第二十一条所列情形之一）。",
            field="termination_reason",
        )
    if reason not in TERMINATION_REASONS:
        raise ValidationError(
            "终止调解理由不在法定情形之内，请重新选择。", field="termination_reason"
        )
    if reason == "7" and not note.strip():
        raise ValidationError("理由为“其他情形”时，请写明依据。", field="termination_note")


def check_mediator(name: str, related_to_party: bool | None) -> str:
    """A mediator's name, once the recusal question was asked and answered "no" (Art.19)."""
    name = _required(name, "mediator_name", "请填写调解人员姓名。")
    if related_to_party is None:
        raise ValidationError(
            "请先询问并确认：该调解人员是否为当事人的近亲属，或与当事人有其他利害关系？",
            field="related_to_party",
        )
    if related_to_party:
        raise ValidationError(
            f"{name}与当事人有亲属或其他利害关系，依法应当回避，不能担任本案调解人员。请另选调解人员。",
            field="related_to_party",
        )
    return name


def check_visit(way: str, process: str, result: str, note: str) -> None:
    """回访 (Order 121): the way, both satisfactions, and the complainant's view if unhappy."""
    check_way(way, "visit_way", visit=True)
    if process not in SATISFACTION:
        raise ValidationError("请选择过程满意度：满意、基本满意或不满意。", field="visit_process")
    if result not in SATISFACTION:
        raise ValidationError("请选择结果满意度：满意、基本满意或不满意。", field="visit_result")
    if "不满意" in (process, result) and not note.strip():
        raise ValidationError("投诉人表示不满意时，请记录其意见。", field="visit_note")


# ---- deadlines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    due: date
    rules: ComplaintRules
    unknown_years: frozenset[int]  # years counted Monday–Friday: the date is provisional

    @property
    def warning(self) -> str:
        if not self.unknown_years:
            return ""
        years = "、".join(str(y) for y in sorted(self.unknown_years))
        return (
            f"{years} 年的法定节假日安排尚未录入，期限暂按周一至周五计算，"
            "请在“设置 → 节假日”录入当年安排后重新计算。"
        )


def _deadline(cal: WorkCalendar, start: date, days: int, rules: ComplaintRules) -> Deadline:
    due = cal.add_working_days(start, days)
    return Deadline(due, rules, frozenset(cal.unknown_years_between(start, due)))


def acceptance_deadline(cal: WorkCalendar, received_on: date) -> Deadline:
    """受理/不予受理 decision: N working days from receipt (the rule in force on receipt)."""
    rules = rules_for(received_on)
    return _deadline(cal, received_on, rules.acceptance_days, rules)


def mediation_deadline(cal: WorkCalendar, received_on: date, accepted_on: date) -> Deadline:
    """Mediation ends N working days after 受理."""
    rules = rules_for(received_on)
    return _deadline(cal, accepted_on, rules.mediation_days, rules)


def notice_deadline(cal: WorkCalendar, received_on: date, terminated_on: date) -> Deadline:
    """Tell both parties within N working days of the 终止调解 decision."""
    rules = rules_for(received_on)
    return _deadline(cal, terminated_on, rules.termination_notice_days, rules)


def deadline_state(cal: WorkCalendar, due: date | None, today: date, done: bool) -> str:
    """``""`` (nothing pending), ``"overdue"`` (past due), ``"soon"`` (≤2 working days) or
    ``"ok"``."""
    if due is None or done:
        return ""
    if today > due:
        return "overdue"
    if cal.working_days_between(today, due) <= DUE_SOON_WORKING_DAYS:
        return "soon"
    return "ok"


# ---- rates as data -------------------------------------------------------------------------


@dataclass(frozen=True)
class RateFormula:
    key: str
    label: str
    numerator: str  # a count key of ComplaintFigures.counts
    denominator: str
    definition: str


RATE_FORMULAS: tuple[RateFormula, ...] = (
    RateFormula("acceptance_on_time", "按时初查率", "decided_on_time", "decided",
                "按时初查率 = 在法定期限内作出受理或不予受理决定的投诉件数 ÷ 期内已作出受理决定的投诉件数 × 100%"),
    RateFormula("success", "调解成功率", "succeeded", "mediation_ended",
                "调解成功率 = 调解成功件数 ÷ （调解成功件数 + 终止调解件数） × 100%，按调解结果日期在统计期内计"),
    RateFormula("finished_on_time", "按期办结率", "ended_on_time", "mediation_ended",
                "按期办结率 = 在调解期限内调解成功或终止调解的件数 ÷ （调解成功件数 + 终止调解件数） × 100%"),
    RateFormula("notice_on_time", "终止调解按时告知率", "notified_on_time", "terminated",
                "终止调解按时告知率 = 在终止调解决定后法定期限内告知双方的件数 ÷ 终止调解件数 × 100%"),
    RateFormula("satisfaction", "回访满意率", "visit_satisfied", "visited",
                "回访满意率 = 结果满意度为“满意”或“基本满意”的回访件数 ÷ 回访件数 × 100%，按回访日期在统计期内计"),
    RateFormula("process_satisfaction", "过程满意率", "visit_process_satisfied", "visited",
                "过程满意率 = 过程满意度为“满意”或“基本满意”的回访件数 ÷ 回访件数 × 100%，按回访日期在统计期内计"),
)  # fmt: skip


def rate(numerator: int, denominator: int) -> float | None:
    """Percentage rounded to 2 decimals; ``None`` when there is nothing to divide by."""
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, 2)


def agreement_kind(performed_on_spot: bool) -> str:
    """The document a successful mediation is written in: the agreement (调解书,
    ``"agreement"``), or only a record (调解记录, ``"record"``) when it was performed on the
    spot. The one home of that rule (service, CLI and PDF builder ask it)."""
    return "record" if performed_on_spot else "agreement"


def doc_number(prefix: str, kind_mark: str, year: int, n: int) -> str:
    """``东市监城`` + ``调`` + ``〔2026〕3号``."""
    return f"{prefix}{kind_mark}〔{year}〕{n}号"


def case_number(year: int, n: int) -> str:
    """The complaint's own register number: ``TS2026-0012``."""
    return f"TS{year}-{n:04d}"
