"""Work orders (工单, issue #14): the order row, its event log, its 督办 records, and the link of a
roster person to a user (a grid worker signs in as themselves).

The log (``order_event``) is the truth: every step is a row appended in order and never
changed or deleted. The order row's state, assignee, timestamps and clock columns are a
**cache** of what the log amounts to (``domain/orders/log.fold`` + ``clocks``), rewritten by
every write in the same transaction, so lists, sorting and figures run in SQL. Moments are
``UtcDateTime`` (aware, stored UTC, shown in Asia/Shanghai).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned
from station_app.data.types import UtcDateTime, utc_now


class WorkOrder(Versioned, Base):
    """工单: anything the station must handle against a clock (``domain/orders/kinds.KINDS``)."""

    __tablename__ = "work_order"
    __table_args__ = (
        UniqueConstraint("kind", "platform_no", name="uq_work_order_kind_platform_no"),
        Index("ix_work_order_received_at", "received_at"),
        Index("ix_work_order_state_next_due_at", "state", "next_due_at"),
        Index("ix_work_order_grid_id", "grid_id"),
        Index("ix_work_order_platform_no", "platform_no"),
        Index("ix_work_order_closed_at", "closed_at"),  # figures: closed in a period (0053)
        Index("ix_work_order_visited_at", "visited_at"),  # figures: visited in a period (0053)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    channel: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    category: Mapped[str] = mapped_column(String(20), nullable=False, default="其他")
    platform_no: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))
    subject_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    subject_address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    requester_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    requester_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    real_name: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    reporter_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id", ondelete="SET NULL"))
    department: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    # ---- cache of the log (rewritten by every write) ---------------------------------------
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="待派单")
    paused: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    overdue: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    late: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    next_clock: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    next_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    rework: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    lead_level: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    assignee_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    assignee_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    assignee_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    dispatched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    onsite_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    fed_back_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    response_24h: Mapped[bool | None] = mapped_column(Boolean)
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    same_day: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    visited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    process_satisfaction: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    result_satisfaction: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    reasonable: Mapped[bool | None] = mapped_column(Boolean)


class OrderEvent(Base):
    """One step of an order's log (``domain/orders/log.Event``): appended, never changed.
    ``at`` is when it happened, ``recorded_at`` when it was written; ``data`` holds the
    step's facts as JSON (moments as ISO text with their offset)."""

    __tablename__ = "order_event"
    __table_args__ = (UniqueConstraint("order_id", "seq", name="uq_order_event_order_id_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("work_order.id", ondelete="RESTRICT"), nullable=False
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    step: Mapped[str] = mapped_column(String(20), nullable=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    data: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class OrderSupervision(Base):
    """督办: an overdue order supervised by the station side and the community side (双督办),
    with the 督办通知单's number (〔年〕N号)."""

    __tablename__ = "order_supervision"
    __table_args__ = (Index("ix_order_supervision_order_id", "order_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("work_order.id", ondelete="RESTRICT"), nullable=False
    )
    doc_number: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    level: Mapped[str] = mapped_column(String(10), nullable=False, default="督办")
    station_side: Mapped[str] = mapped_column(String(60), nullable=False)
    community_side: Mapped[str] = mapped_column(String(60), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    username: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class OrderAttachment(Base):
    """附件 of an order (a grid clue's photos, a scanned reply): JPEG/PNG/PDF checked by its
    magic bytes (``domain/attachments``), stored in the database so every PC of a shared
    station sees it. Never deleted: a mistaken one is voided with a reason (kept, audited)."""

    __tablename__ = "order_attachment"
    __table_args__ = (Index("ix_order_attachment_order_id", "order_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("work_order.id", ondelete="RESTRICT"), nullable=False
    )
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    mime: Mapped[str] = mapped_column(String(30), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    added_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    voided: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    void_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    voided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    voided_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class PersonUser(Base):
    """A roster person linked to a user account (one each way): a grid worker who signs in
    confirms as themselves, and two accounts of one person never sign an order twice."""

    __tablename__ = "person_user"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, unique=True
    )
