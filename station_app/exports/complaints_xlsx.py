"""投诉列表 to Excel (openpyxl write-only). Rows arrive masked from the list query."""

from __future__ import annotations

from pathlib import Path

from station_app.exports.cells import put, safe_row
from station_app.files import atomic_output

HEADERS = (
    ("number", "投诉编号", 14),
    ("received_on", "收到日期", 12),
    ("channel", "渠道", 9),
    ("complainant", "投诉人", 9),
    ("respondent", "被投诉人", 32),
    ("claim", "投诉请求", 10),
    ("amount", "涉及金额（元）", 14),
    ("status", "状态", 10),
    ("due", "当前期限", 18),
    ("station", "服务站", 22),
    ("mediators", "调解人员", 16),
)


def write_complaints(path: Path, rows: list[dict]) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("投诉列表")
    for i, (_key, _label, width) in enumerate(HEADERS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for _key, label, _w in HEADERS:
        cell = put(WriteOnlyCell(ws), label)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for r in rows:
        ws.append(safe_row(ws, [r.get(key, "") for key, _label, _w in HEADERS]))
    ws.append([])
    ws.append(["说明：投诉人姓名已脱敏处理。"])
    path = Path(path)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path
