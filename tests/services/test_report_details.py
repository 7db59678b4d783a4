"""Detail sheets (明细) of the county report: only when asked for, personal data masked in the
workbook and in figures.json, figures unchanged, the package verifies; county merge ignores them."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from station_app.demo import DemoOptions
from station_app.domain.periods import Period, parse_period
from station_app.domain.report_model import Table
from station_app.errors import StationError
from station_app.exports.county_merge import merge_packages
from station_app.exports.report_package import verify_package, write_package
from station_app.services.reports import ReportService
from tests.services.test_reports import _station, provider

DETAIL_SHEETS = ("新增经营主体明细", "投诉明细", "红黑榜变动明细")
# the field areas' sheets after them (orders #14, patrols #15): none holds a requester or a phone
AREA_SHEETS = ("巡查明细：D级未覆盖", "工单明细")


def _open_package(path):
    with zipfile.ZipFile(path) as zf:
        wb = load_workbook(io.BytesIO(zf.read("report.xlsx")))
        doc = json.loads(zf.read("figures.json"))
    return wb, doc


def _figures(doc) -> dict:
    return {
        f["key"]: (f["value"], f["previous"], f["last_year"])
        for s in doc["sections"]
        for f in s["figures"]
    }


def _workbook_text(wb) -> str:
    return "\n".join(
        str(v)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )


def test_detail_sheets_only_when_asked_masked_and_figures_unchanged(ctx, tmp_path):
    ctx.services.demo.build(DemoOptions(seed=5, entities=1500))
    period = Period("year", date.today().year)
    reports = ctx.services.reports
    plain = reports.write_package(period, tmp_path / "plain")
    full = reports.write_package(period, tmp_path / "full", details=True)
    for result in (plain, full):
        verify_package(result.path)
    wb, doc = _open_package(plain.path)
    assert not set(DETAIL_SHEETS + AREA_SHEETS) & set(wb.sheetnames)
    assert doc["schema"] == "station-report/2" and doc["details"] == [] and not doc["with_details"]

    wb_d, doc_d = _open_package(full.path)
    assert wb_d.sheetnames[: len(wb.sheetnames)] == wb.sheetnames
    details = wb_d.sheetnames[len(wb.sheetnames) :]
    assert details[: len(DETAIL_SHEETS)] == list(DETAIL_SHEETS)
    assert set(AREA_SHEETS) <= set(details)
    assert doc_d["with_details"] and [t["title"] for t in doc_d["details"]] == details
    assert _figures(doc_d) == _figures(doc)  # details change no figure

    figures = _figures(doc)
    complaints = next(t for t in doc_d["details"] if t["title"] == "投诉明细")
    entities = next(t for t in doc_d["details"] if t["title"] == "新增经营主体明细")
    assert len(complaints["rows"]) == figures["complaints.received"][0] > 0
    assert len(entities["rows"]) == figures["entities.new"][0] > 0
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[1]) for r in complaints["rows"])

    ws = wb_d["投诉明细"]
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9 and ws.print_options.gridLines
    assert ws.column_dimensions["D"].width >= 10  # sized to the respondents' names
    header = [c.value for c in ws[3]]
    assert header == complaints["columns"] and ws.max_row == 3 + len(complaints["rows"])
    name_col, phone_col = header.index("投诉人"), header.index("联系电话")
    body = list(ws.iter_rows(min_row=4, values_only=True))
    assert all("*" in r[name_col] for r in body if r[name_col])
    assert all("****" in r[phone_col] for r in body if r[phone_col])
    money = header.index("挽回经济损失（元）")
    first = next(i for i, r in enumerate(body, start=4) if r[money])
    assert ws.cell(first, money + 1).number_format == "#,##0.00"
    assert ws.cell(4, 2).is_date and ws.cell(4, 2).number_format == "yyyy-mm-dd"

    # no complainant's full phone, ID number or name anywhere in the workbook or figures.json
    with ctx.db.engine.connect() as con:
        people = con.execute(
            text(
                "SELECT complainant_name, complainant_phone, complainant_id_number FROM complaint"
                " WHERE received_on >= :s AND received_on < :e"
            ),
            {"s": period.start, "e": period.end},
        ).all()
    secrets = {v for row in people for v in row[1:] if v} | {n for n, *_ in people if len(n) >= 2}
    xlsx_text = _workbook_text(wb_d)
    json_text = json.dumps(doc_d, ensure_ascii=False)
    complaint_cells = {str(r[name_col]) for r in body} | {str(r[phone_col]) for r in body}
    assert not secrets & complaint_cells
    for secret in {v for row in people for v in row[1:] if v}:
        assert secret not in xlsx_text and secret not in json_text


def test_details_stay_out_of_the_county_merge_and_v1_packages_still_read(tmp_path):
    def detail(db, period):
        return [
            Table(
                "投诉明细",
                ("投诉编号", "登记日期", "金额（元）"),
                (("TS1", date(2026, 10, 8), 12.5),),
            )
        ]

    a_ctx, _ = _station(tmp_path, "城关所", "S01")
    a = ReportService(a_ctx.db, a_ctx.auth, [provider()], [detail])
    b_ctx, b = _station(tmp_path, "城南所", "S02", scale=2)
    pa = a.write_package(parse_period("2026-10"), tmp_path / "a", details=True).path
    pb = b.write_package(parse_period("2026-10"), tmp_path / "b", details=True).path
    doc = verify_package(pa)
    assert doc["details"] == [
        {
            "title": "投诉明细",
            "columns": ["投诉编号", "登记日期", "金额（元）"],
            "rows": [["TS1", "2026-10-08", 12.5]],
        }
    ]
    assert verify_package(pb)["details"] == []  # no detail providers given: none
    result = merge_packages([pa, pb], tmp_path / "county.xlsx")
    assert result.totals["c.received"] == 50 + 100
    assert "投诉明细" not in load_workbook(result.path).sheetnames
    # a version 1 package (made before details existed) still verifies
    v1 = {**doc, "schema": "station-report/1"}
    del v1["details"], v1["with_details"]
    old = write_package(tmp_path / "v1.zip", {"figures.json": json.dumps(v1).encode()})
    assert verify_package(old)["schema"] == "station-report/1"
    bad = {**doc, "details": [{"title": "投诉明细", "columns": ["a", "b"], "rows": [["x"]]}]}
    broken = write_package(tmp_path / "bad.zip", {"figures.json": json.dumps(bad).encode()})
    with pytest.raises(StationError, match="明细表"):
        verify_package(broken)
    a_ctx.close()
    b_ctx.close()
