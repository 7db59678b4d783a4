"""Read a list as the credit system publishes it (经营异常名录, 严重违法失信名单…: XLSX, XLS or
CSV, read with python-calamine like the ledgers): the header row within the first 15 rows that
names 统一社会信用代码, then one record per non-empty row. Turning records into list entries is
the list service's job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from station_app.domain.entities import parse_ledger_date
from station_app.domain.text import to_halfwidth
from station_app.errors import ValidationError
from station_app.exports.ledger_reader import cell_text, read_sheet

HEADER_ROWS = 15
HEADERS = {
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码"),
    "name": ("企业名称", "主体名称", "市场主体名称", "名称", "个体工商户名称"),
    "reason": (
        "列入原因",
        "列入经营异常名录原因",
        "列入严重违法失信名单原因",
        "列入事由",
        "原因",
        "列入事由及依据",
    ),
    "listed_on": ("列入日期", "作出决定日期", "决定日期", "列入时间", "设立日期"),
    "authority": ("作出决定机关", "决定机关", "列入决定机关", "作出决定的机关", "列入机关"),
    "decision_no": ("决定书文号", "决定文书号", "文号", "列入决定书文号"),
}


@dataclass(frozen=True)
class CreditRecord:
    """One row of the published list; ``row`` is its line number in the sheet (1-based);
    ``listed_on`` is ``None`` when the date is missing or unreadable."""

    row: int
    uscc: str
    name: str
    reason: str
    listed_on: date | None
    authority: str
    decision_no: str


def _header(rows: list[list[object]]) -> tuple[int, dict[str, int]]:
    for i, row in enumerate(rows[:HEADER_ROWS]):
        cells = [to_halfwidth(cell_text(c)).replace(" ", "") for c in row]
        if any(c in HEADERS["uscc"] for c in cells):
            columns = {}
            for key, names in HEADERS.items():
                found = next((j for j, c in enumerate(cells) if c in names), None)
                if found is not None:
                    columns[key] = found
            return i, columns
    raise ValidationError("表中没有“统一社会信用代码”列（前 15 行内未找到表头）。", field="file")


def _date(value: object) -> date | None:
    try:
        return parse_ledger_date(value)
    except (ValueError, ValidationError):
        return None


def read_credit_list(path: Path) -> list[CreditRecord]:
    """The records of the first non-empty sheet of ``path``; ``LedgerError`` (a Chinese
    message) when the file cannot be read, ``ValidationError`` without a USCC column."""
    rows = read_sheet(Path(path)).rows
    header_at, columns = _header(rows)
    out = []
    for n, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell_text(v) for v in row):
            continue

        def cell(key: str, row: list[object] = row) -> object:
            j = columns.get(key)
            return row[j] if j is not None and j < len(row) else None

        out.append(
            CreditRecord(
                row=n,
                uscc=to_halfwidth(cell_text(cell("uscc"))).replace(" ", "").upper(),
                name=cell_text(cell("name")),
                reason=cell_text(cell("reason")),
                listed_on=_date(cell("listed_on")),
                authority=cell_text(cell("authority")),
                decision_no=cell_text(cell("decision_no")),
            )
        )
    return out
