"""The county bureau's workbook (上报报表): one sheet per section in a fixed printable layout.

Each sheet: title, station, period, table of figures with 本期 / 上期 / 环比 / 去年同期 / 同比,
breakdown tables, signature lines; A4 page set-up with repeated header rows, fixed widths and
number formats. Then 指标说明, which defines every figure in words, and, when asked for, the
detail sheets (明细: one sheet per detail table, A4 landscape, the column header repeated on
every printed page, grid lines printed). Written with openpyxl's write-only mode: rows stream to
the file, so tens of thousands of detail rows cost no more memory than a few.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from station_app.domain.anchors import CODE_LABEL
from station_app.domain.report_model import AMOUNT, RATE, Figure, Section, Table
from station_app.exports.cells import put, safe_row, sheet_title
from station_app.files import atomic_output

HEADERS = ("指标", "本期", "上期", "环比", "去年同期", "同比", "单位")
WIDTHS = (30, 14, 14, 10, 14, 10, 8)
FORMATS = {"count": "#,##0", AMOUNT: "#,##0.00", RATE: "0.00%"}
CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"
# a rate's change is in percentage points, worded as the PDF words it (format_change)
POINTS_FORMAT = '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'
DETAIL_HEADER_ROW = 3
_SAMPLE = 500  # detail rows looked at to size the columns
PAPERSIZE_A4 = "9"  # openpyxl Worksheet.PAPERSIZE_A4


@dataclass(frozen=True)
class WorkbookHeader:
    station: str
    county_bureau: str
    period_label: str
    prepared_by: str
    generated_at: datetime
    audit_code: str = ""  # the audit head the report was made at (日志校验码), in each footer


def _value(figure: Figure, value):
    if value is None:
        return None
    return value / 100 if figure.kind == AMOUNT else value  # fen → yuan


def write_workbook(
    path: Path,
    header: WorkbookHeader,
    sections: Sequence[Section],
    details: Sequence[Table] = (),
) -> Path:
    with atomic_output(path) as tmp:
        tmp.write_bytes(workbook_bytes(header, sections, details))
    return path


def workbook_bytes(
    header: WorkbookHeader, sections: Sequence[Section], details: Sequence[Table] = ()
) -> bytes:
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    st = _styles()
    for section in sections:
        _section_sheet(_Sheet(wb.create_sheet(sheet_title(section.name)), st), header, section)
    _definitions_sheet(_Sheet(wb.create_sheet("指标说明"), st), header, sections)
    for table in details:
        _detail_sheet(_Sheet(wb.create_sheet(_sheet_name(table.title)), st), header, table)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_name(title: str) -> str:
    return "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31]


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


class _Sheet:
    """A write-only sheet written top to bottom; ``row`` is the last row written."""

    def __init__(self, ws, st) -> None:
        self.ws, self.st, self.row = ws, st, 0

    def cell(self, value, font="body", border=True, align="center", number_format=None):
        from openpyxl.cell import WriteOnlyCell

        cell = put(WriteOnlyCell(self.ws), value)
        cell.font = self.st[font]
        if border:
            cell.border = self.st["border"]
        if align:
            cell.alignment = self.st[align]
        if number_format:
            cell.number_format = number_format
        return cell

    def append(self, values: Iterable = ()) -> int:
        self.ws.append(safe_row(self.ws, values))
        self.row += 1
        return self.row

    def skip_to(self, row: int) -> None:
        while self.row < row - 1:
            self.append()

    def merged(self, value, columns: int, font: str = "body", height: float | None = None):
        row = self.row + 1
        if height:
            self.ws.row_dimensions[row].height = height
        self.append([self.cell(value, font, border=False, align="center" if height else None)])
        if columns > 1:
            self.ws.merged_cells.add(f"A{row}:{_letter(columns)}{row}")

    def widths(self, widths: Sequence[float]) -> None:
        for col, width in enumerate(widths, start=1):
            self.ws.column_dimensions[_letter(col)].width = width


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _page_setup(ws, header_rows: str, landscape: bool = False, code: str = "") -> None:
    ws.page_setup.paperSize = PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = header_rows
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    if code:
        ws.oddFooter.right.text = f"{CODE_LABEL} {code}"
        ws.oddFooter.right.size = 7


def _title_block(sh: _Sheet, header: WorkbookHeader, title: str, columns: int, note: str = ""):
    """Rows 1–2: title and who/when; the caller's table starts on row 4 (or 3 for details)."""
    sh.merged(f"{header.station}{header.period_label}{title}", columns, "title", height=30)
    sh.merged(
        f"填报单位：{header.station}　　报送：{header.county_bureau}　　"
        f"统计期：{header.period_label}　　填报日期：{header.generated_at:%Y-%m-%d}{note}",
        columns,
    )


