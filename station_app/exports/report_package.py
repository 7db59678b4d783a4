"""The verifiable data package (数据包) sent to the county bureau.

A ZIP holding ``report.xlsx`` (the workbook), ``summary.pdf`` (综合, for signing),
``figures.json`` (every figure, rate definitions and, when asked for, the masked detail rows;
schema ``station-report/2``, see docs/report-package.md) and ``manifest.json`` with the SHA-256
and size of each file and (manifest version 2) the station, the period and the audit anchors:
the head of the station's audit chain the package was made at, the previous package's point
and every earlier package's (docs/SECURITY.md). :func:`verify_package` recomputes the hashes and
refuses anything that does not match; it reads version 1 packages (no details, no anchors) too.

Signing (issue #17) goes *on top*: ``manifest.sig`` will hold a detached signature over the
exact bytes of ``manifest.json``, so the files, the station and the anchors are signed as they
are, with no field changed; readers already accept that one name outside the manifest.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from station_app.domain.anchors import Head, head_code, is_hash
from station_app.domain.report_model import Section, Table
from station_app.errors import StationError, reason_text
from station_app.files import atomic_output

FIGURES_SCHEMA = "station-report/2"
READABLE_SCHEMAS = ("station-report/1", FIGURES_SCHEMA)
MANIFEST_SCHEMA = "station-report-package/2"
READABLE_MANIFESTS = ("station-report-package/1", MANIFEST_SCHEMA)
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"  # reserved for the station key's signature (issue #17)
AUDIT_SCHEME = "station-audit/2"


@dataclass(frozen=True)
class Package:
    """A verified package: its figures document and its manifest."""

    figures: dict[str, Any]
    manifest: dict[str, Any]

    @property
    def station_id(self) -> str:
        station = self.manifest.get("station") or self.figures["station"]
        return station.get("code") or station.get("name", "")

    @property
    def audit(self) -> dict[str, Any] | None:
        return self.manifest.get("audit")


def audit_block(head: Head, earlier: Sequence[Head]) -> dict[str, Any]:
    """The manifest's ``audit``: ``head`` (this package's row), ``previous`` (the point of the
    package made before it, null for the first) and ``checkpoints`` (every earlier package's
    point, oldest first), so the county can check this chain extends the last one it saw."""
    points = [{"seq": p.seq, "hash": p.hash} for p in earlier if p.seq < head.seq]
    return {
        "scheme": AUDIT_SCHEME,
        "head": head.as_json(),
        "previous": points[-1] if points else None,
        "checkpoints": points,
    }


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


def write_package(
    path: Path, files: Mapping[str, bytes], about: Mapping[str, Any] | None = None
) -> Path:
    """Write the ZIP with a manifest covering every file. ``about``: the manifest's other
    fields (``station``, ``period``, ``generated_at``, ``audit``); without them the manifest is
    a version 1 one (files only), as packages were made before anchors."""
    manifest = {
        "schema": MANIFEST_SCHEMA if about else READABLE_MANIFESTS[0],
        **(about or {}),
        "files": {
            name: {"sha256": _sha256(data), "bytes": len(data)}
            for name, data in sorted(files.items())
        },
    }
    with atomic_output(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            zf.writestr(name, data)
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return path


def verify_package(path: Path) -> dict[str, Any]:
    """Check a package; return its figures document or raise a Chinese ``StationError``."""
    return read_package(path).figures


def read_package(path: Path) -> Package:
    """Check a package (hashes, schemas, the anchors' form); raise a Chinese ``StationError``."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as zf:
            contents = {n: zf.read(n) for n in zf.namelist()}
    except (zipfile.BadZipFile, OSError) as exc:
        raise StationError(f"{name} 不是有效的数据包：{reason_text(exc)}。") from exc
    manifest = _json(contents, MANIFEST, name)
    if manifest.get("schema") not in READABLE_MANIFESTS:
        raise StationError(f"{name} 的清单版本“{manifest.get('schema')}”无法识别。")
    listed = manifest.get("files", {})
    extra = sorted(set(contents) - set(listed) - {MANIFEST, SIGNATURE})
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
    if manifest["schema"] != "station-report-package/1":
        _check_about(name, manifest, figures)
    return Package(figures, manifest)


def _check_about(name: str, manifest: dict[str, Any], figures: dict[str, Any]) -> None:
    """Version 2: the manifest names the same station and period as the figures, and its
    anchors are well formed (``_check_audit``)."""
    station = manifest.get("station")
    if not isinstance(station, dict) or manifest.get("period") != figures["period"]:
        raise StationError(f"{name} 的清单缺少所或统计期，或与 figures.json 不一致。")
    if (station.get("code"), station.get("name")) != (
        figures["station"].get("code"),
        figures["station"].get("name"),
    ):
        raise StationError(f"{name} 的清单与 figures.json 所指的所不一致：文件被改动。")
    block = manifest.get("audit")
    if not isinstance(block, dict) or not _audit_ok(block):
        raise StationError(f"{name} 的操作日志锚点格式不正确：文件被改动或损坏。")


def _point_ok(p: Any) -> bool:
    return (
        isinstance(p, dict)
        and type(p.get("seq")) is int
        and p["seq"] >= 0
        and is_hash(p.get("hash"))
    )


def _audit_ok(block: dict[str, Any]) -> bool:
    head: Any = block.get("head")
    previous, points = block.get("previous"), block.get("checkpoints")
    if block.get("scheme") != AUDIT_SCHEME or not _point_ok(head) or not isinstance(points, list):
        return False
    if head.get("code") != head_code(head["seq"], head["hash"]):
        return False
    if not all(_point_ok(p) for p in points):
        return False
    seqs = [p["seq"] for p in points]
    if seqs != sorted(set(seqs)) or (seqs and seqs[-1] >= head["seq"]):
        return False
    if points:
        return isinstance(previous, dict) and (previous.get("seq"), previous.get("hash")) == (
            points[-1]["seq"],
            points[-1]["hash"],
        )
    return previous is None


def _json(contents: Mapping[str, bytes], fname: str, package: str) -> dict[str, Any]:
    if fname not in contents:
        raise StationError(f"{package} 缺少 {fname}，不是本系统生成的数据包。")
    try:
        return json.loads(contents[fname].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise StationError(f"{package} 中的 {fname} 无法解析：{reason_text(exc)}。") from exc
