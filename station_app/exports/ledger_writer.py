"""Write ledgers and error reports as XLSX with openpyxl ``write_only`` (28 MB for 100k rows).

Codes (统一社会信用代码, 注册号, phones) are written as text cells so Excel never turns them into
numbers; dates as real dates with a ``yyyy-mm-dd`` format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from station_app.errors import StorageError, os_reason
from station_app.exports.cells import put, safe_row
from station_app.files import atomic_output

ENTITY_HEADERS = (
    "名称",
    "统一社会信用代码",
    "主体类型",
    "法定代表人/经营者",
    "联系电话",
    "经营地址",
    "所属网格",
    "行业",
    "登记状态",
    "成立日期",
    "信用风险分类",
    "本所分级",
)
_WIDTHS = {0: 32, 1: 22, 3: 12, 4: 15, 5: 40, 6: 14, 7: 20, 9: 12}


def write_rows(
    path: Path, title: str, headers: Sequence[str], rows: Iterable[Sequence], widths=None
) -> int:
    """Write ``headers`` then ``rows`` to a new workbook at ``path`` (atomically: a temp file
    renamed at the end, so a cancelled export leaves no half file). Returns the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    for col, width in (widths or _WIDTHS).items():
        ws.column_dimensions[chr(ord("A") + col)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = put(WriteOnlyCell(ws), h)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    date_cell = None
    for row in rows:
        out = []
        for value in row:
            if isinstance(value, date):
                date_cell = WriteOnlyCell(ws, value=value)
                date_cell.number_format = "yyyy-mm-dd"
                out.append(date_cell)
            else:
                out.append(
                    ""
                    if value is None
                    else str(value)
                    if not isinstance(value, int | float)
                    else value
                )
        ws.append(safe_row(ws, out))
        count += 1
    try:
        with atomic_output(path) as tmp:
            wb.save(tmp)
    except OSError as exc:
        raise StorageError(f"无法写入文件：{path}\n原因：{os_reason(exc)}") from exc
    return count
