"""Checklists per industry: templates, versions, answers and the findings they make."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from station_app.domain.patrols import checklists as c
from station_app.errors import ValidationError

CATERING = c.DEFAULT_BY_CODE["catering"]
GENERAL = c.DEFAULT_BY_CODE["general"]


def test_the_nine_templates_of_the_issue_exist_and_are_valid():
    names = {cl.name for cl in c.DEFAULT_CHECKLISTS}
    assert names == {
        "通用日常巡查",
        "餐饮服务",
        "食品销售",
        "药品零售",
        "特种设备使用",
        "加油站",
        "宾馆",
        "网吧",
        "三小场所",
    }
    for cl in c.DEFAULT_CHECKLISTS:
        assert c.check_checklist(cl) == cl


@pytest.mark.parametrize(
    ("industries", "name", "code"),
    [
        (["餐饮服务", "食品销售"], "", "catering"),
        (["食品销售"], "", "food_sales"),
        (["加油站", "食品销售"], "", "gas_station"),
        (["药品零售"], "", "pharmacy"),
        (["特种设备使用"], "", "special_equipment"),
        ([], "城关镇如家宾馆", "hotel"),
        (["其他"], "星空网咖", "internet_cafe"),
        (["网络交易"], "某某商贸有限公司", "general"),
    ],
)
def test_an_entity_gets_the_checklist_of_its_industry(industries, name, code):
    assert c.checklist_for(industries, name) == code


def test_only_available_checklists_are_chosen():
    assert c.checklist_for(["餐饮服务"], available=["general", "food_sales"]) == "general"


def test_required_item_missing_is_refused_naming_it():
    answers = {i.key: c.Answer(c.YES) for i in CATERING.items[1:]}
    with pytest.raises(ValidationError) as err:
        c.check_answers(CATERING, answers)
    assert "第 1 项" in err.value.message and "必须填写" in err.value.message


def test_optional_items_may_stay_empty():
    answers = {i.key: c.Answer(c.YES) for i in GENERAL.items if i.required}
    assert c.check_answers(GENERAL, answers).keys() == answers.keys()


def test_not_applicable_only_where_the_item_allows_it():
    answers = {i.key: c.Answer(c.YES) for i in CATERING.items}
    answers["health_certs"] = c.Answer(c.NA)
    with pytest.raises(ValidationError, match="不能填“不适用”"):
        c.check_answers(CATERING, answers)
    answers["health_certs"] = c.Answer(c.YES)
    answers["open_kitchen"] = c.Answer(c.NA)
    assert c.check_answers(CATERING, answers)["open_kitchen"].value == c.NA


def test_a_no_needs_a_note_where_the_item_asks_for_one():
    answers = {i.key: c.Answer(c.YES) for i in CATERING.items}
    answers["no_expired"] = c.Answer(c.NO)
    with pytest.raises(ValidationError, match="写明具体问题"):
        c.check_answers(CATERING, answers)
    answers["no_expired"] = c.Answer(c.NO, "冷库内 3 袋冻肉过期")
    checked = c.check_answers(CATERING, answers)
    failed = c.failed_items(CATERING, checked)
    assert [i.key for i in failed] == ["no_expired"]
    assert failed[0].hazard_category == "食品安全"


def test_answers_to_items_the_version_lacks_are_refused():
    answers = {i.key: c.Answer(c.YES) for i in GENERAL.items}
    answers["invented"] = c.Answer(c.YES)
    with pytest.raises(ValidationError, match="没有检查项“invented”"):
        c.check_answers(GENERAL, answers)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("是", c.YES),
        ("否", c.NO),
        ("不适用", c.NA),
        ("√", c.YES),
        ("×", c.NO),
        ("N/A", c.NA),
        ("", None),
    ],
)
def test_answers_parse_as_people_write_them(text, code):
    assert c.parse_answer(text) == code


def test_an_unreadable_answer_is_refused():
    with pytest.raises(ValidationError, match="是、否 或 不适用"):
        c.parse_answer("大概")


def test_marks_on_paper_become_answers():
    answers = c.answers_from_marks(GENERAL, failed=[2, 5], not_applicable=[8])
    values = [answers[i.key].value for i in GENERAL.items]
    assert values == [c.YES, c.NO, c.YES, c.YES, c.NO, c.YES, c.YES, c.NA]
    with pytest.raises(ValidationError, match="没有第 9 项"):
        c.answers_from_marks(GENERAL, failed=[9])
    with pytest.raises(ValidationError, match="既是"):
        c.answers_from_marks(GENERAL, failed=[3], not_applicable=[3])


def test_a_new_version_keeps_the_code_and_counts_up():
    edited = replace(CATERING, name="餐饮服务（2026版）", items=CATERING.items[:3])
    v2 = c.next_version(CATERING, edited, date(2026, 8, 1))
    assert (v2.code, v2.version, v2.effective_from) == ("catering", 2, date(2026, 8, 1))
    assert len(v2.items) == 3 and v2.label == "餐饮服务（2026版）（第 2 版）"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"name": ""}, "名称"),
        ({"code": "Bad Code"}, "代码"),
        ({"items": ()}, "至少要有一个检查项"),
    ],
)
def test_bad_templates_are_refused(change, words):
    with pytest.raises(ValidationError, match=words):
        c.check_checklist(replace(GENERAL, **change))


def test_bad_items_are_refused_by_number():
    dup = replace(GENERAL, items=(GENERAL.items[0], GENERAL.items[0]))
    with pytest.raises(ValidationError, match="第 2 项的代码"):
        c.check_checklist(dup)
    odd = replace(GENERAL, items=(replace(GENERAL.items[0], hazard_category="外星人"),))
    with pytest.raises(ValidationError, match="隐患类别"):
        c.check_checklist(odd)
    empty = replace(GENERAL, items=(replace(GENERAL.items[0], text="  "),))
    with pytest.raises(ValidationError, match="第 1 项没有内容"):
        c.check_checklist(empty)


def test_items_and_answers_round_trip_through_json():
    back = c.Checklist.from_json("catering", "餐饮服务", ["餐饮服务"], CATERING.items_json())
    assert back.items == CATERING.items
    answers = {"a": c.Answer(c.NO, "灭火器过期")}
    assert c.answers_from_json(c.answers_json(answers)) == answers


def test_new_item_keys_are_fresh():
    assert c.new_item_key(["item_1", "item_2"]) == "item_3"
