"""附件 of patrol records (现场照片, a scanned signed record) through the shared attachment
component: listed without their bytes, added after the content check of
``domain/attachments`` (JPEG/PNG/PDF by magic bytes, ≤ 10 MB), read one at a time, and removed
only with a reason — the ``patrol_attachment`` table (migration 0026) keeps no void columns,
so a removal deletes the row and its audit row keeps what it was (name, type, size, SHA-256)
and why (decided). Each change is one unit of work with its audit row; the record is touched
so its window repaints."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from station_app.data.repo import attachments as arepo
from station_app.domain import attachments as rules
from station_app.errors import NotFoundError
from station_app.services.attachments import (
    KIND_PATROL_ATTACHMENT,
    AttachmentView,
    audit_facts,
    read_file,
)
from station_app.services.base import Changes, Service, Tx

KIND_RECORD = "patrol_record"


def _view(r: Any) -> AttachmentView:
    return AttachmentView(r.id, r.filename, r.mime, r.size, r.added_at)


class PatrolAttachments(Service):
    """A patrol record's attachments. Any thread; each call opens its own session."""

    def record_attachments(self, record_id: int) -> tuple[AttachmentView, ...]:
        """The record's attachments, oldest first (no bytes)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            if not arepo.patrol_record_exists(s, record_id):
                raise NotFoundError("未找到该巡查记录。")
            return tuple(_view(r) for r in arepo.patrol_attachments(s, record_id))

    def record_attachment_data(self, attachment_id: int) -> bytes:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = arepo.patrol_attachment(s, attachment_id)
            if row is None:
                raise NotFoundError("未找到该附件（可能已被他人删除）。")
            return bytes(row.data)

    def add_record_attachment(
        self, record_id: int, filename: str, data: bytes
    ) -> tuple[AttachmentView, Changes]:
        """Attach ``data`` to the record; refused, writing nothing, when the content is not a
        JPEG/PNG/PDF, is empty or is over 10 MB."""
        checked = rules.check_file(filename, data)

        def add(tx: Tx) -> AttachmentView:
            if not arepo.patrol_record_exists(tx.s, record_id):
                raise NotFoundError("未找到该巡查记录。")
            row = arepo.add_patrol_attachment(
                tx.s, record_id, filename=checked.filename, mime=checked.mime,
                size=checked.size, data=data,
            )  # fmt: skip
            tx.created(KIND_PATROL_ATTACHMENT, row.id, audit_facts(checked, record=record_id))
            tx.touch(KIND_RECORD, [record_id])
            return _view(row)

        return self._transact("patrols.record", add)

    def add_record_attachment_file(
        self, record_id: int, path: Path
    ) -> tuple[AttachmentView, Changes]:
        return self.add_record_attachment(record_id, Path(path).name, read_file(path))

    def remove_record_attachment(self, attachment_id: int, reason: str) -> Changes:
        """Delete one attachment with ``reason``; the audit row keeps its name, size and hash."""
        why = rules.check_reason(reason)

        def remove(tx: Tx) -> None:
            row = arepo.patrol_attachment(tx.s, attachment_id)
            if row is None:
                raise NotFoundError("未找到该附件（可能已被他人删除）。")
            before = {
                "record": row.record_id, "filename": row.filename, "mime": row.mime,
                "size": row.size, "sha256": hashlib.sha256(bytes(row.data)).hexdigest(),
            }  # fmt: skip
            record_id = row.record_id
            arepo.delete_patrol_attachment(tx.s, row)
            tx.deleted(KIND_PATROL_ATTACHMENT, attachment_id, before, f"删除附件：{why}")
            tx.touch(KIND_RECORD, [record_id])

        _, changes = self._transact("patrols.record", remove)
        return changes
