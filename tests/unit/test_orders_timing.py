"""Order clocks' arithmetic: moments in Beijing time, wall-clock limits across midnight and
holidays, office hours, working days with 调休, pauses left out, skipped days explained.

Calendar facts (chinese_calendar 1.11.0, 2026): 劳动节 05-01 (Fri) … 05-05 (Tue) off, 05-09
(Sat) worked; 国庆 10-01 … 10-07 off, 10-10 (Sat) worked.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.calendar import WorkCalendar
from station_app.domain.orders.timing import (
    HOLIDAY,
    MAKE_UP_DAY,
    PAUSED_DAY,
    REST_DAY,
    Interval,
    describe_days,
    due_in_office_hours,
    due_in_working_days,
    due_on_clock,
    fmt_duration,
    fmt_left,
    fmt_time,
    iso,
    parse_time,
    paused_days,
)
from station_app.domain.periods import SHANGHAI
from station_app.errors import ValidationError

CAL = WorkCalendar()
OFFICE = ((8 * 60 + 30, 12 * 60), (14 * 60, 17 * 60 + 30))


def t(text: str) -> datetime:
    return parse_time(text)


# ---- parsing and showing -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-05-01 09:30",
        "2026/5/1 9:30",
        "2026-05-01T09:30",
        "2026年5月1日 9时30分",
        "2026-05-01 09:30:00",
        "2026-05-01 01:30:00Z",
        "2026-05-01T01:30:00+00:00",
        "2026-05-01 09:30+0800",
    ],
)
def test_parse_time_forms_all_mean_half_past_nine_in_beijing(text: str) -> None:
    moment = parse_time(text)
    assert moment == datetime(2026, 5, 1, 9, 30, tzinfo=SHANGHAI)
    assert moment.utcoffset() == timedelta(hours=8)


def test_parse_time_takes_a_naive_sheet_value_as_beijing_and_converts_an_aware_one() -> None:
    assert parse_time(datetime(2026, 5, 1, 9, 30)) == datetime(2026, 5, 1, 9, 30, tzinfo=SHANGHAI)
    utc = datetime(2026, 4, 30, 16, 0, tzinfo=UTC)
    assert fmt_time(parse_time(utc)) == "2026-05-01 00:00"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-13-01 10:00", "不是有效的日期时间"),
        ("2026-02-30 10:00", "不是有效的日期时间"),
        ("2026-05-01 24:10", "不是有效的日期时间"),
        ("2026-05-01", "请按“YYYY-MM-DD HH:MM”填写"),
        ("明天上午", "无法识别"),
        ("", "无法识别"),
    ],
)
def test_parse_time_refuses_malformed_times_in_chinese(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_time(text, field="received_at", label="受理时间")
    assert words in info.value.message
    assert info.value.message.startswith("受理时间")
    assert info.value.field == "received_at"


def test_shown_and_iso_times_are_beijing_with_offset() -> None:
    moment = datetime(2026, 4, 30, 15, 50, tzinfo=UTC)
    assert fmt_time(moment) == "2026-04-30 23:50"
    assert iso(moment) == "2026-04-30T23:50:00+08:00"


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(minutes=25), "25分钟"),
        (timedelta(hours=1, minutes=5), "1小时05分"),
        (timedelta(hours=2), "2小时"),
        (timedelta(days=2, hours=3), "2天3小时"),
        (timedelta(seconds=20), "不足1分钟"),
    ],
)
def test_durations_in_words(delta: timedelta, text: str) -> None:
    assert fmt_duration(delta) == text


def test_time_left_and_overdue_by() -> None:
    now = t("2026-05-01 10:00")
    assert fmt_left(t("2026-05-01 12:05"), now) == "剩 2小时05分"
    assert fmt_left(t("2026-05-01 07:00"), now) == "超时 3小时"


def test_a_naive_moment_never_reaches_the_arithmetic() -> None:
    with pytest.raises(ValueError):
        due_on_clock(datetime(2026, 5, 1, 10, 0), 30)


# ---- on the clock --------------------------------------------------------------------------


def test_thirty_minutes_across_midnight() -> None:
    due, spans = due_on_clock(t("2026-05-01 23:50"), 30)
    assert due == t("2026-05-02 00:20")
    assert spans == []


def test_across_midnight_given_in_utc_is_judged_in_beijing() -> None:
    start = datetime(2026, 4, 30, 15, 50, tzinfo=UTC)  # 23:50 in Beijing
    due, _ = due_on_clock(start, 30)
    assert fmt_time(due) == "2026-05-01 00:20"


def test_nights_and_holidays_count_on_the_clock() -> None:
    due, _ = due_on_clock(t("2026-09-30 18:00"), 24 * 60)
    assert due == t("2026-10-01 18:00")  # 国庆 counts for an hour limit


def test_a_pause_inside_the_limit_moves_it_by_its_length() -> None:
    pause = Interval(t("2026-05-06 10:10"), t("2026-05-06 10:40"), "等待检测")
    due, spans = due_on_clock(t("2026-05-06 10:00"), 30, [pause])
    assert due == t("2026-05-06 11:00")
    assert [(s.reason, s.minutes) for s in spans] == [("挂起", 30)]


def test_a_pause_across_midnight() -> None:
    pause = Interval(t("2026-05-06 23:40"), t("2026-05-07 00:30"))
    due, _ = due_on_clock(t("2026-05-06 23:30"), 30, [pause])
    assert due == t("2026-05-07 00:50")


def test_a_pause_after_the_deadline_does_not_move_it() -> None:
    pause = Interval(t("2026-05-06 10:30"), t("2026-05-06 12:00"))
    due, spans = due_on_clock(t("2026-05-06 10:00"), 30, [pause])
    assert due == t("2026-05-06 10:30")  # the pause began at the deadline
    assert spans == []


def test_a_pause_begun_before_the_start_counts_only_after_it() -> None:
    pause = Interval(t("2026-05-06 09:50"), t("2026-05-06 10:20"))
    due, _ = due_on_clock(t("2026-05-06 10:00"), 30, [pause])
    assert due == t("2026-05-06 10:50")


def test_overlapping_pauses_count_once() -> None:
    pauses = [
        Interval(t("2026-05-06 10:10"), t("2026-05-06 10:40")),
        Interval(t("2026-05-06 10:30"), t("2026-05-06 10:50")),
    ]
    due, _ = due_on_clock(t("2026-05-06 10:00"), 30, pauses)
    assert due == t("2026-05-06 11:10")


def test_an_open_pause_runs_until_now_so_the_time_left_stays() -> None:
    start, pause = t("2026-05-06 10:00"), Interval(t("2026-05-06 10:10"))
    due_a, _ = due_on_clock(start, 30, [pause], now=t("2026-05-06 11:00"))
    due_b, _ = due_on_clock(start, 30, [pause], now=t("2026-05-06 15:00"))
    assert due_a == t("2026-05-06 11:20")
    assert due_a - t("2026-05-06 11:00") == due_b - t("2026-05-06 15:00") == timedelta(minutes=20)


@settings(max_examples=200, deadline=None)
@given(
    minutes=st.integers(1, 3000),
    raw=st.lists(st.tuples(st.integers(-600, 4000), st.integers(0, 900)), max_size=5),
)
def test_on_the_clock_the_due_is_the_limit_plus_the_paused_time_before_it(
    minutes: int, raw: list[tuple[int, int]]
) -> None:
    start = t("2026-05-06 10:00")
    pauses = [
        Interval(start + timedelta(minutes=a), start + timedelta(minutes=a + b)) for a, b in raw
    ]
    due, spans = due_on_clock(start, minutes, pauses)
    paused = sum((s.end - s.start for s in spans), timedelta())
    assert due - start == timedelta(minutes=minutes) + paused
    no_pause, _ = due_on_clock(start, minutes)
    assert due >= no_pause


# ---- office hours --------------------------------------------------------------------------


def test_office_hours_skip_the_night_and_the_lunch_break() -> None:
    due, spans = due_in_office_hours(t("2026-05-06 17:00"), 120, CAL, OFFICE)
    # 17:00–17:30 (30), next morning 08:30–10:00 (90)
    assert due == t("2026-05-07 10:00")
    assert spans[0].reason == "非工作时间"
    due, _ = due_in_office_hours(t("2026-05-07 11:30"), 60, CAL, OFFICE)
    assert due == t("2026-05-07 14:30")


def test_office_hours_skip_the_holiday_and_count_the_make_up_saturday() -> None:
    due, _ = due_in_office_hours(t("2026-04-30 17:00"), 60, CAL, OFFICE)
    # 04-30 17:00–17:30, then 05-01 … 05-05 off; 05-06 08:30 + 30 min
    assert due == t("2026-05-06 09:00")
    due, _ = due_in_office_hours(t("2026-05-08 17:00"), 60, CAL, OFFICE)
    assert due == t("2026-05-09 09:00")  # Saturday 9 May is a 调休 working day


def test_office_hours_with_a_pause() -> None:
    pause = Interval(t("2026-05-06 09:00"), t("2026-05-06 15:00"))
    due, spans = due_in_office_hours(t("2026-05-06 08:30"), 60, CAL, OFFICE, [pause])
    assert due == t("2026-05-06 15:30")
    assert "挂起" in {s.reason for s in spans}


# ---- working days --------------------------------------------------------------------------


def test_fifteen_working_days_over_labour_day_with_the_make_up_saturday() -> None:
    due, notes = due_in_working_days(t("2026-04-30 16:20"), 15, CAL)
    assert due == datetime(2026, 5, 25, 23, 59, 59, tzinfo=SHANGHAI)
    assert due.date() == CAL.add_working_days(date(2026, 4, 30), 15)
    reasons = {n.day: (n.reason, n.counted) for n in notes}
    assert reasons[date(2026, 5, 1)] == (HOLIDAY, False)
    assert reasons[date(2026, 5, 2)] == (REST_DAY, False)
    assert reasons[date(2026, 5, 9)] == (MAKE_UP_DAY, True)
    text = describe_days([n for n in notes if not n.counted])
    assert text.startswith("5月1日至5日法定节假日、5月10日（星期日）休息日")
    assert describe_days([n for n in notes if n.counted]) == "5月9日（星期六）调休上班"


def test_the_receipt_day_is_not_counted_even_late_at_night() -> None:
    late, _ = due_in_working_days(t("2026-05-06 23:59"), 1, CAL)
    early, _ = due_in_working_days(t("2026-05-06 00:01"), 1, CAL)
    assert late == early == datetime(2026, 5, 7, 23, 59, 59, tzinfo=SHANGHAI)


def test_working_days_follow_beijing_midnight_not_utc() -> None:
    # 2026-05-06 16:30 UTC is 00:30 on the 7th in Beijing: the count starts on the 8th
    due, _ = due_in_working_days(datetime(2026, 5, 6, 16, 30, tzinfo=UTC), 1, CAL)
    assert due.date() == date(2026, 5, 8)


def test_paused_working_days_are_not_counted() -> None:
    start = t("2026-05-11 10:00")
    plain, _ = due_in_working_days(start, 15, CAL)
    assert plain.date() == date(2026, 6, 1)
    pause = Interval(t("2026-05-12 09:00"), t("2026-05-14 15:00"), "等待检测结果")
    due, notes = due_in_working_days(start, 15, CAL, [pause])
    assert due.date() == date(2026, 6, 3)
    assert [n.day for n in notes if n.reason == PAUSED_DAY] == [
        date(2026, 5, 12),
        date(2026, 5, 13),
    ]


def test_a_pause_resumed_the_same_day_covers_no_day() -> None:
    pause = Interval(t("2026-05-12 09:00"), t("2026-05-12 16:00"))
    assert paused_days([pause], t("2026-05-20 00:00")) == set()
    due, _ = due_in_working_days(t("2026-05-11 10:00"), 15, CAL, [pause])
    assert due.date() == date(2026, 6, 1)


def test_an_open_pause_on_working_days_counts_until_today() -> None:
    pause = Interval(t("2026-05-12 09:00"))
    due, _ = due_in_working_days(t("2026-05-11 10:00"), 15, CAL, [pause], t("2026-05-14 10:00"))
    assert due.date() == date(2026, 6, 3)


def test_paused_weekend_days_are_not_counted_twice() -> None:
    # paused Friday 15 May to Tuesday 19 May: Fri and Mon are working days lost, Sat/Sun were off
    pause = Interval(t("2026-05-15 10:00"), t("2026-05-19 10:00"))
    assert paused_days([pause], t("2026-06-01 00:00")) == {
        date(2026, 5, 15),
        date(2026, 5, 16),
        date(2026, 5, 17),
        date(2026, 5, 18),
    }
    due, _ = due_in_working_days(t("2026-05-11 10:00"), 15, CAL, [pause])
    assert due.date() == date(2026, 6, 3)


def test_a_station_holiday_table_entry_moves_a_working_day_limit() -> None:
    cal = WorkCalendar({date(2026, 5, 7): False})  # a local day off
    due, notes = due_in_working_days(t("2026-05-06 10:00"), 1, cal)
    assert due.date() == date(2026, 5, 8)
    assert notes[0].reason == HOLIDAY
