"""附件 of work orders (a grid clue's photos, a scanned reply): listed without their bytes,
added after the content check of ``domain/attachments`` (JPEG/PNG/PDF by magic bytes,
≤ 10 MB), read one at a time, and **voided** with a reason — never deleted (decided: an
attachment is evidence; the voided file stays in the database, struck out in the list, its
audit row naming the hash). Each change is one unit of work with its audit row; the order is
touched so its window and list repaint. Stored in the database: every PC of a PostgreSQL
station sees the same files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from station_app.data.repo import attachments as arepo
from station_app.data.repo import orders as repo
from station_app.domain import attachments as rules
from station_app.domain.orders import kinds as k
from station_app.errors import NotFoundError, ValidationError
from station_app.services.attachments import (
    KIND_ORDER_ATTACHMENT,
    AttachmentView,
    audit_facts,
    read_file,
)
from station_app.services.base import Changes, Tx
from station_app.services.orders.core import OrdersCore, _may_see
from station_app.services.orders.views import KIND


def _view(r: Any) -> AttachmentView:
    return AttachmentView(
        r.id, r.filename, r.mime, r.size, r.added_at, r.added_by, r.sha256, r.voided,
        r.void_reason,
    )  # fmt: skip


def _not_found(number: str) -> NotFoundError:
    return NotFoundError(f"未找到工单“{number}”（请核对本所工单编号或平台工单编号）。")


class OrderAttachments(OrdersCore):
    """An order's attachments. Any thread; each call opens its own session."""

    def attachments(self, number: str) -> tuple[AttachmentView, ...]:
        """Every attachment of the order ``number`` (voided ones too, marked), oldest first."""
        actor = self._auth.require("data.view")
        with self._db.session() as s:
            row = repo.order_by_number(s, number)
            if row is None or not _may_see(s, actor, row, self._clock.today()):
                raise _not_found(number)
            return tuple(_view(r) for r in arepo.order_attachments(s, row.id))

    def attachment_data(self, attachment_id: int) -> bytes:
        """The bytes of one attachment (to show or open it); the order must be visible."""
        actor = self._auth.require("data.view")
        with self._db.session() as s:
            att = arepo.order_attachment(s, attachment_id)
            order = arepo.order_of(s, att.order_id) if att else None
            if att is None or order is None or not _may_see(s, actor, order, self._clock.today()):
                raise NotFoundError("未找到该附件（可能已被他人作废或工单不可见）。")
            return bytes(att.data)

    def add_attachment(
        self, number: str, filename: str, data: bytes
    ) -> tuple[AttachmentView, Changes]:
        """Attach ``data`` (named ``filename``) to the order; refused, writing nothing, when it is
        not a JPEG/PNG/PDF by its content, empty or over 10 MB, or the order is 作废."""
        checked = rules.check_file(filename, data)

        def add(tx: Tx) -> AttachmentView:
            order = repo.order_by_number(tx.s, number)
            if order is None or not _may_see(tx.s, tx.actor, order, tx.today):
                raise _not_found(number)
            if order.state == k.VOID:
                raise ValidationError(f"工单 {order.number} 已作废，不能再添加附件。", field="file")
            row = arepo.add_order_attachment(
                tx.s, order.id, filename=checked.filename, mime=checked.mime,
                size=checked.size, sha256=checked.sha256, data=data,
                added_by=tx.actor.username,
            )  # fmt: skip
            tx.created(KIND_ORDER_ATTACHMENT, row.id, audit_facts(checked, order=order.number))
            tx.touch(KIND, [order.id])
            return _view(row)

        return self._transact("orders.register", add)

    def add_attachment_file(self, number: str, path: Path) -> tuple[AttachmentView, Changes]:
        """:meth:`add_attachment` of a file on disk (the CLI, the file chooser)."""
        return self.add_attachment(number, Path(path).name, read_file(path))

    def void_attachment(self, attachment_id: int, reason: str) -> tuple[AttachmentView, Changes]:
        """Void an attachment with ``reason``: kept (bytes and all), marked, audited."""
        why = rules.check_reason(reason)

        def void(tx: Tx) -> AttachmentView:
            att = arepo.order_attachment(tx.s, attachment_id)
            if att is None:
                raise NotFoundError("未找到该附件。")
            if att.voided:
                raise ValidationError(f"附件“{att.filename}”已作废。", field="reason")
            att.voided, att.void_reason, att.voided_by = True, why, tx.actor.username
            att.voided_at = self._now()
            tx.s.flush()
            tx.updated(
                KIND_ORDER_ATTACHMENT, att.id,
                {"voided": False, "filename": att.filename, "sha256": att.sha256},
                {"voided": True, "filename": att.filename, "sha256": att.sha256},
                f"作废附件：{why}",
            )  # fmt: skip
            tx.touch(KIND, [att.order_id])
            return _view(att)

        return self._transact("orders.handle", void)
