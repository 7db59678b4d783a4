"""The 12345 platform sheet (#14) through the import machinery, on SQLite and PostgreSQL: new
orders created, a re-import duplicates nothing, a higher 重办 count escalates 1→2→3, a dry run
writes nothing, a malformed time or a number of another format is named by row and column
and nothing is written."""

from __future__ import annotations

import pytest

from station_app.domain.orders.listing import OrderFilter
from station_app.errors import ValidationError
from tests.support.orders import build_roster, set_now

HEADER = ["序号", "工单编号", "受理时间", "诉求类型", "诉求人", "联系电话", "被反映对象",
          "事发地址", "诉求内容", "办结时限", "重办次数", "问题类别", "网格"]  # fmt: skip


def sheet(tmp_path, rows, name="platform.xlsx"):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["济南市12345市民服务热线工单导出"])  # a title above the header
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def row(no, received="2026-05-02 09:00", rework=0, kind="热线工单", text="缺斤短两"):
    return [1, no, received, kind, "张三", "13812345678", "某超市", "城关镇人民路1号", text,
            "2026-05-08 17:00", rework, "价格", "WG01"]  # fmt: skip


def count(ctx) -> int:
    return ctx.services.orders.rows(OrderFilter()).count()


def test_import_reimport_and_escalation(ctx, tmp_path, monkeypatch):
    build_roster(ctx)
    set_now(ctx, monkeypatch, "2026-05-03 12:00")
    orders = ctx.services.orders
    first = [row("JN2026050200001"), row("QY2026050200002", kind="企业直通车")]
    dry, changes = orders.import_platform(sheet(tmp_path, first), dry_run=True)
    assert (len(dry.created), dry.dry_run, count(ctx), bool(changes)) == (2, True, 0, False)
    result, _ = orders.import_platform(sheet(tmp_path, first))
    assert len(result.created) == 2 and count(ctx) == 2
    direct = orders.show("QY2026050200002")
    assert direct.kind == "企业直通车" and direct.grid.startswith("WG01")
    hot = orders.show("JN2026050200001")
    assert hot.as_json()["deadlines"]["finish"] == "2026-05-08T17:00:00+08:00"  # the platform's
    again, _ = orders.import_platform(sheet(tmp_path, first))
    assert len(again.unchanged) == 2 and count(ctx) == 2  # nothing duplicated
    for n in (1, 2, 3):
        set_now(ctx, monkeypatch, f"2026-05-0{3 + n} 12:00")
        res, _ = orders.import_platform(sheet(tmp_path, [row("JN2026050200001", rework=n)]))
        assert res.reworked == (hot.number,)
        shown = orders.show(hot.number)
        assert (shown.rework, shown.lead_level, shown.state) == (n, n, "待派单")
    lower, _ = orders.import_platform(sheet(tmp_path, [row("JN2026050200001", rework=1)]))
    assert lower.lower == (hot.number,) and orders.show(hot.number).rework == 3
    assert count(ctx) == 2


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (row("JN2026050200009", received="2026-05-02 25:00"), "第 4 行“工单编号”"),
        (row("12-34"), "第 4 行“工单编号”：“12-34”不是平台工单编号的格式"),
    ],
)
def test_a_bad_row_writes_nothing(ctx, tmp_path, monkeypatch, bad, message):
    build_roster(ctx)
    set_now(ctx, monkeypatch, "2026-05-03 12:00")
    path = sheet(tmp_path, [row("JN2026050200001"), bad])
    with pytest.raises(ValidationError, match="导入未进行") as info:
        ctx.services.orders.import_platform(path)
    if "25:00" in str(bad):
        assert "第 4 行“受理时间”：“2026-05-02 25:00”不是有效的时间" in info.value.message
    else:
        assert message in info.value.message
    assert count(ctx) == 0


def test_unknown_grid_names_the_row_and_writes_nothing(ctx, tmp_path, monkeypatch):
    build_roster(ctx)
    set_now(ctx, monkeypatch, "2026-05-03 12:00")
    bad = row("JN2026050200003")
    bad[-1] = "WG99"
    with pytest.raises(ValidationError, match="第 4 行：网格“WG99”不存在"):
        ctx.services.orders.import_platform(sheet(tmp_path, [row("JN2026050200001"), bad]))
    assert count(ctx) == 0


def test_a_csv_sheet_and_a_sheet_of_another_kind(ctx, tmp_path, monkeypatch):
    build_roster(ctx)
    set_now(ctx, monkeypatch, "2026-05-03 12:00")
    csv = tmp_path / "platform.csv"
    lines = [",".join(HEADER), ",".join(str(x) for x in row("JN2026050200007"))]
    csv.write_text("\n".join(lines), encoding="utf-8-sig")
    result, _ = ctx.services.orders.import_platform(csv)
    assert len(result.created) == 1
    other = tmp_path / "ledger.csv"
    other.write_text("名称,地址\n张三记,人民路\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="没有找到“工单编号”“受理时间”列"):
        ctx.services.orders.import_platform(other)
