"""专项行动 on SQLite and PostgreSQL: the reproducible target filter frozen into a list (one
INSERT … SELECT, hashes), "complained about ≥ N times in M months", saved filters, bad input
that writes nothing, the board, permissions (the close with 回头看: test_campaign_checks.py),
audit rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from station_app.data.models import (
    Campaign,
    CampaignTarget,
    Complaint,
    Entity,
    EntityIndustry,
)
from station_app.domain import draw_inputs
from station_app.domain.auth import OFFICER, READONLY, Actor
from station_app.domain.campaign_targets import TargetFilter, list_hash
from station_app.domain.campaigns import CampaignFilter
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.campaigns import CampaignDraft

DAY = date(2026, 9, 10)


@pytest.fixture
def registry(ctx):
    from station_app.data.repo import entities as repo

    ctx.clock.set_day(DAY)
    with ctx.db.uow() as s:
        grids = repo.ensure_grids(s, 2)
        ids = []
        for i in range(30):
            e = Entity(
                uscc=f"92370923MA{i:07d}Y",
                name=f"商户{i:02d}",
                address=f"人民路{i}号",
                grid_id=grids[i % 2],
                status="在营" if i < 28 else "注销",
                local_grade="C" if i % 3 == 0 else "B",
            )
            s.add(e)
            s.flush()
            s.add(EntityIndustry(entity_id=e.id, industry="餐饮服务" if i % 2 else "食品销售"))
            ids.append(e.id)
        for n, eid in enumerate((ids[1], ids[1], ids[3], ids[1])):
            s.add(
                Complaint(
                    number=f"T{n}",
                    channel="12315",
                    received_on=DAY - timedelta(days=30 * n + 1),
                    entity_id=eid,
                    complainant_name="某",
                    complainant_phone="",
                    complainant_address="",
                    respondent_name="商户",
                    respondent_address="",
                    claim="退货",
                    facts="x",
                    acceptance_due=DAY,
                )
            )
    return ids


def draft(**kw) -> CampaignDraft:
    base = dict(name="餐饮安心专项行动", first_day=date(2026, 9, 1), last_day=date(2026, 10, 31))
    base.update(kw)
    return CampaignDraft(**base)


def count(ctx, model) -> int:
    with ctx.db.session() as s:
        return s.query(model).count()


def test_add_freezes_the_filtered_list_with_its_hashes(ctx, registry):
    svc = ctx.services.campaigns
    flt = TargetFilter(industries=("餐饮服务",), grids=("GZ02",))
    preview = svc.preview_targets(flt)
    view, changes = svc.add(draft(target_filter=flt, departments=("公安", "教育")))
    assert changes.touches("campaign")
    assert view.targets == preview.count == 14  # odd ids in grid 2, 在营 only (28, 29 注销)
    assert view.number.endswith("专〔2026〕1号")
    assert view.departments == ("公安", "教育")
    assert view.filter_hash == flt.hash and view.filter_as_of == DAY
    with ctx.db.session() as s:
        rows = s.query(Entity.uscc, Entity.id).join(
            CampaignTarget, CampaignTarget.entity_id == Entity.id
        )
        keys = [draw_inputs.entity_key(u, i) for u, i in rows]
    assert view.target_hash == list_hash(keys)
    assert "行业：餐饮服务" in view.filter_text
    history = ctx.services.audit.history("campaign", view.id)
    assert history[0].changes["targets"][1] == 14
    # the registry changes later; the frozen list does not
    with ctx.db.uow() as s:
        s.add(Entity(name="新开餐馆", status="在营", grid_id=None))
    assert svc.get(view.id).targets == 14


def test_complaint_condition_counts_the_window_up_to_the_day(ctx, registry):
    svc = ctx.services.campaigns
    three = svc.preview_targets(TargetFilter(complaints_min=3, complaints_months=12))
    assert three.count == 1 and three.sample[0][1] == "商户01"
    two_in_two = svc.preview_targets(TargetFilter(complaints_min=2, complaints_months=2))
    assert two_in_two.count == 1  # 商户01: days 1 and 31 before; the third is 91 days back
    assert svc.preview_targets(TargetFilter(complaints_min=1, complaints_months=1)).count == 1


def test_saved_filter_names_the_targets(ctx, registry):
    ctx.services.saved_views.save("campaign_targets", "C级", {"grades": ["C"]})
    view, _ = ctx.services.campaigns.add(draft(filter_name="C级"))
    assert view.targets == 10 and view.filter_name == "C级"  # 0,3,…,27 在营


def test_bad_input_writes_nothing(ctx, registry):
    svc = ctx.services.campaigns
    cases = [
        (draft(name=" "), "请填写专项行动名称"),
        (draft(last_day=date(2026, 8, 1)), "早于开始日期"),
        (draft(departments=("外星局",)), "不在部门名录中"),
        (draft(target_filter=TargetFilter(grids=("G99",))), "网格“G99”不存在"),
        (draft(filter_name="没有"), "没有名为“没有”的常用筛选"),
        (draft(sample_ratio="1.5"), "超过 1"),
        (draft(lead_person="查无此人"), "没有名为“查无此人”"),
    ]
    for bad, words in cases:
        with pytest.raises(ValidationError) as err:
            svc.add(bad)
        assert words in str(err.value), str(err.value)
    assert count(ctx, Campaign) == 0 and count(ctx, CampaignTarget) == 0


def test_list_rows_filters_and_permissions(ctx, registry):
    svc = ctx.services.campaigns
    view, _ = svc.add(draft())
    rows = svc.rows(CampaignFilter(phase="running"))
    assert list(rows.fetch_ids(None, False)) == [view.id]
    (row,) = rows.fetch_rows([view.id]).values()
    assert row[0] == view.number and row[4] == "进行中" and row[5] == 28
    assert svc.rows(CampaignFilter(phase="due")).count() == 0
    ctx.auth.sign_in(Actor(None, "o", OFFICER, "专员"))
    with pytest.raises(PermissionDeniedError):
        svc.close(view.id, view.version)
    ctx.auth.sign_in(Actor(None, "ro", READONLY, "只读"))
    with pytest.raises(PermissionDeniedError):
        svc.add(draft())


def test_sweep_plan_needs_a_team_and_lists_its_captures(ctx, registry):
    from station_app.data.models import Campaign, Community, Grid, Person, SweepCapture
    from station_app.services.campaigns import SweepPlanDraft

    svc = ctx.services.campaigns
    with ctx.db.uow() as s:
        grid = s.query(Grid).filter_by(code="GZ01").one()
        community = Community(name="东关社区")
        grid.communities.append(community)
        s.add(Person(name="张扫街", roles="specialist", active=True))
        s.add(
            SweepCapture(
                grid_id=grid.id, name="无照小吃", captured_on=DAY, captured_by="t", status="待关联"
            )
        )
    with pytest.raises(ValidationError, match="须有固定人员（定人）"):
        svc.plan_sweep(SweepPlanDraft(DAY, communities=("东关社区",)))
    with pytest.raises(ValidationError, match="社区“西关社区”不存在"):
        svc.plan_sweep(SweepPlanDraft(DAY, people=("张扫街",), communities=("西关社区",)))
    assert count(ctx, Campaign) == 0
    cid, changes = svc.plan_sweep(
        SweepPlanDraft(DAY, people=("张扫街",), communities=("东关社区",))
    )
    assert changes.touches("campaign")
    view = svc.get(cid)
    assert view.kind == "sweep" and view.number.endswith("扫〔2026〕1号") and view.targets == 14
    (action,) = svc.sweep_actions("2026-09")
    assert action.team == ("张扫街",) and action.communities == ("东关社区",)
    assert action.grids == ("GZ01",) and action.captures == 1
    assert svc.sweep_actions("2026-10") == []
