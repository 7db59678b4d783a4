"""Service visits (走访服务): teams, visits with who went and the requests raised, photos, and
each entity's annual-report (年报) status per year (issue #20, docs/areas/visits.md §2).

Who went is frozen on the visit (``visit_member``) whatever happens to the team later; the
photos live in their own table so lists never read image bytes.
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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned
from station_app.data.types import UtcDateTime


class ServiceTeam(Versioned, Base):
    """服务队: a named team of roster people and station users (``grid_id`` NULL: the whole
    station)."""

    __tablename__ = "service_team"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class ServiceTeamMember(Base):
    """One member of a team: a roster person or a station user (exactly one)."""

    __tablename__ = "service_team_member"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("service_team.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)


class Visit(Versioned, Base):
    """走访: one visit by a team to an entity (or a place) at a time. ``topics`` holds topic
    codes separated by spaces, in canonical order; ``day`` is the Beijing day of ``at``."""

    __tablename__ = "visit"
    __table_args__ = (
        Index("ix_visit_entity_id_day", "entity_id", "day"),
        Index("ix_visit_day_grid_id", "day", "grid_id"),
        Index("ix_visit_team_id_day", "team_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"))
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("service_team.id", ondelete="SET NULL"))
    team_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    topics: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    entered_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    voided: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    void_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class VisitMember(Base):
    """Who went on a visit, as they were on the day."""

    __tablename__ = "visit_member"

    visit_id: Mapped[int] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)


class VisitRequest(Versioned, Base):
    """诉求: one request raised on a visit and its outcome (``solved`` / ``referred`` /
    ``pending``); ``handler`` who solved it, where it went, or who follows it; ``order_number``
    the work order it raised (#14)."""

    __tablename__ = "visit_request"
    __table_args__ = (
        UniqueConstraint("visit_id", "position"),
        Index("ix_visit_request_outcome_outcome_at", "outcome", "outcome_at"),
        Index("ix_visit_request_entity_id", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(20), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    outcome: Mapped[str] = mapped_column(String(10), nullable=False)
    on_spot: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    handler: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    outcome_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    due_on: Mapped[date | None] = mapped_column(Date)
    order_number: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class VisitPhoto(Base):
    """A photo of a visit (JPEG or PNG by its magic bytes, at most 5 MB)."""

    __tablename__ = "visit_photo"
    __table_args__ = (Index("ix_visit_photo_visit_id", "visit_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), nullable=False
    )
    filename: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    mime: Mapped[str] = mapped_column(String(20), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class AnnualReport(Versioned, Base):
    """年度报告: an entity's status for one year (``filed`` / ``late`` / ``not_filed``);
    ``source`` ``manual`` or ``import:<file name>``."""

    __tablename__ = "annual_report"
    __table_args__ = (
        UniqueConstraint("entity_id", "year"),
        Index("ix_annual_report_year_status", "year", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), nullable=False
    )
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    filed_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), nullable=False, default="manual")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
