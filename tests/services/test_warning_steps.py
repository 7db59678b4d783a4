"""Hazards as a warning source (past their deadline; one category clustering in a grid) and,
from a warning, one step: a work order, a campaign, a consumer notice — each in the same unit
of work as the warning's 处置, linked back (``action_ref``), audited; refusals write nothing.
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from station_app.domain.auth import READONLY, Actor
from station_app.domain.patrols.hazards import Finding
from station_app.domain.patrols.records import RecordDraft
from station_app.errors import PermissionDeniedError, ValidationError
from tests.services.test_patrols import JULY, at, station  # noqa: F401 - the fixture
from tests.services.test_warnings import complaint

FOUND = date(2026, 7, 7)


def find_fire_hazards(ctx, station, names=("东关甲级超市", "东关乙级便利店", "东关丙级小吃店")):  # noqa: F811
    svc = ctx.services.patrols
    svc.generate(*JULY)
    ctx.clock.set_day(date(2026, 7, 8))
    for name in names:
        svc.record(
            RecordDraft(
                station["shops"][name], at(FOUND.isoformat(), "09:30"), kind="check",
                inspectors=(station["people"]["张建华"].id, station["people"]["赵磊"].id),
                findings=(Finding("消防安全", "灭火器过期", deadline=date(2026, 7, 10)),),
            ),
            assume_yes=True,
        )  # fmt: skip


def of_kind(ctx, kind):
    return [w for w in ctx.services.warnings.warnings() if w.kind == kind]


def test_hazards_cluster_in_a_grid_then_fall_overdue(ctx, station):  # noqa: F811
    find_fire_hazards(ctx, station)
    result, _ = ctx.services.warnings.scan()
    assert "hazard_cluster" in result.kinds and "hazard_overdue" in result.kinds
    [cluster] = of_kind(ctx, "hazard_cluster")
    assert cluster.grid_id == station["grids"][0].id and cluster.entity_id is None
    assert "东关社区网格" in cluster.title and "消防安全隐患 3 处" in cluster.title
    assert "3 户" in cluster.explanation and "3 处尚未整改" in cluster.explanation
    assert not of_kind(ctx, "hazard_overdue")  # the deadline (07-10) has not passed
    ctx.clock.set_day(date(2026, 7, 20))
    ctx.services.warnings.scan()
    late = of_kind(ctx, "hazard_overdue")
    assert len(late) == 3 and all("逾期 10 天" in w.title for w in late)
    assert len(of_kind(ctx, "hazard_cluster")) == 1  # one warning per grid and category


def test_two_hazards_are_no_cluster_and_the_threshold_is_data(ctx, station):  # noqa: F811
    find_fire_hazards(ctx, station, names=("东关甲级超市", "东关乙级便利店"))
    ctx.services.warnings.scan()
    assert not of_kind(ctx, "hazard_cluster")
    th = ctx.services.warnings.thresholds()
    ctx.services.warnings.save_thresholds({**th.values, "hazard_cluster.count": 2}, [], "试行")
    ctx.services.warnings.scan()
    assert len(of_kind(ctx, "hazard_cluster")) == 1


def test_to_order_from_a_grid_warning_and_from_an_entity_warning(ctx, station):  # noqa: F811
    find_fire_hazards(ctx, station)
    ctx.services.warnings.scan()
    [w] = of_kind(ctx, "hazard_cluster")
    done, number, changes = ctx.services.warnings.to_order(w.id, w.version)
    assert done.state == "已处置" and done.resolution == "转工单"
    assert done.action_ref == f"工单 {number}" and number in done.resolution_note
    assert changes.touches("warning", "work_order")
    order = ctx.services.orders.show(number)
    assert order.kind == "网格线索" and order.grid_id == station["grids"][0].id
    assert "【风险预警】" in order.text and "消防安全" in order.text
    with pytest.raises(ValidationError, match="已处置"):
        ctx.services.warnings.to_order(w.id)
    shop = station["shops"]["东关丁级网吧"]
    for d in (1, 3, 5):
        complaint(ctx, shop, date(2026, 7, 8) - timedelta(days=d))
    ctx.services.warnings.scan()
    [c] = of_kind(ctx, "cluster_entity")
    _done, number2, _ = ctx.services.warnings.to_order(c.id, category="消费纠纷")
    order2 = ctx.services.orders.show(number2)
    assert order2.entity_id == shop and order2.category == "消费纠纷" and number2 != number


def test_to_campaign_targets_the_grid_and_refuses_a_single_shop(ctx, station):  # noqa: F811
    find_fire_hazards(ctx, station)
    shop = station["shops"]["东关丁级网吧"]
    for d in (1, 3, 5):
        complaint(ctx, shop, date(2026, 7, 8) - timedelta(days=d))
    ctx.services.warnings.scan()
    [single] = of_kind(ctx, "cluster_entity")
    before = ctx.services.campaigns.rows().count()
    with pytest.raises(ValidationError, match="只涉及一户经营主体"):
        ctx.services.warnings.to_campaign(single.id)
    assert ctx.services.campaigns.rows().count() == before
    assert ctx.services.warnings.warning(single.id).state == "新"
    [w] = of_kind(ctx, "hazard_cluster")
    done, campaign_id, changes = ctx.services.warnings.to_campaign(
        w.id, name="东关消防安全专项整治"
    )
    campaign = ctx.services.campaigns.get(campaign_id)
    assert campaign.name == "东关消防安全专项整治" and campaign.number in done.action_ref
    assert campaign.targets == 4  # the grid's four shops in business
    assert done.resolution == "列入专项行动目标" and changes.touches("campaign", "warning")


def test_to_notice_drafts_a_consumer_notice(ctx, station):  # noqa: F811
    find_fire_hazards(ctx, station)
    ctx.services.warnings.scan()
    [w] = of_kind(ctx, "hazard_cluster")
    with pytest.raises(ValidationError, match="警示正文太短"):
        ctx.services.warnings.to_notice(w.id, text="太短")
    assert ctx.services.outreach.warnings() == []
    assert ctx.services.warnings.warning(w.id).state == "新"
    done, notice_id, _ = ctx.services.warnings.to_notice(w.id)
    notice = ctx.services.outreach.warning(notice_id)
    assert notice.published_on is None and "消费提示" in notice.title and "12315" in notice.text
    assert done.action_ref == f"消费提示 {notice_id}" and done.resolution == "发布消费提示"
    assert ctx.services.audit.history("consumer_warning", notice_id)


def test_read_only_users_take_no_step(ctx, station):  # noqa: F811
    find_fire_hazards(ctx, station)
    ctx.services.warnings.scan()
    [w] = of_kind(ctx, "hazard_cluster")
    ctx.auth.sign_in(Actor(None, "viewer", READONLY, "viewer"))
    for step in (
        ctx.services.warnings.to_order,
        ctx.services.warnings.to_campaign,
        ctx.services.warnings.to_notice,
    ):
        with pytest.raises(PermissionDeniedError):
            step(w.id)
    assert ctx.services.warnings.warning(w.id).state == "新"
