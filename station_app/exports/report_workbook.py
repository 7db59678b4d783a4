"""The county bureau's workbook (上报报表): one sheet per section in a fixed printable layout.

Each sheet: title, station, period, table of figures with 本期 / 上期 / 环比 / 去年同期 / 同比,
breakdown tables, signature lines; A4 page set-up with repeated header rows, fixed widths and
number formats. The last sheet, 指标说明, defines every figure in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from station_app.domain.report_model import AMOUNT, RATE, Figure, Section, Table

HEADERS = ("指标", "本期", "上期", "环比", "去年同期", "同比", "单位")
WIDTHS = (30, 14, 14, 10, 14, 10, 8)
FORMATS = {"count": "#,##0", AMOUNT: "#,##0.00", RATE: "0.00%"}
CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"


@dataclass(frozen=True)
class WorkbookHeader:
    station: str
    county_bureau: str
    period_label: str
    prepared_by: str
    generated_at: datetime


def _value(figure: Figure, value):
    if value is None:
        return None
    return value / 100 if figure.kind == AMOUNT else value  # fen → yuan


def write_workbook(
    path: Path, header: WorkbookHeader, sections: Sequence[Section], *, details: bool = False
) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for section in sections:
        _section_sheet(wb.create_sheet(section.name[:31]), header, section, details)
    _definitions_sheet(wb.create_sheet("指标说明"), header, sections)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _styles():
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="000000")
    return {
        "title": Font(name="宋体", size=16, bold=True),
        "bold": Font(name="宋体", size=11, bold=True),
        "body": Font(name="宋体", size=11),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
    }


def _page_setup(ws, header_rows: str) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = header_rows
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def _title_block(ws, header: WorkbookHeader, title: str, st) -> int:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.cell(1, 1, f"{header.station}{header.period_label}{title}").font = st["title"]
    ws.cell(1, 1).alignment = st["center"]
    ws.row_dimensions[1].height = 30
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    ws.cell(
        2,
        1,
        f"填报单位：{header.station}　　报送：{header.county_bureau}　　"
        f"统计期：{header.period_label}　　填报日期：{header.generated_at:%Y-%m-%d}",
    )
    ws.cell(2, 1).font = st["body"]
    return 4


def _header_row(ws, row: int, names: Sequence[str], st) -> None:
    for col, name in enumerate(names, start=1):
        cell = ws.cell(row, col, name)
        cell.font, cell.border, cell.alignment = st["bold"], st["border"], st["center"]


def _section_sheet(ws, header: WorkbookHeader, section: Section, details: bool) -> None:
    st = _styles()
    row = _title_block(ws, header, f"{section.name}统计表", st)
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + col)].width = width
    _header_row(ws, row, HEADERS, st)
    _page_setup(ws, f"{row}:{row}")
    for figure in section.figures:
        row += 1
        _figure_row(ws, row, figure, st)
    for table in section.tables:
        if table.title.startswith("明细") and not details:
            continue
        row = _table_block(ws, row + 2, table, st)
    _signatures(ws, row + 2, st)


def _figure_row(ws, row: int, f: Figure, st) -> None:
    values = (
        f.label,
        _value(f, f.value),
        _value(f, f.previous),
        f.change(f.previous),
        _value(f, f.last_year),
        f.change(f.last_year),
        f.unit,
    )
    if f.kind == RATE:  # a change of a rate is shown in percentage points, not percent
        values = (
            *values[:3],
            _points(f.value, f.previous),
            values[4],
            _points(f.value, f.last_year),
            f.unit,
        )
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row, col, value)
        cell.font, cell.border = st["body"], st["border"]
        cell.alignment = st["left"] if col == 1 else st["center"]
        if col in (2, 3, 5):
            cell.number_format = FORMATS.get(f.kind, "#,##0")
        elif col in (4, 6):
            cell.number_format = CHANGE_FORMAT


def _points(a, b):
    return None if a is None or b is None else a - b


def _table_block(ws, row: int, table: Table, st) -> int:
    ws.cell(row, 1, table.title).font = st["bold"]
    row += 1
    _header_row(ws, row, table.columns, st)
    for values in table.rows:
        row += 1
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col, value)
            cell.font, cell.border = st["body"], st["border"]
            cell.alignment = st["left"] if col == 1 else st["center"]
            if isinstance(value, float):
                cell.number_format = "0.00%" if value <= 1 else "#,##0.00"
    return row


def _signatures(ws, row: int, st) -> None:
    text = "填报人：__________　　审核人：__________　　单位负责人（签字）：__________　　（盖章）"
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADERS))
    ws.cell(row, 1, text).font = st["body"]


def _definitions_sheet(ws, header: WorkbookHeader, sections: Sequence[Section]) -> None:
    st = _styles()
    row = _title_block(ws, header, "指标说明", st)
    names = ("表", "指标", "口径说明", "单位")
    for col, width in enumerate((14, 28, 60, 8), start=1):
        ws.column_dimensions[chr(64 + col)].width = width
    _header_row(ws, row, names, st)
    _page_setup(ws, f"{row}:{row}")
    for section in sections:
        if section.name == "综合":
            continue
        for f in section.figures:
            row += 1
            text = f.definition or f"统计期内{f.label}（{f.unit}）"
            for col, value in enumerate((section.name, f.label, text, f.unit), start=1):
                cell = ws.cell(row, col, value)
                cell.font, cell.border, cell.alignment = st["body"], st["border"], st["left"]
