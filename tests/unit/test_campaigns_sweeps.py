"""Sweep actions (domain/sweep_actions.py): 定日、定人、定社区, recurring plans on the working
calendar, and the reference grouping of the capture migration."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain import sweep_actions as s
from station_app.domain.calendar import WorkCalendar
from station_app.errors import ValidationError

DAY = date(2026, 9, 2)


def test_a_plan_needs_its_day_team_and_communities():
    plan = s.check_sweep_plan(
        s.SweepPlan(DAY, people=(3, 3, 5), users=("wang",), communities=(1, 2, 1))
    )
    assert plan == s.SweepPlan(DAY, (3, 5), ("wang",), (1, 2))
    assert s.check_sweep_plan(s.SweepPlan(DAY, users=("wang",), communities=(1,))).users == (
        "wang",
    )


@pytest.mark.parametrize(
    ("plan", "field", "message"),
    [
        (s.SweepPlan(None, (1,), (), (1,)), "day", "扫街日期"),
        (s.SweepPlan(DAY, (), (), (1,)), "team", "须有固定人员（定人）"),
        (s.SweepPlan(DAY, (1,), (), ()), "communities", "须有固定社区（定社区）"),
    ],
)
def test_a_plan_without_them_is_refused(plan, field, message):
    with pytest.raises(ValidationError, match=message) as err:
        s.check_sweep_plan(plan)
    assert err.value.field == field


def test_a_recurring_plan_keeps_its_weekdays_on_working_days():
    cal = WorkCalendar()
    days = s.sweep_days(date(2026, 9, 1), date(2026, 10, 15), [3], cal)  # Wednesdays
    assert days[:4] == [date(2026, 9, 2), date(2026, 9, 9), date(2026, 9, 16), date(2026, 9, 23)]
    assert date(2026, 9, 30) in days and date(2026, 10, 7) not in days  # National Day week
    assert all(d.isoweekday() == 3 for d in days)
    with pytest.raises(ValidationError, match="每周扫街的日子"):
        s.sweep_days(date(2026, 9, 1), date(2026, 9, 30), [], cal)
    with pytest.raises(ValidationError):
        s.sweep_days(date(2026, 9, 1), date(2026, 9, 30), [8], cal)


def test_the_migration_groups_captures_by_day_and_grid():
    captures = [
        (5, date(2026, 3, 2), 1),
        (1, date(2026, 3, 2), 1),
        (2, date(2026, 3, 2), 2),
        (3, date(2026, 3, 3), 1),
        (4, date(2026, 3, 2), 1),
    ]
    assert s.migration_actions(captures) == {
        (date(2026, 3, 2), 1): [1, 4, 5],
        (date(2026, 3, 2), 2): [2],
        (date(2026, 3, 3), 1): [3],
    }
    assert (
        s.migration_action_name(date(2026, 3, 2), "G01", "城关一网格")
        == "扫街行动 2026-03-02 G01 城关一网格"
    )
    assert "数据迁移" in s.MIGRATED_NOTE


def test_the_county_report_lines_say_what_they_count():
    keys = [k for k, _, _ in s.SWEEP_REPORT_LINES]
    assert keys == ["actions", "communities", "captured", "hazards_found", "hazards_fixed"]
    assert all(label and definition for _, label, definition in s.SWEEP_REPORT_LINES)
