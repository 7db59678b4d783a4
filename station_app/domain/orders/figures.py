"""The figures of work orders (feeding the county report and its 工单 sheet): the counts and
rates, each rate a formula with its printed definition (FACTS §5: bureaus' denominators differ,
so every rate says what it divides by). Pure data; the counting is SQL in ``queries/``.

Periods are judged by a stated moment: receipt for what was received (受理量, 24 小时回应率,
办结率, 当日处置数, 重办率), the close for what was closed (按时办结率), the 回访 for the three
satisfaction rates. Voided orders (作废) are counted nowhere.
"""

from __future__ import annotations

from station_app.domain.complaints import RateFormula, rate

__all__ = ["COUNT_DEFINITIONS", "COUNT_LABELS", "RATE_FORMULAS", "RateFormula", "rate", "rates"]

COUNT_LABELS: dict[str, str] = {
    "received": "受理量",
    "response_judged": "可判定回应的受理量",
    "responded_24h": "24小时内回应量",
    "received_closed": "受理后已办结量",
    "closed": "办结量",
    "closed_on_time": "按时办结量",
    "handled_same_day": "当日处置数",
    "hotline_received": "热线工单受理量",
    "reworked": "重办工单量",
    "visited": "回访量",
    "process_satisfied": "过程满意量",
    "result_satisfied": "结果满意量",
    "visited_reasonable": "合理诉求回访量",
    "reasonable_satisfied": "合理诉求满意量",
    "overdue_now": "当前超时量",
    "paused_now": "当前挂起量",
}

COUNT_DEFINITIONS: dict[str, str] = {
    "received": "受理量 = 受理时间在统计期内的工单件数（按类型、来源分列；不含作废）",
    "handled_same_day": "当日处置数 = 统计期内受理、并在受理当日（北京时间）作出处置反馈的工单件数",
    "overdue_now": "当前超时量 = 统计时尚未办结且有时限已超过的工单件数",
}

RATE_FORMULAS: tuple[RateFormula, ...] = (
    RateFormula(
        "response_24h",
        "24小时回应率",
        "responded_24h",
        "response_judged",
        "24小时回应率 = 受理后 24 小时内（挂起时间不计）作出响应的工单件数 ÷ 统计期内受理的工单件数 × 100%"
        "（受理不满 24 小时且尚未响应的暂不计入分母）",
    ),
    RateFormula(
        "finished_on_time",
        "按时办结率",
        "closed_on_time",
        "closed",
        "按时办结率 = 统计期内办结的工单中派单、响应、反馈、办结、告知各项时限均未超过的件数 ÷ 统计期内办结的工单件数 × 100%，按办结时间计",
    ),
    RateFormula(
        "finished",
        "办结率",
        "received_closed",
        "received",
        "办结率 = 统计期内受理的工单中截至统计时已办结的件数 ÷ 统计期内受理的工单件数 × 100%",
    ),
    RateFormula(
        "rework",
        "重办率",
        "reworked",
        "hotline_received",
        "重办率 = 统计期内受理的 12345 热线工单和企业直通车工单中被平台退回重办过的件数 ÷ 统计期内受理的该两类工单件数 × 100%",
    ),
    RateFormula(
        "process_satisfaction",
        "过程满意率",
        "process_satisfied",
        "visited",
        "过程满意率 = 回访中过程满意度为“满意”或“基本满意”的件数 ÷ 统计期内回访件数 × 100%，按回访日期计",
    ),
    RateFormula(
        "result_satisfaction",
        "结果满意率",
        "result_satisfied",
        "visited",
        "结果满意率 = 回访中结果满意度为“满意”或“基本满意”的件数 ÷ 统计期内回访件数 × 100%，按回访日期计",
    ),
    RateFormula(
        "reasonable_satisfaction",
        "合理诉求满意率",
        "reasonable_satisfied",
        "visited_reasonable",
        "合理诉求满意率 = 回访中诉求经认定为合理、结果满意度为“满意”或“基本满意”的件数 ÷ 统计期内回访的合理诉求件数 × 100%，按回访日期计",
    ),
)


def rates(counts: dict[str, int]) -> dict[str, float | None]:
    """Each rate of :data:`RATE_FORMULAS` over ``counts`` (a missing count is 0)."""
    return {
        f.key: rate(counts.get(f.numerator, 0), counts.get(f.denominator, 0)) for f in RATE_FORMULAS
    }
