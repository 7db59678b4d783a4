"""Campaigns (domain/campaigns.py): fields and phases, tasks and checks, target states, the
回头看 rules (problem shops by re-check day, a consistent sample of passed shops), closing,
and the progress board's formulas."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain import campaigns as c
from station_app.domain.calendar import WorkCalendar
from station_app.errors import ValidationError

FIRST, LAST = date(2026, 9, 1), date(2026, 9, 30)
CAL = WorkCalendar()


def test_phases_from_state_and_dates():
    assert c.phase(c.OPEN, FIRST, LAST, date(2026, 8, 31)) == c.PLANNED
    assert c.phase(c.OPEN, FIRST, LAST, FIRST) == c.RUNNING
    assert c.phase(c.OPEN, FIRST, LAST, LAST) == c.RUNNING
    assert c.phase(c.OPEN, FIRST, LAST, date(2026, 10, 1)) == c.DUE
    assert c.PHASE_LABELS[c.DUE] == "已到期未结束"
    assert c.phase(c.CLOSED, FIRST, LAST, date(2026, 9, 5)) == c.CLOSED
    assert c.phase(c.CANCELLED, FIRST, LAST, date(2026, 9, 5)) == c.CANCELLED


def test_campaign_fields():
    assert c.check_name("  护校安园　专项行动 ") == "护校安园专项行动"
    with pytest.raises(ValidationError, match="请填写专项行动名称") as err:
        c.check_name(" ")
    assert err.value.field == "name"
    with pytest.raises(ValidationError, match="不能超过 100 个字"):
        c.check_name("护" * 101)
    assert c.check_period(FIRST, LAST) == (FIRST, LAST)
    with pytest.raises(ValidationError, match="早于开始日期"):
        c.check_period(LAST, FIRST)
    with pytest.raises(ValidationError, match="最长一年"):
        c.check_period(FIRST, FIRST + timedelta(days=366))
    with pytest.raises(ValidationError, match="起止日期") as err:
        c.check_period(FIRST, None)
    assert err.value.field == "last_day"
    assert c.check_basis(" 《食品安全法》  第八十七条 ") == "《食品安全法》 第八十七条"


def test_departments_come_from_the_directory():
    known = c.DEFAULT_DEPARTMENTS
    assert c.check_departments(["公安", " 城管", "公安", ""], known) == ("公安", "城管")
    with pytest.raises(ValidationError, match="参与部门“税务”不在部门名录中") as err:
        c.check_departments(["税务"], known)
    assert "设置 → 参与部门" in err.value.message
    assert {"公安", "城管", "消防", "教育", "卫健"} <= set(known)
    with pytest.raises(ValidationError):
        c.check_department_name("")


def test_numbers():
    assert c.campaign_number("城关", c.CAMPAIGN, 2026, 3) == "城关专〔2026〕3号"
    assert c.campaign_number("城关", c.SWEEP, 2026, 45) == "城关扫〔2026〕45号"


def test_tasks_and_check_days_stay_in_the_period():
    assert c.check_task(None, FIRST, LAST) == LAST
    assert c.check_task(date(2026, 9, 10), FIRST, LAST) == date(2026, 9, 10)
    with pytest.raises(ValidationError, match="不在专项行动期间"):
        c.check_task(date(2026, 10, 1), FIRST, LAST)
    c.check_check_day(FIRST, FIRST, LAST, c.OPEN)
    with pytest.raises(ValidationError, match="早于专项行动开始日期"):
        c.check_check_day(date(2026, 8, 31), FIRST, LAST, c.OPEN)
    with pytest.raises(ValidationError, match="回头看不受此限"):
        c.check_check_day(date(2026, 10, 1), FIRST, LAST, c.OPEN)
    with pytest.raises(ValidationError, match="该专项行动已结束，不能再登记检查"):
        c.check_check_day(FIRST, FIRST, LAST, c.CLOSED)


@pytest.mark.parametrize(
    ("checked", "states", "target"),
    [
        (False, [], c.PENDING),
        (True, [], c.CHECKED),
        (True, [c.H_FIXED], c.RECTIFIED),
        (True, [c.H_FIXED, c.H_OPEN], c.PROBLEM),
        (True, [c.H_CLOSED, c.H_CLOSED], c.RECTIFIED),
        (True, [c.H_CLOSED, c.H_TRANSFERRED], c.TRANSFERRED),
        (True, [c.H_TRANSFERRED, c.H_OPEN], c.PROBLEM),
    ],
)
def test_target_state_from_its_hazards(checked, states, target):
    assert c.target_state(checked, states) == target


def test_the_hazard_states_are_those_of_the_patrols_area():
    # the patrols area stores these strings (domain/patrols/hazards.py, issue #15)
    assert (c.H_OPEN, c.H_FIXED, c.H_CLOSED, c.H_TRANSFERRED) == (
        "open",
        "fixed",
        "closed",
        "transferred",
    )


# ---- 回头看 ---------------------------------------------------------------------------------


def test_a_problem_shop_owes_one_revisit_per_recheck_day():
    hazards = [
        c.HazardFact(1, c.H_OPEN, date(2026, 9, 12)),  # a Saturday → Monday 14th
        c.HazardFact(2, c.H_OPEN, date(2026, 9, 14)),
        c.HazardFact(3, c.H_OPEN, date(2026, 9, 28)),
        c.HazardFact(4, c.H_FIXED, None),  # fixed on the spot: no revisit of its own
        c.HazardFact(5, c.H_CLOSED, date(2026, 9, 14)),  # already closed
    ]
    assert c.problem_revisits(hazards, CAL) == {
        date(2026, 9, 14): [1, 2],
        date(2026, 9, 28): [3],
    }


def test_a_make_up_working_sunday_is_a_revisit_day():
    # 2026-09-20 is a Sunday worked in exchange for the National Day holiday (调休)
    assert c.problem_revisits([c.HazardFact(1, c.H_OPEN, date(2026, 9, 20))], CAL) == {
        date(2026, 9, 20): [1]
    }


def test_national_day_moves_the_revisit_to_the_first_working_day():
    hazards = [c.HazardFact(1, c.H_OPEN, date(2026, 10, 2))]
    (due,) = c.problem_revisits(hazards, CAL)
    assert due > date(2026, 10, 2) and CAL.is_workday(due)
    assert all(
        not CAL.is_workday(date(2026, 10, 2) + timedelta(days=i))
        for i in range((due - date(2026, 10, 2)).days)
    )


def test_a_problem_revisit_is_done_when_every_hazard_is_final():
    assert c.problem_revisit_state([c.H_CLOSED, c.H_TRANSFERRED]) == c.R_DONE
    assert c.problem_revisit_state([c.H_CLOSED, c.H_OPEN]) == c.R_OPEN  # a failed re-check
    assert c.problem_revisit_state([]) == c.R_OPEN


def test_the_sample_revisit_comes_after_the_delay_on_a_working_day():
    policy = c.RevisitPolicy.parse("0.1", 30)
    assert policy.sample_ratio == Fraction(1, 10)
    due = c.sample_revisit_due(date(2026, 9, 2), policy, CAL)
    assert due >= date(2026, 10, 2) and CAL.is_workday(due)
    with pytest.raises(ValidationError, match="超过 1"):
        c.RevisitPolicy.parse("1.5")
    with pytest.raises(ValidationError, match="1–180 天"):
        c.RevisitPolicy.parse("0.1", 0)


@given(st.lists(st.text("0123456789ABCDEF", min_size=4, max_size=18), unique=True, max_size=200))
@settings(max_examples=30, deadline=None)
def test_the_sample_of_passed_shops_is_consistent(keys):
    seed = c.revisit_seed("城关专〔2026〕3号")
    small = {k for k in keys if c.in_sample(seed, k, Fraction(1, 10))}
    large = {k for k in keys if c.in_sample(seed, k, Fraction(3, 10))}
    assert small <= large  # a larger ratio keeps everyone a smaller one chose
    assert all(c.in_sample(seed, k, Fraction(1)) for k in keys)
    assert not any(c.in_sample(seed, k, Fraction(0)) for k in keys)


def test_the_sample_is_about_its_ratio_and_depends_on_the_campaign():
    keys = [f"9237{i:014d}" for i in range(4000)]
    seed = c.revisit_seed("城关专〔2026〕3号")
    chosen = [k for k in keys if c.in_sample(seed, k, Fraction(1, 10))]
    assert 320 < len(chosen) < 480
    other = c.revisit_seed("城关专〔2026〕4号")
    assert chosen != [k for k in keys if c.in_sample(other, k, Fraction(1, 10))]


def test_waivers_and_overdue():
    assert c.check_waiver(c.R_OPEN, " 已于 9 月注销 ") == "已于 9 月注销"
    with pytest.raises(ValidationError, match="至少 4 个字"):
        c.check_waiver(c.R_OPEN, "注销")
    with pytest.raises(ValidationError, match="已回头看"):
        c.check_waiver(c.R_DONE, "已经搬离本辖区")
    assert c.is_overdue(c.R_OPEN, date(2026, 9, 1), date(2026, 9, 2))
    assert not c.is_overdue(c.R_OPEN, date(2026, 9, 2), date(2026, 9, 2))
    assert not c.is_overdue(c.R_DONE, date(2026, 9, 1), date(2026, 9, 2))


def test_a_campaign_with_open_revisits_cannot_be_closed():
    today = date(2026, 10, 10)
    c.check_close(c.OPEN, [], today)
    open_ones = [
        c.OpenRevisit("张三记小吃店", date(2026, 10, 12)),
        c.OpenRevisit("李四便利店", date(2026, 10, 8)),
        c.OpenRevisit("王五烧烤", date(2026, 10, 20), c.SAMPLE_REVISIT),
        c.OpenRevisit("赵六药店", date(2026, 10, 30)),
    ]
    with pytest.raises(ValidationError) as err:
        c.check_close(c.OPEN, open_ones, today)
    text = err.value.message
    assert text.startswith(
        "还有 4 个回头看未完成：李四便利店（2026-10-08，已逾期）、张三记小吃店（2026-10-12）"
    )
    assert "等 4 户" in text and "才能结束专项行动" in text and "赵六药店" not in text
    assert err.value.field == "revisits"
    with pytest.raises(ValidationError, match="已结束"):
        c.check_close(c.CLOSED, [], today)
    assert c.close_warnings(3, 12) == ["12 个检查对象中还有 3 个未检查，结束后汇总表按未检查统计。"]
    assert c.close_warnings(0, 12) == []


# ---- progress -----------------------------------------------------------------------------


def _facts() -> list[c.TargetFact]:
    due, later = date(2026, 9, 20), date(2026, 10, 20)
    return [
        c.TargetFact("G01", "公安", c.PENDING),
        c.TargetFact("G01", "公安", c.CHECKED, [(c.R_OPEN, later)]),
        c.TargetFact("G01", "城管", c.PROBLEM, [(c.R_OPEN, due)]),
        c.TargetFact("G02", "城管", c.RECTIFIED, [(c.R_DONE, due)]),
        c.TargetFact("G02", "", c.TRANSFERRED, [(c.R_DONE, due), (c.R_WAIVED, due)]),
        c.TargetFact("G02", "", c.CHECKED),
    ]


def test_the_board_counts_and_rates():
    (total,) = c.fold(_facts(), date(2026, 10, 1)).values()
    assert (total.targets, total.checked, total.problems) == (6, 5, 3)
    assert (total.rectified, total.transferred) == (1, 1)
    assert (total.revisits, total.revisits_due, total.revisits_done, total.revisits_overdue) == (
        4,
        3,
        2,
        1,
    )
    assert total.rate_text("check_rate") == "83.3%"
    assert total.rate_text("problem_rate") == "60.0%"
    assert total.rate("rectify_rate") == Fraction(1, 3)
    assert total.rate_text("revisit_rate") == "66.7%"
    assert c.Progress().rate_text("check_rate") == "—"


def test_the_board_by_grid_and_by_department_adds_up_to_the_total():
    today = date(2026, 10, 1)
    (total,) = c.fold(_facts(), today).values()
    for by in ("grid", "department"):
        lines = c.fold(_facts(), today, by)
        summed = sum(lines.values(), c.Progress())
        assert (summed.targets, summed.checked, summed.problems, summed.revisits_done) == (
            total.targets,
            total.checked,
            total.problems,
            total.revisits_done,
        )
    assert set(c.fold(_facts(), today, "department")) == {"公安", "城管", "（未分配）"}
    assert c.fold(_facts(), today, "grid")["G02"].rectified == 1


def test_every_rate_prints_its_definition():
    for formula in c.PROGRESS_FORMULAS:
        assert formula.definition and "÷" in formula.definition
        assert hasattr(c.Progress(), formula.numerator) and hasattr(
            c.Progress(), formula.denominator
        )
