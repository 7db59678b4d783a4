"""Price rules as local measures write them (价格监测规则): seven rule types, each with its
parameters, a period, the days it looks at and a scope; versioned. Pure.

A rule version is immutable: an edit makes version n+1 (the service retires n). A flag names
the version that raised it, so "规则「2023 五一 >50 %」第 2 版" always means the same numbers.
Parameters arrive as JSON-like mappings (a form, a file, the database) and are validated here
with Chinese messages; :func:`params_json` writes them back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from station_app.domain.prices.money import (
    CLASSES,
    SUBJECT_KINDS,
    parse_yuan,
    percent_over,
    yuan,
)
from station_app.domain.prices.windows import md
from station_app.errors import ValidationError

BASELINE_RISE = "baseline_rise"
HOLIDAY_HISTORY = "holiday_history"
ABSOLUTE_CAP = "absolute_cap"
ABOVE_POSTED = "above_posted"
MULTIPLE_PRICES = "multiple_prices"
DAY_JUMP = "day_jump"
PEER_OUTLIER = "peer_outlier"
KIND_LABELS: dict[str, str] = {
    BASELINE_RISE: "涨幅超过基期均价",
    HOLIDAY_HISTORY: "不高于往年同期",
    ABSOLUTE_CAP: "最高限价",
    ABOVE_POSTED: "超过明码标价或备案价",
    MULTIPLE_PRICES: "同一房型同日多价",
    DAY_JUMP: "日环比跳涨",
    PEER_OUTLIER: "同类离群",
}
KINDS = tuple(KIND_LABELS)

WINDOW_DAYS, EVERY_DAY = "节假日及活动期间", "期间每日"
DAYS_MODES = (WINDOW_DAYS, EVERY_DAY)
MEASURE_MAX, MEASURE_AVG = "最高价", "平均价"
BASIS_POSTED, BASIS_FILED = "明码标价", "备案价"
PEERS_DISTRICT_CLASS, PEERS_CLASS, PEERS_GROUP = "同片区同档次", "同档次", "同组"
PEER_MODES = (PEERS_DISTRICT_CLASS, PEERS_CLASS, PEERS_GROUP)
MAX_K = Fraction(100)
MAX_BASELINE_DAYS = 366


@dataclass(frozen=True)
class SubjectInfo:
    """What the rules need to know of a 监测对象 (plain data from the service)."""

    id: int
    name: str
    entity_name: str = ""
    kind: str = "客房"
    posted_fen: int | None = None
    filed_fen: int | None = None
    district: str = ""
    klass: str = ""
    groups: frozenset[int] = frozenset()

    @property
    def label(self) -> str:
        return f"{self.entity_name} {self.name}".strip()


@dataclass(frozen=True)
class Scope:
    """Which subjects a rule covers: a group, a subject kind, some 档次 (empty = any)."""

    group_id: int | None = None
    subject_kind: str | None = None
    classes: frozenset[str] = frozenset()

    def contains(self, subject: SubjectInfo) -> bool:
        return (
            (self.group_id is None or self.group_id in subject.groups)
            and (self.subject_kind is None or subject.kind == self.subject_kind)
            and (not self.classes or subject.klass in self.classes)
        )


# ---- parameters of each kind ---------------------------------------------------------------


@dataclass(frozen=True)
class BaselineRise:
    """Flag a price above ``k`` × the subject's average over a baseline: ``days_before`` days
    before each window (holidays left out) or a fixed ``baseline`` span."""

    k: Fraction
    days_before: int | None = 30
    baseline_first: date | None = None
    baseline_last: date | None = None
    exclude_windows: bool = True
    min_observations: int = 3


@dataclass(frozen=True)
class HolidayHistory:
    """Not above the same holiday's highest (or average) price of the last ``years`` years."""

    years: int = 1
    measure: str = MEASURE_MAX


@dataclass(frozen=True)
class AbsoluteCap:
    cap_fen: int


@dataclass(frozen=True)
class AbovePosted:
    basis: str = BASIS_POSTED


@dataclass(frozen=True)
class MultiplePrices:
    max_prices: int = 1


@dataclass(frozen=True)
class DayJump:
    k: Fraction
    max_gap_days: int = 3


@dataclass(frozen=True)
class PeerOutlier:
    k: Fraction = Fraction(7, 2)
    peers: str = PEERS_DISTRICT_CLASS
    min_peers: int = 5


Params = (
    BaselineRise
    | HolidayHistory
    | AbsoluteCap
    | AbovePosted
    | MultiplePrices
    | DayJump
    | PeerOutlier
)


