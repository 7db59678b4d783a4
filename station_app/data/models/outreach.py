"""Outreach (普法宣传) and consumer warnings (消费警示) (issue #20, docs/areas/visits.md §2):
events count people, never name them; warnings carry no personal data."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned


class OutreachEvent(Versioned, Base):
    """普法宣传活动: a live stream (``views``), 安全进社区, a theme day, a lecture, with counts."""

    __tablename__ = "outreach_event"
    __table_args__ = (Index("ix_outreach_event_held_on", "held_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="SET NULL"))
    organiser: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    participants: Mapped[int | None] = mapped_column(Integer)
    views: Mapped[int | None] = mapped_column(Integer)
    materials: Mapped[int | None] = mapped_column(Integer)
    reached: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class ConsumerWarning(Versioned, Base):
    """消费警示: a draft until ``published_on``; ``channels`` codes separated by spaces."""

    __tablename__ = "consumer_warning"
    __table_args__ = (Index("ix_consumer_warning_published_on", "published_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str | None] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    topic: Mapped[str] = mapped_column(String(20), nullable=False)
    season: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    channels: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    published_on: Mapped[date | None] = mapped_column(Date)
    published_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
