"""The few queries attachments need (work orders' and patrol records'): the list without the
bytes (``deferred`` would still load the rows; these select the columns), one file's bytes,
and an insert. Take a Session."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.data.models import OrderAttachment, PatrolAttachment, WorkOrder

_ORDER_COLUMNS = (
    OrderAttachment.id,
    OrderAttachment.filename,
    OrderAttachment.mime,
    OrderAttachment.size,
    OrderAttachment.added_at,
    OrderAttachment.added_by,
    OrderAttachment.sha256,
    OrderAttachment.voided,
    OrderAttachment.void_reason,
)
_PATROL_COLUMNS = (
    PatrolAttachment.id,
    PatrolAttachment.filename,
    PatrolAttachment.mime,
    PatrolAttachment.size,
    PatrolAttachment.added_at,
)


def order_attachments(s: Session, order_id: int) -> list[Any]:
    """An order's attachments (named tuples of the listed columns), oldest first."""
    q = select(*_ORDER_COLUMNS).where(OrderAttachment.order_id == order_id)
    return list(s.execute(q.order_by(OrderAttachment.id)).all())


def order_attachment(s: Session, attachment_id: int) -> OrderAttachment | None:
    return s.get(OrderAttachment, attachment_id)


def order_of(s: Session, order_id: int) -> WorkOrder | None:
    return s.get(WorkOrder, order_id)


def add_order_attachment(s: Session, order_id: int, **values: Any) -> OrderAttachment:
    row = OrderAttachment(order_id=order_id, **values)
    s.add(row)
    s.flush()
    return row


def patrol_attachments(s: Session, record_id: int) -> list[Any]:
    q = select(*_PATROL_COLUMNS).where(PatrolAttachment.record_id == record_id)
    return list(s.execute(q.order_by(PatrolAttachment.id)).all())


def patrol_attachment(s: Session, attachment_id: int) -> PatrolAttachment | None:
    return s.get(PatrolAttachment, attachment_id)


def add_patrol_attachment(s: Session, record_id: int, **values: Any) -> PatrolAttachment:
    row = PatrolAttachment(record_id=record_id, **values)
    s.add(row)
    s.flush()
    return row


def delete_patrol_attachment(s: Session, row: PatrolAttachment) -> None:
    s.delete(row)
    s.flush()


def patrol_record_exists(s: Session, record_id: int) -> bool:
    from station_app.data.models import PatrolRecord

    return s.get(PatrolRecord, record_id) is not None
