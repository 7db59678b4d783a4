"""Annual reports (年报): the 30 June deadline, the year the grade reads, import words, checks."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain.visits import annual_reports as ar
from station_app.errors import ValidationError

TODAY = date(2026, 8, 1)


def test_the_deadline_is_30_june_of_the_next_year():
    assert ar.deadline(2025) == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 6, 30), 2024),  # the 2025 window is still open on its last day
        (date(2026, 7, 1), 2025),
        (date(2026, 12, 31), 2025),
        (date(2027, 1, 1), 2025),
        (date(2027, 6, 30), 2025),
        (date(2027, 7, 1), 2026),
    ],
)
def test_the_year_the_grade_reads(today, year):
    assert ar.due_year(today) == year


def test_who_must_file_for_a_year():
    assert ar.must_file(date(2025, 12, 31), 2025)
    assert not ar.must_file(date(2026, 1, 1), 2025)
    assert ar.must_file(None, 2025)


def test_status_from_the_filing_day():
    assert ar.status_for(date(2026, 6, 30), 2025) == ar.FILED
    assert ar.status_for(date(2026, 7, 1), 2025) == ar.LATE
    assert ar.status_for(None, 2025) == ar.NOT_FILED


def test_only_a_recorded_not_filed_costs_the_grade():
    assert not ar.counts_as_filed(ar.NOT_FILED)
    assert ar.counts_as_filed(ar.LATE)
    assert ar.counts_as_filed(ar.FILED)
    assert ar.counts_as_filed(None)  # no record: neutral


@pytest.mark.parametrize(
    ("word", "filed_on", "expected"),
    [
        ("已年报", date(2026, 3, 1), ar.FILED),
        ("已年报", date(2026, 7, 2), ar.LATE),  # after the deadline: late whatever the word
        ("已公示", None, ar.FILED),
        ("未年报", None, ar.NOT_FILED),
        ("未报送", None, ar.NOT_FILED),
        ("逾期补报", date(2026, 8, 1), ar.LATE),
        ("是", None, ar.FILED),
        ("否", None, ar.NOT_FILED),
        ("", date(2026, 5, 1), ar.FILED),
        ("", None, ar.NOT_FILED),
        ("逾期补报", None, ar.LATE),
        ("not_filed", None, ar.NOT_FILED),
        (" 已 报送 ", None, ar.FILED),
    ],
)
def test_status_words_of_the_credit_list(word, filed_on, expected):
    assert ar.parse_status(word, filed_on, 2025) == expected


def test_an_unknown_status_word_is_named():
    with pytest.raises(ValidationError) as e:
        ar.parse_status("已交", None, 2025)
    assert "已交" in e.value.message and "未年报" in e.value.message


def test_years_that_can_be_recorded():
    assert ar.check_year(2025, TODAY) == 2025
    with pytest.raises(ValidationError, match="2026 年度的年报在 2027 年上半年报送"):
        ar.check_year(2026, TODAY)
    with pytest.raises(ValidationError):
        ar.check_year(2012, TODAY)


def test_a_report_is_checked_and_its_status_follows_its_day():
    e = ar.check_report(ar.ReportEntry(2025, ar.FILED, date(2026, 7, 5)), TODAY)
    assert e.status == ar.LATE
    e = ar.check_report(ar.ReportEntry(2025, ar.LATE, date(2026, 4, 5)), TODAY)
    assert e.status == ar.FILED
    assert ar.check_report(ar.ReportEntry(2025, ar.NOT_FILED), TODAY).status == ar.NOT_FILED
    with pytest.raises(ValidationError, match="未报送的年报不能有报送日期"):
        ar.check_report(ar.ReportEntry(2025, ar.NOT_FILED, date(2026, 3, 1)), TODAY)
    with pytest.raises(ValidationError, match="早于 2026-01-01"):
        ar.check_report(ar.ReportEntry(2025, ar.FILED, date(2025, 12, 30)), TODAY)
    with pytest.raises(ValidationError, match="晚于今天"):
        ar.check_report(ar.ReportEntry(2025, ar.FILED, date(2026, 8, 2)), TODAY)
    with pytest.raises(ValidationError, match="“新店”成立于 2026-02-01，不需要报送 2025 年度年报"):
        ar.check_report(ar.ReportEntry(2025, ar.NOT_FILED), TODAY, date(2026, 2, 1), name="新店")


def test_import_headers_know_the_code_column():
    assert "统一社会信用代码" in ar.IMPORT_HEADERS["uscc"]
    assert set(ar.REQUIRED_HEADERS) <= set(ar.IMPORT_HEADERS)
