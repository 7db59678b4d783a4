"""预警 (early warnings, #19): the warning list, and what the prepaid-card check needs to see a
change of legal representative or status — the last seen values of the watched entities and
the changes found. docs/areas/prices.md §9.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned
from station_app.data.types import UtcDateTime, utc_now


class EarlyWarning(Versioned, Base):
    """预警: one per (kind, key) while open; 新 → 已确认 → 已处置. ``active`` is False once a scan
    finds the condition gone (条件已消除); the row stays."""

    __tablename__ = "warning"
    __table_args__ = (
        Index("ix_warning_kind_key", "kind", "key"),
        Index("ix_warning_state", "state"),
        Index("ix_warning_entity_id", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    key: Mapped[str] = mapped_column(String(120), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    explanation: Mapped[str] = mapped_column(Text, nullable=False)
    level: Mapped[str] = mapped_column(String(2), nullable=False, default="中")
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="SET NULL"))
    evidence: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    digest: Mapped[str] = mapped_column(String(16), nullable=False, default="")
    latest: Mapped[date | None] = mapped_column(Date)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    cleared_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(String(4), nullable=False, default="新")
    acked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acked_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    resolution: Mapped[str] = mapped_column(String(12), nullable=False, default="")
    resolution_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    action_ref: Mapped[str] = mapped_column(String(60), nullable=False, default="")


class EntityWatch(Base):
    """The last seen legal representative and status of an entity the prepaid check watches
    (the registry keeps no history of these fields)."""

    __tablename__ = "entity_watch"

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), primary_key=True
    )
    legal_rep: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    status_since: Mapped[date] = mapped_column(Date, nullable=False)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)


class EntityChange(Base):
    """A change of a watched field, with the day it was first seen (or the audit trail's day)."""

    __tablename__ = "entity_change"
    __table_args__ = (
        Index("ix_entity_change_entity_id", "entity_id"),
        Index("ix_entity_change_seen_on", "seen_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), nullable=False
    )
    field: Mapped[str] = mapped_column(String(20), nullable=False)
    old: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    new: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    seen_on: Mapped[date] = mapped_column(Date, nullable=False)
