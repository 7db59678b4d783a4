"""投诉调解: service stations, complaints with their mediators, sessions and agreed terms, the
documents issued, the holiday table (节假日调整) and the yearly document-number counters."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from station_app.data.models.base import Base, Versioned
from station_app.data.types import UtcDateTime, utc_now


class ServiceStation(Versioned, Base):
    """消费维权服务站 (in a community or a shopping complex)."""

    __tablename__ = "service_station"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="社区")
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    community: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    contact_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    contact_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Complaint(Versioned, Base):
    """投诉: registration, acceptance decision, mediation, result, follow-up, return visit."""

    __tablename__ = "complaint"
    __table_args__ = (
        Index("ix_complaint_received_on", "received_on"),
        Index("ix_complaint_status", "status"),
        Index("ix_complaint_channel", "channel"),
        Index("ix_complaint_entity_id", "entity_id"),
        Index("ix_complaint_service_station_id", "service_station_id"),
        Index("ix_complaint_result_on", "result_on"),
        # a platform's own number (12315 工单号): one complaint per number and channel
        Index("ux_complaint_platform_no", "channel", "platform_no", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    complainant_name: Mapped[str] = mapped_column(String(60), nullable=False)
    # pinyin search keys of the name (domain/pinyin.py): initials of every 多音字 variant, full
    complainant_initials: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    complainant_pinyin: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    complainant_phone: Mapped[str] = mapped_column(String(40), nullable=False)
    complainant_address: Mapped[str] = mapped_column(String(300), nullable=False)
    complainant_id_type: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    complainant_id_number: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    agent_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    agent_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    agent_authorised: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))
    respondent_name: Mapped[str] = mapped_column(String(200), nullable=False)
    respondent_address: Mapped[str] = mapped_column(String(300), nullable=False)
    respondent_uscc: Mapped[str] = mapped_column(String(18), nullable=False, default="")
    respondent_contact: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    respondent_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    goods: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    elderly: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # 涉老 (#19)
    occurred_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    amount_fen: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    claim: Mapped[str] = mapped_column(String(10), nullable=False)
    claim_detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    facts: Mapped[str] = mapped_column(Text, nullable=False)
    platform_no: Mapped[str | None] = mapped_column(String(40))  # imported from a platform
    service_station_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_station.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="待受理")
    # acceptance decision
    decided_on: Mapped[date | None] = mapped_column(Date)
    refusal_ground: Mapped[str] = mapped_column(String(2), nullable=False, default="")
    refusal_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # deadlines, computed and stored (provisional when a year had no holiday data)
    acceptance_due: Mapped[date] = mapped_column(Date, nullable=False)
    mediation_due: Mapped[date | None] = mapped_column(Date)
    notice_due: Mapped[date | None] = mapped_column(Date)
    deadline_warning: Mapped[str] = mapped_column(Text, nullable=False, default="")
    rules_name: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    # mediation and result
    mediation_way: Mapped[str] = mapped_column(String(4), nullable=False, default="")
    result_on: Mapped[date | None] = mapped_column(Date)
    termination_reason: Mapped[str] = mapped_column(String(2), nullable=False, default="")
    termination_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    notice_on: Mapped[date | None] = mapped_column(Date)
    performance_method: Mapped[str] = mapped_column(Text, nullable=False, default="")
    performed_on_spot: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    money_recovered_fen: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    # follow-up and return visit
    performance_status: Mapped[str] = mapped_column(String(6), nullable=False, default="")
    performance_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    performance_checked_on: Mapped[date | None] = mapped_column(Date)
    visit_on: Mapped[date | None] = mapped_column(Date)
    visit_way: Mapped[str] = mapped_column(String(4), nullable=False, default="")
    visit_process: Mapped[str] = mapped_column(String(6), nullable=False, default="")
    visit_result: Mapped[str] = mapped_column(String(6), nullable=False, default="")
    visit_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    closed_on: Mapped[date | None] = mapped_column(Date)

    mediators: Mapped[list[ComplaintMediator]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ComplaintMediator.id"
    )
    sessions: Mapped[list[MediationSession]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MediationSession.id"
    )
    terms: Mapped[list[AgreementTerm]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AgreementTerm.seq"
    )


class ComplaintMediator(Base):
    """调解人员 of a complaint, with the recusal question asked and answered (Art.19)."""

    __tablename__ = "complaint_mediator"
    __table_args__ = (Index("ix_complaint_mediator_complaint_id", "complaint_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), nullable=False
    )
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    related_to_party: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)


class MediationSession(Base):
    """One mediation session (调解记录): date, way, place, notes."""

    __tablename__ = "mediation_session"
    __table_args__ = (Index("ix_mediation_session_complaint_id", "complaint_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), nullable=False
    )
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    way: Mapped[str] = mapped_column(String(4), nullable=False)
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class AgreementTerm(Base):
    """One numbered term of a 调解协议: what, how much, how and by when it is performed."""

    __tablename__ = "agreement_term"
    __table_args__ = (UniqueConstraint("complaint_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), nullable=False
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(6), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    due_on: Mapped[date] = mapped_column(Date, nullable=False)


class ComplaintDocument(Base):
    """A document issued for a complaint: its number is allocated once, in the transaction
    that saves this row; later prints are reprints (副本)."""

    __tablename__ = "complaint_document"
    __table_args__ = (UniqueConstraint("complaint_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    number: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    issued_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    prints: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class HolidayOverride(Base):
    """节假日调整表: a day off or a make-up working day for years the package does not know."""

    __tablename__ = "holiday_override"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean, nullable=False)
    note: Mapped[str] = mapped_column(String(100), nullable=False, default="")


class DocCounter(Base):
    """Last number given for a document kind in a year (``〔2026〕N号`` resets yearly)."""

    __tablename__ = "doc_counter"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
