"""价格监测 (price monitoring, #19): subjects and their groups, observations (append-only, voided
with a reason, never edited), local events, rules (one immutable row per version), flags and
the 价格提醒告诫书 that covered them. docs/areas/prices.md §2.

Holiday windows are not stored: they come from the working calendar on every evaluation.
"""

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
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned
from station_app.data.types import UtcDateTime, utc_now

BIG_ID = BigInteger().with_variant(Integer, "sqlite")  # SQLite's rowid alias must be INTEGER


class PriceSubject(Versioned, Base):
    """监测对象: a hotel room type (an entity of the registry) or a commodity at a market."""

    __tablename__ = "price_subject"
    __table_args__ = (
        UniqueConstraint("entity_id", "name", name="uq_price_subject_entity_id_name"),
        Index("ix_price_subject_entity_id", "entity_id"),
        Index("ix_price_subject_name", "name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(4), nullable=False, default="客房")
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))
    market: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    unit: Mapped[str] = mapped_column(String(8), nullable=False, default="晚")
    posted_fen: Mapped[int | None] = mapped_column(BigInteger)
    filed_fen: Mapped[int | None] = mapped_column(BigInteger)
    district: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    klass: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PriceGroup(Versioned, Base):
    """分组: 全区酒店, 景区周边酒店 …"""

    __tablename__ = "price_group"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PriceGroupMember(Base):
    __tablename__ = "price_group_member"
    __table_args__ = (Index("ix_price_group_member_subject_id", "subject_id"),)

    group_id: Mapped[int] = mapped_column(
        ForeignKey("price_group.id", ondelete="CASCADE"), primary_key=True
    )
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("price_subject.id", ondelete="CASCADE"), primary_key=True
    )


class PriceObservation(Base):
    """价格监测记录: append-only. A mistake is voided with a reason (and, if needed, corrected by
    a new observation naming it in ``corrects_id``); ``day`` is the Beijing date of
    ``observed_at``, stored so evaluations group by it."""

    __tablename__ = "price_observation"
    __table_args__ = (
        Index("ix_price_observation_day_subject_id_price_fen", "day", "subject_id", "price_fen"),
        Index("ix_price_observation_subject_id_day", "subject_id", "day"),
    )

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("price_subject.id", ondelete="CASCADE"), nullable=False
    )
    observed_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    price_fen: Mapped[int] = mapped_column(BigInteger, nullable=False)
    source: Mapped[str] = mapped_column(String(10), nullable=False, default="网络平台")
    platform: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    batch: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    recorded_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    voided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    voided_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    void_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("price_observation.id", ondelete="SET NULL")
    )


class PriceEvent(Versioned, Base):
    """本地活动: a festival, an exam week — a window the station adds to the holidays."""

    __tablename__ = "price_event"
    __table_args__ = (Index("ix_price_event_first_day", "first_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    first_day: Mapped[date] = mapped_column(Date, nullable=False)
    last_day: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PriceRule(Base):
    """One version of a rule (immutable once written; ``retired_at`` is set when a newer
    version or a deactivation replaces it). ``params`` and ``scope`` are JSON that
    ``domain/prices/rules`` validates."""

    __tablename__ = "price_rule"
    __table_args__ = (
        UniqueConstraint("series", "version", name="uq_price_rule_series_version"),
        Index("ix_price_rule_retired_at", "retired_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[int] = mapped_column(Integer, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    params: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    days: Mapped[str] = mapped_column(String(12), nullable=False)
    period_first: Mapped[date | None] = mapped_column(Date)
    period_last: Mapped[date | None] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PriceLetter(Versioned, Base):
    """价格提醒告诫书: numbered yearly (``X市监价告〔2026〕N号``), served and recorded."""

    __tablename__ = "price_letter"
    __table_args__ = (Index("ix_price_letter_entity_id", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))
    entity_name: Mapped[str] = mapped_column(String(200), nullable=False)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    issued_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    served_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    served_to: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    served_way: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PriceFlag(Versioned, Base):
    """预警信号: a rule version's hit on a subject's day, and what was done about it."""

    __tablename__ = "price_flag"
    __table_args__ = (
        UniqueConstraint(
            "rule_id", "subject_id", "day", name="uq_price_flag_rule_id_subject_id_day"
        ),
        Index("ix_price_flag_day", "day"),
        Index("ix_price_flag_state", "state"),
        Index("ix_price_flag_subject_id_day", "subject_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("price_rule.id"), nullable=False)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("price_subject.id", ondelete="CASCADE"), nullable=False
    )
    day: Mapped[date] = mapped_column(Date, nullable=False)
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("price_observation.id", ondelete="SET NULL")
    )
    price_fen: Mapped[int] = mapped_column(BigInteger, nullable=False)
    baseline_fen: Mapped[int | None] = mapped_column(BigInteger)
    ratio_bp: Mapped[int | None] = mapped_column(Integer)
    explanation: Mapped[str] = mapped_column(Text, nullable=False)
    evidence: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    state: Mapped[str] = mapped_column(String(6), nullable=False, default="待处理")
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    state_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    state_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    check_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    refer_kind: Mapped[str] = mapped_column(String(4), nullable=False, default="")
    refer_ref: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    letter_id: Mapped[int | None] = mapped_column(
        ForeignKey("price_letter.id", ondelete="SET NULL")
    )
