"""The roster as an Excel workbook, its import template, and reading an imported sheet.

Writing uses openpyxl, reading python-calamine (fast, tolerant of WPS/old Excel files). The
"花名册" sheet has one layout for export, template and import (``domain.roster_sheet``), so an
exported workbook can be imported again. Personal data arrives masked (or not) from the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from station_app.domain.roster_sheet import (
    HEADER_TO_KEY,
    IMPORT_COLUMNS,
    REQUIRED_HEADERS,
    SHEET_NAME,
    RowError,
    SheetRow,
)
from station_app.errors import StorageError, ValidationError, os_reason, reason_text
from station_app.exports import sheet_limits as limits
from station_app.exports.cells import harden, put
from station_app.files import atomic_output

SUMMARY_HEADERS = (
    ("网格编号", 10),
    ("网格名称", 18),
    ("覆盖社区", 24),
    ("监管小组", 14),
    ("监管专员", 12),
    ("网格员人数", 10),
    ("在岗人数", 10),
    ("经营主体", 10),
    ("C/D级主体", 10),
    ("配置提示", 40),
)
TRAINING_HEADERS = (
    ("培训日期", 12),
    ("主题", 36),
    ("授课人", 12),
    ("学时", 8),
    ("地点", 20),
    ("参训人数", 10),
)
DATE_FORMAT = "yyyy-mm-dd"
MASKED_NOTE = "个人联系电话、身份证号已脱敏处理（含 * 的号码不能再导入，导入时请填写完整号码）。"
MAX_ROWS = 20_000


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {
        "head_font": Font(bold=True),
        "head_fill": PatternFill("solid", fgColor="E8EDF4"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(vertical="center", wrap_text=True),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "title_font": Font(bold=True, size=14),
    }


def _header(ws, row: int, headers: Sequence[tuple[str, int]], st) -> None:
    from openpyxl.utils import get_column_letter

    for col, (text, width) in enumerate(headers, start=1):
        cell = put(ws.cell(row=row, column=col), text)
        cell.font, cell.fill, cell.border, cell.alignment = (
            st["head_font"],
            st["head_fill"],
            st["border"],
            st["center"],
        )
        ws.column_dimensions[get_column_letter(col)].width = width


def _put(ws, row: int, col: int, value, st):
    cell = put(ws.cell(row=row, column=col), value)
    cell.border = st["border"]
    cell.alignment = st["wrap"]
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        cell.number_format = "@"  # phones and ID numbers stay text
    return cell


def _roster_sheet(ws, rows: Sequence[dict], st, title: str | None) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    start = 1
    if title:
        put(ws.cell(row=1, column=1), title).font = st["title_font"]
        start = 2
    _header(ws, start, [(h, w) for _k, h, w, _n in IMPORT_COLUMNS], st)
    for r, values in enumerate(rows, start=start + 1):
        for c, (key, _h, _w, _n) in enumerate(IMPORT_COLUMNS, start=1):
            _put(ws, r, c, values.get(key, ""), st)
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    last = max(start + len(rows), start + 500)
    keys = [k for k, *_ in IMPORT_COLUMNS]
    from openpyxl.utils import get_column_letter

    for key, options in (
        ("gender", '"男,女"'),
        ("grid_role", '"监管专员,网格员,志愿者,调解员"'),
    ):
        col = get_column_letter(keys.index(key) + 1)
        dv = DataValidation(type="list", formula1=options, allow_blank=True)
        dv.add(f"{col}{start + 1}:{col}{last}")
        ws.add_data_validation(dv)


def write_roster_xlsx(
    path: Path,
    rows: Sequence[dict],
    *,
    summaries: Sequence[tuple],
    trainings: Sequence[tuple],
    station: str,
    printed_on: date,
    masked: bool,
) -> Path:
    """Workbook with 花名册 (importable layout), 网格汇总 and 培训."""
    from openpyxl import Workbook

    st = _styles()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    _roster_sheet(ws, rows, st, f"{station} 网格花名册（{printed_on:%Y-%m-%d}）")
    summary = wb.create_sheet("网格汇总")
    _header(summary, 1, SUMMARY_HEADERS, st)
    for r, values in enumerate(summaries, start=2):
        for c, value in enumerate(values, start=1):
            _put(summary, r, c, value, st)
    summary.freeze_panes = "A2"
    sheet = wb.create_sheet("培训")
    _header(sheet, 1, TRAINING_HEADERS, st)
    for r, values in enumerate(trainings, start=2):
        for c, value in enumerate(values, start=1):
            _put(sheet, r, c, value, st)
    sheet.freeze_panes = "A2"
    note = wb.create_sheet("说明")
    note.column_dimensions["A"].width = 90
    lines = [
        f"{station} 网格花名册",
        f"导出日期：{printed_on:%Y-%m-%d}",
        MASKED_NOTE if masked else "本表含未脱敏的个人信息，请妥善保管，勿外传。",
        "“花名册”工作表可直接作为导入文件使用。",
    ]
    for r, line in enumerate(lines, start=1):
        put(note.cell(row=r, column=1), line)
    return _save(wb, path)


EXAMPLES = (
    {
        "grid_code": "GZ01",
        "grid_name": "东关社区网格",
        "communities": "东关社区",
        "grid_role": "监管专员",
        "name": "张建华",
        "gender": "男",
        "phone": "13812345678",
        "organisation": "城关市场监督管理所",
        "roles": "市场监管专员、执法人员",
        "cert_no": "鲁370000123456",
        "cert_expiry": date(2028, 6, 30),
        "start_on": date(2026, 1, 1),
    },
    {
        "grid_code": "GZ01",
        "grid_role": "网格员",
        "name": "李秀英",
        "gender": "女",
        "phone": "13900001111",
        "organisation": "东关社区居委会",
        "roles": "社区网格员",
        "start_on": date(2026, 1, 1),
    },
    {
        "name": "王德顺",
        "gender": "男",
        "phone": "13700002222",
        "organisation": "王庄村",
        "roles": "湾村明白人/志愿者",
        "supervision_group": "第一监管小组",
    },
)


def write_template(path: Path) -> Path:
    """Import template: an empty 花名册 sheet with drop-downs, and 填写说明 with examples."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    st = _styles()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    _roster_sheet(ws, [], st, None)
    for c, (_key, _header_text, _w, note) in enumerate(IMPORT_COLUMNS, start=1):
        if note:
            ws.cell(row=1, column=c).comment = Comment(note, "站所工作台")
    help_ws = wb.create_sheet("填写说明")
    lines = [
        "网格花名册导入模板：在“花名册”工作表中每行填写一个人在一个网格的任职；",
        "同一人在多个网格任职就写多行；不在网格任职的人员（如湾村明白人/志愿者）网格编号留空。",
        "网格编号不存在时自动新建网格（须填网格名称和覆盖社区）；社区不存在时自动新建。",
        "姓名+电话（或身份证号）相同视为同一人，已有人员会补充人员类别等信息。",
        "有任何一行出错时整个文件都不会导入，请按错误提示改正后重新导入；可先“试导入”检查。",
        "",
        "各列说明：",
    ]
    lines += [f"{header}：{note or '—'}" for _k, header, _w, note in IMPORT_COLUMNS]
    lines += ["", "示例（不要把示例行复制到“花名册”中，除非确为本所人员）："]
    help_ws.column_dimensions["A"].width = 110
    for r, line in enumerate(lines, start=1):
        put(help_ws.cell(row=r, column=1), line)
    example_ws = wb.create_sheet("示例")
    _roster_sheet(example_ws, list(EXAMPLES), st, None)
    return _save(wb, path)


