"""Entity registry rules: ledger dates, field normalisation, the local grade, search kinds."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from station_app.domain import grading
from station_app.domain.entities import (
    licence_state,
    normalise_entity,
    parse_ledger_date,
    search_kind,
)
from station_app.errors import ValidationError

GOOD = "91350100M000100Y43"  # GB 32100 worked example


@pytest.mark.parametrize(
    "value",
    [
        "2023年5月1日",
        "2023.5.1",
        "20230501",
        "2023-05-01",
        "2023/5/1",
        "２０２３－０５－０１",
        45047,
        45047.0,
        date(2023, 5, 1),
        datetime(2023, 5, 1, 0, 0),
        "45047",
        " 2023年 5月 1日 ",
    ],
)
def test_ledger_dates_in_every_shape(value):
    assert parse_ledger_date(value) == date(2023, 5, 1)


@pytest.mark.parametrize("value", ["2023年2月30日", "明年", "2023-13-01", "5/1"])
def test_bad_ledger_dates_say_why(value):
    with pytest.raises(ValueError, match="日期"):
        parse_ledger_date(value)


def test_empty_dates_are_none():
    assert parse_ledger_date("") is None and parse_ledger_date(None) is None


def test_normalise_fixes_widths_and_derives_type():
    out = normalise_entity(
        {
            "name": " 腾讯科技(深圳)有限公司 ",
            "uscc": "９１３５０１００ｍ０００１００ｙ４３",
            "phone": "０５９１－８７６５４３２１",
            "address": "福州市 鼓楼区 五四路 1号",
            "status": "",
            "industries": ["餐饮服务", "餐饮服务"],
        },
        today=date(2026, 1, 1),
    )
    assert out["name"] == "腾讯科技（深圳）有限公司"
    assert out["uscc"] == GOOD and out["entity_type"] == "企业"
    assert out["phone"] == "0591-87654321"
    assert out["address"] == "福州市鼓楼区五四路1号"
    assert out["status"] == "在营" and out["industries"] == ("餐饮服务",)


def test_no_code_means_unregistered():
    assert normalise_entity({"name": "无照小吃摊"})["entity_type"] == "未登记"


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"name": ""}, "name", "请填写名称"),
        ({"name": "甲", "uscc": "91350100M000100Y4Z"}, "uscc", "校验位不符"),
        ({"name": "甲", "phone": "138123"}, "phone", "手机号"),
        ({"name": "甲", "status": "倒闭"}, "status", "在营"),
        ({"name": "甲", "registered_on": date(2030, 1, 1)}, "registered_on", "晚于今天"),
        ({"name": "甲", "industries": ["挖矿"]}, "industries", "行业"),
    ],
)
def test_validation_names_the_field(fields, field, text):
    with pytest.raises(ValidationError, match=text) as info:
        normalise_entity(fields, today=date(2026, 1, 1))
    assert info.value.field == field


def test_grade_contributions_and_thresholds():
    clean = grading.compute_grade(grading.GradeInputs())
    assert (clean.grade, clean.score) == ("A", 100) and len(clean.contributions) == 8
    assert all(c.points == 0 for c in clean.contributions)
    some = grading.compute_grade(grading.GradeInputs(complaints_12m=2, licences_valid=False))
    assert (some.grade, some.score) == ("B", 75)
    assert {c.indicator: c.points for c in some.contributions}["许可证"] == -15
    capped = grading.compute_grade(grading.GradeInputs(penalties_24m=9))
    assert capped.score == 70 and capped.grade == "C"
    black = grading.compute_grade(grading.GradeInputs(blacklisted=True))
    assert black.grade == "D" and "严格" not in black.explanation()
    assert black.patrol_frequency.startswith("网格员每日巡查")
    assert "扣 40 分" in black.explanation()


def test_rules_are_editable():
    rules = grading.GradingRules.from_mapping(
        {"licence_points": 30, "unknown": 5, "threshold_a": -1}
    )
    assert rules.licence_points == 30 and rules.threshold_a == 90
    assert grading.compute_grade(grading.GradeInputs(licences_valid=False), rules).grade == "C"


def test_override_needs_reason():
    with pytest.raises(ValidationError, match="原因"):
        grading.check_override("A", "")
    assert grading.check_override("b", "现场核查良好") == ("B", "现场核查良好")
    assert grading.check_override(None, "") == (None, "")


def test_licence_state():
    today = date(2026, 6, 1)
    assert licence_state(date(2026, 5, 31), today).label == "已过期"
    assert licence_state(date(2026, 6, 20), today).label == "临期"
    assert licence_state(date(2027, 1, 1), today).label == "有效"
    assert licence_state(None, today).label == "长期"


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("餐", "like"),
        ("张三", "like"),
        ("张三记", "fts"),
        ("zsj", "pinyin"),
        ("ZhangSan", "pinyin"),
        ("MA3C", "code"),
        ("1381234", "code"),
        ("9137", "code"),
        ("人民路12号", "fts"),
        ("", "none"),
    ],
)
def test_search_kind(query, kind):
    assert search_kind(query) == kind


def test_demo_codes_are_valid_and_match_reference():
    from station_app.demo.entities import _uscc, _uscc_reference
    from station_app.domain.identifiers import uscc_org_code_warning, validate_uscc

    for n in (0, 1, 999_999, 1_000_000, 1_234_567):
        for kind in "123":
            code = _uscc(kind, n)
            assert code == _uscc_reference(kind, n) == validate_uscc(code)
            assert uscc_org_code_warning(code) is None


@pytest.mark.parametrize(
    "name",
    [
        "城关镇张三记餐馆",
        "重庆小面",
        "东平县鑫源商贸有限公司",
        "ABC超市123",
        "长春药店",
        "银行路觉晓便利店",
        "",
        "Ａｂｃ 小店",
    ],
)
def test_fast_search_keys_equal_the_pinyin_module(name):
    from station_app.domain import pinyin as py
    from station_app.domain.entities import search_keys

    assert search_keys(name) == (py.initials_variants(name)[:200], py.full(name)[:400])