@dataclass(frozen=True)
class Rule:
    """One version of a rule. ``rule_id`` is its database row (None before it is saved)."""

    series: int
    version: int
    kind: str
    name: str
    params: Params
    days: str = WINDOW_DAYS
    period_first: date | None = None
    period_last: date | None = None
    scope: Scope = field(default_factory=Scope)
    active: bool = True
    rule_id: int | None = None

    @property
    def label(self) -> str:
        """``规则「节假日涨幅>50%」第 1 版`` (on every flag)."""
        return f"规则「{self.name}」第 {self.version} 版"

    def in_period(self, day: date) -> bool:
        return (self.period_first is None or day >= self.period_first) and (
            self.period_last is None or day <= self.period_last
        )


# ---- reading and checking ------------------------------------------------------------------


def parse_k(value: object, *, field: str = "k") -> Fraction:
    """A multiplier ``k`` > 1 (``1.5`` = 50 % above), at most 100, as an exact fraction."""
    text = str(value if value is not None else "").strip().replace("，", ".")
    try:
        k = Fraction(Decimal(text))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(
            f"倍数 k“{value}”不是数字：请填写大于 1 的数，例如 1.5（表示高出 50 %）。", field=field
        ) from exc
    if k <= 1:
        raise ValidationError(
            f"倍数 k 必须大于 1（1.5 表示高出 50 %），填写的是 {text}：k ≤ 1 会把正常价格也判为异常。",
            field=field,
        )
    if k > MAX_K:
        raise ValidationError(f"倍数 k 不能超过 {MAX_K}（填写的是 {text}）。", field=field)
    return k


def k_text(k: Fraction) -> str:
    """``1.5`` (exact: k came from a decimal)."""
    value = Decimal(k.numerator) / Decimal(k.denominator)
    return format(value.normalize(), "f")


def _int(raw: Mapping[str, Any], key: str, default: int, low: int, high: int, label: str) -> int:
    value = raw.get(key, default)
    try:
        number = int(str(value).strip())
    except ValueError as exc:
        raise ValidationError(f"{label}应为整数（填写的是“{value}”）。", field=key) from exc
    if not low <= number <= high:
        raise ValidationError(f"{label}应在 {low} 到 {high} 之间（填写的是 {number}）。", field=key)
    return number


def _choice(
    raw: Mapping[str, Any], key: str, default: str, options: tuple[str, ...], label: str
) -> str:
    value = str(raw.get(key) or default).strip()
    if value not in options:
        raise ValidationError(f"{label}应为：{'、'.join(options)}。", field=key)
    return value


def _day(raw: Mapping[str, Any], key: str, label: str) -> date | None:
    value = raw.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValidationError(f"{label}“{value}”应写作 2026-03-01。", field=key) from exc


def parse_params(kind: str, raw: Mapping[str, Any]) -> Params:
    """Validate a kind's parameters (Chinese message naming the field on error)."""
    if kind not in KIND_LABELS:
        raise ValidationError(f"未知的规则类型“{kind}”。", field="kind")
    return _PARSERS[kind](raw)


def _baseline_rise(raw: Mapping[str, Any]) -> BaselineRise:
    k = parse_k(raw.get("k", "1.5"))
    first, last = (
        _day(raw, "baseline_first", "基期起始日"),
        _day(raw, "baseline_last", "基期截止日"),
    )
    minimum = _int(raw, "min_observations", 3, 1, 1000, "基期最少监测次数")
    exclude = bool(raw.get("exclude_windows", True))
    if first or last:
        if not (first and last):
            raise ValidationError("固定基期须同时填写起始日和截止日。", field="baseline_first")
        if last < first:
            raise ValidationError("基期截止日早于起始日。", field="baseline_last")
        if (last - first).days + 1 > MAX_BASELINE_DAYS:
            raise ValidationError("基期不能超过一年。", field="baseline_last")
        return BaselineRise(k, None, first, last, exclude, minimum)
    days = _int(raw, "days_before", 30, 1, MAX_BASELINE_DAYS, "基期天数")
    return BaselineRise(k, days, None, None, exclude, minimum)


def _holiday_history(raw: Mapping[str, Any]) -> HolidayHistory:
    years = _int(raw, "years", 1, 1, 2, "比较年数")
    return HolidayHistory(
        years, _choice(raw, "measure", MEASURE_MAX, (MEASURE_MAX, MEASURE_AVG), "比较口径")
    )


