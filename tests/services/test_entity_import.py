"""Import of real-looking ledgers: header anywhere, messy cells, per-row errors, duplicates,
all-or-nothing, valid rows only, upsert, bad files, cancel, error report."""

from __future__ import annotations

import pytest

from station_app.domain.entities import EntityFilter
from station_app.errors import StationError
from station_app.exports import ledger_reader
from station_app.services.base import Cancelled
from station_app.services.entities import EntityData
from tests.services.ledgers import HEADERS, code, good_rows, write_ledger

HEADER_ROW = 4  # after a merged title row, a note row and a blank row


@pytest.fixture
def grids(ctx):
    from station_app.data.repo import entities as repo

    with ctx.db.uow() as s:
        return repo.ensure_grids(s, 3)


def count(ctx) -> int:
    return len(ctx.services.entities.rows().fetch_ids(None, False))


def messy_rows() -> list[list]:
    rows = good_rows()
    rows += [
        [
            6,
            "坏代码超市",
            "91350100M000100Y4Z",
            "孙八",
            "",
            "东平县某路1号",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [],  # blank row
        list(rows[0]),  # exact repeat of the first data row
        [8, "另一个名字", code("2", 1), "周九", "", "别处", "", "", "", "", "", "", ""],
        [9, "数字代码公司", 913701001234567936.0, "吴十", "", "某地", "", "", "", "", "", "", ""],
        [10, "无网格店", "", "郑一", "", "某村", "GZ99", "", "", "", "", "", ""],
        [11, "坏电话店", "", "王二", "12", "某街", "", "", "", "", "", "", ""],
        [12, "坏日期店", "", "冯三", "", "某巷", "", "2023年2月30日", "", "", "", "", ""],
        [
            13,
            "重庆小面",
            "",
            "钱七",
            "",
            "东平县城关镇解放路7号之一",
            "",
            "",
            "餐饮服务",
            "",
            "",
            "",
            "",
        ],
    ]
    return rows


def test_preview_finds_header_below_title(ctx, grids, tmp_path):
    path = write_ledger(tmp_path / "台账.xlsx", messy_rows())
    preview = ctx.services.entity_import.preview(path)
    assert preview.header_row == HEADER_ROW
    assert (
        preview.mapping[1] == "name" and preview.mapping[2] == "uscc" and 0 not in preview.mapping
    )
    assert preview.mapping[11] == "licence_expires_on"
    assert preview.data_rows == 13 and preview.sample[0][1] == "城关镇张三记餐馆"


def test_dry_run_reports_rows_and_writes_nothing(ctx, grids, tmp_path):
    path = write_ledger(tmp_path / "台账.xlsx", messy_rows())
    result, changes = ctx.services.entity_import.run(path, dry_run=True)
    assert not changes and not result.committed and count(ctx) == 0
    assert (result.inserted, result.updated, result.unchanged) == (6, 0, 0)
    reasons = {e.row: e.reason for e in result.rejected}
    first = HEADER_ROW + 1
    assert "校验位不符" in reasons[first + 5]
    assert "与第 5 行的统一社会信用代码相同" in reasons[first + 8]
    assert "存成了数字" in reasons[first + 9]
    assert "GZ99" in reasons[first + 10]
    assert "手机号" in reasons[first + 11] or "电话" in reasons[first + 11]
    assert "2023年2月30日" in reasons[first + 12]
    assert len(result.rejected) == 6
    kinds = {(d.row, d.kind) for d in result.duplicates}
    assert (first + 7, "重复行") in kinds
    assert (first + 13, "名称地址相似") in kinds
    assert result.skipped == 1


def test_errors_mean_nothing_is_written_unless_valid_only(ctx, grids, tmp_path):
    path = write_ledger(tmp_path / "台账.xlsx", messy_rows())
    service = ctx.services.entity_import
    result, _ = service.run(path)
    assert not result.committed and "未导入任何数据" in result.message and count(ctx) == 0
    result, changes = service.run(path, valid_only=True)
    assert result.committed and result.inserted == 6 and count(ctx) == 6
    assert changes.touches("entity")
    rows = ctx.services.entities.rows(EntityFilter(text="老湖镇王五"))
    eid = rows.fetch_ids(None, False)[0]
    card = ctx.services.entities.get(eid)
    assert card.data.uscc == code("2", 3) and card.data.phone == "159****1111"  # masked DTO
    assert card.data.registered_on.isoformat() == "2023-05-01" and card.data.source == "导入"
    zhao = ctx.services.entities.get(
        ctx.services.entities.rows(EntityFilter(text="赵六面馆")).fetch_ids(None, False)[0]
    )
    assert (
        zhao.data.industries == ("餐饮服务",)
        and zhao.data.licences[0].expires_on.isoformat() == "2025-12-09"
    )
    assert zhao.local_grade in ("A", "B")
    history = ctx.services.audit.history("entity", eid)
    assert history[0].action == "create" and "导入 台账.xlsx 第" in history[0].reason


def test_reimport_is_unchanged_then_updates_by_code_and_name(ctx, grids, tmp_path):
    service = ctx.services.entity_import
    path = write_ledger(tmp_path / "a.xlsx", good_rows())
    first, _ = service.run(path)
    assert first.committed and first.inserted == 5
    again, _ = service.run(path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 5)
    rows = good_rows()
    rows[1][4] = "0538-2289999"  # a new phone for a coded entity (a company's landline)
    rows[3][4] = "15900002222"  # a sole trader's new mobile: masked in the audit trail

    rows[4][3] = "钱七七"  # a new operator for the uncoded one (matched by name + address)
    rows[2][4] = ""  # an empty cell never erases what is stored
    changed, _ = service.run(write_ledger(tmp_path / "b.xlsx", rows))
    assert (changed.inserted, changed.updated, changed.unchanged) == (0, 3, 2)

    firm = ctx.services.entities.rows(EntityFilter(text="鑫源")).fetch_ids(None, False)[0]
    card = ctx.services.entities.get(firm)
    assert card.data.phone == "0538-2289999" and card.data.version == 2
    shop = ctx.services.entities.rows(EntityFilter(text="老湖镇王五")).fetch_ids(None, False)[0]
    assert ctx.services.entities.reveal_personal(shop, "phone") == "15900001111"
    noodles = ctx.services.entities.rows(EntityFilter(text="赵六面馆")).fetch_ids(None, False)[0]
    assert ctx.services.audit.history("entity", noodles)[0].changes["phone"] == [
        "",
        "159****2222",
    ]

    assert ctx.services.audit.history("entity", firm)[0].changes["phone"] == [
        "0538-2281234",
        "0538-2289999",
    ]


def test_fuzzy_duplicate_against_database_is_listed(ctx, grids, tmp_path):
    ctx.services.entities.save(EntityData(name="重庆小面馆", address="东平县城关镇解放路7号"))
    rows = [good_rows()[4]]
    result, _ = ctx.services.entity_import.run(
        write_ledger(tmp_path / "a.xlsx", rows), dry_run=True
    )
    assert [d.kind for d in result.duplicates] == ["名称地址相似"]
    assert "库中：重庆小面馆" in result.duplicates[0].other


def test_user_mapping_and_skipped_rows(ctx, grids, tmp_path):
    headers = ["店名", "店主", "位置"]
    path = write_ledger(
        tmp_path / "a.xlsx",
        [["甲店", "甲", "某街1号"], ["乙店", "乙", "某街2号"]],
        title=False,
        headers=headers,
    )
    service = ctx.services.entity_import
    assert service.preview(path).mapping == {0: "name"}
    result, _ = service.run(
        path, {0: "name", 1: "legal_rep", 2: "address"}, skip_rows=frozenset({3})
    )
    assert result.committed and result.inserted == 1 and result.skipped == 1
    eid = ctx.services.entities.rows(EntityFilter(text="甲店")).fetch_ids(None, False)[0]
    assert ctx.services.entities.get(eid).data.legal_rep == "甲"


def test_csv_in_gbk(ctx, grids, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_bytes(
        (
            "名称,统一社会信用代码,经营地址,成立日期\n城关镇张三记餐馆,"
            + code("2", 1)
            + ",人民路12号,2023/5/1\n"
        ).encode("gb18030")
    )
    result, _ = ctx.services.entity_import.run(path)
    assert result.committed and result.inserted == 1


def test_bad_files_say_why(ctx, tmp_path, monkeypatch):
    service = ctx.services.entity_import
    junk = tmp_path / "不是表格.xlsx"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(StationError, match="不是 Excel 或 CSV 表格文件"):
        service.run(junk)
    locked = tmp_path / "加密.xlsx"
    locked.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512
    )
    with pytest.raises(StationError, match="设置了打开密码"):
        service.run(locked)
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(StationError, match=r"无法读取|已损坏"):
        service.run(broken)
    no_header = write_ledger(
        tmp_path / "无表头.xlsx", [["a", "b"]], title=False, headers=["x", "y"]
    )
    with pytest.raises(StationError, match="没有找到表头行"):
        service.run(no_header)
    monkeypatch.setattr(ledger_reader, "MAX_ROWS", 5)
    big = write_ledger(
        tmp_path / "大.xlsx", [[i, f"店{i}", "", "", "", f"路{i}号"] for i in range(60)]
    )
    with pytest.raises(StationError, match="超过一次导入的上限"):
        service.run(big)
    assert count(ctx) == 0


def test_cancel_leaves_nothing(ctx, grids, tmp_path):
    class CancelAtWrite:
        def __init__(self):
            self.writing = False

        def report(self, done, total, text=""):
            self.writing = self.writing or "写入" in text

        @property
        def cancelled(self):
            return self.writing

    path = write_ledger(tmp_path / "a.xlsx", good_rows())
    with pytest.raises(Cancelled):
        ctx.services.entity_import.run(path, progress=CancelAtWrite())
    assert count(ctx) == 0


def test_error_report_can_be_fixed_and_reimported(ctx, grids, tmp_path):
    from openpyxl import load_workbook

    service = ctx.services.entity_import
    result, _ = service.run(write_ledger(tmp_path / "a.xlsx", messy_rows()), dry_run=True)
    report = service.write_error_report(result, tmp_path / "错误报告.xlsx")
    rows = list(load_workbook(report).active.values)
    assert rows[0][:3] == ("错误原因", "原行号", "序号") and tuple(rows[0][3:]) == tuple(
        HEADERS[1:]
    )
    assert len(rows) == 1 + len(result.rejected)
    bad = next(r for r in rows[1:] if "校验位" in r[0])
    assert bad[3] == "坏代码超市" and bad[1] == HEADER_ROW + 6


def test_real_xls_ledger_reads_like_its_xlsx_twin(ctx, grids, tmp_path):
    """tests/fixtures/ledger.xls is the messy ledger above saved as Excel 97–2003 (BIFF8, by
    tests/fixtures/make_ledger_xls.py): title merged over the columns, a note row, a blank row,
    real date cells, numbers where text belongs. It must preview and import exactly as the
    .xlsx of the same rows does."""
    from pathlib import Path

    xls = Path(__file__).parents[1] / "fixtures" / "ledger.xls"
    xlsx = write_ledger(tmp_path / "台账.xlsx", messy_rows())
    svc = ctx.services.entity_import
    a, b = svc.preview(xls), svc.preview(xlsx)
    assert (a.header_row, a.mapping, a.data_rows) == (b.header_row, b.mapping, b.data_rows)
    dry_xls, _ = svc.run(xls, dry_run=True)
    dry_xlsx, _ = svc.run(xlsx, dry_run=True)
    assert (dry_xls.inserted, dry_xls.skipped) == (dry_xlsx.inserted, dry_xlsx.skipped) == (6, 1)
    assert [(e.row, e.reason) for e in dry_xls.rejected] == [
        (e.row, e.reason) for e in dry_xlsx.rejected
    ]
    result, _ = svc.run(xls, valid_only=True)
    assert result.committed and result.inserted == 6 and count(ctx) == 6
