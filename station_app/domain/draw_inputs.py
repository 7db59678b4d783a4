"""What a 双随机 draw is run *with*: quotas parsed from what the user typed, the grade an
entity is drawn in, who is a valid inspector on the draw day, the objects left out because
they were checked recently without findings, draw numbers and the redraw rule. Pure.

The algorithm itself (pool lines, hashes, seed, tickets, selection, verification) is in
:mod:`station_app.domain.draws`; nothing here changes what a printed record recomputes to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from station_app.domain.draws import GRADES, PoolObject, Quota, check_key, decimal_text
from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.errors import ValidationError

DEFAULT_RATIOS: dict[str, str] = {"A": "0.05", "B": "0.1", "C": "0.3", "D": "1"}
"""The station's defaults (a station setting may change them): FACTS §4.4."""
TYPICAL_RANGES: dict[str, tuple[Fraction, Fraction]] = {
    "A": (Fraction(0), Fraction(5, 100)),
    "B": (Fraction(5, 100), Fraction(20, 100)),
    "C": (Fraction(21, 100), Fraction(60, 100)),
    "D": (Fraction(61, 100), Fraction(1)),
}
"""The ranges FACTS §4.4 gives as local practice (Daqing 2024): outside them is a warning."""

FALLBACK_GRADE = "B"
"""The grade of an object with neither a 信用风险分类 nor a 本所分级: 一般 (normal ratio)."""
EXCLUDE_MONTHS_DEFAULT = 6


def entity_key(uscc: str | None, entity_id: int) -> str:
    """The public key of an entity in a pool: its 统一社会信用代码, else ``#`` + its number in
    this station's register (an unregistered shop found on a sweep has no code)."""
    code = remove_spaces(to_halfwidth(uscc or "")).upper()
    return code if code else f"#{entity_id}"


def inspector_key(cert_no: str, name: str = "") -> str:
    """The public key of an inspector: the 执法证号 as printed, spaces removed."""
    key = remove_spaces(to_halfwidth(cert_no or ""))
    if not key:
        raise ValidationError(f"{name or '该执法人员'}没有登记执法证号，不能进入执法人员库。")
    return check_key(key, name or key)


_RATIO = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)(%?)$")


def parse_ratio(grade: str, text: str) -> Quota:
    """``0.05``, ``.05``, ``5%`` or ``1`` → a ratio; at most four decimal places of a fraction
    (0.01 %); over 1 (100 %) is refused."""
    raw = remove_spaces(to_halfwidth(text or "")).replace("％", "%")
    match = _RATIO.match(raw)
    if not match:
        raise ValidationError(
            f"{grade} 类抽查比例“{text}”无法识别：填 0 到 1 之间的小数或百分数，如 0.3 或 30%。",
            field="ratio",
        )
    value = Fraction(match.group(1))
    if match.group(2):
        value /= 100
    if value > 1:
        raise ValidationError(
            f"{grade} 类抽查比例 {raw} 超过 1（100%）：比例填 0 到 1 之间的数，"
            "要全部抽取请填 1；要抽固定户数请用“固定户数”。",
            field="ratio",
        )
    if (value * 10000).denominator != 1:
        raise ValidationError(
            f"{grade} 类抽查比例 {raw} 过细：最多精确到 0.0001（0.01%）。", field="ratio"
        )
    return Quota(grade, ratio=value)


def parse_count(grade: str, text: str) -> Quota:
    raw = remove_spaces(to_halfwidth(text or "")).rstrip("户个")
    if not raw.isdecimal() or not raw.isascii():
        raise ValidationError(
            f"{grade} 类固定抽取户数“{text}”应为不小于 0 的整数。", field="number"
        )
    return Quota(grade, count=int(raw))


