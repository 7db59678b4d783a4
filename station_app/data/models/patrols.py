"""Patrols and inspections (日常巡查): rules, checklists, the plan, records, hazards, samplings.

The rules of the area are in :mod:`station_app.domain.patrols`; the design, the plan's SQL and
its cost in ``docs/areas/patrols.md``. ``patrol_task`` is the big table (a month of plans at
1,000,000 entities is ~2 million rows): it is narrow, not ``Versioned``, written set-based by
the plan and changed one row at a time only by its record.
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
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned
from station_app.data.types import UtcDateTime, utc_now


class PatrolRuleVersion(Versioned, Base):
    """巡查规则版本: every rule (``domain.patrols.rules.PatrolRule.as_dict``) as JSON, in force
    from ``effective_from`` until the next version's."""

    __tablename__ = "patrol_rule_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False, unique=True)
    rules: Mapped[str] = mapped_column(Text, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class Checklist(Versioned, Base):
    """检查表 template: ``code`` is stable; the items live in its versions."""

    __tablename__ = "checklist"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(30), nullable=False)
    industries: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class ChecklistVersion(Base):
    """One version of a template's items (JSON). Immutable once a record uses it."""

    __tablename__ = "checklist_version"
    __table_args__ = (UniqueConstraint("checklist_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checklist_id: Mapped[int] = mapped_column(
        ForeignKey("checklist.id", ondelete="CASCADE"), nullable=False
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    name: Mapped[str] = mapped_column(String(30), nullable=False)
    items: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)


class PatrolWindow(Base):
    """A plan window: a kind of visit by a performer in ``start_on`` … ``end_on``."""

    __tablename__ = "patrol_window"
    __table_args__ = (UniqueConstraint("kind", "performer", "start_on", "end_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    performer: Mapped[str] = mapped_column(String(12), nullable=False)
    start_on: Mapped[date] = mapped_column(Date, nullable=False)
    end_on: Mapped[date] = mapped_column(Date, nullable=False)


class PatrolTask(Base):
    """计划任务: one entity's visit in one window (a re-check: no window, scheduled by its
    hazards). ``grade`` is the grade it was planned with; ``person_id`` None: unassigned.
    ``status``: ``pending`` (open, not visited), ``attempted`` (open after a 闭门未遇 visit:
    history to the plan), ``done``. Indexes: ``(entity_id, window_id)`` (the plan's identity,
    the entity card) and the covering ``(due_on, grid_id, person_id, grade, status, end_on)``
    (the day's list, coverage; measured: a wider set cost the plan a third more time).

    No foreign keys, on purpose: PostgreSQL checks each by a trigger per inserted row, which
    made a month's plan at 1,000,000 entities take 66 s instead of 13 s. The plan inserts
    only ids it has just read; the lists join ``entity``, so the tasks of a deleted entity
    are never shown, and the next plan of their period drops them (not applicable)."""

    __tablename__ = "patrol_task"
    __table_args__ = (
        UniqueConstraint("entity_id", "window_id"),
        Index(
            "ix_patrol_task_due_on_cover",
            "due_on",
            "grid_id",
            "person_id",
            "grade",
            "status",
            "end_on",
        ),
        Index(
            "ix_patrol_task_unassigned",
            "due_on",
            postgresql_where=text("person_id IS NULL"),
            sqlite_where=text("person_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_id: Mapped[int | None] = mapped_column(Integer)  # patrol_window.id
    entity_id: Mapped[int] = mapped_column(Integer, nullable=False)  # entity.id
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    end_on: Mapped[date] = mapped_column(Date, nullable=False)
    grade: Mapped[str] = mapped_column(String(1), nullable=False, default="")
    grid_id: Mapped[int | None] = mapped_column(Integer)  # grid.id
    person_id: Mapped[int | None] = mapped_column(Integer)  # person.id
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="pending")
    attempts: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    done_record_id: Mapped[int | None] = mapped_column(Integer)


class PatrolRecord(Versioned, Base):
    """巡查记录 / 现场检查记录: one visit to one entity, with its source (why it happened)."""

    __tablename__ = "patrol_record"
    __table_args__ = (
        Index("ix_patrol_record_entity_id_day", "entity_id", "day"),
        Index("ix_patrol_record_day_cover", "day", "entity_id", "source", "result"),
        Index("ix_patrol_record_task_id", "task_id"),
        Index("ix_patrol_record_source_reference", "source", "reference"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), nullable=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    source: Mapped[str] = mapped_column(String(10), nullable=False)
    reference: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    task_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_task.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_record.id"))
    checklist_version_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_version.id"))
    answers: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    result: Mapped[str] = mapped_column(String(8), nullable=False)
    late: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    present_party: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="SET NULL"))
    entered_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    voided: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    void_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PatrolRecordInspector(Base):
    """The inspectors of a record, in order (the first leads): roster people."""

    __tablename__ = "patrol_record_inspector"
    __table_args__ = (Index("ix_patrol_record_inspector_person_id", "person_id"),)

    record_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_record.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False)


class PatrolAttachment(Base):
    """A photo (JPEG/PNG) or a scanned PDF of a record, checked by its magic bytes."""

    __tablename__ = "patrol_attachment"
    __table_args__ = (Index("ix_patrol_attachment_record_id", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_record.id", ondelete="CASCADE"), nullable=False
    )
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    mime: Mapped[str] = mapped_column(String(30), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)


class RectificationNotice(Versioned, Base):
    """责令改正通知书: numbered ``〔年〕N号`` when issued; its hazards point at it."""

    __tablename__ = "rectification_notice"
    __table_args__ = (Index("ix_rectification_notice_entity_id", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), nullable=False)
    record_id: Mapped[int] = mapped_column(ForeignKey("patrol_record.id"), nullable=False)
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    deadline: Mapped[date] = mapped_column(Date, nullable=False)
    basis: Mapped[str] = mapped_column(Text, nullable=False, default="")
    issued_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class Hazard(Versioned, Base):
    """隐患: a finding of a record; open until a passing re-check closes it (see
    ``domain.patrols.hazards``)."""

    __tablename__ = "hazard"
    __table_args__ = (
        Index("ix_hazard_entity_id_state", "entity_id", "state"),
        Index("ix_hazard_state_deadline", "state", "deadline"),
        Index("ix_hazard_found_on", "found_on"),
        Index("ix_hazard_record_id", "record_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("patrol_record.id"), nullable=False)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), nullable=False)
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    severity: Mapped[str] = mapped_column(String(4), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    item_key: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    found_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    found_on: Mapped[date] = mapped_column(Date, nullable=False)
    mode: Mapped[str] = mapped_column(String(8), nullable=False)
    state: Mapped[str] = mapped_column(String(12), nullable=False)
    deadline: Mapped[date | None] = mapped_column(Date)
    rechecks: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    recheck_task_id: Mapped[int | None] = mapped_column(
        ForeignKey("patrol_task.id", ondelete="SET NULL")
    )
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("rectification_notice.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_record_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_record.id"))


class HazardRecheck(Base):
    """One hazard's outcome in a re-check record."""

    __tablename__ = "hazard_recheck"
    __table_args__ = (Index("ix_hazard_recheck_hazard_id", "hazard_id"),)

    record_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_record.id", ondelete="CASCADE"), primary_key=True
    )
    hazard_id: Mapped[int] = mapped_column(ForeignKey("hazard.id"), primary_key=True)
    passed: Mapped[bool] = mapped_column(Boolean, nullable=False)
    new_deadline: Mapped[date | None] = mapped_column(Date)
    transferred: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Sampling(Versioned, Base):
    """抽检 result on an entity: a failed one counts against the grade for 12 months."""

    __tablename__ = "sampling"
    __table_args__ = (
        Index("ix_sampling_entity_id_sampled_on", "entity_id", "sampled_on"),
        Index("ix_sampling_sampled_on", "sampled_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), nullable=False)
    sampled_on: Mapped[date] = mapped_column(Date, nullable=False)
    product: Mapped[str] = mapped_column(String(60), nullable=False)
    batch: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    qualified: Mapped[bool] = mapped_column(Boolean, nullable=False)
    failed_items: Mapped[str] = mapped_column(Text, nullable=False, default="")
    report_no: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    agency: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    source: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    reference: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    voided: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    void_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class HazardExtension(Base):
    """延期: one extension of a hazard's rectification deadline, approved by the head before
    the deadline passed (migration 0055). The hazard's ``deadline`` is the latest."""

    __tablename__ = "hazard_extension"
    __table_args__ = (Index("ix_hazard_extension_hazard_id", "hazard_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hazard_id: Mapped[int] = mapped_column(ForeignKey("hazard.id"), nullable=False)
    old_deadline: Mapped[date] = mapped_column(Date, nullable=False)
    new_deadline: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    approved_by: Mapped[str] = mapped_column(String(40), nullable=False)
    approved_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
