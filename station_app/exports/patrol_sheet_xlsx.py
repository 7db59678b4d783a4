"""The daily patrol sheet as an XLSX template (openpyxl) and reading a filled one back
through the ledger reader (calamine, header row found by name). Cells in, cells out: turning
them into records is ``services.patrols.entry``'s job (docs/areas/patrols.md §14)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from station_app.domain.patrols.entry import SHEET_ALIASES, SHEET_COLUMNS, SheetRow
from station_app.domain.patrols.sheet import RESULT_LEGEND
from station_app.errors import StorageError
from station_app.exports import ledger_reader as L
from station_app.exports.cells import harden, put
from station_app.files import atomic_output

SHEET_NAME = "巡查表"
WIDTHS = {"entity": 26, "address": 30, "answers": 16, "note": 24, "checklist": 12}
HELP = (
    "填写说明：每行一户，按纸质巡查表填写后导入（巡查与专项 → 导入巡查表，或 station-app patrols import）。",
    "逐项结果：按检查表顺序每项一个字母，Y 是、N 否、- 不适用，如 YYNY-Y；全部符合可只填结果 1。",
    f"结果：{RESULT_LEGEND}。结果为 2 时填写隐患类别（可不填，按检查项）和整改期限（可不填，按默认期限）。",
    "不要修改“任务编号”列；未巡查的行留空即可。有任何一行出错时整张表都不导入，可先试导入检查。",
)


@dataclass(frozen=True)
class TemplateLine:
    task_id: int
    seq: int
    day: date
    entity: str
    address: str
    checklist: str
    items: int


@dataclass(frozen=True)
class FilledSheet:
    rows: list[SheetRow]
    numbers: list[int]  # each row's spreadsheet row number
    columns: dict[str, str]  # column key → "J 列“逐项结果(Y/N/-)”"


def write_sheet_template(path: Path, title: str, lines: Sequence[TemplateLine]) -> Path:
    """One sheet: the title, the help lines, the header and one row per task."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    put(ws.cell(row=1, column=1), title).font = Font(bold=True, size=14)
    for r, text in enumerate(HELP, start=2):
        put(ws.cell(row=r, column=1), text)
    head = len(HELP) + 2
    fill = PatternFill("solid", fgColor="E8EDF4")
    for c, (key, header) in enumerate(SHEET_COLUMNS, start=1):
        cell = put(ws.cell(row=head, column=c), header)
        cell.font, cell.fill = Font(bold=True), fill
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(key, 11)
    for r, line in enumerate(lines, start=head + 1):
        values = {
            "task_id": line.task_id, "seq": line.seq, "day": line.day.isoformat(),
            "entity": line.entity, "address": line.address, "checklist": line.checklist,
            "items": line.items,
        }  # fmt: skip
        for c, (key, _h) in enumerate(SHEET_COLUMNS, start=1):
            if key in values:
                put(ws.cell(row=r, column=c), values[key])
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    harden(wb)
    try:
        with atomic_output(path) as tmp:
            wb.save(tmp)
    except OSError as exc:
        raise StorageError(f"无法写入文件：{path}\n原因：{exc.strerror or exc}") from exc
    return path


def _task_id(value: object) -> int | str:
    text = L.cell_text(value)
    return int(text) if text.isdigit() else text


def read_filled_sheet(path: Path) -> FilledSheet:
    """The filled rows (wholly empty ones dropped) with their row numbers. A file that is no
    sheet, or has no 任务编号 column, raises ``LedgerError`` (nothing imported)."""
    sheet = L.read_sheet(Path(path))
    synonyms = {k: SHEET_ALIASES.get(k, (h,)) for k, h in SHEET_COLUMNS}
    header, mapping = L.find_header(sheet.rows, synonyms) if sheet.rows else (-1, {})
    if "task_id" not in mapping.values():
        raise L.LedgerError(
            f"“{Path(path).name}”中没有找到“任务编号”列：请用“导出巡查表模板”生成的表格填写，"
            "不要删除或改名表头。未导入任何数据。"
        )
    heads = dict(SHEET_COLUMNS)
    columns = {f: f"{L.column_letter(c)} 列“{heads[f]}”" for c, f in mapping.items()}
    rows, numbers = [], []
    for index, raw in enumerate(sheet.rows[header + 1 :], start=header + 2):
        cells = {f: raw[c] if c < len(raw) else "" for c, f in mapping.items()}
        if not any(L.cell_text(v) for v in cells.values()):
            continue
        task = _task_id(cells.get("task_id"))
        rows.append(
            SheetRow(
                task_id=task if isinstance(task, int) else -1,
                entity_id=0,
                result=L.cell_text(cells.get("result")),
                failed=L.cell_text(cells.get("failed")),
                not_applicable=L.cell_text(cells.get("not_applicable")),
                deadline=cells.get("deadline") or None,
                present_party=L.cell_text(cells.get("present_party")),
                time=cells.get("time") or "",
                note=L.cell_text(cells.get("note")),
                answers=L.cell_text(cells.get("answers")),
                category=L.cell_text(cells.get("category")),
                day=cells.get("day") or None,
                entity_name=L.cell_text(cells.get("entity")),
            )
        )
        numbers.append(index)
    return FilledSheet(rows, numbers, columns)
