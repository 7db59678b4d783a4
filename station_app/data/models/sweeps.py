"""Street sweeps (扫街纳管): shops captured on a sweep, later linked to the entity register.

The optional photo lives in its own table (``sweep_photo``, one row per capture): lists, the
per-grid to-do counts and ORM loads of a capture never read the image bytes (up to 5 MB
each), and a ``has_photo`` flag on the capture lets lists show a photo mark without a join.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned
from station_app.data.types import UtcDateTime


class SweepCapture(Versioned, Base):
    """扫街纳管记录: one shop found on a sweep. ``status`` is 待关联 until it is linked to a
    registered entity (已关联), registered as a new one (新登记) or dismissed (已核销, with a
    reason: not a business, moved away, duplicate)."""

    __tablename__ = "sweep_capture"
    __table_args__ = (
        Index("ix_sweep_capture_status_grid_id", "status", "grid_id"),
        Index("ix_sweep_capture_grid_id", "grid_id"),
        Index("ix_sweep_capture_captured_on", "captured_on"),
        Index("ix_sweep_capture_linked_entity_id", "linked_entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grid.id"), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    operator: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    industry: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    has_photo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    captured_on: Mapped[date] = mapped_column(Date, nullable=False)
    captured_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="待关联")
    linked_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entity.id", ondelete="SET NULL")
    )
    linked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    linked_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    dismiss_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class SweepPhoto(Base):
    """The photo of a capture (JPEG or PNG, checked by its magic bytes, at most 5 MB)."""

    __tablename__ = "sweep_photo"

    capture_id: Mapped[int] = mapped_column(
        ForeignKey("sweep_capture.id", ondelete="CASCADE"), primary_key=True
    )
    mime: Mapped[str] = mapped_column(String(20), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
