"""Saved entity filters (常用筛选) on SQLite and PostgreSQL: per user, replace only when asked,
clear Chinese refusals that write nothing, and the saved criteria give the same list."""

from __future__ import annotations

import pytest

from station_app.domain.auth import CLERK, Actor
from station_app.domain.entities import EntityFilter
from station_app.errors import NotFoundError, ValidationError
from station_app.services.entities import EntityData

SCREEN = "entities"


def seed(ctx):
    svc = ctx.services.entities
    for name, industries, status in (
        ("城关镇张三记餐馆", ("餐饮服务",), "在营"),
        ("城关镇李四面馆", ("餐饮服务",), "歇业"),
        ("老湖镇王五便利店", ("食品销售",), "在营"),
    ):
        svc.save(EntityData(name=name, industries=industries, status=status))


def test_save_list_apply_and_delete(ctx):
    seed(ctx)
    views = ctx.services.saved_views
    flt = EntityFilter(text="城关", industry="餐饮服务", status="在营")
    saved, changes = views.save(SCREEN, "  城关 在营餐饮 ", flt.criteria())
    assert saved.name == "城关 在营餐饮" and changes.touches("saved_view")
    assert saved.criteria == {"text": "城关", "industry": "餐饮服务", "status": "在营"}
    listed = views.list(SCREEN)
    assert [v.name for v in listed] == ["城关 在营餐饮"] and views.list("complaints") == []
    again = EntityFilter.from_criteria({**listed[0].criteria, "from_a_newer_version": 1})
    assert again == flt
    rows = ctx.services.entities.rows(again)
    assert [rows.fetch_rows([i])[i][0] for i in rows.fetch_ids(None, False)] == ["城关镇张三记餐馆"]
    views.delete(saved.id)
    assert views.list(SCREEN) == []


def test_same_name_replaced_only_when_asked(ctx):
    views = ctx.services.saved_views
    first, _ = views.save(SCREEN, "C 级", {"grade": "C"})
    with pytest.raises(ValidationError, match="已有名为“C 级”的常用筛选") as info:
        views.save(SCREEN, "C 级", {"grade": "D"})
    assert info.value.field == "name" and views.list(SCREEN)[0].criteria == {"grade": "C"}
    second, _ = views.save(SCREEN, "C 级", {"grade": "D"}, replace=True)
    assert second.id == first.id and second.version == 2
    assert views.list(SCREEN)[0].criteria == {"grade": "D"}


@pytest.mark.parametrize(
    ("name", "criteria", "message"),
    [
        ("", {"grade": "C"}, "请给常用筛选起个名字"),
        ("很" * 41, {"grade": "C"}, "不能超过 40 个字"),
        ("空的", {}, "没有设置任何检索词或筛选条件"),
        ("怪的", {"grade": object()}, "无法保存"),
        ("长的", {"text": "长" * 5000}, "筛选条件过长"),
    ],
)
def test_bad_views_are_refused_and_nothing_written(ctx, name, criteria, message):
    with pytest.raises(ValidationError, match=message):
        ctx.services.saved_views.save(SCREEN, name, criteria)
    assert ctx.services.saved_views.list(SCREEN) == []


def test_views_are_per_user(ctx):
    views = ctx.services.saved_views
    mine, _ = views.save(SCREEN, "D 级", {"grade": "D"})
    ctx.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))
    assert views.list(SCREEN) == []
    with pytest.raises(NotFoundError, match="不存在"):
        views.delete(mine.id)
    theirs, _ = views.save(SCREEN, "D 级", {"grade": "D", "tag": "红色合伙人"})
    assert theirs.id != mine.id and [v.name for v in views.list(SCREEN)] == ["D 级"]
