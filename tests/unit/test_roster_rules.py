"""Roster rules: the staffing rule (configurable), coverage on a date, certificates, parsing."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain import roster_rules as rules
from station_app.errors import ValidationError


@pytest.mark.parametrize(
    ("specialists", "workers", "expected"),
    [
        (1, 2, []),
        (1, 3, []),
        (0, 2, ["缺监管专员（应 1 名）"]),
        (2, 2, ["监管专员 2 名（应 1 名）"]),
        (1, 1, ["网格员仅 1 名（应 2–3 名）"]),
        (1, 0, ["无网格员（应 2–3 名）"]),
        (1, 4, ["网格员 4 名，超过 3 名（应 2–3 名）"]),
        (0, 0, ["缺监管专员（应 1 名）", "无网格员（应 2–3 名）"]),
    ],
)
def test_default_staffing_rule(specialists, workers, expected):
    assert rules.staffing_warnings(specialists, workers) == expected


def test_staffing_rule_is_configurable():
    rule = rules.StaffingRule(specialists=2, min_workers=3, max_workers=3)
    assert rules.staffing_warnings(2, 3, rule) == []
    assert rules.staffing_warnings(1, 2, rule) == [
        "监管专员 1 名（应 2 名）",
        "网格员仅 2 名（应 3 名）",
    ]


def test_coverage_is_start_inclusive_end_exclusive():
    start, end = date(2026, 1, 1), date(2026, 7, 1)
    assert rules.covers(start, end, start)
    assert rules.covers(start, end, date(2026, 6, 30))
    assert not rules.covers(start, end, end)
    assert not rules.covers(start, None, date(2025, 12, 31))
    assert rules.covers(start, None, date(2099, 1, 1))


def test_grid_warnings_on_a_date_and_leaving():
    duties = [
        rules.Duty(rules.SPECIALIST, date(2024, 1, 1), date(2026, 7, 1)),
        rules.Duty(rules.GRID_WORKER, date(2024, 1, 1), None),
        rules.Duty(rules.GRID_WORKER, date(2025, 1, 1), None),
    ]
    assert rules.grid_warnings(duties, date(2026, 6, 30)) == []
    assert rules.grid_warnings(duties, date(2026, 7, 1)) == ["缺监管专员（应 1 名）"]
    hit = rules.leaving_warnings("GZ01 东关", duties[1:], date(2026, 3, 1))
    assert hit.message == "GZ01 东关：自 2026-03-01 起缺监管专员（应 1 名）"
    assert rules.leaving_warnings("GZ01", duties, date(2026, 3, 1)) is None


def test_certificate_warning():
    today = date(2026, 11, 22)
    assert rules.cert_warning(None, today) == ""
    assert rules.cert_warning(date(2026, 12, 23), today) == ""
    assert (
        rules.cert_warning(date(2026, 12, 22), today) == "执法证将于 2026-12-22 到期（还有 30 天）"
    )
    assert rules.cert_warning(today, today) == "执法证今天到期"
    assert rules.cert_warning(date(2026, 11, 1), today) == "执法证已于 2026-11-01 过期"


def test_role_labels_parse_both_ways():
    assert rules.parse_role_labels("市场监管专员、执法人员") == [rules.SPECIALIST, rules.ENFORCER]
    assert rules.parse_role_labels("明白人，网格员") == [rules.GRID_WORKER, rules.VOLUNTEER]
    assert rules.role_labels("enforcer specialist") == "市场监管专员、执法人员"
    with pytest.raises(ValidationError, match="保安"):
        rules.parse_role_labels("保安")
    assert rules.parse_grid_role("网格员") == rules.GRID_WORKER
    assert rules.parse_grid_role("") == ""


def test_grid_code_and_period_validation():
    assert rules.validate_grid_code(" gz０１ ") == "GZ01"
    with pytest.raises(ValidationError):
        rules.validate_grid_code("一网格")
    with pytest.raises(ValidationError, match="早于"):
        rules.validate_period(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(ValidationError, match="脱敏"):
        rules.validate_optional_phone("138****5678")
