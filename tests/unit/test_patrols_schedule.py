"""Windows on the working calendar and the street-order spread of a grid over people and days."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.calendar import WorkCalendar
from station_app.domain.patrols import rules as r
from station_app.domain.patrols import schedule as s

CAL = WorkCalendar()


def test_daily_weekly_monthly_quarterly_windows():
    first, last = date(2026, 7, 1), date(2026, 7, 31)
    assert len(s.windows(r.DAILY, first, last)) == 31
    weeks = s.windows(r.WEEKLY, first, last)
    assert weeks[0] == s.Window(date(2026, 6, 29), date(2026, 7, 5))  # ISO week: Monday start
    assert weeks[-1] == s.Window(date(2026, 7, 27), date(2026, 8, 2))
    assert len(weeks) == 5
    assert s.windows(r.MONTHLY, first, last) == [s.Window(first, last)]
    assert s.windows(r.QUARTERLY, date(2026, 8, 10), date(2026, 8, 20)) == [
        s.Window(date(2026, 7, 1), date(2026, 9, 30))
    ]


@pytest.mark.parametrize(
    ("n", "first_window", "count"),
    [
        (2, s.Window(date(2026, 1, 1), date(2026, 6, 30)), 2),
        (6, s.Window(date(2026, 1, 1), date(2026, 2, 28)), 6),
        (3, s.Window(date(2026, 1, 1), date(2026, 4, 30)), 3),
        (5, s.Window(date(2026, 1, 1), date(2026, 3, 14)), 5),  # 365 days in five runs of 73
    ],
)
def test_n_per_year_windows_split_the_year(n, first_window, count):
    freq = r.Frequency(r.YEAR, n)
    ws = s.windows(freq, date(2026, 1, 1), date(2026, 12, 31))
    assert ws[0] == first_window and len(ws) == count
    assert ws[-1].end == date(2026, 12, 31)
    for a, b in itertools.pairwise(ws):
        assert b.start == a.end + timedelta(days=1)  # no gap, no overlap


def test_window_of_any_day_contains_it():
    for freq in (r.DAILY, r.WEEKLY, r.MONTHLY, r.QUARTERLY, r.Frequency(r.YEAR, 7)):
        day = date(2026, 1, 1)
        while day.year == 2026:
            w = s.window_of(freq, day)
            assert w.contains(day)
            day += timedelta(days=11)


def test_eligible_days_follow_the_calendar_with_make_up_saturdays():
    week = s.window_of(r.WEEKLY, date(2026, 10, 8))  # 5–11 October 2026
    days = s.eligible_days(week, r.WORKDAYS, CAL)
    assert days == [date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)]  # 10th: 调休
    assert len(s.eligible_days(week, r.ALL_DAYS, CAL)) == 7
    assert s.eligible_days(s.Window(date(2026, 10, 3), date(2026, 10, 3)), r.WORKDAYS, CAL) == []


def test_eligible_days_start_from_not_before():
    month = s.window_of(r.MONTHLY, date(2026, 7, 1))
    days = s.eligible_days(month, r.WORKDAYS, CAL, not_before=date(2026, 7, 29))
    assert days == [date(2026, 7, 29), date(2026, 7, 30), date(2026, 7, 31)]
    assert s.eligible_days(month, r.WORKDAYS, CAL, not_before=date(2026, 8, 1)) == []


def test_a_week_of_holidays_has_no_day_for_a_visit():
    closed = WorkCalendar({date(2026, 7, 6) + timedelta(days=k): False for k in range(7)})
    week = s.window_of(r.WEEKLY, date(2026, 7, 8))
    assert s.eligible_days(week, r.WORKDAYS, closed) == []


def test_next_eligible_skips_the_weekend_and_stops_at_the_window_end():
    week = s.window_of(r.WEEKLY, date(2026, 7, 8))  # 6–12 July
    assert s.next_eligible(week, date(2026, 7, 8), r.WORKDAYS, CAL) == date(2026, 7, 9)
    assert s.next_eligible(week, date(2026, 7, 10), r.WORKDAYS, CAL) is None
    assert s.next_eligible(week, date(2026, 7, 10), r.ALL_DAYS, CAL) == date(2026, 7, 11)


def test_windows_in_period_counts_what_a_rule_asks_for():
    assert s.windows_in_period(r.MONTHLY, date(2026, 7, 1), date(2026, 9, 30)) == 3
    assert s.windows_in_period(r.QUARTERLY, date(2026, 7, 1), date(2026, 7, 31)) == 1
    assert s.windows_in_period(r.WEEKLY, date(2026, 7, 1), date(2026, 7, 31)) == 5


def test_spread_example_two_workers_twenty_shops_ten_days():
    spots = [s.spread(rank, 20, 2, 10) for rank in range(20)]
    assert [p.person for p in spots] == [0] * 10 + [1] * 10
    assert [p.day for p in spots[:10]] == list(range(10))  # one shop a day each, street order


@given(
    count=st.integers(1, 400),
    people=st.integers(0, 4),
    n_days=st.integers(1, 23),
)
def test_spread_is_contiguous_and_even(count, people, n_days):
    spots = [s.spread(rank, count, people, n_days) for rank in range(count)]
    persons = [p.person for p in spots]
    assert persons == sorted(persons)  # each person one stretch of streets
    assert all(0 <= p < max(people, 1) for p in persons)
    for k in set(persons):
        start, end = s.segment(k, count, people)
        mine = [spots[rank] for rank in range(start, end)]
        assert all(p.person == k for p in mine)
        days = [p.day for p in mine]
        assert days == sorted(days) and all(0 <= d < n_days for d in days)
        loads = Counter(days)
        per_day = [loads.get(d, 0) for d in range(n_days)]
        if len(mine) >= n_days:
            assert max(per_day) - min(per_day) <= 1  # even: no day idle, none overloaded
        else:
            assert max(per_day) == 1


@given(count=st.integers(1, 300), people=st.integers(1, 5))
def test_people_loads_differ_by_at_most_one(count, people):
    loads = Counter(s.person_index(rank, count, people) for rank in range(count))
    sizes = [loads.get(k, 0) for k in range(people)]
    assert max(sizes) - min(sizes) <= 1


def test_street_ranks_order_by_address_then_id():
    ranks = s.street_ranks([(5, "东街2号"), (3, "东街1号"), (4, "东街1号"), (1, "西街1号")])
    assert ranks == {3: 0, 4: 1, 5: 2, 1: 3}