def _save(wb, path: Path) -> Path:
    harden(wb)
    try:
        with atomic_output(path) as tmp:
            wb.save(tmp)
    except OSError as exc:
        raise StorageError(f"无法写入文件：{path}\n原因：{os_reason(exc)}") from exc
    return path


def _plain(value):
    if isinstance(value, datetime):
        return value.date() if (value.hour, value.minute, value.second) == (0, 0, 0) else value
    return value


def read_roster_xlsx(path: Path) -> tuple[list[SheetRow], list[RowError]]:
    """Rows of the 花名册 sheet (or the first sheet) keyed by column key, with their
    spreadsheet row numbers; header problems as errors (row 0)."""
    from python_calamine import CalamineWorkbook

    if not path.exists():
        raise ValidationError(f"找不到文件：{path}", field="file")
    try:
        with path.open("rb") as fh:
            is_zip = fh.read(4) == b"PK\x03\x04"
        if is_zip:
            limits.check_xlsx(path)
        else:
            limits.check_file(path)
    except limits.SheetLimitError as exc:
        raise ValidationError(str(exc), field="file") from exc
    try:
        wb = CalamineWorkbook.from_path(str(path))
        name = SHEET_NAME if SHEET_NAME in wb.sheet_names else wb.sheet_names[0]
        sheet = wb.get_sheet_by_name(name)
        limits.check_cells(path.name, sheet.total_height + 1, sheet.total_width + 1)
        data = sheet.to_python(skip_empty_area=False)
    except limits.SheetLimitError as exc:
        raise ValidationError(str(exc), field="file") from exc
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ValidationError(
            f"无法读取 Excel 文件：{path.name}（{reason_text(exc)}）。请确认是 .xlsx 或 .xls 文件且未加密。",
            field="file",
        ) from exc
    header_at, columns = -1, {}
    for i, row in enumerate(data[:10]):
        texts = [str(v).strip() if v is not None else "" for v in row]
        if all(h in texts for h in REQUIRED_HEADERS):
            header_at = i
            columns = {c: HEADER_TO_KEY[t] for c, t in enumerate(texts) if t in HEADER_TO_KEY}
            break
    if header_at < 0:
        return [], [
            RowError(0, "", "找不到表头（需要有“姓名”等列）。请下载导入模板，按模板填写后再导入。")
        ]
    rows: list[SheetRow] = []
    for i, raw in enumerate(data[header_at + 1 :], start=header_at + 2):
        values = {key: _plain(raw[c]) for c, key in columns.items() if c < len(raw)}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        rows.append(SheetRow(i, values))
        if len(rows) > MAX_ROWS:
            return rows, [RowError(0, "", f"行数超过 {MAX_ROWS} 行，请分批导入。")]
    if not rows:
        return [], [RowError(0, "", "表格中没有数据行。")]
    return rows, []