def _pairs(spec: str, what: str) -> list[tuple[str, str]]:
    """``A=0.05,B=0.1`` (commas of either width, ``:`` or ``=``) → ``[(A, 0.05), …]``."""
    out: list[tuple[str, str]] = []
    for part in re.split(r"[,，;；\s]+", to_halfwidth(spec or "").strip()):
        if not part:
            continue
        grade, sep, value = part.replace(":", "=").partition("=")
        grade = grade.strip().upper()
        if not sep or grade not in GRADES:
            raise ValidationError(
                f"{what}“{part}”无法识别：应写作 A=…,B=…,C=…,D=…（等级只能是 A、B、C、D）。",
                field="ratio" if what == "抽查比例" else "number",
            )
        if grade in {g for g, _ in out}:
            raise ValidationError(f"{what}中 {grade} 类写了两次。", field="ratio")
        out.append((grade, value))
    return out


def parse_quotas(
    ratios: str = "", numbers: str = "", defaults: Mapping[str, str] = DEFAULT_RATIOS
) -> dict[str, Quota]:
    """Every grade's quota: ``--ratio`` and ``--number`` as typed, the station's default
    ratio for a grade named in neither. A grade in both is refused."""
    quotas = {g: parse_ratio(g, defaults.get(g, DEFAULT_RATIOS[g])) for g in GRADES}
    given_ratios = {g: parse_ratio(g, v) for g, v in _pairs(ratios, "抽查比例")}
    given_counts = {g: parse_count(g, v) for g, v in _pairs(numbers, "固定户数")}
    both = sorted(set(given_ratios) & set(given_counts))
    if both:
        raise ValidationError(
            f"{'、'.join(both)} 类同时给了抽查比例和固定户数，请只保留一种。", field="ratio"
        )
    quotas.update(given_ratios)
    quotas.update(given_counts)
    return quotas


def quota_warnings(quotas: Mapping[str, Quota]) -> list[str]:
    """Ratios outside the usual ranges of FACTS §4.4 (a warning, never a refusal)."""
    out = []
    for grade in GRADES:
        quota = quotas.get(grade)
        if quota is None or quota.ratio is None:
            continue
        low, high = TYPICAL_RANGES[grade]
        if not low <= quota.ratio <= high:
            out.append(
                f"{grade} 类抽查比例 {quota.percent} 不在常用范围 "
                f"{decimal_text(low * 100)}%–{decimal_text(high * 100)}% 内，请确认。"
            )
    return out


def draw_grade(credit_class: str | None, local_grade: str | None, basis: str = "credit") -> str:
    """The grade an entity is drawn in: the 信用风险分类 (``basis='credit'``, FACTS §4.4) or
    the 本所分级 (``'local'``) first, the other next, :data:`FALLBACK_GRADE` when neither."""
    first, second = (
        (credit_class, local_grade) if basis == "credit" else (local_grade, credit_class)
    )
    for value in (first, second):
        if value in GRADES:
            return str(value)
    return FALLBACK_GRADE


def cert_valid(
    cert_no: str, expiry: date | None, active: bool, left_on: date | None, day: date
) -> str:
    """Why a roster person is *not* a valid inspector on ``day`` ("" when valid): a 执法证
    number and its expiry must both be recorded, not expired, the person still serving."""
    if not (cert_no or "").strip():
        return "未登记执法证号"
    if expiry is None:
        return "未登记执法证有效期"
    if expiry < day:
        return f"执法证已于 {expiry.isoformat()} 到期"
    if not active or (left_on is not None and left_on <= day):
        return "已离岗"
    return ""


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def leave_out_recently_clear(
    objects: Sequence[PoolObject], last_clear: Mapping[str, date], months: int, day: date
) -> tuple[list[PoolObject], list[PoolObject]]:
    """Split off the objects checked without findings in the last ``months`` months (their
    latest completed inspection, on or after ``day - months``, found nothing): they are not
    drawn again (FIELDWORK §4). ``months`` 0 keeps everything. Returns (kept, left out)."""
    if months <= 0:
        return list(objects), []
    since = months_before(day, months)
    kept: list[PoolObject] = []
    out: list[PoolObject] = []
    for obj in objects:
        checked = last_clear.get(obj.key)
        (out if checked is not None and since <= checked <= day else kept).append(obj)
    return kept, out


