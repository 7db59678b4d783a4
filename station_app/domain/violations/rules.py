"""Violations (违法行为): how one was found, its harm, its rectification; the decision kinds
and grounds; fines in fen; the 24-month window; the list contract and figures. Pure, no I/O.

Not a case-handling system: a violation is found on a day by a source (a patrol, a clue, a
complaint, a visit), its harm assessed, its rectification ordered (立即 or by a deadline) and
done; then one decision — 不予处罚 (首违不罚 / 轻微免罚 / 无主观过错), 减轻处罚, 从轻处罚, 处罚
(a fine in fen, or a warning), or 移送 (to the 执法大队, or to the police: 行刑衔接) — with its
number (:mod:`.decisions`), proposed on by the 首违不罚 check (:mod:`.leniency`). Legal
grounds: 《中华人民共和国行政处罚法》第三十二条 (从轻/减轻), 第三十三条 (不予处罚), 第二十七条
(移送司法机关).
"""

from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from station_app.domain.text import normalize_spaces, to_halfwidth
from station_app.domain.violations.types import FIRST, MINOR
from station_app.errors import ValidationError

# -- how it was found (来源) ----------------------------------------------------------------
PATROL, CLUE, COMPLAINT, VISIT, OTHER = "patrol", "clue", "complaint", "visit", "other"
SOURCES: dict[str, str] = {
    PATROL: "巡查发现",
    CLUE: "线索/工单",
    COMPLAINT: "投诉举报",
    VISIT: "走访发现",
    OTHER: "其他",
}
_SOURCE_ALIASES = {
    "巡查": PATROL,
    "检查": PATROL,
    "现场检查": PATROL,
    "线索": CLUE,
    "工单": CLUE,
    "投诉": COMPLAINT,
    "举报": COMPLAINT,
    "走访": VISIT,
}

# -- harm (危害后果) ---------------------------------------------------------------------------
NO_HARM, MINOR_HARM, SERIOUS_HARM, UNASSESSED = "none", "minor", "serious", ""
HARMS: dict[str, str] = {
    NO_HARM: "没有造成危害后果",
    MINOR_HARM: "危害后果轻微",
    SERIOUS_HARM: "危害后果较重",
    UNASSESSED: "尚未评估",
}
_HARM_ALIASES = {"无": NO_HARM, "没有": NO_HARM, "轻微": MINOR_HARM, "较重": SERIOUS_HARM}

# -- decisions (处理决定) ----------------------------------------------------------------------
NO_PENALTY, MITIGATED, LIGHTER, PENALTY, TRANSFER = (
    "no_penalty",
    "mitigated",
    "lighter",
    "penalty",
    "transfer",
)
DECISIONS: dict[str, str] = {
    NO_PENALTY: "不予处罚",
    MITIGATED: "减轻处罚",
    LIGHTER: "从轻处罚",
    PENALTY: "处罚",
    TRANSFER: "移送",
}
_DECISION_ALIASES = {"减轻": MITIGATED, "从轻": LIGHTER, "不罚": NO_PENALTY, "移交": TRANSFER}
PENALTY_KINDS = frozenset({PENALTY, LIGHTER, MITIGATED})
"""Decisions that are an administrative penalty of this station: what the grade's
行政处罚（近24个月） indicator counts."""
LENIENT_KINDS = frozenset({NO_PENALTY, MITIGATED, LIGHTER})
"""包容审慎 decisions (Jiyang's "83 lighter and 32 waived")."""
NUMBER_MARKS: dict[str, str] = {
    NO_PENALTY: "不罚",
    MITIGATED: "罚",
    LIGHTER: "罚",
    PENALTY: "罚",
    TRANSFER: "移",
}
"""The character of a decision's number: ``东市监城`` + ``不罚`` + ``〔2026〕3号``."""
COUNTER_KINDS: dict[str, str] = {NO_PENALTY: "bybf", TRANSFER: "ys"}
"""``doc_counter`` kinds of the yearly numbering (the penalty kinds share ``xzcf``)."""
PENALTY_COUNTER = "xzcf"

FIRST_GROUND, MINOR_GROUND, NO_FAULT = FIRST, MINOR, "no_fault"
GROUNDS: dict[str, str] = {
    FIRST_GROUND: "首违不罚",
    MINOR_GROUND: "轻微免罚",
    NO_FAULT: "无主观过错",
}
GROUND_CLAUSES: dict[str, str] = {
    FIRST_GROUND: "《中华人民共和国行政处罚法》第三十三条第一款（初次违法且危害后果轻微并及时改正的，可以不予行政处罚）",
    MINOR_GROUND: "《中华人民共和国行政处罚法》第三十三条第一款（违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚）",
    NO_FAULT: "《中华人民共和国行政处罚法》第三十三条第二款（当事人有证据足以证明没有主观过错的，不予行政处罚）",
}
LENIENCY_CLAUSE = "《中华人民共和国行政处罚法》第三十二条"
EDUCATION_CLAUSE = "《中华人民共和国行政处罚法》第三十三条第三款"

