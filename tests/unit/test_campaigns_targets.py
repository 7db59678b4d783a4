"""Campaign target filters (domain/campaign_targets.py): a reproducible, canonical form, the
entity list's saved filters read into it, the command-line spec, checks and descriptions."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain import campaign_targets as t
from station_app.domain import draws
from station_app.errors import ValidationError


def test_equal_filters_give_the_same_canonical_text_and_hash():
    a = t.TargetFilter(industries=("餐饮服务", "食品销售"), grids=("G02", "G01"), complaints_min=2)
    b = t.TargetFilter(grids=("G01", "G02"), complaints_min=2, industries=("食品销售", "餐饮服务"))
    assert a.canonical() == b.canonical()
    assert a.hash == b.hash == draws.sha256_hex(a.canonical())
    assert a.canonical() == (
        '{"complaints_min":2,"complaints_months":12,"grids":["G01","G02"],'
        '"industries":["食品销售","餐饮服务"],"statuses":["在营"]}'
    )
    assert t.TargetFilter().canonical() == '{"statuses":["在营"]}'  # every 在营 entity
    assert t.TargetFilter(statuses=()).canonical() == '{"statuses":[]}'  # any status


@given(
    st.builds(
        t.TargetFilter,
        text=st.text("学校路餐", max_size=4),
        industries=st.lists(st.sampled_from(["餐饮服务", "食品销售", "药品零售"]), unique=True).map(
            tuple
        ),
        grids=st.lists(st.sampled_from(["G01", "G02", "G03"]), unique=True).map(tuple),
        grades=st.lists(st.sampled_from("ABCD"), unique=True).map(tuple),
        complaints_min=st.integers(0, 5),
        complaints_months=st.integers(1, 36),
    )
)
def test_criteria_round_trip(flt):
    back = t.TargetFilter.from_criteria(flt.criteria())
    assert back.canonical() == flt.canonical()
    stored = t.TargetFilter.from_criteria(json.loads(flt.canonical()))
    assert stored.canonical() == flt.canonical()


def test_an_entity_list_saved_filter_reads_as_a_target_filter():
    saved = {
        "industry": "餐饮服务",
        "grade": "C",
        "status": "在营",
        "tag": "重点监管",
        "text": "学校",
        "grid_id": 3,
    }
    flt = t.TargetFilter.from_criteria(saved)
    assert flt == t.TargetFilter(
        text="学校", industries=("餐饮服务",), grades=("C",), statuses=("在营",), tags=("重点监管",)
    )


def test_the_command_line_spec():
    flt = t.parse_filter_spec("行业=餐饮服务,食品销售；网格=g01;投诉=2/6;关键字= 学校 ;grade=c,d")
    assert flt.industries == ("餐饮服务", "食品销售")
    assert flt.grids == ("G01",)
    assert (flt.complaints_min, flt.complaints_months) == (2, 6)
    assert flt.text == "学校" and flt.grades == ("C", "D")
    assert t.parse_filter_spec("complaints=3").complaints_months == 12
    assert t.parse_filter_spec("状态=在营,歇业").statuses == ("在营", "歇业")
    with pytest.raises(ValidationError, match="“颜色=红”无法识别"):
        t.parse_filter_spec("行业=餐饮服务;颜色=红")
    with pytest.raises(ValidationError, match="次数/月数"):
        t.parse_filter_spec("投诉=很多")


def test_unknown_values_and_bad_complaint_windows_are_refused():
    choices = {"industries": ["餐饮服务", "食品销售"], "grids": ["G01", "G02"]}
    ok = t.check_target_filter(t.TargetFilter(industries=("餐饮服务",), text=" 学校  路 "), choices)
    assert ok.text == "学校 路"
    with pytest.raises(ValidationError, match="网格“G09”不存在") as err:
        t.check_target_filter(t.TargetFilter(grids=("G09",)), choices)
    assert err.value.field == "grids"
    with pytest.raises(ValidationError, match="1–36"):
        t.check_target_filter(t.TargetFilter(complaints_min=2, complaints_months=48), choices)
    with pytest.raises(ValidationError, match="0–999"):
        t.check_target_filter(t.TargetFilter(complaints_min=-1), choices)


def test_descriptions_read_as_a_sentence():
    flt = t.TargetFilter(
        industries=("餐饮服务",), grids=("G01", "G02"), complaints_min=2, complaints_months=6
    )
    assert t.describe(flt, date(2026, 9, 1)) == (
        "行业：餐饮服务；网格：G01、G02；经营状态：在营；近 6 个月被投诉 ≥ 2 次（截至 2026-09-01）"
    )
    assert t.describe(t.TargetFilter(statuses=())) == "全部经营主体"


def test_the_complaint_window_and_the_list_hash():
    assert t.complaints_since(date(2026, 9, 1), 12) == date(2025, 9, 2)
    assert t.complaints_since(date(2026, 3, 31), 1) == date(2026, 3, 1)
    assert t.list_hash(["K2", "K1"]) == draws.sha256_hex("K1\nK2")