# ---- numbering and redraws ------------------------------------------------------------------


def draw_number(prefix: str, year: int, seq: int) -> str:
    """``东市监城抽〔2026〕3号``: the station's document prefix (文号前缀, as the complaint
    documents use it) + 抽, numbered per year, a redraw included."""
    return f"{prefix}抽〔{year}〕{seq}号"


def check_redraw(open_draw: str | None, reason: str, may_approve: bool) -> str:
    """A draw of an item that still has an open draw (drawn, not published, no result) is a
    redraw: it needs a reason and the head's approval; the first draw stays, marked 已重抽.
    Returns the cleaned reason ("" for a first draw)."""
    text = " ".join((reason or "").split())
    if open_draw is None:
        return text
    if len(text) < 4:
        raise ValidationError(
            f"该事项已有抽取记录 {open_draw} 尚未公示。重新抽取须写明理由（至少 4 个字）"
            "并经所长批准；原抽取记录保留。",
            field="reason",
        )
    if not may_approve:
        raise ValidationError(
            f"重新抽取（原记录 {open_draw}）须经所长批准：请由所长登录后执行。", field="reason"
        )
    return text


# ---- states, results, the list --------------------------------------------------------------

DRAWN, PUBLISHED, SUPERSEDED = "drawn", "published", "superseded"
STATE_LABELS = {DRAWN: "已抽取", PUBLISHED: "已公示", SUPERSEDED: "已重抽"}
CLEAR, FOUND, FIXED_ON_SPOT, NOBODY, UNABLE = (
    "未发现问题",
    "发现问题",
    "当场整改",
    "闭门未遇",
    "无法检查",
)
RESULTS = (CLEAR, FOUND, FIXED_ON_SPOT, NOBODY, UNABLE)
"""A drawn object's result as the 公示 prints it. 闭门未遇 keeps the object open (visit
again); 无法检查 (closed down, moved away) needs a reason and closes it."""
FINAL_RESULTS = frozenset({CLEAR, FOUND, FIXED_ON_SPOT, UNABLE})
ALL_FILTER = "all"
OBJECT_VIEW_SCREENS = ("entities", "campaign_targets")
INSPECTOR_VIEW_SCREEN = "draw_inspectors"
"""Saved filters (常用筛选) a draw's pools are named by: the entity list's (or the campaign
target builder's) for objects; ``draw_inspectors`` (criteria ``role``, ``group``, ``text``)
for inspectors."""

LIST_COLUMNS = (
    "number",
    "item",
    "drawn_at",
    "pool_total",
    "drawn_total",
    "results",
    "state",
    "witness",
)
"""Column keys of a draw list row (``DrawRows.fetch_rows``); ``number``, ``item``,
``drawn_at`` and ``state`` sort in SQL."""


@dataclass(frozen=True)
class DrawFilter:
    """Draws of ``year`` (0: every year) in ``state`` ("" any), ``text`` in number or item."""

    text: str = ""
    year: int = 0
    state: str = ""


def check_result(result: str, note: str) -> tuple[str, str]:
    text = (result or "").strip()
    if text not in RESULTS:
        raise ValidationError(
            f"检查结果“{result}”无效，可选：{'、'.join(RESULTS)}。", field="result"
        )
    note = " ".join((note or "").split())
    if text == UNABLE and len(note) < 2:
        raise ValidationError("“无法检查”须写明原因（如已注销、已搬离、查无此户）。", field="note")
    return text, note


def check_publishable(number: str, open_names: Sequence[str]) -> None:
    """Every drawn object has a final result before the 公示."""
    if not open_names:
        return
    shown = "、".join(open_names[:3]) + (f"等 {len(open_names)} 户" if len(open_names) > 3 else "")
    raise ValidationError(
        f"{number} 还有 {len(open_names)} 个抽查对象没有录入检查结果（或为闭门未遇）：{shown}。"
        "全部录入后才能公示；确实无法检查的，录入“无法检查”并写明原因。",
        field="results",
    )
