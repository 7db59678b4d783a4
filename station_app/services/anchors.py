"""Witnesses of the audit chain kept outside the database (日志锚点), and reading them back.

Four kinds, each naming points (seq, hash) of one station's chain (docs/SECURITY.md):

* a **county package** (``*.zip``): its manifest's ``audit`` block — the head it was made at,
  the previous package's point and every earlier package's (``exports/report_package.py``);
* a **backup head file** (``<backup>.head.json``), written by ``db backup`` and the daily
  backup beside the file; a backup file itself also names the head stored inside it;
* the **county's anchor file** (``county-anchors.json``), the points ``county merge`` kept for
  every station (``exports/county_anchors.py``);
* a **printed code** (``1234-7KQ3-M9XD-2F8A-QW1C-25``) from the foot of any printed document.

:func:`read_anchors` turns one ``--anchor`` argument into anchors, refusing a witness of
another station; ``AuditService.verify`` checks them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from station_app import clock
from station_app.data import audit
from station_app.domain.anchors import (
    Anchor,
    AnchorFormatError,
    Head,
    is_hash,
    looks_like_code,
    parse_code,
)
from station_app.errors import StationError, ValidationError, reason_text
from station_app.files import write_private

HEAD_FILE_SCHEMA = "station-audit-head/1"
HEAD_SUFFIX = ".head.json"


def head_file_path(backup: Path) -> Path:
    return backup.with_name(backup.name + HEAD_SUFFIX)


def write_head_file(backup: Path, head: Head, station: dict[str, str]) -> Path:
    """The head beside a backup: which chain point it holds, and the file's SHA-256 so a
    head file cannot be paired with another backup."""
    digest = hashlib.sha256()
    with Path(backup).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    doc = {
        "schema": HEAD_FILE_SCHEMA,
        "station": station,
        "head": head.as_json(),
        "written_at": clock.now().isoformat(timespec="seconds"),
        "backup": {
            "file": Path(backup).name,
            "sha256": digest.hexdigest(),
            "bytes": Path(backup).stat().st_size,
        },
    }
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return write_private(head_file_path(Path(backup)), text.encode("utf-8"))


def read_anchors(spec: str, station_code: str, live: Path | None = None) -> list[Anchor]:
    """The anchors ``spec`` (a code or a file) names for the station ``station_code``.
    ``live``: the database in use, never opened here (a plain ``open()`` beside SQLite's
    connections would drop their locks: DESIGN §10)."""
    if looks_like_code(spec) and not Path(spec).exists():
        try:
            return [parse_code(spec)]
        except AnchorFormatError as exc:
            raise ValidationError(str(exc), field="anchor") from exc
    path = Path(spec)
    if not path.is_file():
        try:
            parse_code(spec)
        except AnchorFormatError as exc:
            raise ValidationError(
                f"找不到锚点文件，也不是日志校验码：{spec}\n{exc}", field="anchor"
            ) from exc
    if live is not None and _same_file(path, live):
        raise ValidationError(
            "不能用正在使用的数据库本身作锚点：请用它的备份、数据包或文书上的日志校验码。",
            field="anchor",
        )
    with path.open("rb") as fh:  # by content, not by name
        start = fh.read(16)
    if start.startswith(b"PK"):
        return _package_anchors(path, station_code)
    if start.lstrip()[:1] == b"{":
        return _json_anchors(path, station_code)
    return _backup_anchors(path, station_code)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.samefile(b)
    except OSError:
        return False


def _points(source: str, points: list[dict[str, Any]]) -> list[Anchor]:
    out = []
    for p in points:
        if not isinstance(p, dict) or type(p.get("seq")) is not int or not is_hash(p.get("hash")):
            raise StationError(f"{source}中的锚点格式不正确，无法用于核对。")
        out.append(Anchor(p["seq"], p["hash"], source))
    return out


def _same_station(source: str, theirs: str, ours: str) -> None:
    if theirs and ours and theirs != ours:
        raise StationError(f"{source}属于另一个所（{theirs}），本数据库是 {ours}：不能用它核对。")


def _package_anchors(path: Path, station_code: str) -> list[Anchor]:
    from station_app.exports.report_package import read_package

    package = read_package(path)
    source = f"数据包 {path.name}"
    block = package.manifest.get("audit")
    if not block:
        raise StationError(f"{source}是旧版本生成的，不含操作日志锚点，无法用于核对。")
    _same_station(source, package.station_id, station_code)
    points = [*block.get("checkpoints", []), block["head"]]
    return _points(source, points)


def _json_anchors(path: Path, station_code: str) -> list[Anchor]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise StationError(f"无法读取锚点文件 {path.name}：{reason_text(exc)}。") from exc
    schema = doc.get("schema") if isinstance(doc, dict) else None
    if schema == HEAD_FILE_SCHEMA:
        source = f"备份锚点 {path.name}"
        _same_station(source, (doc.get("station") or {}).get("code", ""), station_code)
        return _points(source, [doc.get("head")])
    from station_app.exports import county_anchors

    if schema == county_anchors.SCHEMA:
        source = f"县局锚点文件 {path.name}"
        station = county_anchors.station_points(doc, station_code)
        if station is None:
            raise StationError(f"{source}中没有本所（{station_code or '未填所代码'}）的记录。")
        return _points(source, station)
    raise StationError(f"{path.name} 不是锚点文件（数据包、备份锚点或县局锚点文件）。")


def _backup_anchors(path: Path, station_code: str) -> list[Anchor]:
    side = head_file_path(path)
    if side.is_file():
        return _json_anchors(side, station_code)
    head = audit.file_head(path)
    if head is None:
        raise StationError(f"{path.name} 既不是锚点文件，也不是含操作日志的数据库备份。")
    return [Anchor(head.seq, head.hash, f"备份 {path.name}")]