BRIGADE, POLICE, OTHER_DEPT = "执法大队", "公安机关", "其他部门"
TRANSFER_TARGETS = (BRIGADE, POLICE, OTHER_DEPT)
_TARGET_ALIASES = {"大队": BRIGADE, "综合执法大队": BRIGADE, "公安": POLICE, "派出所": POLICE}

LOOKBACK_MONTHS = 24
MAX_FINE_FEN = 100_000_000 * 100  # ¥100 million: more is a typing error on a station's desk
MIN_OVERRIDE = 10
MAX_NUMBER = 60
MAX_FACTS = 2000


def _lookup(text: str, labels: dict[str, str], aliases: dict[str, str]) -> str | None:
    word = normalize_spaces(to_halfwidth(text or "")).replace(" ", "")
    if word in labels:
        return word
    for code, label in labels.items():
        if word == label:
            return code
    return aliases.get(word)


def parse_source(text: str) -> str:
    code = _lookup(text, SOURCES, _SOURCE_ALIASES)
    if code is None:
        raise ValidationError(
            f"发现途径“{text}”不认识。可填：巡查、线索、投诉、走访、其他。", field="source"
        )
    return code


def parse_harm(text: str) -> str:
    if not (text or "").strip():
        return UNASSESSED
    code = _lookup(text, HARMS, _HARM_ALIASES)
    if code is None:
        raise ValidationError(f"危害后果“{text}”不认识。可填：无、轻微、较重。", field="harm")
    return code


def parse_decision(text: str) -> str:
    code = _lookup(text, DECISIONS, _DECISION_ALIASES)
    if code is None:
        raise ValidationError(
            f"处理决定“{text}”不认识。可填：不予处罚、减轻、从轻、处罚、移送。", field="decision"
        )
    return code


def parse_ground(text: str) -> str:
    code = _lookup(text, GROUNDS, {"首违": FIRST_GROUND, "轻微": MINOR_GROUND, "无过错": NO_FAULT})
    if code is None:
        raise ValidationError(
            f"不予处罚的情形“{text}”不认识。可填：{'、'.join(GROUNDS.values())}。", field="ground"
        )
    return code


def parse_target(text: str) -> str:
    word = normalize_spaces(text or "").strip()
    if not word:
        return ""
    return _TARGET_ALIASES.get(word, word)


# -- money ----------------------------------------------------------------------------------
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_fine(text: str | int | float | None) -> int | None:
    """A fine in yuan as typed (``1500``, ``1,500.5``, ``¥300``, ``2000元``) → integer fen;
    empty → ``None``. At most two decimals, more than 0, at most ¥100,000,000. Raises
    ``ValidationError`` naming the value."""
    if text is None:
        return None
    raw = to_halfwidth(str(text)).strip().replace(",", "").replace("，", "")
    raw = raw.removeprefix("¥").removeprefix("￥").removesuffix("元").strip()
    if not raw:
        return None
    if not _AMOUNT.match(raw):
        raise ValidationError(
            f"罚款金额“{text}”不是有效的金额：请填写以元为单位的数字，最多两位小数，例如 2000 或 1500.50。",
            field="fine",
        )
    try:
        fen = int(Decimal(raw) * 100)
    except InvalidOperation:  # pragma: no cover - the pattern already refused it
        raise ValidationError(f"罚款金额“{text}”不是有效的金额。", field="fine") from None
    if fen <= 0:
        raise ValidationError(
            "罚款金额须大于 0 元；只给予警告请注明警告（--warning）。", field="fine"
        )
    if fen > MAX_FINE_FEN:
        raise ValidationError(f"罚款金额 {yuan(fen)} 元超过 1 亿元，请核对。", field="fine")
    return fen


def yuan(fen: int | None) -> str:
    """``150050`` → ``1,500.50``; ``None`` → ``""``."""
    if fen is None:
        return ""
    return f"{fen // 100:,}.{fen % 100:02d}"


# -- dates -----------------------------------------------------------------------------------
def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, the month's last day when it has fewer
    days (2026-03-31 minus 1 month → 2026-02-28)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    last = _cal.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def in_lookback(prior: date, found_on: date, months: int = LOOKBACK_MONTHS) -> bool:
    """Whether a violation found on ``prior`` is within the ``months`` before ``found_on``:
    after the day ``months`` earlier, and not after ``found_on``."""
    return months_before(found_on, months) < prior <= found_on


# -- the violation ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ViolationDraft:
    """A violation as entered. ``deadline`` None with ``ordered_on`` set: 立即改正 (the found
    day); neither: no rectification ordered yet."""

    entity_id: int
    type_code: str
    found_on: date
    source: str = OTHER
    reference: str = ""
    facts: str = ""
    harm: str = UNASSESSED
    ordered_on: date | None = None
    deadline: date | None = None
    rectified_on: date | None = None


