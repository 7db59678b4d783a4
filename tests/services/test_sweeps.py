"""Street sweeps (扫街纳管) service on SQLite and PostgreSQL: capture, bad input writes
nothing, photos, conflicts, candidates, link / register / dismiss, to-do per grid,
permissions and the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from station_app.domain.auth import CLERK, OFFICER, READONLY, Actor
from station_app.domain.sweeps import SweepFilter
from station_app.errors import ConflictError, PermissionDeniedError, ValidationError
from station_app.services.entities import EntityData
from station_app.services.sweeps import SweepData

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def grids(ctx):
    from station_app.data.repo import entities as repo

    with ctx.db.uow() as s:
        return repo.ensure_grids(s, 3)


@pytest.fixture
def registry(ctx, grids):
    svc = ctx.services.entities
    items = [
        EntityData(
            name="城关镇张三记小吃店",
            legal_rep="张三",
            phone="13812345678",
            address="东平县城关镇人民路12号",
            grid_id=grids[0],
        ),
        EntityData(name="东平县鑫源商贸有限公司", address="东平县佛山街8号", grid_id=grids[1]),
        EntityData(name="老湖镇王五便利店", address="东平县老湖镇建设路3号", grid_id=grids[2]),
        EntityData(name="李四五金店", address="东平县解放路99号", grid_id=grids[0]),
    ]
    return {d.name: svc.save(d)[0].data.id for d in items}


def count_captures(ctx) -> int:
    return len(ctx.services.sweeps.rows().fetch_ids(None, False))


def audit_rows(ctx, capture_id: int):
    return ctx.services.audit.history("sweep_capture", capture_id)


def as_role(ctx, role: str) -> None:
    ctx.auth.sign_in(Actor(None, f"u_{role}", role, role))


def test_capture_stores_cleaned_fields_photo_and_audit(ctx, grids):
    svc = ctx.services.sweeps
    card, changes = svc.capture(
        SweepData(
            grid_id=grids[0],
            name=" 张三记 小吃 ",
            address="人民路１２号",
            phone="138 1234 5678",
            operator="张三",
            industry="餐饮服务",
        ),
        photo=PNG,
    )
    d = card.data
    assert (d.name, d.address, d.phone) == ("张三记小吃", "人民路12号", "138****5678")
    assert card.status == "待关联" and card.captured_by == "tester" and card.has_photo
    assert card.phone_masked
    assert abs((d.captured_on - date.today()).days) <= 1  # today, Beijing time
    assert changes.touches("sweep_capture") and d.id in changes.ids["sweep_capture"]
    assert svc.photo(d.id) == ("image/png", PNG)
    (row,) = audit_rows(ctx, d.id)
    assert row.action == "create" and row.changes["name"] == [None, "张三记小吃"]
    assert row.changes["phone"] == [None, "138****5678"]  # no back door through the audit trail

    # the list masks the mobile number and marks the photo
    rows = svc.rows().fetch_rows([d.id])
    assert rows[d.id][2] == "张三记小吃" and rows[d.id][4] == "138****5678" and rows[d.id][9]
    assert svc.reveal_phone(d.id) == "13812345678"  # stored cleaned


@pytest.mark.parametrize(
    ("fields", "photo", "field", "text"),
    [
        ({"name": "  "}, None, "name", "请填写店名"),
        ({"grid_id": None}, None, "grid_id", "请选择网格"),
        ({"phone": "1381234"}, None, "phone", "手机号应为11位"),
        ({}, b"GIF89a" + b"\x00" * 20, "photo", "不是 JPEG 或 PNG"),
        ({}, JPEG + b"\x00" * (5 * 1024 * 1024), "photo", "照片太大"),
        ({"captured_on": date.today() + timedelta(days=2)}, None, "captured_on", "晚于今天"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(
    ctx, grids, fields, photo, field, text
):
    data = replace(SweepData(grid_id=grids[0], name="王姐水果摊"), **fields)
    with pytest.raises(ValidationError) as err:
        ctx.services.sweeps.capture(data, photo=photo)
    assert err.value.field == field and text in err.value.message
    assert count_captures(ctx) == 0


def test_unknown_grid_is_refused(ctx, grids):
    with pytest.raises(ValidationError, match="网格不存在"):
        ctx.services.sweeps.capture(SweepData(grid_id=max(grids) + 100, name="王姐水果摊"))
    assert count_captures(ctx) == 0


def test_edit_with_stale_version_is_a_conflict(ctx, grids):
    svc = ctx.services.sweeps
    card, _ = svc.capture(SweepData(grid_id=grids[0], name="王姐水果摊"))
    mine = replace(card.data, address="人民路1号")
    theirs, _ = svc.edit(replace(card.data, operator="王姐"))
    with pytest.raises(ConflictError) as err:
        svc.edit(mine)
    assert err.value.theirs.operator == "王姐"
    assert svc.get(card.data.id).data.address == ""
    # a fresh edit replaces then removes the photo; each is one audited version
    edited, _ = svc.edit(replace(theirs.data, address="人民路1号"), photo=JPEG)
    assert svc.photo(card.data.id)[0] == "image/jpeg" and edited.has_photo
    removed, _ = svc.edit(edited.data, remove_photo=True)
    assert not removed.has_photo and svc.photo(card.data.id) is None
    assert removed.data.version == edited.data.version + 1
    assert [r.action for r in audit_rows(ctx, card.data.id)] == ["update"] * 3 + ["create"]


def test_edit_keeps_the_masked_phone_and_reveal_is_audited(ctx, grids):
    svc = ctx.services.sweeps
    card, _ = svc.capture(SweepData(grid_id=grids[0], name="张三记小吃", phone="13812345678"))
    assert card.data.phone == "138****5678" and card.phone_masked
    as_role(ctx, CLERK)  # 内勤 corrects the record without seeing the number
    with pytest.raises(PermissionDeniedError):
        svc.reveal_phone(card.data.id)
    edited, _ = svc.edit(replace(card.data, address="人民路14号"))
    assert edited.data.phone == "138****5678" and edited.data.version == 2
    assert "phone" not in audit_rows(ctx, card.data.id)[0].changes
    edited, _ = svc.edit(replace(edited.data, phone="15900001111"))  # retyped: replaces
    as_role(ctx, OFFICER)
    assert svc.reveal_phone(card.data.id) == "15900001111"
    view = audit_rows(ctx, card.data.id)[0]
    assert view.action == "view" and view.changes == {"fields": ["phone"]}


def test_candidates_rank_near_variants_first(ctx, grids, registry):
    svc = ctx.services.sweeps
    card, _ = svc.capture(
        SweepData(grid_id=grids[0], name="张三记小吃", address="人民路12号", phone="13812345678")
    )
    found = svc.candidates(card.data.id)
    assert found[0].entity_id == registry["城关镇张三记小吃店"]
    assert found[0].score >= 90 and "电话相同" in found[0].reason and "同一网格" in found[0].reason
    assert found[0].phone == "138****5678"
    assert registry["李四五金店"] not in {c.entity_id for c in found}
    other, _ = svc.capture(SweepData(grid_id=grids[1], name="鑫源商贸"))
    assert svc.candidates(other.data.id)[0].entity_id == registry["东平县鑫源商贸有限公司"]
    # searching by hand replaces the captured name
    by_hand = svc.candidates(other.data.id, query="王五便利")
    assert by_hand[0].entity_id == registry["老湖镇王五便利店"]


def test_link_once_then_refused_and_reopen(ctx, grids, registry):
    svc = ctx.services.sweeps
    card, _ = svc.capture(SweepData(grid_id=grids[0], name="张三记小吃"))
    target = registry["城关镇张三记小吃店"]
    linked, changes = svc.link(card.data.id, target, card.data.version)
    assert linked.status == "已关联" and linked.linked_entity_id == target
    assert linked.linked_entity_name == "城关镇张三记小吃店" and linked.linked_by == "tester"
    assert changes.touches("sweep_capture")
    with pytest.raises(ValidationError, match="不能再次关联"):
        svc.link(card.data.id, registry["李四五金店"])
    with pytest.raises(ValidationError, match="不能再次关联"):
        svc.dismiss(card.data.id, "重复登记")
    assert svc.get(card.data.id).linked_entity_id == target
    with pytest.raises(ValidationError, match="撤销原因"):
        svc.reopen(card.data.id, "")
    back, _ = svc.reopen(card.data.id, "关联错了")
    assert back.status == "待关联" and back.linked_entity_id is None
    history = audit_rows(ctx, card.data.id)
    assert history[0].reason == "关联错了" and history[1].changes["status"] == ["待关联", "已关联"]


def test_link_with_stale_version_is_a_conflict(ctx, grids, registry):
    svc = ctx.services.sweeps
    card, _ = svc.capture(SweepData(grid_id=grids[0], name="张三记小吃"))
    svc.edit(replace(card.data, operator="张三"))
    with pytest.raises(ConflictError):
        svc.link(card.data.id, registry["城关镇张三记小吃店"], card.data.version)
    assert svc.get(card.data.id).status == "待关联"


def test_register_as_new_entity_links_it_in_one_step(ctx, grids):
    svc = ctx.services.sweeps
    card, _ = svc.capture(
        SweepData(
            grid_id=grids[1],
            name="赵六修鞋铺",
            address="佛山街20号",
            phone="15900001111",
            operator="赵六",
            industry="其他",
            note="门口摆摊",
        )
    )
    done, changes = svc.register(card.data.id)
    assert done.status == "新登记" and changes.touches("entity", "sweep_capture")
    entity = ctx.services.entities.get(done.linked_entity_id).data
    assert (entity.name, entity.source, entity.entity_type) == ("赵六修鞋铺", "扫街纳管", "未登记")
    assert (entity.legal_rep, entity.phone, entity.grid_id) == ("赵六", "159****1111", grids[1])
    assert entity.industries == ("其他",) and "门口摆摊" in entity.note
    assert ctx.services.audit.history("entity", entity.id)[0].action == "create"
    assert ctx.services.entities.reveal_personal(entity.id, "phone") == "15900001111"
    with pytest.raises(ValidationError, match="不能再次关联"):
        svc.register(card.data.id)


def test_dismiss_needs_a_reason(ctx, grids):
    svc = ctx.services.sweeps
    card, _ = svc.capture(SweepData(grid_id=grids[0], name="空置门面"))
    with pytest.raises(ValidationError, match="核销原因"):
        svc.dismiss(card.data.id, "  ")
    done, _ = svc.dismiss(card.data.id, "非经营场所")
    assert done.status == "已核销" and done.dismiss_reason == "非经营场所"


def test_todo_counts_unlinked_per_grid_and_filters(ctx, grids, registry):
    svc = ctx.services.sweeps
    ids = [
        svc.capture(SweepData(grid_id=g, name=f"测试店{n}"))[0].data.id
        for n, g in enumerate([grids[0], grids[0], grids[0], grids[2]])
    ]
    svc.link(ids[0], registry["李四五金店"])
    todo = {t.grid_id: (t.open, t.total) for t in svc.todo()}
    assert todo == {grids[0]: (2, 3), grids[2]: (1, 1)}
    assert svc.todo()[0].label.startswith("GZ01")
    pending = set(svc.rows(SweepFilter(grid_id=grids[0], status="待关联")).fetch_ids(None, False))
    assert pending == {ids[1], ids[2]}
    assert set(svc.rows(SweepFilter(text="店3")).fetch_ids("name", True)) == {ids[3]}
    assert svc.rows(SweepFilter(status="已关联")).count() == 1


def test_permissions(ctx, grids, registry):
    svc = ctx.services.sweeps
    card, _ = svc.capture(SweepData(grid_id=grids[0], name="张三记小吃"))
    as_role(ctx, READONLY)
    with pytest.raises(PermissionDeniedError, match="无权登记扫街纳管记录"):
        svc.capture(SweepData(grid_id=grids[0], name="王姐水果摊"))
    with pytest.raises(PermissionDeniedError, match="无权关联"):
        svc.link(card.data.id, registry["李四五金店"])
    assert svc.get(card.data.id).status == "待关联" and count_captures(ctx) == 1
    as_role(ctx, CLERK)
    svc.capture(SweepData(grid_id=grids[0], name="王姐水果摊"))
    svc.link(card.data.id, registry["城关镇张三记小吃店"])
    assert svc.get(card.data.id).linked_by == "u_clerk"


def test_dashboard_tile_counts_captures_waiting_for_a_link(ctx, grids):
    from station_app.services.summaries import sweeps_dashboard

    svc = ctx.services.sweeps
    for n, grid in enumerate((grids[0], grids[0], grids[1])):
        card, _ = svc.capture(SweepData(grid_id=grid, name=f"王姐水果摊{n}"))
    svc.dismiss(card.data.id, "已搬离", card.data.version)
    tiles, series = sweeps_dashboard(ctx.db, date(2026, 11, 22))
    (tile,) = tiles
    assert (tile.title, tile.value, tile.note, tile.page) == (
        "扫街纳管待关联",
        2,
        "涉及 1 个网格",
        "sweeps",
    )
    assert series == []
