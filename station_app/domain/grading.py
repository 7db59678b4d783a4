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

Score ≥ 90 → A, ≥ 75 → B, ≥ 60 → C, else D. All figures live in :class:`GradingRules` and can
be changed (``GradingRules.from_mapping``). Complaints, lists, sampling and patrol modules do not
exist yet: their inputs read 0 / not listed until they arrive (see :class:`GradeInputs`).
"""

from __future__ import annotations

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

    penalties_24m: int = 0  # from the enforcement module (not built yet)
    complaints_12m: int = 0  # from the complaints module (not built yet)
    abnormal_listed: bool = False  # from the lists module (not built yet)
    blacklisted: bool = False  # from the lists module (not built yet)
    failed_samplings: int = 0  # from the patrols module (not built yet)
    hazards_found: int = 0  # from the patrols module (not built yet)
    annual_report_filed: bool = True  # not tracked yet: assumed filed
    licences_valid: bool = True  # from the registry's licences: no expired licence


@dataclass(frozen=True)
class GradingRules:
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
        """Defaults overridden by ``values`` (unknown keys ignored, values must be ≥ 0)."""
        known = {f.name for f in fields(cls)}
        clean = {k: int(v) for k, v in values.items() if k in known and int(v) >= 0}
        return replace(cls(), **clean)


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
            "行政处罚（近24个月）",
            f"{inputs.penalties_24m} 次",
            _counted(inputs.penalties_24m, r.penalty_points, r.penalty_cap),
        ),
        Contribution(
            "投诉（近12个月）",
            f"{inputs.complaints_12m} 件",
            _counted(inputs.complaints_12m, r.complaint_points, r.complaint_cap),
        ),
        Contribution(
            "经营异常名录/状态",
            "已列入" if inputs.abnormal_listed else "未列入",
            -r.abnormal_points if inputs.abnormal_listed else 0,
        ),
        Contribution(
            "黑榜（严重违法失信名单等）",
            "已列入" if inputs.blacklisted else "未列入",
            -r.blacklist_points if inputs.blacklisted else 0,
        ),
        Contribution(
            "抽检不合格",
            f"{inputs.failed_samplings} 次",
            _counted(inputs.failed_samplings, r.sampling_points, r.sampling_cap),
        ),
        Contribution(
            "巡查发现隐患",
            f"{inputs.hazards_found} 处",
            _counted(inputs.hazards_found, r.hazard_points, r.hazard_cap),
        ),
        Contribution(
            "年度报告",
            "已报送" if inputs.annual_report_filed else "未报送",
            0 if inputs.annual_report_filed else -r.annual_report_points,
        ),
        Contribution(
            "许可证",
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
