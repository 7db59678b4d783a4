"""Holiday windows from the working calendar (chinese_calendar 1.11 data; the station's table for
later years), local events, baseline days with the holidays left out, the same holiday before.

Facts pinned (State Council schedules): 2025 国庆节、中秋节 10-01..10-08; 2026 春节 02-15..02-23
with 02-14 (Sat) worked; 2026 中秋节 09-25..09-27 and 国庆节 10-01..10-07; 2023 元旦
2022-12-31..2023-01-02.
"""

from __future__ import annotations

from datetime import date, timedelta

from station_app.domain.calendar import WorkCalendar
from station_app.domain.prices.windows import (
    EVENT,
    DayRange,
    Window,
    all_windows,
    event_window,
    holiday_name,
    holiday_windows,
    ordinary_days_before,
    same_holiday_before,
    to_ranges,
    unknown_years,
    window_of,
    without_windows,
)

D = date
CAL = WorkCalendar()


def test_national_day_2025_with_mid_autumn_is_one_window() -> None:
    (w,) = holiday_windows(D(2025, 9, 15), D(2025, 10, 20), CAL)
    assert (w.first, w.last) == (D(2025, 10, 1), D(2025, 10, 8))
    assert w.names == {"国庆节", "中秋节"}
    assert w.name == "国庆节、中秋节"
    assert w.label == "2025 国庆节、中秋节（10月1日至10月8日）"
    assert w.key == "2025:国庆节、中秋节"


def test_spring_festival_2026_stops_at_the_make_up_saturday() -> None:
    (w,) = holiday_windows(D(2026, 2, 10), D(2026, 2, 20), CAL)
    assert (w.first, w.last, w.name) == (D(2026, 2, 15), D(2026, 2, 23), "春节")
    assert CAL.is_workday(D(2026, 2, 14))  # 调休: worked, so not in the window


def test_a_window_is_never_cut_by_the_span() -> None:
    (w,) = holiday_windows(D(2026, 10, 3), D(2026, 10, 3), CAL)
    assert (w.first, w.last) == (D(2026, 10, 1), D(2026, 10, 7))


def test_new_year_across_years_belongs_to_the_new_year() -> None:
    (w,) = holiday_windows(D(2023, 1, 1), D(2023, 1, 1), CAL)
    assert (w.first, w.last, w.year) == (D(2022, 12, 31), D(2023, 1, 2), 2023)


def test_plain_weekends_are_no_window() -> None:
    assert holiday_windows(D(2026, 3, 1), D(2026, 3, 31), CAL) == []
    assert holiday_name(D(2026, 3, 7), CAL, {}) == ""  # a Saturday
    assert holiday_name(D(2026, 3, 9), CAL, {}) == ""  # a working Monday


def test_year_2027_comes_from_the_station_table_with_notes() -> None:
    assert unknown_years(D(2027, 1, 1), D(2027, 12, 31), CAL) == [2027]
    assert holiday_windows(D(2027, 2, 1), D(2027, 2, 28), CAL) == []
    off = {D(2027, 2, 5) + timedelta(days=k): False for k in range(7)}  # Fri 5 … Thu 11
    worked = {D(2027, 1, 31): True}  # a 调休 Sunday before it
    cal = WorkCalendar({**off, **worked})
    notes = dict.fromkeys(off, "春节")
    (w,) = holiday_windows(D(2027, 2, 1), D(2027, 2, 28), cal, notes)
    assert (w.first, w.last, w.name) == (D(2027, 2, 5), D(2027, 2, 11), "春节")
    assert unknown_years(D(2027, 1, 1), D(2027, 12, 31), cal) == []


def test_local_events_join_the_windows_in_date_order() -> None:
    fair = event_window("樱花节", D(2026, 3, 20), D(2026, 3, 29))
    found = all_windows(D(2026, 3, 1), D(2026, 4, 30), CAL, events=[fair])
    assert [w.name for w in found] == ["樱花节", "清明节"]
    assert found[0].kind == EVENT
    assert window_of(D(2026, 3, 25), found) == fair
    assert window_of(D(2026, 3, 30), found) is None


def test_thirty_ordinary_days_before_national_day_skip_mid_autumn_2026() -> None:
    windows = all_windows(D(2026, 7, 1), D(2026, 10, 31), CAL)
    ranges = ordinary_days_before(D(2026, 10, 1), 30, windows)
    assert ranges == (
        DayRange(D(2026, 8, 29), D(2026, 9, 24)),
        DayRange(D(2026, 9, 28), D(2026, 9, 30)),
    )
    assert sum(r.days for r in ranges) == 30


def test_thirty_days_before_national_day_2025_is_september() -> None:
    windows = all_windows(D(2025, 7, 1), D(2025, 10, 31), CAL)
    assert ordinary_days_before(D(2025, 10, 1), 30, windows) == (
        DayRange(D(2025, 9, 1), D(2025, 9, 30)),
    )


def test_fixed_span_without_windows() -> None:
    windows = all_windows(D(2026, 4, 1), D(2026, 4, 30), CAL)
    ranges = without_windows(DayRange(D(2026, 4, 1), D(2026, 4, 30)), windows)
    assert ranges == (
        DayRange(D(2026, 4, 1), D(2026, 4, 3)),
        DayRange(D(2026, 4, 7), D(2026, 4, 30)),
    )


def test_to_ranges_merges_consecutive_days() -> None:
    days = [D(2026, 1, 3), D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 5), D(2026, 1, 5)]
    assert to_ranges(days) == (
        DayRange(D(2026, 1, 1), D(2026, 1, 3)),
        DayRange(D(2026, 1, 5), D(2026, 1, 5)),
    )


def test_same_holiday_of_earlier_years_matches_on_a_shared_name() -> None:
    windows = all_windows(D(2023, 1, 1), D(2026, 12, 31), CAL)
    nd_2026 = next(w for w in windows if w.year == 2026 and "国庆节" in w.names)
    found = same_holiday_before(nd_2026, windows, 2)
    assert [w.key for w in found] == ["2025:国庆节、中秋节", "2024:国庆节"]
    spring = next(w for w in windows if w.year == 2026 and w.name == "春节")
    assert [(w.first, w.last) for w in same_holiday_before(spring, windows, 1)] == [
        (D(2025, 1, 28), D(2025, 2, 4))
    ]
    event = Window(D(2026, 3, 20), D(2026, 3, 29), "樱花节", EVENT, frozenset({"樱花节"}))
    assert same_holiday_before(event, windows, 2) == []
