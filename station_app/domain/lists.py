"""Rules of the red and black lists (红黑榜) and credit repair (信用修复). Pure, no I/O.

* An entity on a black list cannot receive a red title while listed (:func:`check_red_allowed`).
* 经营异常名录 is for enterprises; 个体工商户 get the 经营异常状态 instead (:func:`check_applies`).
* A listing is proposed by one user and approved by another (:func:`check_approver`).
* Credit-repair tiers (FACTS §4.3, Order 107, in force 2025-12-25): minor — published 3 months,
  then stops by itself (no repair needed); moderate — 3–12 months, repair may be applied for
  after 3 months, stops by itself at 1 year; serious — 1–3 years, repair after 1 year, removed
  by itself at 3 years (:func:`earliest_repair_date`, :func:`automatic_end`).
* A repair application is decided within 7 working days (:func:`repair_deadline`).
* Publication periods: ``2026Q4``, ``2026-10`` or ``2026`` (``domain.periods.parse_period``).
"""

from __future__ import annotations

import calendar as _cal
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from station_app.domain.calendar import WorkCalendar
from station_app.domain.masking import mask_name
from station_app.domain.periods import Period
from station_app.errors import ValidationError

RED, BLACK = "red", "black"
COLOUR_LABELS = {RED: "红榜", BLACK: "黑榜"}

PROPOSED, LISTED, REFUSED, REMOVED = "proposed", "listed", "refused", "removed"
STATUS_LABELS = {PROPOSED: "待审批", LISTED: "已列入", REFUSED: "已退回", REMOVED: "已移出"}

MINOR, MODERATE, SERIOUS = "minor", "moderate", "serious"
TIER_LABELS = {MINOR: "轻微", MODERATE: "一般", SERIOUS: "严重"}
TIERS = (MINOR, MODERATE, SERIOUS)

EXPIRED, REPAIRED, REVOKED, CORRECTED = "期满", "信用修复", "撤销", "纠错"
REMOVAL_WAYS = (EXPIRED, REPAIRED, REVOKED, CORRECTED)

APPLIED, CHECKED, REPAIR_DONE, REPAIR_REFUSED = "applied", "checked", "removed", "refused"
REPAIR_LABELS = {
    APPLIED: "已申请",
    CHECKED: "已核查",
    REPAIR_DONE: "已修复移出",
    REPAIR_REFUSED: "不予修复",
}
REPAIR_OPEN = (APPLIED, CHECKED)
REPAIR_WORKING_DAYS = 7  # Order 107 (was 15)

INDICATOR_BLACKLISTED, INDICATOR_ABNORMAL = "blacklisted", "abnormal"
APPLIES_ENTERPRISE, APPLIES_INDIVIDUAL = "企业", "个体工商户"
ABNORMAL_WARN_DAYS = 60  # reminder before an 异常名录 listing reaches 3 years (FACTS §4.1)


ENTRY_COLUMNS = (
    "kind",
    "entity",
    "uscc",
    "status",
    "listed_on",
    "valid_until",
    "tier",
    "people",
    "repair",
)
"""Column keys of an entry row (``EntryRows.fetch_rows``): 榜单, 主体名称, 统一社会信用代码, 状态,
列入日期, 有效期至, 修复分级, 提请/审批, 信用修复. Each row carries two more values after them:
the kind's colour and the entry's status code (for the row's colour on screen)."""


@dataclass(frozen=True)
class EntryFilter:
    """What the 红黑榜 list shows: one kind or one colour (or all), entries in ``statuses``
    (``None``: any), of one entity, and a text found in the entity's name, the start of its
    USCC or the decision number."""

    text: str = ""
    kind_id: int | None = None
    colour: str | None = None
    statuses: tuple[str, ...] | None = None
    entity_id: int | None = None


@dataclass(frozen=True)
class KindDefault:
    name: str
    colour: str
    validity_months: int | None
    tiered: bool = False
    default_tier: str | None = None
    applies_to: str = ""
    grade_indicator: str = ""
    published_by_station: bool = True


DEFAULT_KINDS = (  # migration 0006 seeds a frozen copy of these
    KindDefault("红色合伙人", RED, 24),
    KindDefault("放心消费示范单位", RED, 36),
    KindDefault("诚信经营示范店", RED, 24),
    KindDefault("无理由退货承诺单位", RED, 12),
    KindDefault("严重违法失信名单", BLACK, 36, True, SERIOUS, "", INDICATOR_BLACKLISTED, False),
    KindDefault(
        "经营异常名录", BLACK, None, False, None, APPLIES_ENTERPRISE, INDICATOR_ABNORMAL, False
    ),
    KindDefault(
        "经营异常状态", BLACK, None, False, None, APPLIES_INDIVIDUAL, INDICATOR_ABNORMAL, False
    ),
    KindDefault("食品安全黑榜", BLACK, 12, True, MODERATE, "", INDICATOR_BLACKLISTED, True),
    KindDefault("消费投诉黑榜", BLACK, 12, True, MODERATE, "", INDICATOR_BLACKLISTED, True),
)


