"""Violations and lenient enforcement (违法行为与包容审慎): the editable list of violation types
with the leniency listings (as data with effective dates), violations with rectification and
the officer's decision, administrative guidance (行政指导) and interviews (行政约谈) (issue #20,
docs/areas/visits.md §2). A light enforcement record, not a case-handling system.

``violation.reference`` names the record it came from (a patrol, a clue, a complaint, a visit)
as text; ``patrol_id``/``hazard_id`` link the patrol record and hazard it was raised from
(migration 0063).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned
from station_app.data.types import UtcDateTime


class ViolationType(Versioned, Base):
    """违法行为类型: ``code`` is what "the same type" means for the 首违不罚 check."""

    __tablename__ = "violation_type"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    category: Mapped[str] = mapped_column(String(30), nullable=False, default="其他")
    provision: Mapped[str] = mapped_column(Text, nullable=False, default="")
    basis: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class LeniencyListing(Versioned, Base):
    """A type on a 首违不罚 (``first``) or 轻微免罚 (``minor``) list of ``document``, in force
    from ``effective_from`` until ``effective_to`` (NULL: open); ``conditions`` a JSON list."""

    __tablename__ = "leniency_listing"
    __table_args__ = (Index("ix_leniency_listing_type_id", "type_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type_id: Mapped[int] = mapped_column(
        ForeignKey("violation_type.id", ondelete="CASCADE"), nullable=False
    )
    list_kind: Mapped[str] = mapped_column(String(10), nullable=False)
    document: Mapped[str] = mapped_column(String(100), nullable=False)
    list_name: Mapped[str] = mapped_column(String(200), nullable=False)
    item_no: Mapped[int] = mapped_column(Integer, nullable=False)
    conditions: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    effective_to: Mapped[date | None] = mapped_column(Date)


class Violation(Versioned, Base):
    """违法行为: found on a day by a source, rectification ordered and done, then one decision
    (``decision`` NULL until decided). ``check`` holds the 首违不罚 check as the officer saw it
    at the decision (JSON); ``provision``/``basis`` are the type's as they were then."""

    __tablename__ = "violation"
    __table_args__ = (
        Index("ix_violation_entity_id_type_code_found_on", "entity_id", "type_code", "found_on"),
        Index("ix_violation_found_on", "found_on"),
        Index("ix_violation_decision_decided_on", "decision", "decided_on"),
        Index("ix_violation_patrol_id", "patrol_id"),
        Index("ix_violation_hazard_id", "hazard_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), nullable=False
    )
    type_id: Mapped[int | None] = mapped_column(
        ForeignKey("violation_type.id", ondelete="SET NULL")
    )
    type_code: Mapped[str] = mapped_column(String(30), nullable=False)
    type_name: Mapped[str] = mapped_column(String(200), nullable=False)
    found_on: Mapped[date] = mapped_column(Date, nullable=False)
    source: Mapped[str] = mapped_column(String(10), nullable=False)
    reference: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    patrol_id: Mapped[int | None] = mapped_column(
        ForeignKey("patrol_record.id", ondelete="SET NULL")
    )  # the patrol record it was raised from (#15)
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazard.id", ondelete="SET NULL"))
    facts: Mapped[str] = mapped_column(Text, nullable=False, default="")
    harm: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    ordered_on: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    rectified_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(12))
    ground: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_no: Mapped[str | None] = mapped_column(String(60), unique=True)
    fine_fen: Mapped[int | None] = mapped_column(BigInteger)
    warning: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    transfer_to: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    decision_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    override_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    check: Mapped[str] = mapped_column(Text, nullable=False, default="")
    provision: Mapped[str] = mapped_column(Text, nullable=False, default="")
    basis: Mapped[str] = mapped_column(Text, nullable=False, default="")
    entered_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    decided_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    voided: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    void_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Guidance(Versioned, Base):
    """行政指导书: a numbered guidance to an entity, optionally for a violation or a visit;
    ``advice`` a JSON list of the numbered points."""

    __tablename__ = "guidance"
    __table_args__ = (
        Index("ix_guidance_entity_id", "entity_id"),
        Index("ix_guidance_issued_on", "issued_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), nullable=False
    )
    violation_id: Mapped[int | None] = mapped_column(
        ForeignKey("violation.id", ondelete="SET NULL")
    )
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id", ondelete="SET NULL"))
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    matters: Mapped[str] = mapped_column(Text, nullable=False)
    advice: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    basis: Mapped[str] = mapped_column(Text, nullable=False, default="")
    reply_by: Mapped[date | None] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class Interview(Versioned, Base):
    """行政约谈: who was interviewed (JSON ``[{name, position}]``), by whom (JSON names), when,
    the topic, the commitments (JSON list) and the follow-up."""

    __tablename__ = "interview"
    __table_args__ = (
        Index("ix_interview_entity_id_day", "entity_id", "day"),
        Index("ix_interview_day", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), nullable=False
    )
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    interviewers: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    interviewees: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    topic: Mapped[str] = mapped_column(String(200), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    commitments: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    follow_up_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
