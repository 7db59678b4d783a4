"""Read the credit system's annual-report list (年报情况, XLSX/XLS/CSV through
``ledger_reader``): the header row that names 统一社会信用代码 among the first rows, then one
record per non-empty row. Turning records into statuses is the visits service's job."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from station_app.domain.visits.annual_reports import IMPORT_HEADERS, REQUIRED_HEADERS
from station_app.errors import ValidationError
from station_app.exports.ledger_reader import LedgerError, cell_text, find_header, read_sheet


@dataclass(frozen=True)
class AnnualRecord:
    """One row as read: its line number (1-based), the cells as text (``filed_on`` raw)."""

    row: int
    uscc: str
    name: str
    year: str
    status: str
    filed_on: object


def read_annual_list(path: Path) -> tuple[str, list[AnnualRecord]]:
    """``(file name, records)``; a file without a 统一社会信用代码 column is refused."""
    sheet = read_sheet(Path(path))
    try:
        header, mapping = find_header(sheet.rows, IMPORT_HEADERS)
    except LedgerError:
        raise ValidationError(
            "表中没有找到年报名单的表头（需要“统一社会信用代码”和“年报状态”或“年报年度”等列）。",
            field="file",
        ) from None
    columns = {name: col for col, name in mapping.items()}
    missing = [k for k in REQUIRED_HEADERS if k not in columns]
    if missing:
        raise ValidationError("表中没有“统一社会信用代码”列。", field="file")

    def cell(row: list[object], key: str) -> object:
        col = columns.get(key)
        return row[col] if col is not None and col < len(row) else ""

    records = []
    for n, row in enumerate(sheet.rows[header + 1 :], header + 2):
        uscc = cell_text(cell(row, "uscc")).strip().upper()
        if not uscc:
            continue
        records.append(
            AnnualRecord(
                n, uscc, cell_text(cell(row, "name")).strip(),
                cell_text(cell(row, "year")).strip(), cell_text(cell(row, "status")).strip(),
                cell(row, "filed_on"),
            )
        )  # fmt: skip
    return Path(path).name, records
