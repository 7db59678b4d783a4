"""Witnesses outside the file: packages carry the audit head and the points of earlier
packages, the county refuses a chain that does not extend what it saw, backups carry their
head, prints carry a code, and ``audit verify --anchor`` checks against any of them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from station_app.data import audit
from station_app.domain.anchors import head_code
from station_app.domain.periods import parse_period
from station_app.errors import StationError
from station_app.exports.county_merge import merge_packages
from station_app.exports.report_package import read_package
from tests.services.test_reports import _station

ACTOR_ROWS = 12


def _work(ctx, n: int = ACTOR_ROWS) -> None:
    for i in range(n):
        ctx.services.audit.record_view("entity", i, ["phone"])


def _manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))


def _pdf_text(data: bytes | Path) -> str:
    import io

    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    return "".join(page.extract_text() for page in PdfReader(source).pages)


def test_packages_carry_their_head_and_every_earlier_point(tmp_path):
    ctx, service = _station(tmp_path, "城关所", "S01")
    _work(ctx)
    first = service.write_package(parse_period("2026-09"), tmp_path / "p1")
    _work(ctx)
    second = service.write_package(parse_period("2026-10"), tmp_path / "p2")
    m1, m2 = _manifest(first.path), _manifest(second.path)
    assert m1["schema"] == "station-report-package/2" and m1["station"]["code"] == "S01"
    assert m1["audit"]["previous"] is None and m1["audit"]["checkpoints"] == []
    head1 = m1["audit"]["head"]
    assert head1["code"] == head_code(head1["seq"], head1["hash"])
    assert m2["audit"]["previous"] == {"seq": head1["seq"], "hash": head1["hash"]}
    assert m2["audit"]["head"]["seq"] > head1["seq"]
    # the package's own audit row is its head; the PDF inside and beside carries its code
    rows = ctx.services.audit.history(audit.KIND_PACKAGE, "2026-10")
    assert rows[0].seq == m2["audit"]["head"]["seq"]
    with zipfile.ZipFile(second.path) as zf:
        assert m2["audit"]["head"]["code"] in _pdf_text(zf.read("summary.pdf"))
    assert ctx.services.audit.verify(anchors=[str(first.path), str(second.path)]).ok
    ctx.close()


def test_county_keeps_heads_and_refuses_a_chain_that_does_not_extend(tmp_path):
    state = tmp_path / "county" / "county-anchors.json"
    a_ctx, a = _station(tmp_path, "城关所", "S01")
    b_ctx, b = _station(tmp_path, "城南所", "S02")
    _work(a_ctx)
    merge = [
        a.write_package(parse_period("2026-09"), tmp_path / "a9").path,
        b.write_package(parse_period("2026-09"), tmp_path / "b9").path,
    ]
    result = merge_packages(merge, tmp_path / "c9.xlsx", state=state)
    assert [c.status for c in result.anchors] == ["new", "new"]
    assert state.stat().st_mode & 0o777 == 0o600
    # S01 is fine; S02's trail is wiped and restarted before its next package
    _work(a_ctx)
    a10 = a.write_package(parse_period("2026-10"), tmp_path / "a10").path
    with b_ctx.db.engine.begin() as con:
        con.exec_driver_sql("DELETE FROM audit_log")
        con.exec_driver_sql("DELETE FROM audit_head")
    b10 = b.write_package(parse_period("2026-10"), tmp_path / "b10").path
    before = state.read_bytes()
    with pytest.raises(StationError, match="可能被截断、清空或用旧备份替换过"):
        merge_packages([a10, b10], tmp_path / "c10.xlsx", state=state)
    assert state.read_bytes() == before and not (tmp_path / "c10.xlsx").exists()
    # the same packages again are fine (same head); an older one vouched for too
    again = merge_packages([a10], tmp_path / "again.xlsx", state=state)
    assert again.anchors[0].status == "extends"
    assert merge_packages([a10], tmp_path / "x.xlsx", state=state).anchors[0].status == "same"
    assert merge_packages([merge[0]], tmp_path / "o.xlsx", state=state).anchors[0].status == "older"
    # the county decides to take S02's new chain, with a reason kept in the file
    taken = merge_packages(
        [a10, b10], tmp_path / "c10.xlsx", state=state, accept={"S02": "该所恢复了旧备份"}
    )
    assert [c.status for c in taken.anchors] == ["same", "accepted_new_chain"]
    kept = json.loads(state.read_text("utf-8"))
    assert kept["stations"]["S02"]["events"][0]["reason"] == "该所恢复了旧备份"
    # a rewritten history (hashes recomputed) conflicts with a point the county holds
    a_ctx.close()
    b_ctx.close()


def test_a_rewritten_history_is_caught_by_package_and_county(tmp_path):
    state = tmp_path / "anchors.json"
    ctx, service = _station(tmp_path, "城关所", "S01")
    _work(ctx)
    p9 = service.write_package(parse_period("2026-09"), tmp_path / "p9").path
    merge_packages([p9], tmp_path / "c9.xlsx", state=state)
    _recompute_after_edit(ctx, seq=3)
    assert ctx.services.audit.verify().ok  # the chain alone cannot tell
    for anchor in (str(p9), str(state), read_package(p9).audit["head"]["code"]):
        result = ctx.services.audit.verify(anchors=[anchor])
        assert not result.ok and "被改写" in result.problem, anchor
    p10 = service.write_package(parse_period("2026-10"), tmp_path / "p10").path
    with pytest.raises(StationError, match="哈希不同"):
        merge_packages([p10], tmp_path / "c10.xlsx", state=state)
    ctx.close()


def _recompute_after_edit(ctx, seq: int) -> None:
    """What an attacker with the file does: edit a row, recompute every hash after it."""
    from tests.reliability.attacks import rewrite_from

    rewrite_from(ctx.db, seq, lambda row: {**row, "changes": '{"fields":["name"]}'})


def test_backup_writes_its_head_and_verify_reads_it(tmp_path, sqlite_ctx):
    _work(sqlite_ctx)
    backup = sqlite_ctx.services.database.backup(tmp_path / "b.sqlite3")
    side = backup.with_name(backup.name + ".head.json")
    doc = json.loads(side.read_text("utf-8"))
    assert doc["head"]["seq"] == ACTOR_ROWS and doc["backup"]["file"] == "b.sqlite3"
    assert side.stat().st_mode & 0o777 == 0o600 and backup.stat().st_mode & 0o777 == 0o600
    for anchor in (str(side), str(backup), doc["head"]["code"]):
        assert sqlite_ctx.services.audit.verify(anchors=[anchor]).ok
    with sqlite_ctx.db.engine.begin() as con:  # truncation with the head moved back
        con.exec_driver_sql(f"DELETE FROM audit_log WHERE seq > {ACTOR_ROWS - 3}")
        row = con.exec_driver_sql(f"SELECT hash FROM audit_log WHERE seq = {ACTOR_ROWS - 3}")
        con.exec_driver_sql(
            f"UPDATE audit_head SET last_seq = {ACTOR_ROWS - 3}, last_hash = '{row.scalar()}'"
        )
    assert sqlite_ctx.services.audit.verify().ok
    result = sqlite_ctx.services.audit.verify(anchors=[str(side)])
    assert not result.ok and "截断" in result.problem


def test_anchor_of_another_station_or_mistyped_code_is_refused(tmp_path):
    from station_app.errors import ValidationError

    a_ctx, a = _station(tmp_path, "城关所", "S01")
    b_ctx, _ = _station(tmp_path, "城南所", "S02")
    pa = a.write_package(parse_period("2026-09"), tmp_path / "a").path
    with pytest.raises(StationError, match="另一个所"):
        b_ctx.services.audit.verify(anchors=[str(pa)])
    code = read_package(pa).audit["head"]["code"]
    with pytest.raises(ValidationError, match="校验数字不符"):
        a_ctx.services.audit.verify(anchors=[code[:-2] + ("00" if code[-2:] != "00" else "01")])
    a_ctx.close()
    b_ctx.close()


def test_prints_carry_the_head_they_were_printed_at(ctx, tmp_path):
    from station_app.documents.list_notice import build_notice_pdf
    from station_app.services.station import StationProfileData

    ctx.services.station.save_profile(StationProfileData(name="城关所"))
    _work(ctx)
    head = ctx.services.audit.head()
    assert head is not None and head.seq == ACTOR_ROWS + 1
    path = ctx.services.roster.export_pdf(tmp_path / "roster.pdf")
    assert head.code in _pdf_text(path).replace("\n", "")
    assert path.stat().st_mode & 0o777 == 0o600
    notice = ctx.services.lists.build_notice("2026")
    assert notice["audit_code"] == head.code  # kept in the published snapshot too
    assert head.code in _pdf_text(build_notice_pdf(notice)).replace("\n", "")


def test_the_live_database_is_never_taken_as_an_anchor(sqlite_ctx):
    from station_app.errors import ValidationError

    with pytest.raises(ValidationError, match="正在使用的数据库本身"):
        sqlite_ctx.services.audit.verify(anchors=[str(sqlite_ctx.db.info.path)])
