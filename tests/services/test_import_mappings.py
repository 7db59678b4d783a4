"""Saved import column mappings (保存此对应关系) on SQLite and PostgreSQL: keyed by the header
row's signature, applied by the wizard's preview and by ``import entities`` next time, audited,
and refused with a clear message (nothing written) when they make no sense."""

from __future__ import annotations

import pytest

from station_app.domain.auth import READONLY, Actor
from station_app.domain.entities import EntityFilter
from station_app.errors import (
    NotFoundError,
    PermissionDeniedError,
    StationError,
    ValidationError,
)
from station_app.exports.ledger_reader import header_signature
from station_app.services.entity_import import MAPPING_PREFIX, mapping_key
from tests.services.ledgers import write_ledger

HEADERS = ["商号", "老板", "门牌", "备注"]
ROWS = [["甲记商店", "甲某", "某街1号", ""], ["乙记饭庄", "乙某", "某街2号", "临街"]]
MAPPING = {0: "name", 1: "legal_rep", 2: "address", 3: "note"}


def test_saved_mapping_is_applied_next_time(ctx, tmp_path):
    svc = ctx.services.entity_import
    first = write_ledger(tmp_path / "一月.xlsx", ROWS, headers=HEADERS)
    preview = svc.preview(first)
    assert not preview.saved_mapping and preview.mapping == {3: "note"}
    with pytest.raises(StationError, match="没有找到表头行"):
        svc.run(first)  # the CLI cannot guess these headers
    saved, changes = svc.save_mapping(preview.headers, MAPPING)
    assert saved == MAPPING and changes.touches("import_mapping")
    key = mapping_key(header_signature(HEADERS)).removeprefix(MAPPING_PREFIX)
    entry = ctx.services.audit.history("import_mapping", key)[0]
    assert entry.action == "create" and entry.changes["第 1 列 商号"] == [None, "名称"]

    # next month's file: no title rows, headers typed a little differently
    second = write_ledger(
        tmp_path / "二月.xlsx",
        ROWS,
        title=False,
        headers=["商 号", "老板*", "门牌（必填）", "备注"],
    )
    again = svc.preview(second)
    assert again.saved_mapping and again.header_row == 1 and again.mapping == MAPPING
    result, _ = svc.run(second)  # what ``station-app import entities`` does
    assert result.committed and result.inserted == 2 and result.saved_mapping
    assert result.message.startswith("已套用保存的列对应关系。")
    assert result.as_json()["saved_mapping"] is True
    eid = ctx.services.entities.rows(EntityFilter(text="乙记")).fetch_ids(None, False)[0]
    card = ctx.services.entities.get(eid)
    assert (card.data.legal_rep, card.data.address) == ("乙某", "某街2号")


def test_saving_again_replaces_and_is_audited(ctx, tmp_path):
    svc = ctx.services.entity_import
    path = write_ledger(tmp_path / "a.xlsx", ROWS, headers=HEADERS)
    svc.save_mapping(tuple(HEADERS), MAPPING)
    svc.save_mapping(tuple(HEADERS), {0: "name", 2: "address"})
    assert svc.preview(path).mapping == {0: "name", 2: "address"}
    key = mapping_key(header_signature(HEADERS)).removeprefix(MAPPING_PREFIX)
    entry = ctx.services.audit.history("import_mapping", key)[0]
    assert entry.action == "update" and entry.changes == {
        "第 2 列 老板": ["法定代表人/经营者", None],
        "第 4 列 备注": ["备注", None],
    }


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({1: "legal_rep", 2: "address"}, "必须指定“名称”列"),
        ({0: "name", 1: "address", 2: "address"}, "被指定给了不止一列"),
        ({0: "name", 7: "address"}, "超出了表头的范围"),
        ({0: "name", 1: "salary"}, "不是可以导入的字段"),
    ],
)
def test_bad_mappings_are_refused_and_nothing_written(ctx, tmp_path, mapping, message):
    svc = ctx.services.entity_import
    path = write_ledger(tmp_path / "a.xlsx", ROWS, headers=HEADERS)
    with pytest.raises(ValidationError, match=message):
        svc.save_mapping(tuple(HEADERS), mapping)
    assert not svc.preview(path).saved_mapping
    key = mapping_key(header_signature(HEADERS)).removeprefix(MAPPING_PREFIX)
    assert ctx.services.audit.history("import_mapping", key) == []


