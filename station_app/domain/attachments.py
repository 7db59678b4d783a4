"""Attachments (附件: photos and scans) of any record — a work order, a patrol record: the one
check every area uses before a file is stored. Pure: the type is judged by the file's first
bytes (its magic number), never by its name, so a program renamed ``.jpg`` is refused; the
size limit is in bytes. Messages are Chinese and say what to do.

Kept types: JPEG and PNG photos (shown as thumbnails) and PDF scans. A removal is never
silent: the service voids (or deletes) with a reason and an audit row keeping the SHA-256.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from station_app.errors import ValidationError

MAX_BYTES = 10 * 1024 * 1024
"""The largest attachment kept (10 MB): a phone photo is 2–6 MB, a scanned page below 1 MB.
Stored in the database, so that every PC of a PostgreSQL station sees them."""

MAX_NAME = 200  # characters of a file name kept (the column's width)

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
TYPE_LABELS = {JPEG: "JPEG 照片", PNG: "PNG 图片", PDF: "PDF 扫描件"}
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", PDF: ".pdf"}
IMAGES = frozenset({JPEG, PNG})

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"%PDF-", PDF),
)

ACCEPTED_TEXT = "JPEG、PNG 照片或 PDF 扫描件"
REMOVE_REASON_MIN = 2  # characters: a reason says why, "错" is not one


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed :func:`check_file`: its kept name, type, size and SHA-256 (hex)."""

    filename: str
    mime: str
    size: int
    sha256: str

    @property
    def is_image(self) -> bool:
        return self.mime in IMAGES


def sniff(data: bytes) -> str | None:
    """The type the first bytes say (``JPEG``, ``PNG``, ``PDF``), or None."""
    head = data[:16]
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    return None


def clean_name(filename: str) -> str:
    """The file's own name, without folders or control characters, at most 200 characters
    (the extension kept)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        keep = ext if dot and len(ext) <= 10 else ""
        name = (stem if keep else name)[: MAX_NAME - len(keep) - 1] + ("." + keep if keep else "")
    return name


def check_file(filename: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> CheckedFile:
    """``data`` as an attachment named ``filename``, or a :class:`ValidationError` saying why
    not (empty, too large, not a JPEG/PNG/PDF by its content)."""
    name = clean_name(filename)
    if not name:
        raise ValidationError("附件须有文件名。", field="file")
    if not data:
        raise ValidationError(f"文件“{name}”是空的（0 字节），未添加。", field="file")
    if len(data) > max_bytes:
        raise ValidationError(
            f"文件“{name}”有 {size_text(len(data))}，超过附件上限 {size_text(max_bytes)}；"
            "请压缩照片或分页扫描后再添加。",
            field="file",
        )
    mime = sniff(data)
    if mime is None:
        raise ValidationError(
            f"文件“{name}”不是{ACCEPTED_TEXT}（按文件内容判断，与扩展名无关），未添加。"
            "请选择相机或扫描仪生成的原始文件。",
            field="file",
        )
    if mime == PDF and b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            f"文件“{name}”是不完整的 PDF（文件末尾缺少结束标记，可能未下载或复制完整），未添加。",
            field="file",
        )
    return CheckedFile(name, mime, len(data), hashlib.sha256(data).hexdigest())


def check_reason(reason: str) -> str:
    """The reason a removal needs (an attachment is evidence: never removed without one)."""
    text = (reason or "").strip()
    if len(text) < REMOVE_REASON_MIN:
        raise ValidationError("作废附件须填写原因，例如“拍错对象”。", field="reason")
    return text


def size_text(size: int) -> str:
    """``2.4 MB``, ``380 KB``, ``12 字节``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} 字节"
