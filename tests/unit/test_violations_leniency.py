"""The 首违不罚 check: each criterion, the 24-month window, the listing in force, the reasons."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from station_app.domain.violations import leniency as ln
from station_app.domain.violations import rules as vr
from station_app.domain.violations.types import (
    FIRST,
    MINOR,
    NATIONAL_2025,
    SEED_LISTINGS,
    Listing,
)

FOUND = date(2026, 3, 10)
HEALTH = "F-HEALTH-CERT"  # 首违不罚清单 item 5
EXPIRED = "F-EXPIRED"  # 轻微免罚清单


def facts(**kw) -> ln.LeniencyFacts:
    base = dict(
        id=50,
        type_code=HEALTH,
        type_name="安排未取得健康证明的人员从事接触直接入口食品的工作",
        found_on=FOUND,
        harm=vr.MINOR_HARM,
        ordered_on=FOUND,
        deadline=date(2026, 3, 17),
        rectified_on=date(2026, 3, 15),
        listings=SEED_LISTINGS,
    )
    base.update(kw)
    return ln.LeniencyFacts(**base)


def by_key(check: ln.LeniencyCheck) -> dict[str, ln.Criterion]:
    return {c.key: c for c in check.criteria}


def test_a_first_minor_rectified_listed_violation_is_eligible():
    check = ln.check_leniency(facts())
    assert check.eligible and check.ground == FIRST
    assert check.listing is not None and check.listing.item_no == 5
    crit = by_key(check)
    assert all(crit[k].met for k in ("listed", "first", "harm", "rectified", "not_blacklisted"))
    assert NATIONAL_2025 in crit["listed"].text
    assert "属首次违法" in crit["first"].text
    # the listing's own conditions are for the officer: shown, never deciding
    assert crit["condition.1"].met is None and not crit["condition.1"].required
    assert "另须核实" in crit["condition.1"].text
    assert check.summary().startswith("符合首违不罚条件")
    assert check.reasons == [c.text for c in check.criteria]


def test_a_prior_same_type_violation_within_24_months_makes_it_not_first():
    prior = ln.Prior(12, date(2024, 3, 11), vr.NO_PENALTY)
    check = ln.check_leniency(facts(priors=(prior,)))
    assert not check.eligible
    first = by_key(check)["first"]
    assert first.met is False
    assert "2024-03-11 已有同类违法行为（编号 12）" in first.text
    assert check.priors == (prior,)
    assert check.unmet == [first]


@pytest.mark.parametrize(
    ("prior_day", "counts"),
    [
        (date(2024, 3, 10), False),  # exactly 24 months before: outside
        (date(2024, 3, 11), True),
        (date(2026, 3, 9), True),
        (date(2026, 3, 11), False),  # found after this one: not a prior
    ],
)
def test_the_24_month_window(prior_day, counts):
    check = ln.check_leniency(facts(priors=(ln.Prior(12, prior_day),)))
    assert (by_key(check)["first"].met is False) is counts


def test_a_prior_on_the_same_day_counts_only_when_entered_before():
    earlier = ln.check_leniency(facts(priors=(ln.Prior(49, FOUND),)))
    later = ln.check_leniency(facts(priors=(ln.Prior(51, FOUND),)))
    assert not earlier.eligible and later.eligible


def test_the_violation_itself_is_never_its_own_prior():
    assert ln.check_leniency(facts(priors=(ln.Prior(50, FOUND),))).eligible


def test_several_priors_the_newest_named_first():
    priors = (ln.Prior(3, date(2025, 1, 5)), ln.Prior(9, date(2025, 9, 1)))
    check = ln.check_leniency(facts(priors=priors))
    assert check.priors[0].id == 9
    assert "2025-09-01" in by_key(check)["first"].text and "等 2 起" in by_key(check)["first"].text


@pytest.mark.parametrize(
    ("kw", "key", "text"),
    [
        (dict(harm=vr.SERIOUS_HARM), "harm", "危害后果较重"),
        (dict(harm=vr.UNASSESSED), "harm", "尚未评估"),
        (dict(rectified_on=None), "rectified", "尚未改正（改正期限 2026-03-17）"),
        (dict(rectified_on=date(2026, 3, 18)), "rectified", "晚于改正期限 2026-03-17"),
        (dict(blacklisted=True), "not_blacklisted", "黑榜"),
        (
            dict(type_code="P-NO-PRICE-TAG", type_name="未明码标价"),
            "listed",
            "不在 2026-03-10 有效",
        ),
    ],
)
def test_each_unmet_criterion_blocks_and_says_why(kw, key, text):
    check = ln.check_leniency(facts(**kw))
    assert not check.eligible
    crit = by_key(check)[key]
    assert crit.met is False and text in crit.text
    assert check.summary().startswith("不符合")


def test_ordered_at_once_means_the_deadline_is_the_order_day():
    check = ln.check_leniency(facts(deadline=None, rectified_on=date(2026, 3, 11)))
    assert "晚于改正期限 2026-03-10" in by_key(check)["rectified"].text
    assert ln.check_leniency(facts(deadline=None, rectified_on=FOUND)).eligible


def test_a_minor_listing_needs_no_harm_but_not_a_first_time():
    base = dict(type_code=EXPIRED, type_name="经营超过保质期的食品", harm=vr.NO_HARM)
    prior = ln.Prior(7, date(2025, 6, 1))
    check = ln.check_leniency(facts(**base, priors=(prior,)))
    assert check.eligible and check.ground == MINOR
    first = by_key(check)["first"]
    assert first.met is None and not first.required and "仅供参考" in first.text
    minor_harm = ln.check_leniency(facts(**{**base, "harm": vr.MINOR_HARM}))
    assert not minor_harm.eligible
    assert "轻微免罚要求没有造成危害后果" in by_key(minor_harm)["harm"].text


def test_the_listing_in_force_on_the_found_day_is_the_one_read():
    ended = tuple(
        replace(x, effective_to=date(2026, 1, 31)) if x.type_code == HEALTH else x
        for x in SEED_LISTINGS
    )
    assert not ln.check_leniency(facts(listings=ended)).eligible
    assert ln.check_leniency(
        facts(
            listings=ended,
            found_on=date(2026, 1, 31),
            ordered_on=date(2026, 1, 31),
            deadline=date(2026, 2, 5),
            rectified_on=date(2026, 2, 1),
        )
    ).eligible
    before = ln.check_leniency(
        facts(
            found_on=date(2025, 1, 26),
            ordered_on=None,
            deadline=None,
            rectified_on=date(2025, 1, 26),
        )
    )
    assert not before.eligible  # the national list took effect on 2025-01-27


def test_a_provincial_listing_added_later_is_read_from_its_day():
    province = Listing(
        "P-NO-PRICE-TAG", FIRST, "鲁市监法〔2026〕1号", "山东省首违不罚清单", 3, date(2026, 3, 1)
    )
    listings = (*SEED_LISTINGS, province)
    check = ln.check_leniency(
        facts(type_code="P-NO-PRICE-TAG", type_name="未明码标价", listings=listings)
    )
    assert check.eligible and check.listing == province


def test_the_json_of_the_check():
    data = ln.check_leniency(facts(priors=(ln.Prior(12, date(2025, 12, 1), vr.PENALTY),))).as_dict()
    assert data["eligible"] is False
    assert data["ground"] == "首违不罚"
    assert isinstance(data["reasons"], list) and all(isinstance(r, str) for r in data["reasons"])
    assert data["listing"]["document"] == NATIONAL_2025 and data["listing"]["item"] == 5
    assert data["priors"] == [{"id": 12, "found_on": "2025-12-01", "decision": vr.PENALTY}]
    assert {c["key"] for c in data["criteria"]} >= {"listed", "first", "harm", "rectified"}
