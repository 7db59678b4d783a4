"""双随机一公开 draws: the 抽查事项清单 (check items), each numbered draw with its frozen pool
(the pool file itself, zlib-compressed, so ``verify`` recomputes from what was drawn), seed
parts, quotas and result, the recusal register (回避登记).

A drawn object's check is a patrol record of the patrols area (#15): ``DrawObject.record_id``
is that record's id (a foreign key since 0060); ``result`` and ``checked_on`` are read from
the record when it is entered (or set by hand for 无法检查), and the 公示 prints them.
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
from station_app.data.types import UtcDateTime


class CheckItem(Versioned, Base):
    """抽查事项: one item of the station's 抽查事项清单 (一单两库's 一单)."""

    __tablename__ = "check_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    basis: Mapped[str] = mapped_column(Text, nullable=False, default="")
    checklist_code: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Draw(Versioned, Base):
    """双随机抽取: one numbered draw. ``pool`` is the pool file (``docs/draws.md``) compressed
    with zlib; ``quotas``, ``pool_sizes``, ``sizes``, the filters and ``publication`` are JSON
    text. ``state``: ``drawn`` 已抽取, ``published`` 已公示, ``superseded`` 已重抽 (a redraw
    points back with ``redraw_of_id``; the first stays)."""

    __tablename__ = "draw"
    __table_args__ = (
        Index("ix_draw_item_id_state", "item_id", "state"),
        Index("ix_draw_drawn_at", "drawn_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    item_id: Mapped[int] = mapped_column(ForeignKey("check_item.id"), nullable=False)
    item_name: Mapped[str] = mapped_column(String(100), nullable=False)
    object_filter_name: Mapped[str] = mapped_column(String(40), nullable=False)
    object_filter: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    inspector_filter_name: Mapped[str] = mapped_column(String(40), nullable=False)
    inspector_filter: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    grade_basis: Mapped[str] = mapped_column(String(10), nullable=False, default="credit")
    quotas: Mapped[str] = mapped_column(Text, nullable=False)
    min_inspectors: Mapped[int] = mapped_column(Integer, nullable=False)
    exclude_months: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    drawn_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    draw_time: Mapped[str] = mapped_column(String(19), nullable=False)
    witness_digits: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    witness_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    pool_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    seed: Mapped[str] = mapped_column(String(64), nullable=False)
    algorithm: Mapped[str] = mapped_column(String(30), nullable=False)
    pool_sizes: Mapped[str] = mapped_column(Text, nullable=False)
    sizes: Mapped[str] = mapped_column(Text, nullable=False)
    inspector_pool_size: Mapped[int] = mapped_column(Integer, nullable=False)
    excluded_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    pool: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    state: Mapped[str] = mapped_column(String(12), nullable=False, default="drawn")
    redraw_of_id: Mapped[int | None] = mapped_column(ForeignKey("draw.id"), nullable=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    approved_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    run_by: Mapped[str] = mapped_column(String(40), nullable=False)
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    published_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    publication: Mapped[str] = mapped_column(Text, nullable=False, default="")


class DrawObject(Base):
    """A drawn object: its key and grade as in the pool, its rank and ticket in its grade; the
    check's patrol record (``record_id``, #15) and its result once entered."""

    __tablename__ = "draw_object"
    __table_args__ = (Index("ix_draw_object_entity_id", "entity_id"),)

    draw_id: Mapped[int] = mapped_column(
        ForeignKey("draw.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(30), nullable=False)
    grade: Mapped[str] = mapped_column(String(1), nullable=False)
    rank: Mapped[int] = mapped_column(Integer, nullable=False)
    ticket: Mapped[str] = mapped_column(String(64), nullable=False)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_record.id"), nullable=True)
    result: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    checked_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    result_note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class DrawInspector(Base):
    """An inspector drawn for an object, ``position`` 1… in ticket order (1 leads)."""

    __tablename__ = "draw_inspector"
    __table_args__ = (Index("ix_draw_inspector_person_id", "person_id"),)

    draw_id: Mapped[int] = mapped_column(
        ForeignKey("draw.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False)
    key: Mapped[str] = mapped_column(String(40), nullable=False)
    ticket: Mapped[str] = mapped_column(String(64), nullable=False)


class DrawRecusal(Base):
    """A recusal applied to a drawn object (the record prints it, ``verify`` uses it)."""

    __tablename__ = "draw_recusal"

    draw_id: Mapped[int] = mapped_column(
        ForeignKey("draw.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), nullable=False)  # 执法证号 as in the pool
    reason: Mapped[str] = mapped_column(String(20), nullable=False)


class DrawExcluded(Base):
    """An object left out of the pool: checked without findings in the last N months."""

    __tablename__ = "draw_excluded"

    draw_id: Mapped[int] = mapped_column(
        ForeignKey("draw.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), primary_key=True)
    last_clear_on: Mapped[date] = mapped_column(Date, nullable=False)


class DrawConflict(Versioned, Base):
    """回避登记: a recorded relation between an inspector and an entity (kin, former
    employer, a dispute), in force from ``recorded_on`` until ``ended_on`` (exclusive)."""

    __tablename__ = "draw_conflict"
    __table_args__ = (
        Index("ix_draw_conflict_entity_id", "entity_id"),
        Index("ix_draw_conflict_person_id", "person_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), nullable=False)
    relation: Mapped[str] = mapped_column(String(100), nullable=False)
    recorded_on: Mapped[date] = mapped_column(Date, nullable=False)
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
