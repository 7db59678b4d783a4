from datetime import UTC, date, datetime

import pytest

from station_app.domain.periods import Period, local_date, parse_period
from station_app.errors import ValidationError


@pytest.mark.parametrize(
    "text, start, end, label",
    [
        ("2026-10", date(2026, 10, 1), date(2026, 11, 1), "2026年10月"),
        ("2026-12", date(2026, 12, 1), date(2027, 1, 1), "2026年12月"),
        ("2024-02", date(2024, 2, 1), date(2024, 3, 1), "2024年2月"),  # leap year: 29 days
        ("2026Q3", date(2026, 7, 1), date(2026, 10, 1), "2026年第三季度"),
        ("2026q4", date(2026, 10, 1), date(2027, 1, 1), "2026年第四季度"),
        ("2026", date(2026, 1, 1), date(2027, 1, 1), "2026年"),
    ],
)
def test_parse_and_bounds(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert parse_period(period.code) == period


def test_previous_and_same_last_year():
    assert parse_period("2026-01").previous() == parse_period("2025-12")
    assert parse_period("2026Q1").previous() == parse_period("2025Q4")
    assert parse_period("2026").previous() == parse_period("2025")
    assert parse_period("2026Q3").same_last_year() == parse_period("2025Q3")


def test_beijing_midnight_boundaries():
    start, end = parse_period("2026-10").bounds_utc()
    assert start == datetime(2026, 9, 30, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
    late_31st = datetime(2026, 10, 31, 15, 30, tzinfo=UTC)  # 23:30 Beijing on 31 Oct
    assert start <= late_31st < end and local_date(late_31st) == date(2026, 10, 31)


@pytest.mark.parametrize("bad", ["2026-13", "2026Q5", "26-10", "十月", "", "1999"])
def test_bad_periods_explained(bad):
    with pytest.raises(ValidationError, match="2026Q3"):
        parse_period(bad)


def test_ordering_and_containment():
    p = Period("month", 2024, 2)
    assert p.contains(date(2024, 2, 29)) and not p.contains(date(2024, 3, 1))
