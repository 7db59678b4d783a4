"""What every workbook the application writes does with a text value (issue 17).

* Control characters that XML cannot hold (``domain.text.CONTROL_CHARACTERS``) are dropped:
  openpyxl raised ``IllegalCharacterError`` on them and the whole export failed, for a value
  pasted into the registry years ago.
* Text that a spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``, their full-width
  forms, a leading tab or CR: ``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``) is written as a text
  cell with Excel's quote prefix, so it is shown as typed and stays text when the cell is edited.
  The application never writes a formula on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from station_app.domain.text import formula_like, strip_controls


def clean(value: Any) -> Any:
    """``value`` with control characters dropped when it is text; anything else unchanged."""
    return strip_controls(value) if isinstance(value, str) else value


def put(cell: Any, value: Any) -> Any:
    """Set an openpyxl cell (normal or write-only) to ``value`` the safe way; returns it."""
    value = clean(value)
    cell.value = value
    if formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def safe(ws: Any, value: Any) -> Any:
    """For ``ws.append`` on a write-only sheet: ``value`` itself, or a text cell for a value
    that looks like a formula. Cells already made (styled ``WriteOnlyCell``) are checked."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    if isinstance(value, Cell):
        if value.data_type == "f" or isinstance(value.value, str):
            put(value, value.value)
        return value
    value = clean(value)
    if formula_like(value):
        return put(WriteOnlyCell(ws), value)
    return value


def safe_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    return [safe(ws, v) for v in values]


def harden(wb: Any) -> None:
    """For a normal (not write-only) workbook just before saving: every formula cell becomes
    the text it holds. Values were cleaned as they were set (``put``/``safe``)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    put(cell, cell.value)


def sheet_title(name: str, fallback: str = "表") -> str:
    """A worksheet name Excel accepts: no control characters nor ``[]:*?/\\``, at most 31
    characters (a package's section names are not ours to trust)."""
    title = "".join(ch for ch in clean(name) if ch not in "[]:*?/\\").strip("'")
    return title[:31] or fallback
