"""Patrol rules as data: frequencies, the Feicheng defaults, validation, versions by date."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain.patrols import rules as r
from station_app.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("daily", "daily"),
        ("每日", "daily"),
        ("每天", "daily"),
        ("weekly", "weekly"),
        ("每周", "weekly"),
        ("monthly", "monthly"),
        ("每月", "monthly"),
        ("quarterly", "quarterly"),
        ("每季度", "quarterly"),
        ("6/year", "6/year"),
        ("每年6次", "6/year"),
        ("每年 2 次", "2/year"),
        ("4/year", "quarterly"),  # the same windows: one frequency, one code
        ("12/year", "monthly"),
        ("1/year", "1/year"),
    ],
)
def test_frequencies_parse_from_codes_and_chinese(text, code):
    assert r.parse_frequency(text).code == code


@pytest.mark.parametrize("text", ["", "hourly", "每小时", "0/year", "400/year"])
def test_unknown_frequencies_are_refused_in_chinese(text):
    with pytest.raises(ValidationError) as err:
        r.parse_frequency(text)
    assert err.value.field == "frequency"
    assert "频次" in err.value.message or "次数" in err.value.message


def test_frequency_labels():
    assert r.DAILY.label == "每日"
    assert r.Frequency(r.YEAR, 6).label == "每年 6 次"
    assert r.QUARTERLY.label == "每季度"


def test_defaults_are_the_feicheng_practice():
    rules = r.DEFAULT_RULES
    for grade in "AB":
        patrol, review = rules.get(grade, r.PATROL), rules.get(grade, r.REVIEW)
        assert patrol.frequency == r.MONTHLY and patrol.performer == r.GRID_WORKER
        assert review.frequency == r.QUARTERLY and review.performer == r.SPECIALIST
        assert rules.get(grade, r.CHECK) is None
    for grade in "CD":
        patrol, check = rules.get(grade, r.PATROL), rules.get(grade, r.CHECK)
        assert patrol.frequency == r.DAILY and patrol.performer == r.GRID_WORKER
        assert check.frequency == r.WEEKLY and check.performer == r.STATION
        assert check.inspectors_needed == 2
    assert all(rule.calendar == r.WORKDAYS for rule in rules.rules)


def test_rule_describes_itself():
    assert (
        r.DEFAULT_RULES.get("A", r.PATROL).describe() == "A 级：网格员每月日常巡查 1 次（工作日）"
    )
    assert "所每周现场检查 1 次" in r.DEFAULT_RULES.get("D", r.CHECK).describe()
    assert r.DEFAULT_RULES.describe("C").startswith("网格员每日日常巡查")
    assert r.DEFAULT_RULES.without("A", r.PATROL).without("A", r.REVIEW).describe("A") == (
        "不安排例行巡查（无事不扰）"
    )


def test_check_rule_accepts_codes_and_labels():
    rule = r.check_rule(
        {"grade": "b", "kind": "现场检查", "performer": "所", "frequency": "每年4次"}
    )
    assert (rule.grade, rule.kind, rule.performer) == ("B", r.CHECK, r.STATION)
    assert rule.frequency == r.QUARTERLY


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        (
            {"grade": "E", "kind": "patrol", "performer": "grid_worker", "frequency": "daily"},
            "grade",
            "A、B、C、D",
        ),
        (
            {"grade": "A", "kind": "recheck", "performer": "station", "frequency": "daily"},
            "kind",
            "整改期限",
        ),
        (
            {"grade": "A", "kind": "散步", "performer": "grid_worker", "frequency": "daily"},
            "kind",
            "巡查类别",
        ),
        (
            {"grade": "A", "kind": "patrol", "performer": "保安", "frequency": "daily"},
            "performer",
            "巡查人员",
        ),
        (
            {"grade": "A", "kind": "check", "performer": "grid_worker", "frequency": "weekly"},
            "performer",
            "两名执法人员",
        ),
        (
            {
                "grade": "A",
                "kind": "patrol",
                "performer": "grid_worker",
                "frequency": "daily",
                "calendar": "weekends",
            },
            "calendar",
            "日期范围",
        ),
    ],
)
def test_bad_rules_are_refused_naming_the_field(values, field, words):
    with pytest.raises(ValidationError) as err:
        r.check_rule(values)
    assert err.value.field == field
    assert words in err.value.message


def test_one_rule_per_grade_and_kind():
    rule = r.DEFAULT_RULES.rules[0]
    dup = r.RuleSet(date(2026, 1, 1), (rule, rule))
    with pytest.raises(ValidationError, match="重复"):
        r.check_rule_set(dup)
    changed = r.DEFAULT_RULES.with_rule(r.PatrolRule("A", r.PATROL, r.GRID_WORKER, r.QUARTERLY))
    assert changed.get("A", r.PATROL).frequency == r.QUARTERLY
    assert len(changed.rules) == len(r.DEFAULT_RULES.rules)


def test_rules_round_trip_through_json():
    text = r.DEFAULT_RULES.rules_json()
    back = r.RuleSet.from_json(date(2026, 7, 1), text)
    assert back.rules == r.DEFAULT_RULES.rules
    assert "月度巡" in text  # stored readable, not escaped


def test_the_version_in_force_is_the_latest_not_after_the_day():
    v1 = r.RuleSet(date(2026, 1, 1), r.DEFAULT_RULES.rules)
    v2 = v1.with_rule(r.PatrolRule("A", r.PATROL, r.GRID_WORKER, r.QUARTERLY))
    v2 = r.RuleSet(date(2026, 7, 15), v2.rules)
    versions = [v2, v1]
    assert r.rules_on(versions, date(2026, 7, 14)) is v1
    assert r.rules_on(versions, date(2026, 7, 15)) is v2
    assert r.rules_on(versions, date(2025, 12, 31)) is r.DEFAULT_RULES
    assert r.rules_on([], date(2026, 1, 1)) is r.DEFAULT_RULES


def test_a_new_version_takes_effect_today_or_later():
    today = date(2026, 7, 10)
    ok = r.RuleSet(today, r.DEFAULT_RULES.rules)
    assert r.check_new_version(ok, [], today) is ok
    with pytest.raises(ValidationError) as err:
        r.check_new_version(r.RuleSet(date(2026, 7, 1), r.DEFAULT_RULES.rules), [], today)
    assert "早于今天" in err.value.message and err.value.field == "effective_from"


def test_rule_changes_say_what_changed():
    after = r.DEFAULT_RULES.with_rule(
        r.PatrolRule("A", r.PATROL, r.GRID_WORKER, r.QUARTERLY)
    ).without("B", r.REVIEW)
    lines = r.rule_changes(r.DEFAULT_RULES, after)
    assert any(line.startswith("A 级：网格员每月") and "每季度" in line for line in lines)
    assert any(line.startswith("取消 B 级") for line in lines)
    assert r.rule_changes(r.DEFAULT_RULES, r.DEFAULT_RULES) == []
