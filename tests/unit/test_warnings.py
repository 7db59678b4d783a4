"""Early warnings: thresholds with their sentences, states, each kind on plain aggregates, the merge."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain.warnings import evaluate as E
from station_app.domain.warnings import states as S
from station_app.domain.warnings.kinds import (
    CLUSTER_ENTITY,
    CLUSTER_INDUSTRY,
    HAZARD,
    KINDS,
    LICENCE,
    PREPAID,
    TO_ORDER,
)
from station_app.domain.warnings.thresholds import (
    DEFAULTS,
    THRESHOLDS,
    condition,
    parse_thresholds,
    thresholds_json,
)
from station_app.errors import ValidationError

D = date
TODAY = D(2026, 3, 15)


def test_thresholds_defaults_and_sentences() -> None:
    assert DEFAULTS["cluster_entity.count"] == 3
    assert {t.kind for t in THRESHOLDS} == set(KINDS)
    assert condition(CLUSTER_ENTITY, DEFAULTS) == "同一经营主体 30 天内被投诉或反映 3 次及以上"
    assert "多 50 % 以上，且不少于 10 件" in condition(CLUSTER_INDUSTRY, DEFAULTS)
    assert condition(HAZARD, DEFAULTS) == "隐患超过整改期限仍未复查通过"
    for kind in KINDS:
        assert condition(kind, DEFAULTS)


def test_thresholds_read_and_refuse() -> None:
    th = parse_thresholds({"values": {"cluster_entity.count": "5"}, "disabled": [LICENCE]})
    assert th["cluster_entity.count"] == 5 and th["cluster_entity.days"] == 30
    assert not th.enabled(LICENCE) and th.enabled(PREPAID)
    assert parse_thresholds(thresholds_json(th)) == th
    with pytest.raises(
        ValidationError, match="“投诉集中（经营主体）”的投诉件数 N应在 2 到 100 件之间"
    ):
        parse_thresholds({"values": {"cluster_entity.count": 1}})
    with pytest.raises(ValidationError, match="应为整数"):
        parse_thresholds({"values": {"licence.days_ahead": "一个月"}})
    with pytest.raises(ValidationError, match="未知的预警类型"):
        parse_thresholds({"disabled": ["weather"]})


def test_states() -> None:
    assert S.state_of("new") == S.NEW and S.state_of("已处置") == S.RESOLVED
    with pytest.raises(ValidationError, match="new（新）"):
        S.state_of("open")
    assert S.check_ack(S.NEW) == S.ACKED
    with pytest.raises(ValidationError, match="只有“新”的预警需要确认"):
        S.check_ack(S.ACKED)
    assert S.check_resolve(S.ACKED, TO_ORDER, " 已派工单 GD2026-000012 ") == (
        S.RESOLVED,
        TO_ORDER,
        "已派工单 GD2026-000012",
    )
    with pytest.raises(ValidationError, match="请填写处置情况"):
        S.check_resolve(S.NEW, TO_ORDER, "")
    with pytest.raises(ValidationError, match="处置方式应为"):
        S.check_resolve(S.NEW, "删掉", "x")
    with pytest.raises(ValidationError, match="已处置"):
        S.check_resolve(S.RESOLVED, TO_ORDER, "x")
    assert S.check_reopen(S.RESOLVED, "又有投诉") == S.ACKED
    with pytest.raises(ValidationError, match="理由"):
        S.check_reopen(S.RESOLVED, "")


def test_cluster_entity() -> None:
    rows = [
        E.EntityCount(7, "好运来超市", 4, 1, D(2026, 3, 2), D(2026, 3, 14), 3),
        E.EntityCount(8, "平安药店", 2, 0, D(2026, 3, 1), D(2026, 3, 1)),
    ]
    (c,) = E.cluster_entity(rows, DEFAULTS)
    assert (c.kind, c.key, c.entity_id, c.grid_id, c.latest) == (
        CLUSTER_ENTITY,
        "7",
        7,
        3,
        D(2026, 3, 14),
    )
    assert c.title == "好运来超市 30 天内被投诉或反映 5 次"
    assert c.explanation == (
        "2026-03-02 至 2026-03-14 收到投诉 4 件、线索 1 件，共 5 件；"
        "预警条件：同一经营主体 30 天内被投诉或反映 3 次及以上。"
    )
    assert c.level == "中"


def test_cluster_industry_month_to_date_vs_last_year() -> None:
    (this, last) = E.month_to_date(TODAY)
    assert this == (D(2026, 3, 1), D(2026, 3, 15)) and last == (D(2025, 3, 1), D(2025, 3, 15))
    assert E.month_to_date(D(2028, 2, 29))[1] == (D(2027, 2, 1), D(2027, 2, 28))
    now = {"餐饮服务": 18, "食品销售": 11, "药品零售": 9, "预付式消费": 12}
    before = {"餐饮服务": 10, "食品销售": 8, "药品零售": 1}
    found = E.cluster_industry(now, before, TODAY, DEFAULTS, "行业")
    assert [c.key for c in found] == ["行业:预付式消费:2026-03", "行业:餐饮服务:2026-03"]
    assert found[1].title == "行业“餐饮服务”本月投诉和线索 18 件，去年同期 10 件，增加 80 %"
    assert found[0].title.endswith("去年同期为 0 件")
    # exactly +50 % is not "more than 50 %"
    assert E.cluster_industry({"x": 15}, {"x": 10}, TODAY, DEFAULTS, "类别") == []


def test_prepaid_risk_needs_an_event_and_exposure() -> None:
    change = E.Change("legal_rep", "张三", "李四", D(2026, 3, 1))
    gym = E.PrepaidFacts(5, "力美健身", "在营", (change,), complaints=3, grid_id=2)
    quiet = E.PrepaidFacts(6, "安静健身", "在营", (change,))
    old = E.PrepaidFacts(
        7, "旧健身", "在营", (E.Change("legal_rep", "a", "b", D(2025, 6, 1)),), complaints=9
    )
    closed = E.PrepaidFacts(8, "美发店", "歇业", holds_balances=True, status_seen=D(2026, 3, 10))
    lapsed = E.PrepaidFacts(
        9, "游泳馆", "在营", lapsed=(("卫生许可证", D(2026, 2, 1)),), complaints=1
    )
    found = E.prepaid_risk([gym, quiet, old, closed, lapsed], TODAY, DEFAULTS)
    assert [c.entity_id for c in found] == [5, 8, 9]
    c = found[0]
    assert c.title == "力美健身：法定代表人（经营者）由“张三”变更为“李四”（2026-03-01 发现）"
    assert "同时近 365 天内投诉 3 件。" in c.explanation
    assert c.level == "高" and c.latest == D(2026, 3, 1)
    assert "登记状态为歇业（2026-03-10 发现）" in found[1].title
    assert "持有消费者预收款" in found[1].explanation
    assert found[2].title == "游泳馆：卫生许可证已于 2026-02-01 过期"


def test_elderly_by_grid_and_month() -> None:
    rows = [
        E.GridCount(3, "城关一网格", 1, 1),
        E.GridCount(4, "城关二网格", 1, 0),
        E.GridCount(None, "", 0, 5),
    ]
    found = E.elderly(rows, TODAY, DEFAULTS)
    assert [c.key for c in found] == ["3:2026-03", "0:2026-03"]
    assert found[0].title == "城关一网格 2026年3月涉老投诉和线索 2 件"
    assert found[1].title.startswith("未划网格")


def test_licences_and_hazards() -> None:
    rows = [
        E.LicenceFacts(1, 10, "一品餐馆", "食品经营许可证", "JY123", D(2026, 3, 20)),
        E.LicenceFacts(2, 11, "二品餐馆", "食品经营许可证", "", D(2026, 3, 1)),
        E.LicenceFacts(3, 12, "三品餐馆", "食品经营许可证", "", D(2026, 6, 1)),
        E.LicenceFacts(4, 13, "四品餐馆", "小餐饮登记证", "", TODAY),
    ]
    found = E.licences(rows, TODAY, DEFAULTS)
    assert [c.title for c in found] == [
        "一品餐馆 食品经营许可证 5 天后到期",
        "二品餐馆 食品经营许可证 已过期 14 天",
        "四品餐馆 小餐饮登记证 今天到期",
    ]
    assert found[0].key == "1:2026-03-20" and found[1].level == "高"
    hz = [
        E.HazardFacts(1, 10, "一品餐馆", "食品安全", D(2026, 3, 1)),
        E.HazardFacts(2, 10, "一品餐馆", "消防", TODAY),
    ]
    (h,) = E.hazards(hz, TODAY, DEFAULTS)
    assert h.title == "一品餐馆 隐患逾期 14 天未整改"
    assert h.level == "高"


def cand(key: str, latest: date, text: str = "x") -> E.Candidate:
    return E.Candidate(CLUSTER_ENTITY, key, text, text, latest=latest)


def test_merge_inserts_refreshes_clears_and_suppresses() -> None:
    a, b, c, d = (
        cand("1", TODAY),
        cand("2", TODAY, "more"),
        cand("3", D(2026, 3, 1)),
        cand("4", D(2026, 3, 14)),
    )
    stored = [
        E.Stored(10, CLUSTER_ENTITY, "2", S.NEW, True, "old"),  # evidence changed → refresh
        E.Stored(
            11, CLUSTER_ENTITY, "3", S.RESOLVED, False, c.digest, D(2026, 3, 5)
        ),  # nothing newer
        E.Stored(12, CLUSTER_ENTITY, "4", S.RESOLVED, False, "x", D(2026, 3, 10)),  # newer → new
        E.Stored(13, CLUSTER_ENTITY, "5", S.ACKED, True, "x"),  # gone → cleared
        E.Stored(
            14, CLUSTER_ENTITY, "6", S.RESOLVED, True, "x", D(2026, 3, 1)
        ),  # resolved: left alone
        E.Stored(15, LICENCE, "9", S.NEW, True, "x"),  # another kind, not scanned
        E.Stored(16, CLUSTER_ENTITY, "1", S.NEW, True, a.digest),  # unchanged
    ]
    m = E.merge([CLUSTER_ENTITY], stored, [a, b, c, d])
    assert [x.key for x in m.new] == ["4"]
    assert [(i, x.key) for i, x in m.refresh] == [(10, "2")]
    assert m.cleared == [13]
    assert m.suppressed == 1


def test_merge_reactivates_a_cleared_open_warning() -> None:
    a = cand("1", TODAY)
    m = E.merge([CLUSTER_ENTITY], [E.Stored(1, CLUSTER_ENTITY, "1", S.NEW, False, a.digest)], [a])
    assert [i for i, _ in m.refresh] == [1]


def test_merge_follows_the_newest_row_of_a_key() -> None:
    a = cand("1", TODAY)
    stored = [
        E.Stored(1, CLUSTER_ENTITY, "1", S.RESOLVED, False, "x", D(2026, 1, 1)),
        E.Stored(2, CLUSTER_ENTITY, "1", S.NEW, True, a.digest),
    ]
    m = E.merge([CLUSTER_ENTITY], stored, [a])
    assert (m.new, m.refresh, m.cleared) == ([], [], [])


def test_licences_are_one_warning_per_grid() -> None:
    rows = [
        E.LicenceFacts(1, 10, "一品餐馆", "食品经营许可证", "JY123", D(2026, 3, 20), grid_id=3),
        E.LicenceFacts(2, 11, "二品餐馆", "食品经营许可证", "", D(2026, 3, 1), grid_id=3),
        E.LicenceFacts(3, 12, "三品餐馆", "食品经营许可证", "", D(2026, 6, 1), grid_id=3),
        E.LicenceFacts(4, 13, "四品餐馆", "小餐饮登记证", "", TODAY, grid_id=None),
    ]
    east, none = E.licences_by_grid(rows, TODAY, DEFAULTS, {3: "城关一网格"})
    assert east.title == "城关一网格 2 张许可证临期或过期（已过期 1 张）" and east.level == "高"
    assert east.explanation.startswith("二品餐馆 食品经营许可证 已过期 14 天；一品餐馆")
    assert east.key == "3:2026-03" and east.entity_id is None and east.grid_id == 3
    assert none.title == "未划网格 1 张许可证临期或过期" and none.entity_id == 13