def test_only_importers_may_save_a_mapping(ctx):
    ctx.auth.sign_in(Actor(None, "chakan", READONLY, "查看员"))
    with pytest.raises(PermissionDeniedError, match="无权导入经营主体台账"):
        ctx.services.entity_import.save_mapping(tuple(HEADERS), MAPPING)


def test_saved_mappings_are_listed_in_chinese_and_deleted_with_audit(ctx, tmp_path):
    svc = ctx.services.entity_import
    assert svc.saved_mappings() == []
    svc.save_mapping(("名称", "地址"), {0: "name", 1: "address"})
    svc.save_mapping(tuple(HEADERS), MAPPING)
    listed = svc.saved_mappings()
    assert [m.headers for m in listed] == [tuple(HEADERS), ("名称", "地址")]  # newest first
    mine = listed[0]
    assert mine.key == mapping_key(header_signature(HEADERS)).removeprefix(MAPPING_PREFIX)
    assert mine.signature == header_signature(HEADERS) and mine.mapping == MAPPING
    assert mine.saved_by == "tester" and mine.readable
    assert (
        mine.text
        == "第 1 列 商号 → 名称；第 2 列 老板 → 法定代表人/经营者；第 3 列 门牌 → 经营地址；第 4 列 备注 → 备注"
    )
    assert mine.as_json()["described"]["第 3 列 门牌"] == "经营地址"
    deleted, changes = svc.delete_mapping(mine.key[:6].upper())  # a unique start will do
    assert deleted.key == mine.key and changes.touches("import_mapping")
    assert [m.headers for m in svc.saved_mappings()] == [("名称", "地址")]
    entry = ctx.services.audit.history("import_mapping", mine.key)[0]
    assert entry.action == "delete" and entry.reason == "删除已保存的台账列对应关系"
    assert entry.changes["第 1 列 商号"] == ["名称", None]
    path = write_ledger(tmp_path / "a.xlsx", ROWS, headers=HEADERS)
    assert not svc.preview(path).saved_mapping  # the file is mapped by its headers again
    with pytest.raises(NotFoundError, match="没有编号"):
        svc.delete_mapping(mine.key)
    with pytest.raises(ValidationError, match="不是对应关系的编号"):
        svc.delete_mapping("商号")
    with pytest.raises(ValidationError, match="不是对应关系的编号"):
        svc.delete_mapping("ab")  # too short to mean one


def test_an_ambiguous_start_or_unreadable_entry(ctx):
    from station_app.data.repo import settings as settings_repo

    with ctx.db.uow() as s:
        settings_repo.put_setting(s, MAPPING_PREFIX + "abcd" + "0" * 36, "{坏了", "someone")
        settings_repo.put_setting(s, MAPPING_PREFIX + "abcd" + "1" * 36, "[]", "someone")
    svc = ctx.services.entity_import
    broken = svc.saved_mappings()
    assert len(broken) == 2 and not any(m.readable for m in broken)
    assert broken[0].text == "（无法读取，请删除后重新保存）"
    with pytest.raises(ValidationError, match="不止一个"):
        svc.delete_mapping("abcd")
    deleted, _ = svc.delete_mapping("abcd0")
    assert deleted.key == "abcd" + "0" * 36 and len(svc.saved_mappings()) == 1


def test_forget_the_mapping_applied_to_a_file(ctx, tmp_path):
    svc = ctx.services.entity_import
    path = write_ledger(tmp_path / "a.xlsx", ROWS, headers=HEADERS)
    svc.save_mapping(tuple(HEADERS), MAPPING)
    preview = svc.preview(path)
    assert preview.saved_mapping
    assert svc.forget_mapping(preview.headers).touches("import_mapping")
    assert not svc.preview(path).saved_mapping and svc.saved_mappings() == []
    assert not svc.forget_mapping(preview.headers)  # nothing saved any more: nothing to do


def test_only_importers_may_delete_a_mapping(ctx):
    svc = ctx.services.entity_import
    svc.save_mapping(tuple(HEADERS), MAPPING)
    key = svc.saved_mappings()[0].key
    ctx.auth.sign_in(Actor(None, "chakan", READONLY, "查看员"))
    assert [m.key for m in svc.saved_mappings()] == [key]  # anyone may look
    with pytest.raises(PermissionDeniedError, match="无权导入经营主体台账"):
        svc.delete_mapping(key)
    with pytest.raises(PermissionDeniedError):
        svc.forget_mapping(tuple(HEADERS))
    assert len(svc.saved_mappings()) == 1
