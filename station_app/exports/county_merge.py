"""County side (县局汇总): merge several stations' verified packages into one workbook.

A row per station and a total row per sheet. Counts and amounts add up; rates are recomputed
from the summed numerators and denominators (never averaged). Refuses a package that fails
verification, a station that appears twice, and packages of different periods. Detail tables (明细)
are not merged: the county workbook holds totals (docs/report-package.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station_app.domain.report_model import AMOUNT, RATE
from station_app.errors import StationError
from station_app.exports.report_package import verify_package


@dataclass(frozen=True)
class MergeResult:
    path: Path
    period: str
    stations: list[str]
    totals: dict[str, float | int | None]  # figure key → county total (rates recomputed)


def _station_id(doc: dict[str, Any]) -> str:
    station = doc["station"]
    return station.get("code") or station.get("name", "")


def load_packages(paths: Sequence[Path]) -> list[dict[str, Any]]:
    docs, seen = [], {}
    for path in paths:
        doc = verify_package(path)
        sid = _station_id(doc)
        if sid in seen:
            raise StationError(
                f"{doc['station'].get('name', sid)} 出现了两次"
                f"（{Path(seen[sid]).name} 和 {Path(path).name}），已拒绝汇总。"
            )
        seen[sid] = path
        docs.append(doc)
    if not docs:
        raise StationError("没有要汇总的数据包。")
    periods = {d["period"] for d in docs}
    if len(periods) > 1:
        raise StationError(f"数据包的统计期不一致：{'、'.join(sorted(periods))}，不能汇总。")
    return docs


def county_totals(docs: Sequence[dict[str, Any]]) -> dict[str, float | int | None]:
    totals: dict[str, float | int | None] = {}
    rates: dict[str, dict[str, Any]] = {}
    for doc in docs:
        for section in doc["sections"]:
            if section["name"] == "综合":  # headline copies of figures counted in their sections
                continue
            for f in section["figures"]:
                if f["kind"] != RATE and f["value"] is not None:
                    totals[f["key"]] = (totals.get(f["key"]) or 0) + f["value"]
            for r in section["rates"]:
                rates[r["key"]] = r
    for key, r in rates.items():
        den = totals.get(r["denominator"])
        totals[key] = (totals.get(r["numerator"]) or 0) / den if den else None
    return totals


def merge_packages(paths: Sequence[Path], out: Path) -> MergeResult:
    docs = load_packages(paths)
    totals = county_totals(docs)
    _write(out, docs, totals)
    return MergeResult(out, docs[0]["period"], [d["station"]["name"] for d in docs], totals)


def _write(out: Path, docs: Sequence[dict[str, Any]], totals: dict[str, Any]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for name, figures in _section_layout(docs):
        ws = wb.create_sheet(name[:31])
        ws.cell(1, 1, f"{docs[0].get('period_label', docs[0]['period'])} {name} 汇总表").font = bold
        ws.cell(3, 1, "所（站）").font = bold
        for col, f in enumerate(figures, start=2):
            ws.cell(3, col, f"{f['label']}（{f['unit']}）").font = bold
            ws.column_dimensions[ws.cell(3, col).column_letter].width = 16
        ws.column_dimensions["A"].width = 28
        for row, doc in enumerate(docs, start=4):
            ws.cell(row, 1, doc["station"]["name"])
            values = {f["key"]: f["value"] for s in doc["sections"] for f in s["figures"]}
            for col, f in enumerate(figures, start=2):
                _put(ws.cell(row, col), values.get(f["key"]), f["kind"])
        total_row = 4 + len(docs)
        ws.cell(total_row, 1, "合计").font = bold
        for col, f in enumerate(figures, start=2):
            _put(ws.cell(total_row, col), totals.get(f["key"]), f["kind"])
        ws.print_title_rows = "3:3"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)


def _section_layout(docs) -> list[tuple[str, list[dict[str, Any]]]]:
    layout: dict[str, dict[str, dict[str, Any]]] = {}
    for doc in docs:
        for section in doc["sections"]:
            if section["name"] == "综合":
                continue
            figures = layout.setdefault(section["name"], {})
            for f in section["figures"]:
                figures.setdefault(f["key"], f)
    return [(name, list(figs.values())) for name, figs in layout.items()]


def _put(cell, value, kind: str) -> None:
    if value is None:
        return
    cell.value = value / 100 if kind == AMOUNT else value
    cell.number_format = "0.00%" if kind == RATE else ("#,##0.00" if kind == AMOUNT else "#,##0")