@dataclass(frozen=True)
class KindRule:
    """What the rules need to know about a list kind."""

    name: str
    colour: str
    validity_months: int | None = None
    tiered: bool = False
    default_tier: str | None = None
    applies_to: str = ""


@dataclass(frozen=True)
class ActiveListing:
    """An entry in force (or proposed) against an entity, as the rules see it."""

    entry_id: int
    kind: str
    colour: str
    status: str
    listed_on: date
    decision_no: str = ""


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months; the day is clamped (01-31 + 1 month → 02-28)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, _cal.monthrange(year, month)[1]))


def is_individual(entity_type: str, uscc: str | None) -> bool:
    """个体工商户 by the recorded type or, failing that, the code's first two characters (92)."""
    if entity_type == APPLIES_INDIVIDUAL:
        return True
    return bool(uscc) and str(uscc).strip().upper()[:2] == "92"


def check_applies(kind: KindRule, entity_type: str, uscc: str | None) -> None:
    individual = is_individual(entity_type, uscc)
    if kind.applies_to == APPLIES_ENTERPRISE and individual:
        raise ValidationError(
            f"个体工商户不列入“{kind.name}”，应标记为“经营异常状态”。请改选“经营异常状态”。",
            field="kind",
        )
    if kind.applies_to == APPLIES_INDIVIDUAL and not individual:
        raise ValidationError(
            f"“{kind.name}”只用于个体工商户；企业等其他主体请选“经营异常名录”。", field="kind"
        )


def check_red_allowed(kind: KindRule, listings: Iterable[ActiveListing]) -> None:
    """A red title is refused while the entity is on (or proposed for) a black list."""
    if kind.colour != RED:
        return
    for item in listings:
        if item.colour == BLACK and item.status in (LISTED, PROPOSED):
            state = "已列入" if item.status == LISTED else "已提请列入"
            number = f"，决定书号 {item.decision_no}" if item.decision_no else ""
            raise ValidationError(
                f"该主体{state}“{item.kind}”（{item.listed_on:%Y-%m-%d} 起{number}），"
                f"在黑榜期间不能授予红榜称号“{kind.name}”。移出黑榜后再提请。",
                field="kind",
            )


def check_not_duplicate(kind: KindRule, listings: Iterable[ActiveListing]) -> None:
    for item in listings:
        if item.kind == kind.name and item.status in (LISTED, PROPOSED):
            state = "已在" if item.status == LISTED else "已提请列入"
            raise ValidationError(
                f"该主体{state}“{kind.name}”（{item.listed_on:%Y-%m-%d}），不能重复列入。",
                field="kind",
            )


def same_user(a_id: int | None, a_name: str, b_id: int | None, b_name: str) -> bool:
    if a_id is not None and b_id is not None:
        return a_id == b_id
    return a_name == b_name


def check_approver(
    proposer_id: int | None, proposer: str, approver_id: int | None, approver: str
) -> None:
    if same_user(proposer_id, proposer, approver_id, approver):
        raise ValidationError(
            f"提请人和审批人不能是同一人（{approver}）。请由另一位有审批权限的同事审批。",
            field="approved_by",
        )


def automatic_end(listed_on: date, tier: str) -> date:
    """Publication stops by itself: minor 3 months, moderate 1 year, serious 3 years."""
    months = {MINOR: 3, MODERATE: 12, SERIOUS: 36}[tier]
    return add_months(listed_on, months)


def earliest_repair_date(listed_on: date, tier: str | None) -> date:
    """First day a repair application can be made. Minor listings need none."""
    if tier == MINOR:
        raise ValidationError(
            "轻微违法信息公示满 3 个月自动停止公示，无需申请信用修复。", field="tier"
        )
    if tier == MODERATE:
        return add_months(listed_on, 3)
    if tier == SERIOUS:
        return add_months(listed_on, 12)
    raise ValidationError("该记录没有信用修复分级（轻微/一般/严重），请先补充。", field="tier")


def check_repair_date(listed_on: date, tier: str | None, applied_on: date) -> date:
    earliest = earliest_repair_date(listed_on, tier)
    if applied_on < earliest:
        raise ValidationError(
            f"{TIER_LABELS[tier or MODERATE]}失信信息最早可于 {earliest:%Y-%m-%d} 申请信用修复"
            f"（列入日期 {listed_on:%Y-%m-%d}）。",
            field="applied_on",
        )
    return earliest


