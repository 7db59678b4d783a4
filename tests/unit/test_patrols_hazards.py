"""Hazards: categories, deadlines and the rectification / re-check state machine."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from station_app.domain.calendar import WorkCalendar
from station_app.domain.patrols import hazards as h
from station_app.domain.periods import SHANGHAI
from station_app.errors import ValidationError

FOUND = datetime(2026, 7, 6, 10, 0, tzinfo=SHANGHAI)


def test_the_categories_include_the_baoan_five_and_the_fields():
    assert h.CATEGORIES[:5] == (
        "超范围经营",
        "无证无照经营",
        "三小场所火灾隐患",
        "超门店摆卖",
        "占道经营",
    )
    for field in ("食品安全", "药品安全", "医疗器械", "特种设备", "消防安全", "价格", "许可证照"):
        assert field in h.CATEGORIES


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("占道经营", "占道经营"),
        ("火灾", "三小场所火灾隐患"),
        ("价格", "价格"),
        ("特种", "特种设备"),
    ],
)
def test_categories_parse_exactly_or_by_a_unique_part(text, category):
    assert h.parse_category(text) == category


def test_an_ambiguous_or_unknown_category_is_refused():
    with pytest.raises(ValidationError, match="可选"):
        h.parse_category("安全")  # 食品安全, 药品安全, 消防安全
    with pytest.raises(ValidationError):
        h.parse_category("外星人")


def test_the_state_machine_table():
    assert h.transition(None, h.FIND_FIXED) == h.FIXED
    assert h.transition(None, h.FIND_ORDERED) == h.OPEN
    assert h.transition(h.OPEN, h.RECHECK_PASS) == h.CLOSED
    assert h.transition(h.OPEN, h.RECHECK_FAIL) == h.OPEN
    assert h.transition(h.OPEN, h.TRANSFER) == h.TRANSFERRED
    for final in h.FINAL_STATES:
        with pytest.raises(ValidationError, match=f"已{h.STATE_LABELS[final]}"):
            h.transition(final, h.RECHECK_PASS)


def test_an_ordered_finding_needs_a_deadline_after_the_day_found():
    finding = h.Finding("占道经营", mode=h.ORDERED)
    with pytest.raises(ValidationError, match="整改期限"):
        h.check_finding(finding, FOUND.date())
    with pytest.raises(ValidationError, match="须晚于"):
        h.check_finding(h.Finding("占道经营", deadline=FOUND.date()), FOUND.date())
    with pytest.raises(ValidationError, match="超过 90 天"):
        h.check_finding(h.Finding("占道经营", deadline=date(2026, 12, 1)), FOUND.date())
    ok = h.check_finding(h.Finding("占道", deadline=date(2026, 7, 20)), FOUND.date())
    assert ok.category == "占道经营" and ok.description == "占道经营"


def test_a_finding_fixed_on_the_spot_has_no_deadline():
    with pytest.raises(ValidationError, match="不需要整改期限"):
        h.check_finding(h.Finding("价格", mode=h.ON_SPOT, deadline=date(2026, 7, 9)), FOUND.date())
    assert h.check_finding(h.Finding("价格", mode=h.ON_SPOT), FOUND.date()).deadline is None


def test_default_deadlines_by_severity():
    day = FOUND.date()
    assert h.default_deadline(day, h.GENERAL) == date(2026, 7, 21)
    assert h.default_deadline(day, h.MAJOR) == date(2026, 7, 13)
    assert h.default_deadline(day, h.SERIOUS) == date(2026, 7, 9)


def test_a_recheck_before_the_hazard_was_found_is_refused():
    with pytest.raises(ValidationError) as err:
        h.check_recheck(h.OPEN, FOUND, datetime(2026, 7, 5, 9, 0, tzinfo=SHANGHAI), True)
    assert "早于发现该隐患的时间 2026-07-06 10:00" in err.value.message
    assert err.value.field == "at"


def test_only_a_passing_recheck_closes():
    later = datetime(2026, 7, 20, 9, 0, tzinfo=SHANGHAI)
    assert h.check_recheck(h.OPEN, FOUND, later, True) == h.CLOSED
    with pytest.raises(ValidationError, match="新的整改期限"):
        h.check_recheck(h.OPEN, FOUND, later, False)
    assert h.check_recheck(h.OPEN, FOUND, later, False, new_deadline=date(2026, 7, 27)) == h.OPEN
    assert h.check_recheck(h.OPEN, FOUND, later, False, transfer=True) == h.TRANSFERRED
    with pytest.raises(ValidationError, match="已整改"):
        h.check_recheck(h.CLOSED, FOUND, later, True)
    with pytest.raises(ValidationError, match="须晚于"):
        h.check_recheck(h.OPEN, FOUND, later, False, new_deadline=date(2026, 7, 20))


def test_extensions_are_asked_before_the_deadline_with_a_reason():
    deadline = date(2026, 7, 20)
    ok = h.check_extension(
        h.OPEN, deadline, date(2026, 7, 30), date(2026, 7, 18), "等待厂家更换设备"
    )
    assert ok == date(2026, 7, 30)
    with pytest.raises(ValidationError, match="已过"):
        h.check_extension(
            h.OPEN, deadline, date(2026, 7, 30), date(2026, 7, 21), "等待厂家更换设备"
        )
    with pytest.raises(ValidationError, match="原因"):
        h.check_extension(h.OPEN, deadline, date(2026, 7, 30), date(2026, 7, 18), "等")
    with pytest.raises(ValidationError, match="晚于原整改期限"):
        h.check_extension(h.OPEN, deadline, deadline, date(2026, 7, 18), "等待厂家更换设备")


def test_overdue_is_open_past_the_deadline():
    deadline = date(2026, 7, 20)
    assert not h.is_overdue(h.OPEN, deadline, deadline)
    assert h.is_overdue(h.OPEN, deadline, date(2026, 7, 21))
    assert not h.is_overdue(h.CLOSED, deadline, date(2026, 7, 21))


def test_the_recheck_falls_on_the_deadline_or_the_next_working_day():
    cal = WorkCalendar()
    assert h.recheck_day(date(2026, 7, 20), cal) == date(2026, 7, 20)
    assert h.recheck_day(date(2026, 10, 1), cal) == date(2026, 10, 8)  # National Day
    assert h.recheck_day(date(2026, 10, 10), cal) == date(2026, 10, 10)  # a 调休 Saturday
    assert h.recheck_window_end(date(2026, 7, 17), cal) == date(2026, 7, 21)
