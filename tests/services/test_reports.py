"""Report framework: comparisons, workbook, verifiable package, county merge."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from station_app.bootstrap import open_context
from station_app.data.engine import sqlite_url
from station_app.domain.auth import ADMIN, Actor
from station_app.domain.periods import parse_period
from station_app.domain.report_model import AMOUNT, Figure, RateDef, Section
from station_app.errors import StationError
from station_app.exports.county_merge import merge_packages
from station_app.exports.report_package import verify_package
from station_app.services.reports import ReportService
from station_app.services.station import StationProfileData

# figures by period code: received, closed, success, money (fen)
DATA = {
    "2026-10": (50, 40, 30, 123_456),
    "2026-09": (40, 30, 20, 10_000),
    "2025-10": (25, 20, 10, 0),
}


def provider(scale: int = 1):
    def build(db, period):
        received, closed, success, money = (v * scale for v in DATA.get(period.code, (0, 0, 0, 0)))
        return Section(
            "投诉与调解",
            [
                Figure("c.received", "接收投诉", received, headline=True),
                Figure("c.closed", "办结", closed),
                Figure("c.success", "调解成功", success),
                Figure("c.money", "挽回经济损失", money, "元", AMOUNT, headline=True),
            ],
            rates=[
                RateDef(
                    "c.rate",
                    "调解成功率",
                    "c.success",
                    "c.closed",
                    "调解成功件数 ÷ 办结件数",
                    headline=True,
                )
            ],
        )

    return build


def _station(tmp_path: Path, name: str, code: str, scale: int = 1):
    ctx = open_context(
        sqlite_url(tmp_path / f"{code}.sqlite3"), actor=Actor(None, "t", ADMIN), create=True
    )
    ctx.services.station.save_profile(
        StationProfileData(name=name, code=code, county_bureau="东平县市场监督管理局")
    )
    return ctx, ReportService(ctx.db, ctx.auth, [provider(scale)])


def test_report_has_headlines_comparisons_and_rates(tmp_path):
    ctx, service = _station(tmp_path, "城关市场监督管理所", "S01")
    report = service.build(parse_period("2026-10"))
    assert report.sections[0].name == "综合"
    assert [f.key for f in report.sections[0].figures] == ["c.received", "c.money", "c.rate"]
    received = report.figure("c.received")
    assert (received.value, received.previous, received.last_year) == (50, 40, 25)
    rate = report.figure("c.rate")
    assert rate.value == 0.75 and round(rate.previous, 4) == round(20 / 30, 4)
    ctx.close()


def test_package_verifies_and_holds_every_figure(tmp_path):
    ctx, service = _station(tmp_path, "城关市场监督管理所", "S01")
    result = service.write_package(parse_period("2026-10"), tmp_path / "out")
    doc = verify_package(result.path)
    assert doc["schema"] == "station-report/2" and doc["period"] == "2026-10"
    figures = {f["key"]: f for s in doc["sections"] for f in s["figures"]}
    assert figures["c.money"]["value"] == 123_456 and figures["c.rate"]["value"] == 0.75
    with zipfile.ZipFile(result.path) as zf:
        wb = load_workbook(io.BytesIO(zf.read("report.xlsx")))
        pdf_text = PdfReader(io.BytesIO(zf.read("summary.pdf"))).pages[0].extract_text()
    assert wb.sheetnames == ["综合", "投诉与调解", "指标说明"]
    ws = wb["投诉与调解"]
    assert "城关市场监督管理所2026年10月" in ws["A1"].value
    money_row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "挽回经济损失")
    assert money_row[1] == 1234.56  # fen shown as yuan
    definitions = [r[2] for r in wb["指标说明"].iter_rows(values_only=True)]
    assert "调解成功件数 ÷ 办结件数" in definitions
    assert ws.print_title_rows and int(ws.page_setup.paperSize) == 9  # A4
    for text in ("综合表", "接收投诉", "1,234.56", "75.00%", "单位负责人", "第 1 页 共 1 页"):
        assert text in pdf_text
    ctx.close()


def _rewrite(path: Path, change) -> Path:
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    change(files)
    bad = path.with_name("bad-" + path.name)
    with zipfile.ZipFile(bad, "w") as zf:
        for n, data in files.items():
            zf.writestr(n, data)
    return bad


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda f: f.__setitem__(
                "figures.json", f["figures.json"].replace(b"123456", b"923456")
            ),
            "SHA-256",
        ),
        (lambda f: f.__setitem__("extra.txt", b"x"), "清单之外"),
        (lambda f: f.pop("summary.pdf"), "缺少文件"),
        (lambda f: f.pop("manifest.json"), "manifest.json"),
    ],
)
def test_tampered_packages_are_refused(tmp_path, change, message):
    ctx, service = _station(tmp_path, "城关所", "S01")
    good = service.write_package(parse_period("2026-10"), tmp_path / "out").path
    with pytest.raises(StationError, match=message):
        verify_package(_rewrite(good, change))
    not_zip = tmp_path / "x.zip"
    not_zip.write_text("hello")
    with pytest.raises(StationError, match="不是有效的数据包"):
        verify_package(not_zip)
    ctx.close()


def test_county_merge_sums_counts_and_recomputes_rates(tmp_path):
    a_ctx, a = _station(tmp_path, "城关所", "S01", scale=1)
    b_ctx, b = _station(tmp_path, "城南所", "S02", scale=3)
    pa = a.write_package(parse_period("2026-10"), tmp_path / "a").path
    pb = b.write_package(parse_period("2026-10"), tmp_path / "b").path
    result = merge_packages([pa, pb], tmp_path / "county.xlsx")
    assert result.totals["c.received"] == 50 + 150
    assert result.totals["c.money"] == 123_456 * 4
    assert result.totals["c.rate"] == (30 + 90) / (40 + 120)
    ws = load_workbook(result.path)["投诉与调解"]
    names = [r[0] for r in ws.iter_rows(min_row=4, values_only=True)]
    assert names == ["城关所", "城南所", "合计"]
    with pytest.raises(StationError, match="出现了两次"):
        merge_packages([pa, pa], tmp_path / "dup.xlsx")
    pc = b.write_package(parse_period("2026-09"), tmp_path / "c").path
    with pytest.raises(StationError, match="统计期不一致"):
        merge_packages([pa, pc], tmp_path / "mixed.xlsx")
    bad = _rewrite(pb, lambda f: f.__setitem__("report.xlsx", b"junk"))
    with pytest.raises(StationError, match="SHA-256"):
        merge_packages([pa, bad], tmp_path / "bad.xlsx")
    a_ctx.close()
    b_ctx.close()


def test_report_needs_permission_and_profile(tmp_path):
    from station_app.domain.auth import MEDIATOR
    from station_app.errors import PermissionDeniedError

    ctx = open_context(
        sqlite_url(tmp_path / "e.sqlite3"), actor=Actor(None, "t", ADMIN), create=True
    )
    with pytest.raises(StationError, match="所基本信息"):
        ReportService(ctx.db, ctx.auth, [provider()]).build(parse_period("2026-10"))
    ctx.auth.sign_in(Actor(None, "m", MEDIATOR))
    with pytest.raises(PermissionDeniedError, match="无权生成上报报表"):
        ReportService(ctx.db, ctx.auth, [provider()]).build(parse_period("2026-10"))
    ctx.close()


def test_figures_json_is_documented(tmp_path):
    ctx, service = _station(tmp_path, "城关所", "S01")
    doc = verify_package(service.write_package(parse_period("2026"), tmp_path / "o").path)
    schema_doc = (Path(__file__).resolve().parents[2] / "docs" / "report-package.md").read_text()
    keys = ("schema", "station", "period", "period_label", "generated_at", "sections", "details")
    for key in (*keys, "with_details"):
        assert key in doc and f"`{key}`" in schema_doc
    assert json.dumps(doc, ensure_ascii=False)
    ctx.close()


@pytest.mark.slow
def test_report_bench_runs_in_a_tiny_mode(tmp_path):
    import subprocess
    import sys

    args = [sys.executable, "-m", "station_app.bench", "--runs", "1", "--only", "report"]
    args += ["--entities", "1500", "--complaints", "200", "--cache", str(tmp_path), "--json"]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    figures = {f["name"]: f["value"] for f in json.loads(result.stdout)["figures"]}
    # the demo's 扫街纳管 step registers a few of its captures as new entities
    assert 1500 <= figures["report.sqlite.entities"] < 1600

    assert figures["report.sqlite.complaints_in_year"] == 200
    for name in ("demo_load", "year_package", "year_package_details", "raw_counts", "year_cli"):
        assert figures[f"report.sqlite.{name}"] > 0, name
    again = subprocess.run(args, capture_output=True, text=True, timeout=300)  # reuses the db
    names = {f["name"] for f in json.loads(again.stdout)["figures"]}
    assert "report.sqlite.demo_load" not in names and "report.sqlite.year_package" in names
