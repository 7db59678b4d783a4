"""Working-day arithmetic on the official calendar, overrides, unknown years, rule versions.

Expected dates come from the chinese_calendar 1.11.0 data for 2026 (the State Council schedule):
春节 02-15..02-23 off, 02-14 (Sat) and 02-28 (Sat) worked; 国庆/中秋 10-01..10-07 off,
09-20 (Sun) and 10-10 (Sat) worked. ``test_package_data_2026`` pins those facts.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain import calendar as cal_module
from station_app.domain.calendar import (
    COMPLAINT_RULES,
    ORDER_20,
    ORDER_121,
    WorkCalendar,
    add_working_days,
    rules_for,
)
from station_app.errors import ValidationError

D = date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 13), True),
        (D(2026, 2, 14), True),  # Saturday, make-up working day
        (D(2026, 2, 15), False),
        (D(2026, 2, 16), False),
        (D(2026, 2, 20), False),
        (D(2026, 2, 23), False),  # Monday, still holiday
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # Saturday, make-up working day
        (D(2026, 9, 20), True),  # Sunday, make-up working day
        (D(2026, 10, 1), False),
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),  # Saturday, make-up working day
        (D(2026, 10, 11), False),
    ],
)
def test_package_data_2026(day: date, working: bool) -> None:
    assert WorkCalendar().is_workday(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # make-up Saturday counts
        (D(2026, 2, 13), 2, D(2026, 2, 24)),  # whole Spring Festival skipped
        (D(2026, 2, 12), 7, D(2026, 2, 28)),
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # make-up Sunday counts
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        (D(2026, 3, 6), 1, D(2026, 3, 9)),  # plain weekend
        (D(2026, 3, 6), 5, D(2026, 3, 13)),
        (D(2026, 2, 15), 0, D(2026, 2, 15)),  # n=0 returns start, even on a holiday
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected
    assert WorkCalendar().add_working_days(start, n) == expected


def test_acceptance_deadline_over_national_day() -> None:
    received = D(2026, 9, 28)
    rules = rules_for(received)
    assert add_working_days(received, rules.acceptance_days) == D(2026, 10, 13)


def test_negative_n_rejected() -> None:
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 6), -1)


def test_datetime_accepted() -> None:
    assert add_working_days(datetime(2026, 2, 13, 16, 30), 1) == D(2026, 2, 14)


def test_unknown_year_falls_back_to_weekdays_and_is_flagged() -> None:
    cal = WorkCalendar()
    assert not cal.year_is_known(2027) and cal.year_is_known(2026)
    # 12-29, 12-30, 12-31, 2027-01-01 (Fri, not known to be a holiday), 01-04, 01-05, 01-06
    assert cal.add_working_days(D(2026, 12, 28), 7) == D(2027, 1, 6)
    assert cal.unknown_years_used == {2027}
    assert cal.unknown_years_between(D(2026, 12, 28), D(2027, 1, 6)) == {2027}


def test_module_function_flags_default_calendar() -> None:
    assert add_working_days(D(2026, 12, 28), 7) == D(2027, 1, 6)
    assert 2027 in cal_module.DEFAULT_CALENDAR.unknown_years_used


def test_override_table_for_unknown_year() -> None:
    cal = WorkCalendar({D(2027, 1, 1): False})
    assert cal.year_is_known(2027)
    assert cal.add_working_days(D(2026, 12, 28), 7) == D(2027, 1, 7)
    assert cal.unknown_years_used == set()
    assert cal.unknown_years_between(D(2026, 12, 28), D(2027, 1, 7)) == set()


def test_overrides_win_over_package_data() -> None:
    cal = WorkCalendar({D(2026, 3, 9): False, datetime(2026, 3, 7): True})
    assert cal.is_workday(D(2026, 3, 7))  # Saturday made a working day
    assert not cal.is_workday(D(2026, 3, 9))
    assert cal.add_working_days(D(2026, 3, 6), 2) == D(2026, 3, 10)


def test_working_days_between() -> None:
    cal = WorkCalendar()
    assert cal.working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert cal.working_days_between(D(2026, 10, 10), D(2026, 9, 30)) == -3
    assert cal.working_days_between(D(2026, 10, 1), D(2026, 10, 1)) == 0
    assert cal.working_days_between(D(2026, 2, 12), D(2026, 2, 28)) == 7


def test_years_before_package_data_are_unknown() -> None:
    cal = WorkCalendar()
    assert not cal.year_is_known(2003)
    cal.is_workday(D(2003, 5, 1))
    assert cal.unknown_years_used == {2003}


@given(st.dates(D(2004, 1, 1), D(2030, 12, 31)), st.integers(0, 60))
def test_add_working_days_properties(start: date, n: int) -> None:
    cal = WorkCalendar()
    result = cal.add_working_days(start, n)
    assert result <= cal.add_working_days(start, n + 1)
    assert cal.working_days_between(start, result) == n
    if n >= 1:
        assert result > start and cal.is_workday(result)


# ---- Rule versions ---------------------------------------------------------------------


def test_rules_for_switches_on_2026_04_15() -> None:
    assert rules_for(D(2026, 4, 14)) is ORDER_20
    assert rules_for(D(2026, 4, 15)) is ORDER_121
    assert rules_for(D(2020, 1, 1)) is ORDER_20
    assert rules_for(D(2030, 1, 1)) is ORDER_121


def test_rule_values_and_verification_flags() -> None:
    assert (ORDER_20.acceptance_days, ORDER_20.mediation_days) == (7, 45)
    assert (ORDER_20.termination_notice_days, ORDER_20.report_check_days) == (7, 15)
    assert ORDER_20.verified and not ORDER_121.verified
    assert list(COMPLAINT_RULES) == sorted(COMPLAINT_RULES, key=lambda r: r.effective_from)


def test_rules_before_order_20_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        rules_for(D(2019, 12, 31))
    assert "2020-01-01" in info.value.message


def test_rules_are_frozen() -> None:
    with pytest.raises(AttributeError):
        ORDER_121.mediation_days = 30  # type: ignore[misc]


def test_each_day_is_looked_up_once_and_answers_do_not_change(monkeypatch) -> None:
    calls: list[D] = []
    real = cal_module.chinese_calendar.is_workday

    def counting(day):
        calls.append(day)
        return real(day)

    monkeypatch.setattr(cal_module.chinese_calendar, "is_workday", counting)
    cal = WorkCalendar({D(2026, 10, 10): False})  # an override beside the package data
    first = cal.add_working_days(D(2026, 9, 29), 45)
    looked_up = len(calls)
    assert looked_up == len(set(calls))  # no day asked twice
    assert cal.add_working_days(D(2026, 9, 29), 45) == first
    assert len(calls) == looked_up  # the second deadline is answered from memory
    assert not cal.is_workday(D(2026, 10, 10)) and D(2026, 10, 10) not in calls
    assert WorkCalendar().is_workday(D(2026, 10, 10))  # the package: a 调休 Saturday
