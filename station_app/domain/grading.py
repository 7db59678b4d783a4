"""The station's own A–D grade (本所分级) beside the official credit risk class. Pure, no I/O.

Eight indicators (STATIONS.md §1, the Feicheng rule) each take points off a score of 100:

======================  ==========================  =============================================
indicator               default                      input
======================  ==========================  =============================================
行政处罚（近24个月）     −15 per penalty, at most −30  ``GradeInputs.penalties_24m``
投诉（近12个月）         −5 per complaint, at most −20 ``GradeInputs.complaints_12m``
经营异常名录/状态        −20 while listed              ``GradeInputs.abnormal_listed``
严重违法失信名单         −40 and grade at most D       ``GradeInputs.blacklisted``
抽检不合格               −10 each, at most −20         ``GradeInputs.failed_samplings``
巡查发现隐患             −5 each, at most −15          ``GradeInputs.hazards_found``
年度报告                 −10 when not filed            ``GradeInputs.annual_report_filed``
许可证有效               −15 when one has expired      ``GradeInputs.licences_valid``
======================  ==========================  =============================================

Score ≥ 90 → A, ≥ 75 → B, ≥ 60 → C, else D. All figures live in :class:`GradingRules`; the
station changes them in 设置 → 分级规则 (stored in the database, validated by :func:`check_rules`). Complaints, lists, sampling and patrol modules do not
exist yet: their inputs read 0 / not listed until they arrive (see :class:`GradeInputs`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from typing import Any

GRADES = ("A", "B", "C", "D")
PATROL_FREQUENCY = {
    "A": "每月巡查一次，每季度复核",
    "B": "每月巡查一次，每季度复核",
    "C": "网格员每日巡查、发现即报，所每周检查",
    "D": "网格员每日巡查、发现即报，所每周检查",
}
GRADE_LABELS = {"A": "A（守信）", "B": "B（基本守信）", "C": "C（重点关注）", "D": "D（严格监管）"}


@dataclass(frozen=True)
class GradeInputs:
    """What the grade is computed from. Fields whose source module is not built yet default
    to the neutral value (0, not listed, report filed)."""

    penalties_24m: int = 0  # violations decided 处罚/从轻/减轻 in 24 months (violations area)
    complaints_12m: int = 0  # from the complaints module (not built yet)
    abnormal_listed: bool = False  # from the lists module (not built yet)
    blacklisted: bool = False  # from the lists module (not built yet)
    failed_samplings: int = 0  # from the patrols module (not built yet)
    hazards_found: int = 0  # from the patrols module (not built yet)
    annual_report_filed: bool = True  # a recorded 未报送 → False (visits)
    licences_valid: bool = True  # from the registry's licences: no expired licence


# Indicator names, as shown on the entity card and in 设置 → 分级规则.
PENALTIES = "行政处罚（近24个月）"
COMPLAINTS = "投诉（近12个月）"
ABNORMAL = "经营异常名录/状态"
BLACKLIST = "黑榜（严重违法失信名单等）"
SAMPLINGS = "抽检不合格"
HAZARDS = "巡查发现隐患"
ANNUAL_REPORT = "年度报告"
LICENCES = "许可证"
CUTOFFS = "分级分数线"
MAX_POINTS = 100  # the score starts at 100: no single figure can be more


@dataclass(frozen=True)
class RuleField:
    """One editable figure of :class:`GradingRules`: which indicator and what it means."""

    key: str
    indicator: str
    item: str  # e.g. "每次扣分"

    @property
    def label(self) -> str:
        return f"{self.indicator}·{self.item}"


RULE_FIELDS: tuple[RuleField, ...] = (
    RuleField("penalty_points", PENALTIES, "每次扣分"),
    RuleField("penalty_cap", PENALTIES, "扣分上限"),
    RuleField("complaint_points", COMPLAINTS, "每件扣分"),
    RuleField("complaint_cap", COMPLAINTS, "扣分上限"),
    RuleField("abnormal_points", ABNORMAL, "列入时扣分"),
    RuleField("blacklist_points", BLACKLIST, "列入时扣分（且分级为 D）"),
    RuleField("sampling_points", SAMPLINGS, "每次扣分"),
    RuleField("sampling_cap", SAMPLINGS, "扣分上限"),
    RuleField("hazard_points", HAZARDS, "每处扣分"),
    RuleField("hazard_cap", HAZARDS, "扣分上限"),
    RuleField("annual_report_points", ANNUAL_REPORT, "未报送时扣分"),
    RuleField("licence_points", LICENCES, "有过期许可证时扣分"),
    RuleField("threshold_a", CUTOFFS, "A 级不低于"),
    RuleField("threshold_b", CUTOFFS, "B 级不低于"),
    RuleField("threshold_c", CUTOFFS, "C 级不低于（更低为 D 级）"),
)
RULE_FIELD_BY_KEY = {f.key: f for f in RULE_FIELDS}
_CAPS = (
    ("penalty_points", "penalty_cap"),
    ("complaint_points", "complaint_cap"),
    ("sampling_points", "sampling_cap"),
    ("hazard_points", "hazard_cap"),
)


@dataclass(frozen=True)
class GradingRules:
    """Every figure of the local grade (本所分级规则). Station-wide: stored in the database
    (设置 → 分级规则); the defaults below are the documented ones (table above)."""

    penalty_points: int = 15
    penalty_cap: int = 30
    complaint_points: int = 5
    complaint_cap: int = 20
    abnormal_points: int = 20
    blacklist_points: int = 40
    sampling_points: int = 10
    sampling_cap: int = 20
    hazard_points: int = 5
    hazard_cap: int = 15
    annual_report_points: int = 10
    licence_points: int = 15
    threshold_a: int = 90
    threshold_b: int = 75
    threshold_c: int = 60

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> GradingRules:
        """Defaults overridden by ``values`` (unknown keys ignored, values must be ≥ 0).
        Lenient on purpose: reads what is stored; :func:`check_rules` is for what users type."""
        known = {f.name for f in fields(cls)}
        clean = {}
        for key, value in values.items():
            try:
                number = int(value)
            except (TypeError, ValueError):
                continue
            if key in known and number >= 0:
                clean[key] = number
        return replace(cls(), **clean)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> GradingRules:
        """Stored rules; anything unreadable falls back to the defaults of its figure."""
        try:
            values = json.loads(text or "{}")
        except ValueError:
            values = {}
        return cls.from_mapping(values if isinstance(values, dict) else {})

    def is_default(self) -> bool:
        return self == GradingRules()


def check_rules(values: dict[str, Any], base: GradingRules | None = None) -> GradingRules:
    """Rules a user typed (设置 or CLI), validated: whole numbers 0–100, caps not below the
    points they cap, cut-offs A > B > C ≥ 1. Figures not in ``values`` are taken from ``base``
    (default: the documented defaults). Raises ``ValidationError`` naming the figure
    (``field`` = its key)."""
    from station_app.errors import ValidationError

    clean: dict[str, int] = {}
    for key, value in values.items():
        spec = RULE_FIELD_BY_KEY.get(key)
        if spec is None:
            names = "、".join(f.key for f in RULE_FIELDS)
            raise ValidationError(f"没有名为“{key}”的分级规则项。可用的有：{names}。", field=key)
        clean[key] = _whole_points(spec, value)
    rules = replace(base or GradingRules(), **clean)
    for points, cap in _CAPS:
        p, c = getattr(rules, points), getattr(rules, cap)
        if c < p:
            spec = RULE_FIELD_BY_KEY[cap]
            raise ValidationError(
                f"“{spec.indicator}”的扣分上限（{c} 分）小于每次扣分（{p} 分）。"
                f"请把上限改为不小于 {p} 分；两项都填 0 表示不计此项。",
                field=cap,
            )
    a, b, c = rules.threshold_a, rules.threshold_b, rules.threshold_c
    if c < 1:
        raise ValidationError(
            "C 级分数线至少为 1 分，否则除列入黑榜外不会再有 D 级。", field="threshold_c"
        )
    if not a > b > c:
        field = "threshold_b" if b >= a else "threshold_c"
        raise ValidationError(
            f"分级分数线须从高到低：A 级（{a}）> B 级（{b}）> C 级（{c}）。请调整后再保存。",
            field=field,
        )
    return rules


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _whole_points(spec: RuleField, value: Any) -> int:
    from station_app.errors import ValidationError

    number = _as_int(value)
    if number is None:
        raise ValidationError(
            f"“{spec.label}”须为整数分（填的是“{value}”），例如 {getattr(GradingRules(), spec.key)}。",
            field=spec.key,
        )
    if number < 0:
        raise ValidationError(
            f"“{spec.label}”不能为负数（{number}）。请填 0–{MAX_POINTS} 的整数，填 0 表示不扣分。",
            field=spec.key,
        )
    if number > MAX_POINTS:
        raise ValidationError(
            f"“{spec.label}”为 {number} 分，超过满分 {MAX_POINTS} 分。请填 0–{MAX_POINTS} 的整数。",
            field=spec.key,
        )
    return number


@dataclass(frozen=True)
class Contribution:
    indicator: str
    value: str  # what was found, in words
    points: int  # ≤ 0: taken off the score


@dataclass(frozen=True)
class GradeResult:
    grade: str
    score: int
    contributions: tuple[Contribution, ...]

    @property
    def patrol_frequency(self) -> str:
        return PATROL_FREQUENCY[self.grade]

    def explanation(self) -> str:
        lines = [f"满分 100 分，得 {self.score} 分，分级 {self.grade}。"]
        for c in self.contributions:
            lines.append(
                f"· {c.indicator}：{c.value}，{'扣 ' + str(-c.points) + ' 分' if c.points else '不扣分'}"
            )
        return "\n".join(lines)


def _counted(count: int, each: int, cap: int) -> int:
    return -min(max(count, 0) * each, cap)


def compute_grade(inputs: GradeInputs, rules: GradingRules | None = None) -> GradeResult:
    r = rules or GradingRules()
    parts = (
        Contribution(
            PENALTIES,
            f"{inputs.penalties_24m} 次",
            _counted(inputs.penalties_24m, r.penalty_points, r.penalty_cap),
        ),
        Contribution(
            COMPLAINTS,
            f"{inputs.complaints_12m} 件",
            _counted(inputs.complaints_12m, r.complaint_points, r.complaint_cap),
        ),
        Contribution(
            ABNORMAL,
            "已列入" if inputs.abnormal_listed else "未列入",
            -r.abnormal_points if inputs.abnormal_listed else 0,
        ),
        Contribution(
            BLACKLIST,
            "已列入" if inputs.blacklisted else "未列入",
            -r.blacklist_points if inputs.blacklisted else 0,
        ),
        Contribution(
            SAMPLINGS,
            f"{inputs.failed_samplings} 次",
            _counted(inputs.failed_samplings, r.sampling_points, r.sampling_cap),
        ),
        Contribution(
            HAZARDS,
            f"{inputs.hazards_found} 处",
            _counted(inputs.hazards_found, r.hazard_points, r.hazard_cap),
        ),
        Contribution(
            ANNUAL_REPORT,
            "已报送" if inputs.annual_report_filed else "未报送",
            0 if inputs.annual_report_filed else -r.annual_report_points,
        ),
        Contribution(
            LICENCES,
            "均在有效期内" if inputs.licences_valid else "有已过期的许可证",
            0 if inputs.licences_valid else -r.licence_points,
        ),
    )
    score = max(0, 100 + sum(p.points for p in parts))
    if inputs.blacklisted:
        grade = "D"
    elif score >= r.threshold_a:
        grade = "A"
    elif score >= r.threshold_b:
        grade = "B"
    elif score >= r.threshold_c:
        grade = "C"
    else:
        grade = "D"
    return GradeResult(grade, score, parts)


def check_override(grade: str | None, reason: str) -> tuple[str | None, str]:
    """Validate a manual override: a grade needs a reason; ``None`` clears the override."""
    from station_app.errors import ValidationError

    reason = (reason or "").strip()
    if grade is None or grade == "":
        return None, reason
    grade = grade.strip().upper()
    if grade not in GRADES:
        raise ValidationError("分级只能是 A、B、C、D。", field="grade_override")
    if len(reason) < 4:
        raise ValidationError(
            "人工调整分级请写明原因（至少 4 个字），会记入操作日志。", field="grade_override_reason"
        )
    return grade, reason
