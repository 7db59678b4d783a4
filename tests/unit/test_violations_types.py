"""Violation types and the leniency lists as data: the seed, listings in force, edits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from station_app.domain.violations import types as vt
from station_app.errors import ValidationError


def test_the_national_list_of_2025_as_seeded():
    first = [x for x in vt.SEED_LISTINGS if x.list_kind == vt.FIRST]
    minor = [x for x in vt.SEED_LISTINGS if x.list_kind == vt.MINOR]
    assert [x.item_no for x in first] == list(range(1, 9))  # 8 首违不罚 items
    assert len(minor) == 2  # 2 of the 4 轻微免罚 items could be read in a source
    assert {x.document for x in vt.SEED_LISTINGS} == {vt.NATIONAL_2025}
    assert {x.effective_from for x in vt.SEED_LISTINGS} == {date(2025, 1, 27)}
    assert all(x.effective_to is None for x in vt.SEED_LISTINGS)
    assert all(x.conditions for x in vt.SEED_LISTINGS)


def test_every_listing_names_a_seeded_type_and_codes_are_unique():
    codes = [t.code for t in vt.SEED_TYPES]
    assert len(codes) == len(set(codes))
    assert {x.type_code for x in vt.SEED_LISTINGS} <= set(codes)
    for t in vt.SEED_TYPES:
        assert vt.check_type(t) == t


def test_no_guessed_basis_a_basis_comes_with_its_provision():
    for t in vt.SEED_TYPES:
        assert bool(t.provision) == bool(t.basis), t.code
    assert vt.find_type(vt.SEED_TYPES, "F-HEALTH-CERT").has_basis
    assert not vt.find_type(vt.SEED_TYPES, "D-RX-NO-PRESCRIPTION").has_basis


def test_listings_in_force_on_a_day():
    day = date(2026, 1, 1)
    assert [x.item_no for x in vt.listings_in_force(vt.SEED_LISTINGS, "F-LIC-EXPIRED", day)] == [2]
    assert vt.listings_in_force(vt.SEED_LISTINGS, "F-LIC-EXPIRED", date(2025, 1, 26)) == []
    assert vt.listings_in_force(vt.SEED_LISTINGS, "P-NO-PRICE-TAG", day) == []
    x = vt.SEED_LISTINGS[0]
    ended = replace(x, effective_to=date(2025, 12, 31))
    assert ended.in_force(date(2025, 12, 31)) and not ended.in_force(day)
    assert x.citation() == "《市场监管行政违法行为首违不罚清单（一）》第1项（国市监法〔2025〕10号）"
    assert x.kind_label == "首违不罚"


def test_first_listings_come_before_minor_ones_and_newer_first():
    a = vt.Listing("X", vt.MINOR, "A", "甲", 1, date(2025, 1, 1))
    b = vt.Listing("X", vt.FIRST, "B", "乙", 1, date(2025, 1, 1))
    c = vt.Listing("X", vt.FIRST, "C", "丙", 1, date(2025, 6, 1))
    assert vt.listings_in_force([a, b, c], "X", date(2025, 7, 1)) == [c, b, a]


def test_a_listing_cannot_overlap_another_of_the_same_kind():
    x = vt.SEED_LISTINGS[0]
    again = replace(x, document="鲁市监法〔2026〕1号", effective_from=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="有效期不能重叠"):
        vt.check_listing(again, vt.SEED_LISTINGS)
    ended = replace(x, effective_to=date(2025, 12, 31))
    assert vt.check_listing(again, [ended]) == again
    other_kind = replace(again, list_kind=vt.MINOR)
    assert vt.check_listing(other_kind, vt.SEED_LISTINGS) == other_kind


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        (dict(list_kind="x"), "清单类别"),
        (dict(document=" "), "发文字号"),
        (dict(item_no=0), "正整数"),
        (dict(effective_to=date(2025, 1, 1)), "终止日期早于施行日期"),
    ],
)
def test_bad_listings(kw, match):
    with pytest.raises(ValidationError, match=match):
        vt.check_listing(replace(vt.SEED_LISTINGS[0], **kw))


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        (dict(code="健康证"), "类型编码"),
        (dict(name=" "), "类型名称"),
        (dict(category="天文"), "类别"),
    ],
)
def test_bad_types(kw, match):
    with pytest.raises(ValidationError, match=match):
        vt.check_type(replace(vt.SEED_TYPES[0], **kw))


def test_types_are_found_by_code_name_or_a_unique_part():
    assert vt.find_type(vt.SEED_TYPES, "F-EXPIRED").code == "F-EXPIRED"
    assert vt.find_type(vt.SEED_TYPES, "明码标价").code == "P-NO-PRICE-TAG"
    with pytest.raises(ValidationError, match="对应多个"):
        vt.find_type(vt.SEED_TYPES, "食品")
    with pytest.raises(ValidationError, match="没有违法行为类型“飞行”"):
        vt.find_type(vt.SEED_TYPES, "飞行")
