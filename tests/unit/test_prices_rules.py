"""Rule types, parameters and their checks (k ≤ 1 refused), versions, the default rule, descriptions."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from station_app.domain.prices.money import ROOM
from station_app.domain.prices.rules import (
    ABOVE_POSTED,
    ABSOLUTE_CAP,
    BASELINE_RISE,
    DAY_JUMP,
    DEFAULT_RULE,
    EVERY_DAY,
    HOLIDAY_HISTORY,
    KINDS,
    MULTIPLE_PRICES,
    PEER_OUTLIER,
    WINDOW_DAYS,
    AbsoluteCap,
    BaselineRise,
    Scope,
    SubjectInfo,
    build_rule,
    describe,
    k_text,
    params_json,
    parse_k,
    parse_params,
    parse_scope,
    scope_json,
    threshold_text,
)
from station_app.errors import ValidationError

D = date


def test_default_rule_is_the_issue_s() -> None:
    rule = DEFAULT_RULE
    assert (rule.kind, rule.series, rule.version, rule.days) == (BASELINE_RISE, 1, 1, WINDOW_DAYS)
    assert rule.params == BaselineRise(Fraction(3, 2), 30, None, None, True, 3)
    assert rule.label == "规则「节假日涨幅>50%」第 1 版"
    assert (
        describe(rule) == "节假日及本地活动期间，价格高出节前 30 天（不含节假日）均价 50 % 以上。"
    )
    assert threshold_text(rule) == ">50 %"


@pytest.mark.parametrize("bad", ["1", "0.8", 1, "-2", "1.0"])
def test_k_not_above_one_is_refused(bad: object) -> None:
    with pytest.raises(ValidationError) as err:
        parse_k(bad)
    assert "必须大于 1" in err.value.message
    assert err.value.field == "k"


def test_k_reading() -> None:
    assert parse_k("1.5") == Fraction(3, 2)
    assert parse_k(2) == 2
    assert k_text(Fraction(3, 2)) == "1.5"
    assert k_text(Fraction(2)) == "2"
    with pytest.raises(ValidationError, match="不是数字"):
        parse_k("一点五")
    with pytest.raises(ValidationError, match="不能超过 100"):
        parse_k("101")


@pytest.mark.parametrize("kind", [BASELINE_RISE, DAY_JUMP, PEER_OUTLIER])
def test_every_k_rule_refuses_k_one(kind: str) -> None:
    with pytest.raises(ValidationError, match="k ≤ 1"):
        build_rule(
            kind=kind, name="测试", params={"k": "1"}, days=EVERY_DAY, period_first=D(2026, 1, 1)
        )


def test_params_of_each_kind_round_trip() -> None:
    samples = {
        BASELINE_RISE: {"k": "1.5", "baseline_first": "2023-03-01", "baseline_last": "2023-03-31"},
        HOLIDAY_HISTORY: {"years": 2, "measure": "最高价"},
        ABSOLUTE_CAP: {"cap_yuan": "5000"},
        ABOVE_POSTED: {"basis": "备案价"},
        MULTIPLE_PRICES: {"max_prices": 1},
        DAY_JUMP: {"k": "1.8", "max_gap_days": 2},
        PEER_OUTLIER: {"k": "3.5", "peers": "同档次", "min_peers": 5},
    }
    assert set(samples) == set(KINDS)
    for kind, raw in samples.items():
        parsed = parse_params(kind, raw)
        assert parse_params(kind, params_json(parsed)) == parsed, kind
    assert parse_params(ABSOLUTE_CAP, {"cap_yuan": "5000"}) == AbsoluteCap(500000)


@pytest.mark.parametrize(
    ("kind", "raw", "words"),
    [
        (ABSOLUTE_CAP, {"cap_yuan": "2000000"}, "超过 ¥1,000,000"),
        (ABSOLUTE_CAP, {"cap_yuan": "-1"}, "不能为负数"),
        (BASELINE_RISE, {"k": "1.5", "baseline_first": "2023-03-01"}, "同时填写起始日和截止日"),
        (
            BASELINE_RISE,
            {"k": "1.5", "baseline_first": "2023-03-31", "baseline_last": "2023-03-01"},
            "早于起始日",
        ),
        (
            BASELINE_RISE,
            {"k": "1.5", "baseline_first": "2023-3-1x", "baseline_last": "2023-03-31"},
            "应写作",
        ),
        (BASELINE_RISE, {"k": "1.5", "days_before": 0}, "基期天数应在 1 到 366"),
        (HOLIDAY_HISTORY, {"years": 3}, "比较年数应在 1 到 2"),
        (MULTIPLE_PRICES, {"max_prices": "两个"}, "应为整数"),
        (PEER_OUTLIER, {"k": "3", "min_peers": 2}, "最少同类数"),
        (ABOVE_POSTED, {"basis": "挂牌价"}, "比较依据应为"),
        ("unknown", {}, "未知的规则类型"),
    ],
)
def test_bad_parameters_say_what_is_wrong(kind: str, raw: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        parse_params(kind, raw)


def test_combinations_that_cannot_work_are_refused() -> None:
    with pytest.raises(ValidationError, match="只适用于节假日"):
        build_rule(kind=HOLIDAY_HISTORY, name="三亚", params={}, days=EVERY_DAY)
    with pytest.raises(ValidationError, match="须填写起始日"):
        build_rule(kind=BASELINE_RISE, name="每日", params={"k": "1.5"}, days=EVERY_DAY)
    with pytest.raises(ValidationError, match="固定基期应在规则起始日之前"):
        build_rule(
            kind=BASELINE_RISE,
            name="淄博",
            params={"k": "1.5", "baseline_first": "2023-04-01", "baseline_last": "2023-04-30"},
            period_first=D(2023, 4, 29),
        )
    with pytest.raises(ValidationError, match="选择分组"):
        build_rule(kind=PEER_OUTLIER, name="同组", params={"k": "3.5", "peers": "同组"})
    with pytest.raises(ValidationError, match="截止日早于起始日"):
        build_rule(
            kind=ABSOLUTE_CAP,
            name="限价",
            params={"cap_yuan": 5000},
            period_first=D(2026, 2, 1),
            period_last=D(2026, 1, 1),
        )
    with pytest.raises(ValidationError, match="请填写规则名称"):
        build_rule(kind=ABSOLUTE_CAP, name=" ", params={"cap_yuan": 5000})


def test_zibo_2023_rule_describes_itself() -> None:
    rule = build_rule(
        kind=BASELINE_RISE,
        name="2023 五一 >50%",
        params={
            "k": "1.5",
            "baseline_first": "2023-03-01",
            "baseline_last": "2023-03-31",
            "exclude_windows": False,
        },
        days=EVERY_DAY,
        period_first=D(2023, 4, 29),
        period_last=D(2023, 5, 3),
        series=4,
        version=2,
    )
    assert rule.label == "规则「2023 五一 >50%」第 2 版"
    assert (
        describe(rule)
        == "2023-04-29 至 2023-05-03每日，价格高出基期（2023年3月1日至3月31日）均价 50 % 以上。"
    )
    assert rule.in_period(D(2023, 5, 1)) and not rule.in_period(D(2023, 5, 4))


def test_descriptions_of_the_other_kinds() -> None:
    texts = {
        kind: describe(build_rule(kind=kind, name="x", params=raw, scope=scope))
        for kind, raw, scope in [
            (HOLIDAY_HISTORY, {"years": 2}, None),
            (ABSOLUTE_CAP, {"cap_yuan": 5000}, {"subject_kind": ROOM, "classes": ["高档型"]}),
            (ABOVE_POSTED, {}, None),
            (MULTIPLE_PRICES, {}, None),
            (DAY_JUMP, {"k": "2"}, None),
            (PEER_OUTLIER, {"k": "3.5"}, None),
        ]
    }
    assert texts[HOLIDAY_HISTORY].endswith("价格高于近两年同一节假日的最高价。")
    assert "超过最高限价 ¥5,000" in texts[ABSOLUTE_CAP]
    assert texts[ABSOLUTE_CAP].endswith("（适用：客房 高档型）。")
    assert "实际价格高于明码标价" in texts[ABOVE_POSTED]
    assert "2 个及以上不同价格" in texts[MULTIPLE_PRICES]
    assert "上涨 100 % 以上" in texts[DAY_JUMP]
    assert "离群指数 > 3.5" in texts[PEER_OUTLIER]


def test_scope() -> None:
    scope = parse_scope({"group_id": "3", "subject_kind": ROOM, "classes": ["舒适型"]})
    assert scope == Scope(3, ROOM, frozenset({"舒适型"}))
    assert parse_scope(scope_json(scope)) == scope
    inside = SubjectInfo(1, "标准间", kind=ROOM, klass="舒适型", groups=frozenset({3}))
    assert scope.contains(inside)
    assert not scope.contains(
        SubjectInfo(2, "标准间", kind=ROOM, klass="豪华型", groups=frozenset({3}))
    )
    assert not scope.contains(SubjectInfo(3, "标准间", kind=ROOM, klass="舒适型"))
    assert Scope().contains(SubjectInfo(4, "猪肉", kind="商品"))
    with pytest.raises(ValidationError, match="档次“五星”不存在"):
        parse_scope({"classes": ["五星"]})
