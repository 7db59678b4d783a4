"""The verifiable data package (数据包) sent to the county bureau.

A ZIP holding ``report.xlsx`` (the workbook), ``summary.pdf`` (综合, for signing),
``figures.json`` (every figure, rate definitions and, when asked for, the masked detail rows;
schema ``station-report/2``, see docs/report-package.md) and ``manifest.json`` with the SHA-256
and size of each file. :func:`verify_package` recomputes them and refuses anything that does not
match; it reads version 1 packages (no details) too.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from station_app.domain.report_model import Section, Table
from station_app.errors import StationError

FIGURES_SCHEMA = "station-report/2"
READABLE_SCHEMAS = ("station-report/1", FIGURES_SCHEMA)
MANIFEST_SCHEMA = "station-report-package/1"
MANIFEST = "manifest.json"


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def figures_document(
    meta: Mapping[str, Any],
    sections: Sequence[Section],
    details: Sequence[Table] = (),
    with_details: bool = False,
) -> dict[str, Any]:
    return {
        "schema": FIGURES_SCHEMA,
        **meta,
        "with_details": with_details,
        "sections": [
            {
                "name": s.name,
                "figures": [
                    {
                        "key": f.key,
                        "label": f.label,
                        "value": f.value,
                        "unit": f.unit,
                        "kind": f.kind,
                        "previous": f.previous,
                        "last_year": f.last_year,
                        "definition": f.definition,
                        "headline": f.headline,
                    }
                    for f in s.figures
                ],
                "rates": [
                    {
                        "key": r.key,
                        "label": r.label,
                        "numerator": r.numerator,
                        "denominator": r.denominator,
                        "definition": r.definition,
                    }
                    for r in s.rates
                ],
                "tables": [_table(t) for t in s.tables],
            }
            for s in sections
        ],
        "details": [_table(t) for t in details],
    }


def _table(t: Table) -> dict[str, Any]:
    return {
        "title": t.title,
        "columns": list(t.columns),
        "rows": [[_cell(v) for v in r] for r in t.rows],
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_package(path: Path, files: Mapping[str, bytes]) -> Path:
    """Write the ZIP with a manifest covering every file."""
    manifest = {
        "schema": MANIFEST_SCHEMA,
        "files": {
            name: {"sha256": _sha256(data), "bytes": len(data)}
            for name, data in sorted(files.items())
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            zf.writestr(name, data)
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    tmp.replace(path)
    return path


def verify_package(path: Path) -> dict[str, Any]:
    """Check a package; return its figures document or raise a Chinese ``StationError``."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as zf:
            contents = {n: zf.read(n) for n in zf.namelist()}
    except (zipfile.BadZipFile, OSError) as exc:
        raise StationError(f"{name} 不是有效的数据包（无法作为 ZIP 打开）：{exc}") from exc
    manifest = _json(contents, MANIFEST, name)
    if manifest.get("schema") != MANIFEST_SCHEMA:
        raise StationError(f"{name} 的清单版本“{manifest.get('schema')}”无法识别。")
    listed = manifest.get("files", {})
    extra = sorted(set(contents) - set(listed) - {MANIFEST})
    if extra:
        raise StationError(f"{name} 含有清单之外的文件：{'、'.join(extra)}")
    for fname, entry in listed.items():
        if fname not in contents:
            raise StationError(f"{name} 缺少文件 {fname}。")
        if _sha256(contents[fname]) != entry.get("sha256"):
            raise StationError(f"{name} 中的 {fname} 与清单的 SHA-256 不符：文件被改动或损坏。")
    figures = _json(contents, "figures.json", name)
    if figures.get("schema") not in READABLE_SCHEMAS:
        raise StationError(f"{name} 的数据版本“{figures.get('schema')}”无法识别。")
    for key in ("station", "period", "sections"):
        if key not in figures:
            raise StationError(f"{name} 的 figures.json 缺少“{key}”。")
    for table in figures.get("details", []):
        width = len(table.get("columns", ()))
        if not width or any(len(row) != width for row in table.get("rows", ())):
            raise StationError(f"{name} 的明细表“{table.get('title', '')}”格式不正确。")
    return figures


def _json(contents: Mapping[str, bytes], fname: str, package: str) -> dict[str, Any]:
    if fname not in contents:
        raise StationError(f"{package} 缺少 {fname}，不是本系统生成的数据包。")
    try:
        return json.loads(contents[fname].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise StationError(f"{package} 中的 {fname} 无法解析：{exc}") from exc