def _header_row(sh: _Sheet, names: Sequence[str]) -> int:
    return sh.append(sh.cell(name, "bold") for name in names)


def _section_sheet(sh: _Sheet, header: WorkbookHeader, section: Section) -> None:
    sh.widths(WIDTHS)
    _page_setup(sh.ws, "4:4", code=header.audit_code)
    _title_block(sh, header, f"{section.name}统计表", len(HEADERS))
    sh.skip_to(4)
    _header_row(sh, HEADERS)
    for figure in section.figures:
        _figure_row(sh, figure)
    for table in section.tables:
        sh.skip_to(sh.row + 2)
        _table_block(sh, table)
    sh.skip_to(sh.row + 2)
    text = "填报人：__________　　审核人：__________　　单位负责人（签字）：__________　　（盖章）"
    sh.merged(text, len(HEADERS))


def _figure_row(sh: _Sheet, f: Figure) -> None:
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
    cells = []
    for col, value in enumerate(values, start=1):
        fmt = None
        if col in (2, 3, 5):
            fmt = FORMATS.get(f.kind, "#,##0")
        elif col in (4, 6):
            fmt = POINTS_FORMAT if f.kind == RATE else CHANGE_FORMAT
        cells.append(sh.cell(value, align="left" if col == 1 else "center", number_format=fmt))
    sh.append(cells)


def _points(a, b):
    """The change of a rate in percentage points (0.62 → 0.65 is 3.0)."""
    return None if a is None or b is None else round((a - b) * 100, 6)


def _table_block(sh: _Sheet, table: Table) -> None:
    sh.append([sh.cell(table.title, "bold", border=False, align=None)])
    _header_row(sh, table.columns)
    for values in table.rows:
        cells = []
        for col, value in enumerate(values, start=1):
            fmt = None
            if isinstance(value, float):
                fmt = "0.00%" if value <= 1 else "#,##0.00"
            cells.append(sh.cell(value, align="left" if col == 1 else "center", number_format=fmt))
        sh.append(cells)


def _definitions_sheet(sh: _Sheet, header: WorkbookHeader, sections: Sequence[Section]) -> None:
    names = ("表", "指标", "口径说明", "单位")
    sh.widths((14, 28, 60, 8))
    _page_setup(sh.ws, "4:4", code=header.audit_code)
    _title_block(sh, header, "指标说明", len(names))
    sh.skip_to(4)
    _header_row(sh, names)
    for section in sections:
        if section.name == "综合":
            continue
        for f in section.figures:
            text = f.definition or f"统计期内{f.label}（{f.unit}）"
            sh.append(sh.cell(v, align="left") for v in (section.name, f.label, text, f.unit))


def _text_width(value) -> int:
    """Display width in Excel's units: a CJK character is about two."""
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    text = str(value if value is not None else "")
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _detail_sheet(sh: _Sheet, header: WorkbookHeader, table: Table) -> None:
    """A plain list for printing: only the header row is styled; data cells carry at most a
    number format (grid lines are printed instead of cell borders, which keeps big sheets fast)."""
    from openpyxl.cell import WriteOnlyCell

    columns = len(table.columns)
    sample = table.rows[:_SAMPLE]
    widths = [
        min(40, max(6, _text_width(name), *(_text_width(r[i]) for r in sample)) + 2)
        for i, name in enumerate(table.columns)
    ]
    sh.widths(widths)
    _page_setup(
        sh.ws, f"{DETAIL_HEADER_ROW}:{DETAIL_HEADER_ROW}", landscape=True, code=header.audit_code
    )
    sh.ws.print_options.gridLines = True
    sh.ws.freeze_panes = f"A{DETAIL_HEADER_ROW + 1}"
    _title_block(
        sh, header, table.title, columns, f"　　共 {len(table.rows):,} 条　　个人信息已脱敏"
    )
    _header_row(sh, table.columns)
    ws = sh.ws
    for values in table.rows:
        cells = []
        for value in values:
            if isinstance(value, float):  # amounts in yuan; dates get yyyy-mm-dd by themselves
                cell = WriteOnlyCell(ws, value)
                cell.number_format = "#,##0.00"
                cells.append(cell)
            else:
                cells.append(value)
        ws.append(safe_row(ws, cells))
    sh.row += len(table.rows)
