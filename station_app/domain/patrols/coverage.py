"""Coverage (巡查覆盖): what the period's figures mean, each with its printed definition. Pure.

The service counts in SQL (GROUP BY over the period's tasks and records); this module says
what is counted — the definitions printed under the 巡查 sheet of the county report and in
the 覆盖情况 tab — and holds the small arithmetic (rates, the visits a rule allows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from station_app.domain.patrols.plan import active_windows
from station_app.domain.patrols.rules import RuleSet


@dataclass(frozen=True)
class CoverageFormula:
    key: str
    label: str
    definition: str


COVERAGE_FORMULAS: tuple[CoverageFormula, ...] = (
    CoverageFormula(
        "completion",
        "计划完成率",
        "计划完成率 = 期内已完成的计划任务数 ÷ 期内计划任务数 × 100%；按任务的计划日期计入统计期，"
        "闭门未遇不算完成。",
    ),
    CoverageFormula(
        "d_full",
        "D 级全覆盖率",
        "D 级全覆盖率 = 期内至少有一次已完成检查（任何来源，闭门未遇除外）的 D 级在营主体数 ÷ "
        "D 级在营主体数 × 100%；分级按期末（统计期未结束的按今天），未检查的逐户列出。",
    ),
    CoverageFormula(
        "a_undisturbed",
        "A 级无事不扰",
        "A 级超频检查户数 = 期内无因检查次数超过规则应检次数的 A 级在营主体数。无因检查不含"
        "线索/工单、投诉举报和整改复查引起的检查，闭门未遇不计；应检次数 = A 级各条规则在期内的"
        "周期数之和。超频的逐户列出。",
    ),
    CoverageFormula(
        "overdue",
        "逾期未完成",
        "逾期未完成 = 期内计划任务中，完成期限（任务周期的最后一天）已过仍未完成的任务数，"
        "按负责人员统计。",
    ),
    CoverageFormula(
        "hazard_closure",
        "隐患整改率",
        "隐患整改率 = 期内发现的隐患中已整改（当场整改或复查合格）的处数 ÷ 期内发现的隐患处数 × 100%；"
        "整改逾期 = 整改期限已过仍未复查合格的隐患处数。",
    ),
    CoverageFormula(
        "sampling_pass",
        "抽检合格率",
        "抽检合格率 = 期内抽检结论为合格的批次 ÷ 期内抽检批次 × 100%，按抽样日期计。",
    ),
)
FORMULA_BY_KEY = {f.key: f for f in COVERAGE_FORMULAS}


def rate(numerator: int, denominator: int) -> float | None:
    """Percentage rounded to 2 decimals; ``None`` when there is nothing to divide by."""
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, 2)


def rate_text(numerator: int, denominator: int) -> str:
    value = rate(numerator, denominator)
    return "—" if value is None else f"{value:.2f}%"


@dataclass(frozen=True)
class CoverageLine:
    """One row of a breakdown (a grid, a person or a grade): tasks planned, done (completed
    records), visited but not completed (闭门未遇, still open) and overdue."""

    key: str
    label: str
    planned: int
    done: int
    attempted: int = 0
    overdue: int = 0

    @property
    def rate(self) -> float | None:
        return rate(self.done, self.planned)

    @property
    def rate_text(self) -> str:
        return rate_text(self.done, self.planned)


def as_of(last: date, today: date) -> date:
    """The day a period's state is read on: its last day, or today while it is running."""
    return min(last, today)


def allowed_visits(versions: Sequence[RuleSet], grade: str, first: date, last: date) -> int:
    """How many visits the rules ask for a ``grade`` entity in ``first`` … ``last``: the
    windows of the grade's rules touching the period (each rule by the version in force on
    the window's first day). An A entity visited more often, without a cause, is disturbed."""
    return sum(1 for rule, _w in active_windows(versions, first, last) if rule.grade == grade)


def excess_visits(visits_without_cause: int, allowed: int) -> int:
    """Visits beyond what the rules allow (0 when within)."""
    return max(0, visits_without_cause - allowed)