def check_violation(
    d: ViolationDraft,
    today: date,
    *,
    registered_on: date | None = None,
    entity_name: str = "",
) -> ViolationDraft:
    """A violation checked: found not in the future nor before the entity was registered; a
    known source and harm; a rectification ordered not before the finding, its deadline not
    before the order, the rectification not before the finding nor in the future. A source
    other than 其他 should say which record it came from, but a paper one may lack a number
    (not required)."""
    if d.found_on > today:
        raise ValidationError(f"发现日期 {d.found_on.isoformat()} 晚于今天。", field="found_on")
    if registered_on is not None and d.found_on < registered_on:
        who = f"“{entity_name}”" if entity_name else "该主体"
        raise ValidationError(
            f"{who}成立于 {registered_on.isoformat()}，发现日期 {d.found_on.isoformat()} 早于成立日期。",
            field="found_on",
        )
    if d.source not in SOURCES:
        raise ValidationError(f"发现途径“{d.source}”不认识。", field="source")
    if d.harm not in HARMS:
        raise ValidationError(f"危害后果“{d.harm}”不认识。", field="harm")
    ordered = d.ordered_on
    if d.deadline is not None and ordered is None:
        ordered = d.found_on
    if ordered is not None:
        if ordered < d.found_on:
            raise ValidationError("责令改正日期早于发现日期。", field="ordered_on")
        if ordered > today:
            raise ValidationError("责令改正日期晚于今天。", field="ordered_on")
        if d.deadline is not None and d.deadline < ordered:
            raise ValidationError(
                f"改正期限 {d.deadline.isoformat()} 早于责令改正日期 {ordered.isoformat()}。",
                field="deadline",
            )
    if d.rectified_on is not None:
        check_rectified(d.rectified_on, d.found_on, today)
    facts = (d.facts or "").strip()
    if len(facts) > MAX_FACTS:
        raise ValidationError(f"违法事实不超过 {MAX_FACTS} 字。", field="facts")
    return replace(d, facts=facts, ordered_on=ordered, reference=(d.reference or "").strip())


def check_rectified(rectified_on: date, found_on: date, today: date) -> date:
    if rectified_on < found_on:
        raise ValidationError(
            f"改正日期 {rectified_on.isoformat()} 早于发现日期 {found_on.isoformat()}。",
            field="rectified_on",
        )
    if rectified_on > today:
        raise ValidationError(
            f"改正日期 {rectified_on.isoformat()} 晚于今天。", field="rectified_on"
        )
    return rectified_on


def rectify_deadline(found_on: date, ordered_on: date | None, deadline: date | None) -> date:
    """The day by which the violation had to be corrected: the deadline ordered, else the day
    it was ordered (立即改正), else the found day (corrected at once or not ordered)."""
    return deadline or ordered_on or found_on


# -- lists --------------------------------------------------------------------------------------
LIST_COLUMNS = (
    "found_on",
    "entity",
    "type",
    "source",
    "rectification",
    "decision",
    "fine",
    "number",
)
"""Column keys of a violation row (``ViolationRows.fetch_rows``): 发现日期, 当事人, 违法行为类型,
发现途径, 整改, 处理决定, 罚款（元）, 文号. ``found_on``, ``entity``, ``decision`` sort in SQL."""


@dataclass(frozen=True)
class ViolationFilter:
    """Violations found in ``first`` … ``last`` (either open), of one entity or type, with
    decision ``decision`` (``"none"``: not decided yet; empty: any), matching ``text``
    (entity name, USCC start, number); voided ones only with ``include_voided``."""

    text: str = ""
    first: date | None = None
    last: date | None = None
    entity_id: int | None = None
    type_code: str = ""
    decision: str = ""
    include_voided: bool = False


FIGURE_DEFINITIONS: dict[str, tuple[str, str, str]] = {
    "violations.found": ("登记违法行为", "起", "发现日期在统计期内的违法行为（不含作废）"),
    "violations.lenient": (
        "包容审慎处理",
        "件",
        "决定日期在统计期内的不予处罚、减轻处罚和从轻处罚决定合计",
    ),
    "violations.no_penalty": ("不予处罚", "件", "决定日期在统计期内的不予处罚决定"),
    "violations.first": ("其中：首违不罚", "件", "以首违不罚为由的不予处罚决定"),
    "violations.mitigated": ("减轻处罚", "件", "决定日期在统计期内的减轻处罚决定"),
    "violations.lighter": ("从轻处罚", "件", "决定日期在统计期内的从轻处罚决定"),
    "violations.penalties": (
        "行政处罚",
        "件",
        "决定日期在统计期内的处罚、从轻处罚和减轻处罚决定合计",
    ),
    "violations.fines": ("罚款金额", "元", "上述行政处罚决定的罚款合计"),
    "violations.transfers": ("移送", "件", "决定日期在统计期内的移送决定（含移送公安机关）"),
    "violations.overrides": (
        "未采纳审查建议的不予处罚",
        "件",
        "首违不罚审查未建议、执法人员说明理由后决定不予处罚的件数",
    ),
    "violations.guidance": ("行政指导", "份", "签发日期在统计期内的行政指导书"),
    "violations.interviews": ("行政约谈", "次", "约谈日期在统计期内的行政约谈"),
}
"""key → (label, unit, definition) of the enforcement figures (county report, screens)."""
