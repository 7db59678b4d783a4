"""Limits a spreadsheet must respect *before* it is parsed (issue 17).

python-calamine allocates a sheet's whole rectangle when it hands the cells to Python: a 1.7 KB
xlsx whose only cell sits at XFD100000 asks for 50 GB and the process aborts (exit 134), and a
0.4 MB xlsx holding one 400 MB cell takes 833 MB. So every spreadsheet goes through here first:

* the file on disk (:data:`MAX_FILE_BYTES`);
* an xlsx's parts: their number, the sizes the ZIP declares (each and in total) and their
  compression ratio, then every XML part is inflated once as a stream (64 KB at a time, nothing
  kept) to check the real size, the deflate stream itself (a damaged one is refused here, in
  Chinese) and that no run of text is longer than a cell may be;
* after calamine has read a sheet (sparse, bounded by the checks above) and before it is made
  dense: rows × columns (:func:`check_cells`);
* every text cell against :data:`MAX_FIELD_CHARS` (:func:`check_field`), the same limit as CSV.

Each refusal is a :class:`SheetLimitError` naming the limit; nothing has been imported then.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from station_app.errors import StationError

MB = 1 << 20
MAX_FILE_BYTES = 64 * MB  # a 200,000-row ledger saved by Excel is ~25 MB
MAX_PART_BYTES = 256 * MB  # one part of an xlsx once inflated (declared and real)
MAX_TOTAL_BYTES = 384 * MB  # every part together
MAX_RATIO = 200  # inflated / compressed size of a part above RATIO_FLOOR (XML rarely beats 30)
RATIO_FLOOR = 4 * MB
MAX_PARTS = 2_000
MAX_FIELD_CHARS = 128 * 1024  # one cell / CSV field (csv's own field_size_limit)
MAX_CELLS = 12_000_000  # rows × columns of the sheet's rectangle (200,000 × 60)
_CHUNK = 64 * 1024
_OVERLAP = 32  # bytes of the previous chunk searched again (a cell reference is shorter)
# A cell whose column has two or three letters (AA…XFD): the sheet may be wide.
_WIDE = re.compile(rb'<c r="[A-Z]{2}')
# A cell at row 460,000 or below (26 columns × 460,000 rows ≈ MAX_CELLS).
_TALL = re.compile(rb'<c r="[A-Z]{1,3}(?:\d{7}|4[6-9]\d{4}|[5-9]\d{5})"')
# A cell without its r attribute (positioned after the previous one).
_UNPLACED = re.compile(rb"<c(?:>|/>|\s(?![^>]*?\br=))")
_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})\d')
_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,7})"')
_ROW_ELEMENT = re.compile(rb'<row r="(\d{1,7})"')
NARROW = 26  # columns A–Z: every sheet without a wider cell


class SheetLimitError(StationError):
    """The file breaks one of the limits above; nothing was imported."""

    exit_code = 2


def _mb(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= 10 * MB else f"{n / MB:.1f} MB"


def check_file(path: Path) -> int:
    """The file's size in bytes, refused above :data:`MAX_FILE_BYTES`."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SheetLimitError(
            f"“{path.name}”有 {_mb(size)}，超过可导入文件的上限 {_mb(MAX_FILE_BYTES)}。"
            "请拆分成几个文件分别导入。未导入任何数据。"
        )
    return size


