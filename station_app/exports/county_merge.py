"""County side (县局汇总): merge several stations' verified packages into one workbook.

A row per station and a total row per sheet. Counts and amounts add up; rates are recomputed
from the summed numerators and denominators (never averaged). Refuses a package that fails
verification, a station that appears twice, and packages of different periods. Detail tables (明细)
are not merged: the county workbook holds totals (docs/report-package.md).

Each station's audit anchors are checked against what the county kept from earlier merges
(``exports/county_anchors.py``): a package whose chain does not extend the last one seen is
refused, and the kept anchors are updated only once the workbook is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from station_app.domain.report_model import AMOUNT, RATE
from station_app.errors import StationError
from station_app.exports import county_anchors
from station_app.exports.report_package import Package, read_package
from station_app.files import atomic_output


@dataclass(frozen=True)
class MergeResult:
    path: Path
    period: str
    stations: list[str]
    totals: dict[str, float | int | None]  # figure key → county total (rates recomputed)
    anchors: list[county_anchors.Check] = field(default_factory=list)
    state: Path | None = None  # the county's anchor file


def _station_id(doc: dict[str, Any]) -> str:
    station = doc["station"]
    return station.get("code") or station.get("name", "")


def load_packages(paths: Sequence[Path]) -> list[dict[str, Any]]:
    return [p.figures for p in _load(paths)]


def _load(paths: Sequence[Path]) -> list[Package]:
    packages: list[Package] = []
    seen: dict[str, Path] = {}
    for path in paths:
        package = read_package(path)
        doc = package.figures
        sid = _station_id(doc)
        if sid in seen:
            raise StationError(
                f"{doc['station'].get('name', sid)} 出现了两次"
                f"（{Path(seen[sid]).name} 和 {Path(path).name}），已拒绝汇总。"
            )
        seen[sid] = path
        packages.append(package)
    if not packages:
        raise StationError("没有要汇总的数据包。")
    periods = {p.figures["period"] for p in packages}
    if len(periods) > 1:
        raise StationError(f"数据包的统计期不一致：{'、'.join(sorted(periods))}，不能汇总。")
    return packages


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


def merge_packages(
    paths: Sequence[Path],
    out: Path,
    *,
    state: Path | None = None,
    accept: Mapping[str, str] | None = None,
) -> MergeResult:
    """Merge into ``out``. ``state``: the county's anchor file (None: anchors not kept, as for
    a trial merge in tests); ``accept``: station → reason, to take a station's new chain once."""
    accept = dict(accept or {})
    packages = _load(paths)
    unknown = sorted(set(accept) - {_station_id(p.figures) for p in packages})
    if unknown:
        raise StationError(
            f"--accept-new-chain 指定的所不在这次汇总的数据包中：{'、'.join(unknown)}"
        )
    kept = county_anchors.load(state) if state is not None else {"schema": "", "stations": {}}
    checks = [
        county_anchors.check(
            kept,
            _station_id(p.figures),
            p.figures["station"].get("name", ""),
            p.audit,
            _station_id(p.figures) in accept,
        )
        for p in packages
    ]
    docs = [p.figures for p in packages]
    totals = county_totals(docs)
    _write(out, docs, totals)
    if state is not None:
        for package, path, result in zip(packages, paths, checks, strict=True):
            county_anchors.record(
                kept,
                result,
                package.figures["station"].get("name", ""),
                package.audit,
                Path(path).name,
                package.figures["period"],
                accept.get(result.station, ""),
            )
        county_anchors.save(state, kept)
    names = [d["station"]["name"] for d in docs]
    return MergeResult(out, docs[0]["period"], names, totals, checks, state)


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
    with atomic_output(out) as tmp:
        wb.save(tmp)


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
