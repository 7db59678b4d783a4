"""Roster workbook: export (masked by default), template, import with per-row errors, dry run,
nothing half-imported, and an unmasked export imported into an empty database again."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from station_app.domain import roster_rules as rules
from station_app.domain.roster import PersonFilter
from station_app.domain.roster_sheet import IMPORT_COLUMNS, SHEET_NAME
from station_app.services.roster import GridData, PersonData

D = date(2026, 3, 1)
HEADERS = [h for _k, h, _w, _n in IMPORT_COLUMNS]


def _fill(ctx):
    roster = ctx.services.roster
    g1, _ = roster.save_grid(
        GridData("GZ01", "东关社区网格", ("东关社区",), supervision_group="第一监管小组")
    )
    g2, _ = roster.save_grid(GridData("GZ02", "王庄村网格", ("王庄村", "后屯村")))
    sp, _ = roster.save_person(
        PersonData(
            "张建华",
            (rules.SPECIALIST, rules.ENFORCER),
            "男",
            "13812345678",
            organisation="城关所",
            cert_no="鲁A0001",
            cert_expiry=date(2028, 1, 31),
        )
    )
    wk, _ = roster.save_person(PersonData("李秀英", (rules.GRID_WORKER,), "女", "0538-2281234"))
    vol, _ = roster.save_person(
        PersonData(
            "王德顺", (rules.VOLUNTEER,), "男", "13700002222", supervision_group="第二监管小组"
        )
    )
    roster.assign(g1.id, sp.id, rules.SPECIALIST, D)
    roster.assign(g2.id, sp.id, rules.SPECIALIST, D)
    roster.assign(g1.id, wk.id, rules.GRID_WORKER, date(2026, 2, 1))
    return g1, g2, sp, wk, vol


def _snapshot(ctx):
    roster = ctx.services.roster
    grids = {g.code: (g.name, g.communities) for g in roster.list_grids(D)}
    members = {
        g.code: sorted((m.name, m.role, m.start_on) for m in roster.grid_members(g.id, D))
        for g in roster.list_grids(D)
    }
    source = roster.rows(PersonFilter())
    people = sorted(
        (p.name, p.roles, p.phone, p.gender, p.cert_no, p.cert_expiry, p.supervision_group)
        for p in (roster.get_person(i, unmasked=True) for i in source.fetch_ids(None, False))
    )
    return grids, members, people


@pytest.fixture
def other_ctx(sqlite_template, tmp_path):
    """A second, empty database (the ``ctx`` fixture's SQLite file is shared with sqlite_ctx)."""
    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url
    from station_app.domain.auth import ADMIN, Actor

    path = tmp_path / "other.sqlite3"
    shutil.copy(sqlite_template, path)
    context = open_context(sqlite_url(path), actor=Actor(None, "tester", ADMIN))
    yield context
    context.close()


def test_export_is_masked_and_round_trips_unmasked(ctx, other_ctx, tmp_path):
    sqlite_ctx = other_ctx
    _fill(ctx)
    masked = ctx.services.roster.export_xlsx(tmp_path / "masked.xlsx")
    wb = load_workbook(masked)
    assert wb.sheetnames[:3] == [SHEET_NAME, "网格汇总", "培训"]
    values = [c for row in wb[SHEET_NAME].iter_rows(values_only=True) for c in row if c]
    assert "138****5678" in values and "13812345678" not in values
    summary = list(wb["网格汇总"].iter_rows(values_only=True))
    assert summary[1][0] == "GZ01" and "网格员仅 1 名" in summary[1][9]

    full = ctx.services.roster.export_xlsx(tmp_path / "full.xlsx", unmasked=True)
    report, changes = sqlite_ctx.services.roster.import_xlsx(full)
    assert report.ok and report.applied, [str(e) for e in report.errors]
    assert (report.grids_created, report.people_created, report.assignments_created) == (2, 3, 3)
    assert changes.touches("grid", "person")
    assert _snapshot(sqlite_ctx) == _snapshot(ctx)
    # importing the same file again adds nothing
    again, _ = sqlite_ctx.services.roster.import_xlsx(full)
    assert (again.people_created, again.assignments_created, again.grids_created) == (0, 0, 0)


def _workbook(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(h, "") for h in HEADERS])
    wb.save(path)
    return path