def check_xlsx(path: Path) -> None:
    """Check an xlsx's ZIP structure and inflate its XML parts as streams (module doc)."""
    name = path.name
    check_file(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_declared(name, infos)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and not info.is_dir():
                    shape = _inflate(name, zf, info)
                    if shape.wide or shape.unplaced:
                        shape = _measure(zf, info)
                    check_cells(name, shape.height, shape.width)
    except SheetLimitError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise _damaged(name) from exc
    except NotImplementedError as exc:  # a compression method zipfile cannot read
        raise SheetLimitError(
            f"“{name}”使用了无法识别的压缩方式，无法读取。请在 Excel 或 WPS 中打开后另存为 .xlsx，再导入。"
        ) from exc
    except RuntimeError as exc:  # an encrypted member
        raise SheetLimitError(
            f"“{name}”的内容被加密，无法读取。请在 Excel 中取消密码后另存，再导入。"
        ) from exc


def _damaged(name: str) -> SheetLimitError:
    return SheetLimitError(
        f"“{name}”已损坏（压缩数据不完整或出错），无法读取。"
        "请用 Excel 或 WPS 打开后另存为新文件，再导入。未导入任何数据。"
    )


def _check_declared(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise SheetLimitError(
            f"“{name}”内含 {len(infos):,} 个部件，超过上限 {MAX_PARTS:,}，不像是正常的 Excel 文件。"
        )
    total = 0
    for info in infos:
        _check_part_size(name, info.file_size)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SheetLimitError(
                f"“{name}”的压缩比超过 {MAX_RATIO}:1（{_mb(info.compress_size)} 解压后为 "
                f"{_mb(info.file_size)}），可能是恶意构造的文件，已拒绝导入。"
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise SheetLimitError(
            f"“{name}”解压后共 {_mb(total)}，超过上限 {_mb(MAX_TOTAL_BYTES)}。"
            "请拆分成几个文件分别导入。未导入任何数据。"
        )


def _check_part_size(name: str, size: int) -> None:
    if size > MAX_PART_BYTES:
        raise SheetLimitError(
            f"“{name}”中的一个工作表解压后有 {_mb(size)}，超过上限 {_mb(MAX_PART_BYTES)}。"
            "请拆分成几个文件分别导入。未导入任何数据。"
        )


@dataclass
class Shape:
    """What a part's cells may span (rows × columns from A1) and whether it needs measuring."""

    height: int = 0
    width: int = 0
    wide: bool = False
    unplaced: bool = False


def _inflate(name: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Shape:
    """Stream one part: real size, CRC (zipfile checks it at the end), text runs, and a bound
    of the rectangle its cells span, cheaply: a sheet whose cells are all in columns A–Z and
    above row 460,000 fits :data:`MAX_CELLS`; any other is measured exactly (:func:`_measure`).

    A run of bytes without ``<`` longer than a cell may be is found with one ``find`` per
    :data:`MAX_FIELD_CHARS` window (a run of twice that always covers a whole window); the
    exact per-cell limit is :func:`check_field` after parsing."""
    window = MAX_FIELD_CHARS
    real = 0
    carry = tail = b""
    shape = Shape()
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            real += len(chunk)
            _check_part_size(name, real)
            data = carry + chunk
            start = 0
            while start + window <= len(data):
                if data.find(b"<", start, start + window) < 0:
                    raise _long_field(name)
                start += window
            carry = data[start:]
            searched = tail + chunk
            tail = chunk[-_OVERLAP:]
            if b"<c" not in searched:
                continue
            shape.wide = shape.wide or _WIDE.search(searched) is not None
            shape.unplaced = shape.unplaced or _UNPLACED.search(searched) is not None
            shape.wide = shape.wide or _TALL.search(searched) is not None
            shape.width = shape.width or NARROW
    if real != info.file_size:
        raise _damaged(name)
    shape.height = shape.height or (MAX_CELLS // NARROW if shape.width else 0)
    return shape


def _measure(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Shape:
    """The exact rectangle of a wide part (second pass; ~40 ms a MB): the largest column and
    row any cell names, and for cells without a reference the most cells in one row."""
    columns: set[bytes] = set()
    rows: set[bytes] = set()
    widest = 0
    tail = b""
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            searched = tail + chunk
            tail = chunk[-_OVERLAP:]
            columns.update(_COLUMN.findall(searched))
            rows.update(_ROW.findall(searched))
            rows.update(_ROW_ELEMENT.findall(searched))
            if _UNPLACED.search(searched):
                widest = max(widest, *(part.count(b"<c") for part in searched.split(b"<row")))
    width = max((_column_number(c) for c in columns), default=0)
    height = max((int(r) for r in rows), default=0)
    return Shape(height, max(width, widest))


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def long_field_message(name: str) -> str:
    return (
        f"“{name}”中有单元格的文字超过 128 KB（{MAX_FIELD_CHARS:,} 个字符）的上限，"
        "不像是台账内容。请检查该文件。未导入任何数据。"
    )


def _long_field(name: str) -> SheetLimitError:
    return SheetLimitError(long_field_message(name))


def check_field(name: str, value: object) -> None:
    """Refuse a text cell longer than :data:`MAX_FIELD_CHARS`."""
    if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
        raise _long_field(name)


def check_cells(name: str, height: int, width: int) -> None:
    """Refuse a sheet whose rectangle (rows × columns, from A1) exceeds :data:`MAX_CELLS`
    before calamine makes it dense."""
    if height * width > MAX_CELLS:
        raise SheetLimitError(
            f"“{name}”的表格范围有 {height:,} 行 × {width:,} 列（{height * width:,} 个单元格），"
            f"超过上限 {MAX_CELLS:,} 个单元格。可能表格远处有误填的内容：请删除多余的行列，"
            "或拆分成几个文件分别导入。未导入任何数据。"
        )
