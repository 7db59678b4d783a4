from station_app.domain.report_model import (
    AMOUNT,
    Figure,
    RateDef,
    Section,
    headline_section,
    with_comparisons,
)

RATE = RateDef(
    "c.success_rate",
    "调解成功率",
    "c.success",
    "c.closed",
    "调解成功件数 ÷ 办结件数",
    headline=True,
)


def _section(success, closed, money):
    return Section(
        "投诉与调解",
        [
            Figure("c.success", "调解成功", success),
            Figure("c.closed", "办结", closed, headline=True),
            Figure("c.money", "挽回经济损失", money, "元", AMOUNT),
        ],
        rates=[RATE],
    )


def test_rates_computed_for_each_period_not_summed():
    merged = with_comparisons(_section(92, 241, 100_00), _section(10, 20, 0), None)
    rate = next(f for f in merged.figures if f.key == "c.success_rate")
    assert round(rate.value, 4) == round(92 / 241, 4)  # Guangyuan's 38.17 %
    assert rate.previous == 0.5 and rate.last_year is None
    assert rate.definition == "调解成功件数 ÷ 办结件数"


def test_zero_denominator_gives_no_rate():
    merged = with_comparisons(_section(0, 0, 0), None, None)
    assert next(f for f in merged.figures if f.key == "c.success_rate").value is None


def test_changes_and_headlines():
    merged = with_comparisons(_section(92, 241, 0), _section(10, 200, 0), _section(5, 482, 0))
    closed = next(f for f in merged.figures if f.key == "c.closed")
    assert closed.previous == 200 and closed.last_year == 482
    assert round(closed.change(closed.previous), 3) == 0.205
    assert closed.change(closed.last_year) == -0.5
    assert [f.key for f in headline_section([merged]).figures] == ["c.closed", "c.success_rate"]