def _absolute_cap(raw: Mapping[str, Any]) -> AbsoluteCap:
    if "cap_yuan" not in raw and "cap_fen" in raw:
        return AbsoluteCap(int(raw["cap_fen"]))
    return AbsoluteCap(parse_yuan(raw.get("cap_yuan"), field="cap_yuan", label="最高限价"))


def _above_posted(raw: Mapping[str, Any]) -> AbovePosted:
    return AbovePosted(_choice(raw, "basis", BASIS_POSTED, (BASIS_POSTED, BASIS_FILED), "比较依据"))


def _multiple(raw: Mapping[str, Any]) -> MultiplePrices:
    return MultiplePrices(_int(raw, "max_prices", 1, 1, 20, "同日允许的价格个数"))


def _day_jump(raw: Mapping[str, Any]) -> DayJump:
    return DayJump(parse_k(raw.get("k", "1.5")), _int(raw, "max_gap_days", 3, 1, 7, "最多间隔天数"))


def _peer(raw: Mapping[str, Any]) -> PeerOutlier:
    k = parse_k(raw.get("k", "3.5"))
    peers = _choice(raw, "peers", PEERS_DISTRICT_CLASS, PEER_MODES, "同类范围")
    return PeerOutlier(k, peers, _int(raw, "min_peers", 5, 3, 1000, "最少同类数"))


_PARSERS: dict[str, Callable[[Mapping[str, Any]], Params]] = {
    BASELINE_RISE: _baseline_rise,
    HOLIDAY_HISTORY: _holiday_history,
    ABSOLUTE_CAP: _absolute_cap,
    ABOVE_POSTED: _above_posted,
    MULTIPLE_PRICES: _multiple,
    DAY_JUMP: _day_jump,
    PEER_OUTLIER: _peer,
}


def params_json(params: Params) -> dict[str, Any]:
    """The parameters as JSON-ready values (dates ISO, k as a decimal string, money in fen)."""
    out: dict[str, Any] = {}
    for name, value in vars(params).items():
        if isinstance(value, Fraction):
            out[name] = k_text(value)
        elif isinstance(value, date):
            out[name] = value.isoformat()
        elif value is not None:
            out[name] = value
    return out


def parse_scope(raw: Mapping[str, Any] | None) -> Scope:
    raw = raw or {}
    kind = raw.get("subject_kind") or None
    if kind is not None and kind not in SUBJECT_KINDS:
        raise ValidationError(f"适用对象类型应为{'或'.join(SUBJECT_KINDS)}。", field="subject_kind")
    classes = frozenset(raw.get("classes") or ())
    if bad := classes - set(CLASSES):
        raise ValidationError(f"档次“{'、'.join(sorted(bad))}”不存在。", field="classes")
    group = raw.get("group_id")
    return Scope(int(group) if group not in (None, "") else None, kind, classes)


def scope_json(scope: Scope) -> dict[str, Any]:
    return {
        "group_id": scope.group_id,
        "subject_kind": scope.subject_kind,
        "classes": sorted(scope.classes),
    }


