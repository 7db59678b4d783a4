"""专项行动 (campaigns): the joining-department directory, campaigns with their reproducible
target filter and frozen target list, and the 回头看 owed.

A campaign check *is* a patrol record of the patrols area (#15): ``CampaignCheck`` links a
record to its campaign and target (migration 0060); ``CampaignTarget.record_id`` is the
target's latest check, ``CampaignRevisit.record_id`` / ``hazard_id`` the visit that did the
回头看 and the hazard whose re-check it is.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned
from station_app.data.types import UtcDateTime


class Department(Versioned, Base):
    """参与部门: the station-wide directory (公安, 城管, 消防, …)."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Campaign(Versioned, Base):
    """专项行动 (kind ``campaign``) or 扫街行动 (``sweep``). ``target_filter`` is the canonical
    JSON of ``domain.campaign_targets.TargetFilter`` with its hash and the day it was applied;
    ``target_hash`` the hash of the frozen list's sorted entity keys."""

    __tablename__ = "campaign"
    __table_args__ = (
        Index("ix_campaign_kind_first_day", "kind", "first_day"),
        Index("ix_campaign_state_last_day", "state", "last_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="campaign")
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    basis: Mapped[str] = mapped_column(Text, nullable=False, default="")
    first_day: Mapped[date] = mapped_column(Date, nullable=False)
    last_day: Mapped[date] = mapped_column(Date, nullable=False)
    lead_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    lead_unit: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    checklist_code: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    target_filter: Mapped[str] = mapped_column(Text, nullable=False)
    filter_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    filter_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    filter_as_of: Mapped[date] = mapped_column(Date, nullable=False)
    target_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    sample_ratio: Mapped[str] = mapped_column(String(10), nullable=False, default="0.1")
    sample_delay_days: Mapped[int] = mapped_column(Integer, nullable=False, default=30)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="open")
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closed_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    close_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cancel_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")


campaign_department = Table(
    "campaign_department",
    Base.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id"), primary_key=True),
)


class CampaignTarget(Base):
    """检查对象: one entity of a campaign's list (the task: assigned person or department,
    due day). ``record_id``: the patrol record of its check (#15), ``checked_on`` its day."""

    __tablename__ = "campaign_target"
    __table_args__ = (
        UniqueConstraint("campaign_id", "entity_id"),
        Index("ix_campaign_target_entity_id", "entity_id"),
        Index("ix_campaign_target_campaign_id_person_id", "campaign_id", "person_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False
    )
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), nullable=False)
    origin: Mapped[str] = mapped_column(String(10), nullable=False, default="filter")
    added_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    removed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    removed_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    record_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_record.id"), nullable=True)
    checked_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class CampaignRevisit(Versioned, Base):
    """回头看 owed by a target: ``problem`` (after a rectification deadline; ``hazard_id``) or
    ``sample`` (a sampled passed shop). ``state`` open / done / waived."""

    __tablename__ = "campaign_revisit"
    __table_args__ = (
        Index("ix_campaign_revisit_campaign_id_state", "campaign_id", "state"),
        Index("ix_campaign_revisit_state_due_on", "state", "due_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False
    )
    target_id: Mapped[int] = mapped_column(ForeignKey("campaign_target.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazard.id"), nullable=True)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="open")
    record_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_record.id"), nullable=True)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    waived_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    waived_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class CampaignMember(Base):
    """定人: a member of a sweep's fixed team (a roster person or a user), in order."""

    __tablename__ = "campaign_member"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    username: Mapped[str | None] = mapped_column(String(40), nullable=True)


campaign_community = Table(
    "campaign_community",
    Base.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("community_id", ForeignKey("community.id"), primary_key=True),
)


class CampaignCheck(Base):
    """专项检查: the link from a patrol record (#15) to its campaign and target; ``kind``
    ``check`` (the target's check) or ``revisit`` (a 回头看 visit, ``revisit_id``)."""

    __tablename__ = "campaign_check"
    __table_args__ = (Index("ix_campaign_check_campaign_id_target_id", "campaign_id", "target_id"),)

    record_id: Mapped[int] = mapped_column(ForeignKey("patrol_record.id"), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False
    )
    target_id: Mapped[int] = mapped_column(ForeignKey("campaign_target.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="check")
    revisit_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_revisit.id"), nullable=True)


campaign_check_department = Table(
    "campaign_check_department",
    Base.metadata,
    Column(
        "record_id",
        ForeignKey("campaign_check.record_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("department_id", ForeignKey("department.id"), primary_key=True),
)
"""The departments that joined one campaign visit (公安, 城管, …)."""
