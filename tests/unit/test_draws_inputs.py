"""What a draw runs with (domain/draw_inputs.py): quotas as typed, grades, valid 执法证,
objects left out after a clear check, numbering and the redraw rule."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction

import pytest

from station_app.domain import draw_inputs as di
from station_app.domain import draws as d
from station_app.errors import ValidationError

DAY = date(2026, 7, 6)


def test_the_defaults_are_the_example_of_the_issue_and_facts():
    quotas = di.parse_quotas()
    assert {g: q.text for g, q in quotas.items()} == {"A": "0.05", "B": "0.1", "C": "0.3", "D": "1"}
    assert di.quota_warnings(quotas) == []


@pytest.mark.parametrize(
    ("typed", "ratio"),
    [
        ("0.05", Fraction(1, 20)),
        (".05", Fraction(1, 20)),
        ("5%", Fraction(1, 20)),
        ("５％", Fraction(1, 20)),
        ("1", Fraction(1)),
        ("0", Fraction(0)),
        ("12.5%", Fraction(1, 8)),
        ("0.0001", Fraction(1, 10000)),
    ],
)
def test_ratios_as_typed(typed, ratio):
    assert di.parse_ratio("A", typed).ratio == ratio


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1.2", "超过 1（100%）"),
        ("120%", "超过 1（100%）"),
        ("-0.1", "无法识别"),
        ("abc", "无法识别"),
        ("0.00001", "最多精确到 0.0001"),
    ],
)
def test_bad_ratios_say_what_is_wrong(typed, message):
    with pytest.raises(ValidationError, match=message) as err:
        di.parse_ratio("D", typed)
    assert err.value.field == "ratio"


def test_a_quota_line_as_on_the_command_line():
    quotas = di.parse_quotas("A=0.05,B=10%，C:0.3 D=1", "")
    assert {g: q.text for g, q in quotas.items()} == {"A": "0.05", "B": "0.1", "C": "0.3", "D": "1"}
    mixed = di.parse_quotas(
        "A=0.02", "D=15户", defaults={"A": "0.05", "B": "0.2", "C": "0.5", "D": "1"}
    )
    assert {g: q.text for g, q in mixed.items()} == {
        "A": "0.02",
        "B": "0.2",
        "C": "0.5",
        "D": "#15",
    }
    assert mixed["D"].label == "固定 15 户" and mixed["A"].label == "比例 2%"


@pytest.mark.parametrize(
    ("ratios", "numbers", "message"),
    [
        ("D=1.5", "", "D 类抽查比例 1.5 超过 1"),
        ("E=0.1", "", "等级只能是 A、B、C、D"),
        ("A0.1", "", "无法识别"),
        ("A=0.1,A=0.2", "", "A 类写了两次"),
        ("A=0.1", "A=3", "同时给了抽查比例和固定户数"),
        ("", "B=-1", "不小于 0 的整数"),
        ("", "B=2.5", "不小于 0 的整数"),
    ],
)
def test_bad_quota_lines(ratios, numbers, message):
    with pytest.raises(ValidationError, match=message):
        di.parse_quotas(ratios, numbers)


def test_ratios_outside_the_usual_ranges_warn_but_do_not_refuse():
    warnings = di.parse_quotas("A=0.2,D=0.5")
    text = di.quota_warnings(warnings)
    assert text == [
        "A 类抽查比例 20% 不在常用范围 0%–5% 内，请确认。",
        "D 类抽查比例 50% 不在常用范围 61%–100% 内，请确认。",
    ]
    assert di.quota_warnings(di.parse_quotas("", "A=100")) == []


def test_entity_and_inspector_keys():
    assert di.entity_key(" 91350100m000100y43 ", 7) == "91350100M000100Y43"
    assert di.entity_key(None, 1024) == "#1024"
    assert di.entity_key("", 5) == "#5"
    assert di.inspector_key(" 3709 8120 19 ", "张三") == "3709812019"
    with pytest.raises(ValidationError, match="张三没有登记执法证号"):
        di.inspector_key("", "张三")
    with pytest.raises(ValidationError, match=re.escape("含有空白或“|”")):
        di.inspector_key("12|3", "李四")


@pytest.mark.parametrize(
    ("credit", "local", "basis", "grade"),
    [
        ("A", "D", "credit", "A"),
        (None, "D", "credit", "D"),
        ("C", "A", "local", "A"),
        ("C", None, "local", "C"),
        (None, None, "credit", "B"),
        ("", "x", "credit", "B"),
    ],
)
def test_the_grade_an_entity_is_drawn_in(credit, local, basis, grade):
    assert di.draw_grade(credit, local, basis) == grade


@pytest.mark.parametrize(
    ("cert", "expiry", "active", "left", "why"),
    [
        ("37098120190011", date(2027, 1, 1), True, None, ""),
        ("37098120190011", DAY, True, None, ""),  # valid through its last day
        ("", date(2027, 1, 1), True, None, "未登记执法证号"),
        ("37098120190011", None, True, None, "未登记执法证有效期"),
        ("37098120190011", date(2026, 7, 5), True, None, "执法证已于 2026-07-05 到期"),
        ("37098120190011", date(2027, 1, 1), False, None, "已离岗"),
        ("37098120190011", date(2027, 1, 1), True, DAY, "已离岗"),
        ("37098120190011", date(2027, 1, 1), True, date(2026, 7, 7), ""),
    ],
)
def test_a_valid_certificate_on_the_draw_day(cert, expiry, active, left, why):
    assert di.cert_valid(cert, expiry, active, left, DAY) == why


@pytest.mark.parametrize(
    ("day", "months", "before"),
    [
        (date(2026, 7, 6), 6, date(2026, 1, 6)),
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 3, 30), 1, date(2024, 2, 29)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_months_before(day, months, before):
    assert di.months_before(day, months) == before


def test_objects_checked_without_findings_recently_are_left_out():
    objects = [d.PoolObject(k, "B", k) for k in ("K1", "K2", "K3", "K4")]
    last_clear = {"K1": date(2026, 1, 6), "K2": date(2026, 1, 5), "K3": date(2026, 7, 6)}
    kept, out = di.leave_out_recently_clear(objects, last_clear, 6, DAY)
    assert [o.key for o in out] == ["K1", "K3"]
    assert [o.key for o in kept] == ["K2", "K4"]
    assert di.leave_out_recently_clear(objects, last_clear, 0, DAY) == (objects, [])


def test_draw_numbers_and_the_redraw_rule():
    assert di.draw_number("东市监城", 2026, 3) == "东市监城抽〔2026〕3号"
    assert di.check_redraw(None, "", may_approve=False) == ""
    with pytest.raises(ValidationError, match="重新抽取须写明理由") as err:
        di.check_redraw("城关市监抽〔2026〕3号", "重抽", may_approve=True)
    assert "原抽取记录保留" in err.value.message and err.value.field == "reason"
    with pytest.raises(ValidationError, match="须经所长批准"):
        di.check_redraw("城关市监抽〔2026〕3号", "对象库筛选条件有误，重新抽取", may_approve=False)
    assert (
        di.check_redraw("城关市监抽〔2026〕3号", "  对象库筛选  条件有误 ", may_approve=True)
        == "对象库筛选 条件有误"
    )