def build_rule(
    *,
    kind: str,
    name: str,
    params: Mapping[str, Any],
    days: str = WINDOW_DAYS,
    period_first: date | None = None,
    period_last: date | None = None,
    scope: Mapping[str, Any] | None = None,
    series: int = 0,
    version: int = 1,
    active: bool = True,
    rule_id: int | None = None,
) -> Rule:
    """A validated rule version; every problem is a Chinese message naming its field."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写规则名称，例如“2026 国庆 >50%”。", field="name")
    if len(name) > 60:
        raise ValidationError("规则名称不能超过 60 个字。", field="name")
    if days not in DAYS_MODES:
        raise ValidationError(f"适用日期应为：{'、'.join(DAYS_MODES)}。", field="days")
    if period_first and period_last and period_last < period_first:
        raise ValidationError("规则的截止日早于起始日。", field="period_last")
    parsed = parse_params(kind, params)
    _check_combination(kind, parsed, days, period_first)
    checked = _check_scope(parsed, parse_scope(scope))
    return Rule(
        series,
        version,
        kind,
        name,
        parsed,
        days,
        period_first,
        period_last,
        checked,
        active,
        rule_id,
    )


def _check_combination(kind: str, params: Params, days: str, first: date | None) -> None:
    if kind == HOLIDAY_HISTORY and days != WINDOW_DAYS:
        raise ValidationError("“不高于往年同期”只适用于节假日及活动期间。", field="days")
    if isinstance(params, BaselineRise) and days == EVERY_DAY and params.days_before and not first:
        raise ValidationError(
            "期间每日适用、以前若干天为基期的规则须填写起始日（基期从起始日往前数）。",
            field="period_first",
        )
    fixed_last = params.baseline_last if isinstance(params, BaselineRise) else None
    if fixed_last and first and fixed_last >= first:
        raise ValidationError("固定基期应在规则起始日之前。", field="baseline_last")


def _check_scope(params: Params, scope: Scope) -> Scope:
    """同组 peers need the rule scoped to a group."""
    if isinstance(params, PeerOutlier) and params.peers == PEERS_GROUP and scope.group_id is None:
        raise ValidationError("同类范围选“同组”时，请在适用范围中选择分组。", field="group_id")
    return scope


DEFAULT_RULE = build_rule(
    kind=BASELINE_RISE,
    name="节假日涨幅>50%",
    params={"k": "1.5", "days_before": 30},
    days=WINDOW_DAYS,
    series=1,
)
"""The rule in force on a new database: during holiday windows (and local events), a price
more than 50 % above the subject's average over the 30 days before the window, holidays left
out (issue #19)."""


# ---- what a rule says, in Chinese ----------------------------------------------------------


def threshold_text(rule: Rule) -> str:
    """The short threshold of a rule: ``>50 %``, ``>¥5,000``, ``>1 个价格``."""
    p = rule.params
    if isinstance(p, BaselineRise | DayJump):
        return f">{percent_over(p.k)} %"
    if isinstance(p, AbsoluteCap):
        return f">{yuan(p.cap_fen)}"
    if isinstance(p, MultiplePrices):
        return f">{p.max_prices} 个价格"
    if isinstance(p, PeerOutlier):
        return f"离群指数>{k_text(p.k)}"
    if isinstance(p, HolidayHistory):
        return f">往年{p.measure}"
    return f">{p.basis}"


def describe(rule: Rule) -> str:
    """One plain sentence: what the rule flags, when, for whom."""
    when = _when(rule)
    p = rule.params
    if isinstance(p, BaselineRise):
        what = f"价格高出{baseline_phrase(p)}均价 {percent_over(p.k)} % 以上"
    elif isinstance(p, HolidayHistory):
        years = "上一年" if p.years == 1 else "近两年"
        what = f"价格高于{years}同一节假日的{p.measure}"
    elif isinstance(p, AbsoluteCap):
        what = f"价格超过最高限价 {yuan(p.cap_fen)}（元/单位）"
    elif isinstance(p, AbovePosted):
        what = f"实际价格高于{p.basis}"
    elif isinstance(p, MultiplePrices):
        what = f"同一对象同一天出现 {p.max_prices + 1} 个及以上不同价格"
    elif isinstance(p, DayJump):
        what = f"价格比前一监测日（{p.max_gap_days} 天内）最高价上涨 {percent_over(p.k)} % 以上"
    else:
        what = (
            f"价格在{p.peers}的对象中离群（离群指数 > {k_text(p.k)}，按中位数和中位数绝对偏差计，"
            f"至少 {p.min_peers} 个同类）"
        )
    return f"{when}，{what}{_scope_phrase(rule.scope)}。"


def baseline_phrase(p: BaselineRise) -> str:
    if p.baseline_first and p.baseline_last:
        tail = "（不含节假日）" if p.exclude_windows else ""
        return f"基期（{p.baseline_first:%Y年}{md(p.baseline_first)}至{md(p.baseline_last)}{tail}）"
    return f"节前 {p.days_before} 天（{'不含' if p.exclude_windows else '含'}节假日）"


def _when(rule: Rule) -> str:
    if rule.period_first and rule.period_last:
        span = f"{rule.period_first.isoformat()} 至 {rule.period_last.isoformat()}"
    elif rule.period_first:
        span = f"{rule.period_first.isoformat()} 起"
    elif rule.period_last:
        span = f"{rule.period_last.isoformat()} 前"
    else:
        span = ""
    days = "节假日及本地活动期间" if rule.days == WINDOW_DAYS else "每日"
    return f"{span}{days}" if span else days


def _scope_phrase(scope: Scope) -> str:
    parts = []
    if scope.subject_kind:
        parts.append(scope.subject_kind)
    if scope.classes:
        parts.append("、".join(sorted(scope.classes)))
    if scope.group_id is not None:
        parts.append("所选分组")
    return f"（适用：{' '.join(parts)}）" if parts else ""
