"""Coverage: rates, the visits a rule allows (A 无事不扰) and the printed definitions."""

from __future__ import annotations

from datetime import date

from station_app.domain.patrols import coverage as cov
from station_app.domain.patrols import rules as r


def test_rates_and_their_text():
    assert cov.rate(3, 4) == 75.0
    assert cov.rate(0, 0) is None
    assert cov.rate_text(1, 3) == "33.33%"
    assert cov.rate_text(0, 0) == "—"
    line = cov.CoverageLine("G01", "G01 城关", planned=20, done=15, attempted=2, overdue=3)
    assert line.rate == 75.0 and line.rate_text == "75.00%"


def test_a_visits_allowed_in_a_month_and_a_quarter():
    july = (date(2026, 7, 1), date(2026, 7, 31))
    assert cov.allowed_visits([], "A", *july) == 2  # the monthly patrol and the quarter's review
    assert cov.allowed_visits([], "A", date(2026, 7, 1), date(2026, 9, 30)) == 4
    assert (
        cov.allowed_visits([], "D", date(2026, 7, 6), date(2026, 7, 12)) == 7 + 1
    )  # 7 days + week


def test_a_station_that_leaves_a_alone_allows_no_visit():
    quiet = r.DEFAULT_RULES.without("A", r.PATROL).without("A", r.REVIEW)
    versions = [r.RuleSet(date(2026, 1, 1), quiet.rules)]
    assert cov.allowed_visits(versions, "A", date(2026, 7, 1), date(2026, 7, 31)) == 0
    assert cov.excess_visits(2, 0) == 2
    assert cov.excess_visits(1, 2) == 0


def test_every_figure_has_a_printed_definition():
    keys = {f.key for f in cov.COVERAGE_FORMULAS}
    assert {"completion", "d_full", "a_undisturbed", "overdue", "hazard_closure"} <= keys
    for f in cov.COVERAGE_FORMULAS:
        assert f.definition.startswith(f.label.split()[0][:2]) or f.label in f.definition
        assert "=" in f.definition


def test_a_period_is_read_on_its_last_day_or_today():
    assert cov.as_of(date(2026, 7, 31), date(2026, 8, 5)) == date(2026, 7, 31)
    assert cov.as_of(date(2026, 7, 31), date(2026, 7, 20)) == date(2026, 7, 20)
