"""Red and black lists (红黑榜): list kinds, entries, credit-repair applications and the
snapshots of what was published.

An entry moves 待审批 (``proposed``) → 已列入 (``listed``) → 已移出 (``removed``), or
待审批 → 已退回 (``refused``). Entries imported from the credit system arrive ``listed``
(the decision was made by the authority named in ``authority``). Vocabularies and rules live
in :mod:`station_app.domain.lists`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned
from station_app.data.types import UtcDateTime, utc_now


class ListKind(Versioned, Base):
    """A list or title (榜单类别), editable. Defaults are seeded by migration 0006.

    ``colour`` red | black. ``validity_months`` the default term (None: until removed).
    ``tiered``: entries carry a repair tier (minor/moderate/serious, Order 107) that sets the
    earliest repair date and the automatic end. ``applies_to``: "" any entity, "企业" every type
    but 个体工商户, "个体工商户" only those. ``grade_indicator``: which indicator of the local
    grade a listing sets ("blacklisted", "abnormal" or ""). ``published_by_station``: included
    in the station's own 红黑榜 notice by default (the official lists are published on the
    公示系统)."""

    __tablename__ = "list_kind"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    colour: Mapped[str] = mapped_column(String(5), nullable=False)
    validity_months: Mapped[int | None] = mapped_column(Integer)
    tiered: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    default_tier: Mapped[str | None] = mapped_column(String(10))
    applies_to: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    grade_indicator: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    published_by_station: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PublicationSnapshot(Base):
    """What one 红黑榜 notice published, exactly: the canonical JSON (``payload``, hashed in
    ``sha256``) and the PDF bytes as issued. Never edited."""

    __tablename__ = "list_publication"
    __table_args__ = (Index("ix_list_publication_period", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(10), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    kinds: Mapped[str] = mapped_column(Text, nullable=False)  # JSON list of kind names
    entry_count: Mapped[int] = mapped_column(Integer, nullable=False)
    generated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    generated_by: Mapped[str] = mapped_column(String(40), nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class ListEntry(Versioned, Base):
    """One entity on one list (列入记录)."""

    __tablename__ = "list_entry"
    __table_args__ = (
        Index("ix_list_entry_entity_id", "entity_id"),
        Index("ix_list_entry_kind_id", "kind_id"),
        Index("ix_list_entry_status", "status"),
        Index("ix_list_entry_valid_until", "valid_until"),
        Index("ix_list_entry_listed_on", "listed_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), nullable=False)
    kind_id: Mapped[int] = mapped_column(ForeignKey("list_kind.id"), nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="proposed")
    source: Mapped[str] = mapped_column(String(10), nullable=False, default="本所")
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    public_summary: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    legal_basis: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decision_no: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    authority: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    tier: Mapped[str | None] = mapped_column(String(10))
    listed_on: Mapped[date] = mapped_column(Date, nullable=False)
    valid_until: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    proposed_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    approved_by: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    refusal_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    published_on: Mapped[date | None] = mapped_column(Date)
    publication_id: Mapped[int | None] = mapped_column(ForeignKey("list_publication.id"))
    removed_on: Mapped[date | None] = mapped_column(Date)
    removal_way: Mapped[str | None] = mapped_column(String(10))
    removal_basis: Mapped[str] = mapped_column(Text, nullable=False, default="")
    removed_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class RepairApplication(Versioned, Base):
    """信用修复申请: applied → checked → removed | refused. ``deadline_on`` is 7 working days
    after ``applied_on`` (Order 107); ``earliest_on`` the first date the tier allowed."""

    __tablename__ = "list_repair"
    __table_args__ = (
        Index("ix_list_repair_entry_id", "entry_id"),
        Index("ix_list_repair_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("list_entry.id"), nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="applied")
    applied_on: Mapped[date] = mapped_column(Date, nullable=False)
    earliest_on: Mapped[date] = mapped_column(Date, nullable=False)
    deadline_on: Mapped[date] = mapped_column(Date, nullable=False)
    statement: Mapped[str] = mapped_column(Text, nullable=False, default="")
    registered_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    check_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    checked_on: Mapped[date | None] = mapped_column(Date)
    checked_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    decision_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
