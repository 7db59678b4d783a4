"""Read real ledgers (台账) from XLSX, XLS or CSV with python-calamine (DESIGN §1).

Ledgers kept by hand have title rows and merged cells above the header, mixed full/half-width
text, codes stored as numbers, dates typed as text. This module only reads cells and finds the
header row; turning cells into fields is the import service's job.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from station_app.domain.text import remove_spaces, strip_controls, to_halfwidth
from station_app.errors import StationError, reason_text
from station_app.exports import sheet_limits as limits

MAX_ROWS = 200_000
HEADER_SCAN_ROWS = 30
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')
_HEADER_NOISE = re.compile(r"[\s*＊:：()（）\[\]【】]|必填|选填")


class LedgerError(StationError):
    """The file cannot be read as a ledger; nothing was imported."""

    exit_code = 2


@dataclass(frozen=True)
class Sheet:
    file: str
    name: str
    rows: list[list[object]]  # cell values: str, int, float, date, datetime, bool or ""


def normalise_header(text: object) -> str:
    return _HEADER_NOISE.sub("", remove_spaces(to_halfwidth(str(text or "")))).upper()


def header_signature(row: list[object]) -> tuple[str, ...]:
    """The normalised header texts of a row, trailing empty cells dropped: files whose headers
    read the same (spaces, full-width forms, ``*`` and 必填 marks aside) share a signature."""
    sig = [normalise_header(c) for c in row]
    while sig and not sig[-1]:
        sig.pop()
    return tuple(sig)


def read_sheet(path: Path, max_rows: int | None = None) -> Sheet:
    """The first non-empty sheet of ``path`` as rows of cell values."""
    max_rows = MAX_ROWS if max_rows is None else max_rows
    path = Path(path)
    if not path.is_file():
        raise LedgerError(f"找不到文件：{path}")
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if suffix == ".csv" or (head[:4] != _ZIP_MAGIC and head != _OLE_MAGIC and suffix == ".txt"):
        return _read_csv(path, max_rows)
    if head[:4] == _ZIP_MAGIC:
        limits.check_xlsx(path)
        _check_xlsx_size(path, max_rows)
    elif head == _OLE_MAGIC:
        limits.check_file(path)
        if suffix in (".xlsx", ".xlsm") or _is_encrypted_ole(path):
            raise _password_error(path)
    else:
        raise LedgerError(
            f"“{path.name}”不是 Excel 或 CSV 表格文件，无法导入。请选择 .xlsx、.xls 或 .csv 文件。"
        )
    return _read_workbook(path, max_rows)


def _password_error(path: Path) -> LedgerError:
    return LedgerError(
        f"“{path.name}”设置了打开密码，无法读取。请在 Excel 中打开它，"
        "在“文件 → 信息 → 保护工作簿”中取消密码后另存，再导入。"
    )


def _is_encrypted_ole(path: Path) -> bool:
    data = path.read_bytes()[:1_000_000]
    return (
        "EncryptionInfo".encode("utf-16-le") in data or b"E\x00n\x00c\x00r\x00y\x00p\x00t" in data
    )


def _too_big(path: Path, rows: int, max_rows: int) -> LedgerError:
    return LedgerError(
        f"“{path.name}”有约 {rows:,} 行，超过一次导入的上限 {max_rows:,} 行。"
        "请按网格或年份拆分成几个文件分别导入。未导入任何数据。"
    )


def _check_xlsx_size(path: Path, max_rows: int) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
            for name in names:
                with zf.open(name) as fh:
                    head = fh.read(4096)
                match = _DIMENSION.search(head)
                if match and int(match.group(1)) > max_rows + HEADER_SCAN_ROWS:
                    raise _too_big(path, int(match.group(1)), max_rows)
    except zipfile.BadZipFile as exc:
        raise LedgerError(f"“{path.name}”已损坏或不是 Excel 文件，无法读取。") from exc


def _read_workbook(path: Path, max_rows: int) -> Sheet:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
        for meta_name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(meta_name)
            if sheet.total_height > max_rows + HEADER_SCAN_ROWS:
                raise _too_big(path, sheet.total_height, max_rows)
            limits.check_cells(path.name, sheet.total_height + 1, sheet.total_width + 1)
            rows = [_checked(path.name, r) for r in sheet.to_python(skip_empty_area=False)]
            if any(any(_filled(c) for c in r) for r in rows):
                return Sheet(path.name, meta_name, rows)
        return Sheet(path.name, wb.sheet_names[0] if wb.sheet_names else "", [])
    except (LedgerError, limits.SheetLimitError):
        raise
    except pc.PasswordError as exc:
        raise _password_error(path) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        raise LedgerError(f"“{path.name}”无法作为 Excel 表格读取：{reason_text(exc)}。") from exc


def _checked(name: str, row: Sequence[object]) -> list[object]:
    for value in row:
        limits.check_field(name, value)
    return list(row)


def _read_csv(path: Path, max_rows: int) -> Sheet:
    """A CSV (or Excel's "Unicode text": UTF-16 with tabs) in UTF-8, GBK or UTF-16; any line
    ends (CRLF, LF, CR alone); fields up to :data:`limits.MAX_FIELD_CHARS`."""
    limits.check_file(path)
    text = _decode(path, path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if len(rows) > max_rows + HEADER_SCAN_ROWS:
                raise _too_big(path, max(text.count("\n"), text.count("\r")), max_rows)
            rows.append(_checked(path.name, row))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise limits.SheetLimitError(limits.long_field_message(path.name)) from exc
        raise LedgerError(
            f"“{path.name}”第 {reader.line_num:,} 行附近的引号不成对，无法按 CSV 读取。"
            "请用 Excel 打开后另存为 CSV（逗号分隔），再导入。未导入任何数据。"
        ) from exc
    return Sheet(path.name, path.stem, rows)


def _decode(path: Path, raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encodings: tuple[str, ...] = ("utf-16",)
    elif len(raw) > 3 and raw[1:2] == b"\x00" and raw[3:4] == b"\x00":
        encodings = ("utf-16-le",)  # UTF-16 without its byte-order mark
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LedgerError(
            f"“{path.name}”的文字编码无法识别：请另存为 UTF-8、GBK 或 Unicode 编码的 CSV。"
        )
    if "\x00" in text:
        raise LedgerError(f"“{path.name}”不是 CSV 文本文件，无法导入。")
    return text.removeprefix("\ufeff")


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def find_header(
    rows: list[list[object]], synonyms: dict[str, tuple[str, ...]], *, fallback: bool = False
) -> tuple[int, dict[int, str]]:
    """``(row index, {column index: field})`` of the row that names the most known columns
    among the first rows (titles and merged cells above it are skipped). When no row names at
    least two known columns: with ``fallback`` the first non-empty row and what it names (the
    user maps the rest by hand), else ``LedgerError``."""
    lookup = {normalise_header(s): f for f, names in synonyms.items() for s in names}
    best: tuple[int, dict[int, str]] = (-1, {})
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping: dict[int, str] = {}
        for col, cell in enumerate(row):
            field = lookup.get(normalise_header(cell))
            if field and field not in mapping.values():
                mapping[col] = field
        if len(mapping) > len(best[1]):
            best = (index, mapping)
    if len(best[1]) < 2 and fallback:
        first = next((i for i, r in enumerate(rows) if any(_filled(c) for c in r)), None)
        if first is not None:
            return (best[0], best[1]) if best[1] else (first, {})
    if len(best[1]) < 2:
        raise LedgerError(
            "没有找到表头行：前 30 行中没有一行包含“名称”“统一社会信用代码”“地址”等列名。"
            "请确认这是经营主体台账，或在列映射中手工指定各列。"
        )
    _refuse_disagreeing_twins(rows, best[0], best[1], lookup)
    return best


def column_letter(index: int) -> str:
    """``0`` → ``A``, ``26`` → ``AA``: the spreadsheet's name of a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _refuse_disagreeing_twins(
    rows: list[list[object]], header: int, mapping: dict[int, str], lookup: dict[str, str]
) -> None:
    """Two header columns naming the same field (e.g. “名称” and “企业名称”) are fine while
    they hold the same values; if any data row differs, refuse and name both columns rather
    than keep the first one silently."""
    first = {f: c for c, f in mapping.items()}
    heads = rows[header]
    for col, cell in enumerate(heads):
        field = lookup.get(normalise_header(cell))
        if not field or mapping.get(col) == field or field not in first:
            continue
        kept = first[field]
        for offset, row in enumerate(rows[header + 1 :]):
            a = cell_text(row[kept]) if kept < len(row) else ""
            b = cell_text(row[col]) if col < len(row) else ""
            if a != b:
                raise LedgerError(
                    f"表头中第 {column_letter(kept)} 列“{cell_text(heads[kept])}”和第 "
                    f"{column_letter(col)} 列“{cell_text(cell)}”是同一项内容，但第 "
                    f"{header + offset + 2:,} 行两列不一致（“{a[:30]}”与“{b[:30]}”）。请删除或改名其中一列，"
                    "或在列映射中手工指定，再导入。未导入任何数据。"
                )


def cell_text(value: object) -> str:
    """A cell as text: integral floats without ``.0``, dates as ``yyyy-mm-dd``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return strip_controls(str(value)).strip()
