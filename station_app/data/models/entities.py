"""Entity registry (经营主体台账): entities, their industries, tags, licences and grade history.

Text search (DESIGN §5) lives beside these tables but outside the models: on SQLite an FTS5
``trigram`` external-content table ``entity_fts`` kept in sync by triggers, on PostgreSQL
``pg_trgm`` GIN indexes. Both are created by migration 0004 for their dialect only.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from station_app.data.models.base import Base, Versioned
from station_app.data.types import UtcDateTime, utc_now


class Entity(Versioned, Base):
    """经营主体. ``uscc`` is unique when present; entities without one (未登记, old ledgers)
    are matched by name + address on import."""

    __tablename__ = "entity"
    __table_args__ = (
        Index("ix_entity_name", "name"),
        Index(
            "ix_entity_name_address", "name", "address"
        ),  # covering scan for 1–2 character search
        Index("ix_entity_name_initials", "name_initials"),
        Index("ix_entity_name_pinyin", "name_pinyin"),
        Index("ix_entity_reg_no", "reg_no"),
        Index("ix_entity_entity_type", "entity_type"),
        Index("ix_entity_grid_id", "grid_id"),
        Index("ix_entity_registered_on", "registered_on"),
        Index("ix_entity_status", "status"),
        Index("ix_entity_credit_class", "credit_class"),
        Index("ix_entity_local_grade", "local_grade"),
        Index("ix_entity_phone", "phone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    reg_no: Mapped[str | None] = mapped_column(String(15))
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_initials: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    name_pinyin: Mapped[str] = mapped_column(String(400), nullable=False, default="")
    entity_type: Mapped[str] = mapped_column(String(20), nullable=False, default="未登记")
    legal_rep: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="SET NULL"))
    registered_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="在营")
    #: the day the current status took effect (注销/吊销 date: no patrol record after it)
    status_on: Mapped[date | None] = mapped_column(Date)
    credit_class: Mapped[str | None] = mapped_column(String(1))
    credit_class_on: Mapped[date | None] = mapped_column(Date)
    local_grade: Mapped[str | None] = mapped_column(String(1))  # effective: override or computed
    grade_computed: Mapped[str | None] = mapped_column(String(1))
    grade_score: Mapped[int | None] = mapped_column(Integer)
    grade_override: Mapped[str | None] = mapped_column(String(1))
    grade_override_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    source: Mapped[str] = mapped_column(String(10), nullable=False, default="登记")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    industries: Mapped[list[EntityIndustry]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    tags: Mapped[list[EntityTag]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    licences: Mapped[list[Licence]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Licence.id"
    )


class EntityIndustry(Base):
    """行业 of an entity (several per entity: 食品销售, 餐饮服务 …)."""

    __tablename__ = "entity_industry"
    __table_args__ = (Index("ix_entity_industry_industry", "industry"),)

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), primary_key=True
    )
    industry: Mapped[str] = mapped_column(String(30), primary_key=True)


class EntityTag(Base):
    """标签: 红色合伙人, 放心消费示范单位, 无理由退货承诺单位, ODR企业, 重点监管 …"""

    __tablename__ = "entity_tag"
    __table_args__ = (Index("ix_entity_tag_tag", "tag"),)

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(30), primary_key=True)


class Licence(Base):
    """许可证: kind, number, issue and expiry dates, issuing authority."""

    __tablename__ = "licence"
    __table_args__ = (
        Index("ix_licence_entity_id", "entity_id"),
        Index("ix_licence_expires_on", "expires_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    number: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(100), nullable=False, default="")


class EntityGrade(Base):
    """Grade history (分级记录): every computed change and every manual override."""

    __tablename__ = "entity_grade"
    __table_args__ = (Index("ix_entity_grade_entity_id", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), nullable=False
    )
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    grade: Mapped[str] = mapped_column(String(1), nullable=False)
    score: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # 计算 | 人工调整 | 取消调整
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    username: Mapped[str] = mapped_column(String(40), nullable=False, default="")