def repair_deadline(cal: WorkCalendar, applied_on: date) -> date:
    return cal.add_working_days(applied_on, REPAIR_WORKING_DAYS)


def default_end(kind: KindRule, listed_on: date, tier: str | None) -> date | None:
    """Default 有效期至 / 公示截止: the tier's automatic end, else the kind's validity."""
    if kind.colour == BLACK and kind.tiered and tier:
        return automatic_end(listed_on, tier)
    if kind.validity_months:
        return add_months(listed_on, kind.validity_months)
    return None


def default_review(kind: KindRule, listed_on: date, tier: str | None) -> date | None:
    """Review date for lists without a fixed end: 经营异常名录 reaches 3 years (→ 严重违法失信名单),
    reminded 60 days before."""
    if kind.colour == BLACK and not kind.validity_months and not kind.tiered:
        return add_months(listed_on, 36) - timedelta(days=ABNORMAL_WARN_DAYS)
    return None


def check_entry(
    kind: KindRule,
    *,
    reason: str,
    listed_on: date | None,
    valid_until: date | None,
    tier: str | None,
    today: date,
) -> None:
    """Field checks for a new entry (what the listing dialog shows as you type)."""
    if not reason.strip():
        raise ValidationError("请填写列入原因（事实和依据的简要说明）。", field="reason")
    if listed_on is None:
        raise ValidationError("请填写列入日期。", field="listed_on")
    if listed_on > today + timedelta(days=366):
        raise ValidationError("列入日期不能晚于一年以后，请核对。", field="listed_on")
    if kind.colour == BLACK and kind.tiered and tier not in TIERS:
        raise ValidationError(f"“{kind.name}”需选择信用修复分级（轻微/一般/严重）。", field="tier")
    if valid_until is not None and valid_until <= listed_on:
        raise ValidationError("有效期至必须晚于列入日期。", field="valid_until")


def check_removal(way: str, basis: str, removed_on: date, listed_on: date) -> None:
    if way not in REMOVAL_WAYS:
        raise ValidationError(f"移出方式应为：{'、'.join(REMOVAL_WAYS)}。", field="way")
    if not basis.strip():
        raise ValidationError("请填写移出依据（决定书号或理由）。", field="basis")
    if removed_on < listed_on:
        raise ValidationError("移出日期不能早于列入日期。", field="removed_on")


def is_expired(valid_until: date | None, today: date) -> bool:
    """The last valid day is ``valid_until``; the entry lapses the day after."""
    return valid_until is not None and valid_until < today


def due_within(day: date | None, today: date, days: int) -> bool:
    return day is not None and day <= today + timedelta(days=days)


# --- publication ---------------------------------------------------------------------------

_QUARTERS = ("一", "二", "三", "四")
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)")


def public_name(name: str, entity_type: str, operator: str) -> str:
    """The name as published: a 个体工商户 appears by its shop name only; where the recorded
    name is (or contains) the operator's own name it is masked (``张*``)."""
    name = (name or "").strip()
    operator = (operator or "").strip()
    if entity_type in (APPLIES_INDIVIDUAL, "未登记") and operator and operator in name:
        return name.replace(operator, mask_name(operator))
    return name


def public_text(text: str, people: Iterable[str] = (), limit: int = 60) -> str:
    """A reason fit for publication: phone and ID numbers removed, named people masked,
    shortened to ``limit`` characters."""
    out = _ID.sub("***", text or "")
    out = _PHONE.sub("***", out)
    for person in sorted(
        {p.strip() for p in people if p and len(p.strip()) >= 2}, key=len, reverse=True
    ):
        out = out.replace(person, mask_name(person))
    out = " ".join(out.split())
    return out if len(out) <= limit else out[: limit - 1] + "…"


def default_summary(kind: str, colour: str, decision_no: str) -> str:
    """What a notice says when no 公示摘要 was written: the internal reason is never published
    (it may name complainants or other people)."""
    if colour == RED:
        return f"授予“{kind}”称号"
    return f"依据{decision_no}列入" if decision_no else f"列入{kind}"


def check_public_summary(text: str) -> None:
    if _PHONE.search(text or "") or _ID.search(text or ""):
        raise ValidationError(
            "公示摘要会对外公开，不能包含电话号码或身份证号码等个人信息，请删去。",
            field="public_summary",
        )


def notice_title(station: str, period: Period) -> str:
    return f"{station}{period.label}红黑榜公示"
