"""The attachment DTO every area's attachment service returns (a work order's, a patrol
record's), so one widget (``ui/widgets/attachments``) shows any of them. The bytes are never
in the list: ``…_data(id)`` reads one file when it is opened or shown as a thumbnail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from station_app.domain import attachments as rules
from station_app.errors import ValidationError

KIND_ORDER_ATTACHMENT = "order_attachment"
KIND_PATROL_ATTACHMENT = "patrol_attachment"


@dataclass(frozen=True)
class AttachmentView:
    """One attachment as listed: ``voided`` ones are kept and shown struck out with their
    reason (orders); ``sha256`` is the content's hash (hex; "" where the table keeps none)."""

    id: int
    filename: str
    mime: str
    size: int
    added_at: datetime | None
    added_by: str = ""
    sha256: str = ""
    voided: bool = False
    void_reason: str = ""

    @property
    def is_image(self) -> bool:
        return self.mime in rules.IMAGES

    @property
    def type_label(self) -> str:
        return rules.TYPE_LABELS.get(self.mime, self.mime)

    @property
    def size_text(self) -> str:
        return rules.size_text(self.size)

    def as_json(self) -> dict[str, Any]:
        from station_app.domain.orders.timing import iso

        return {
            "id": self.id,
            "filename": self.filename,
            "mime": self.mime,
            "size": self.size,
            "sha256": self.sha256,
            "added_at": iso(self.added_at) if self.added_at else None,
            "added_by": self.added_by,
            "voided": self.voided,
            "void_reason": self.void_reason,
        }


def audit_facts(checked: rules.CheckedFile, **more: Any) -> dict[str, Any]:
    """What an attachment's audit row keeps (never the bytes): name, type, size, hash."""
    return {
        "filename": checked.filename,
        "mime": checked.mime,
        "size": checked.size,
        "sha256": checked.sha256,
        **more,
    }


def read_file(path: Path) -> bytes:
    """A file's bytes (at most one byte over the limit, so a huge file or a device is refused
    by :func:`~station_app.domain.attachments.check_file` without being read whole)."""
    from station_app.files import read_limited

    p = Path(path)
    if not p.is_file():
        raise ValidationError(f"找不到文件“{p.name}”，或它不是一个文件。", field="file")
    try:
        return read_limited(p, rules.MAX_BYTES)
    except OSError as exc:
        raise ValidationError(
            f"无法读取文件“{p.name}”：{exc.strerror or exc}", field="file"
        ) from exc