def test_import_reports_every_bad_row_and_writes_nothing(ctx, tmp_path):
    path = _workbook(
        tmp_path / "bad.xlsx",
        [
            {
                "网格编号": "GZ01",
                "网格名称": "东关网格",
                "覆盖社区": "东关社区",
                "网格职务": "监管专员",
                "姓名": "张建华",
                "人员类别": "市场监管专员",
                "联系电话": "13812345678",
            },
            {"网格编号": "GZ01", "网格职务": "网格员", "姓名": "李秀英", "联系电话": "1390000"},
            {"姓名": "", "人员类别": "社区网格员", "联系电话": "13900001111"},
            {"姓名": "王五", "人员类别": "保安"},
            {"网格编号": "GZ01", "网格职务": "网格员", "姓名": "赵六", "任职起始日期": "明天"},
            {"姓名": "周敏", "人员类别": "执法人员"},
        ],
    )
    report, changes = ctx.services.roster.import_xlsx(path)
    assert not report.ok and not report.applied and not changes
    by_row = {e.row_no: e for e in report.errors}
    assert sorted(by_row) == [3, 4, 5, 6, 7]
    assert by_row[3].column == "联系电话" and "11位" in by_row[3].message
    assert by_row[4].column == "姓名"
    assert "保安" in by_row[5].message and by_row[5].column == "人员类别"
    assert by_row[6].column == "任职起始日期"
    assert "执法证号" in by_row[7].message
    assert str(by_row[3]).startswith("第 3 行“联系电话”：")
    assert ctx.services.roster.list_grids() == []  # nothing half-imported (row 2 was fine)
    assert "未导入任何数据" in report.summary()


def test_dry_run_counts_without_writing(ctx, tmp_path):
    path = _workbook(
        tmp_path / "ok.xlsx",
        [
            {
                "网格编号": "gz03",
                "网格名称": "北关网格",
                "覆盖社区": "北关社区、柳林村",
                "网格职务": "网格员",
                "姓名": "李秀英",
                "联系电话": "13900001111",
                "任职起始日期": "2026-02-01",
            },
            {"姓名": "王德顺", "人员类别": "明白人", "监管小组": "第一监管小组"},
        ],
    )
    report, _ = ctx.services.roster.import_xlsx(path, dry_run=True)
    assert report.ok and not report.applied
    assert (report.grids_created, report.communities_created, report.people_created) == (1, 2, 2)
    assert "试导入" in report.summary()
    assert ctx.services.roster.list_grids() == []
    report, _ = ctx.services.roster.import_xlsx(path)
    assert report.applied
    grid = ctx.services.roster.list_grids(date(2026, 2, 1))[0]
    assert (grid.code, grid.communities, grid.workers) == ("GZ03", "北关社区、柳林村", 1)
    history = ctx.services.audit.history("grid", grid.id)
    assert history and all(h.reason == "导入花名册" for h in history)


def test_template_has_headers_and_examples(ctx, tmp_path):
    path = ctx.services.roster.write_template(tmp_path / "template.xlsx")
    wb = load_workbook(path)
    assert [c.value for c in wb[SHEET_NAME][1]] == HEADERS
    assert wb[SHEET_NAME].max_row == 1
    assert "示例" in wb.sheetnames and "填写说明" in wb.sheetnames
    report, _ = ctx.services.roster.import_xlsx(path)
    assert not report.ok and "没有数据行" in report.errors[0].message


def test_missing_header_is_explained(ctx, tmp_path):
    wb = Workbook()
    wb.active.append(["名称", "地址"])
    wb.active.append(["某店", "某路"])
    wb.save(tmp_path / "other.xlsx")
    report, _ = ctx.services.roster.import_xlsx(tmp_path / "other.xlsx")
    assert "找不到表头" in report.errors[0].message
