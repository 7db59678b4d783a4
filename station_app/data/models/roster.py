"""Grid roster (网格花名册): communities and grids, people, their assignments to grids over time,
trainings and attendance. The entity registry binds entities to ``Grid``.

Role codes and their Chinese labels live in :mod:`station_app.domain.roster_rules`.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from station_app.data.models.base import Base, Versioned

grid_community = Table(
    "grid_community",
    Base.metadata,
    Column("grid_id", ForeignKey("grid.id", ondelete="CASCADE"), primary_key=True),
    Column("community_id", ForeignKey("community.id", ondelete="RESTRICT"), primary_key=True),
)


class Community(Versioned, Base):
    """社区/村."""

    __tablename__ = "community"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="社区")  # 社区 | 村
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Grid(Versioned, Base):
    """网格: a supervision grid covering one or more communities."""

    __tablename__ = "grid"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    boundary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    supervision_group: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    communities: Mapped[list[Community]] = relationship(secondary=grid_community)


class Person(Versioned, Base):
    """A person on the roster: specialist, enforcement officer, grid worker, volunteer, mediator.

    ``roles`` holds role codes separated by spaces (``"specialist enforcer"``). ``phone`` and
    ``id_number`` are personal data: masked in lists, exports and prints by default."""

    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_name", "name"),
        Index("ix_person_phone", "phone"),
        Index("ix_person_name_initials", "name_initials"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    gender: Mapped[str] = mapped_column(String(2), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    id_number: Mapped[str] = mapped_column(String(18), nullable=False, default="")
    organisation: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    roles: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    cert_no: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    cert_expiry: Mapped[date | None] = mapped_column(Date, nullable=True)
    supervision_group: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    name_initials: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    name_pinyin: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    left_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class GridAssignment(Versioned, Base):
    """A person's duty in a grid from ``start_on`` until ``end_on`` (exclusive: from ``end_on``
    on the person no longer covers the grid; ``None`` = still covering)."""

    __tablename__ = "grid_assignment"
    __table_args__ = (
        Index("ix_grid_assignment_grid_id_start_on", "grid_id", "start_on"),
        Index("ix_grid_assignment_person_id", "person_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grid.id", ondelete="RESTRICT"), nullable=False)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="RESTRICT"), nullable=False
    )
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    start_on: Mapped[date] = mapped_column(Date, nullable=False)
    end_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Training(Versioned, Base):
    """培训: a session held for grid workers, volunteers and staff."""

    __tablename__ = "training"
    __table_args__ = (Index("ix_training_held_on", "held_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    topic: Mapped[str] = mapped_column(String(200), nullable=False)
    lecturer: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    hours_tenths: Mapped[int] = mapped_column(Integer, nullable=False, default=10)  # 1.5 h = 15
    location: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


training_attendance = Table(
    "training_attendance",
    Base.metadata,
    Column("training_id", ForeignKey("training.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id", ondelete="RESTRICT"), primary_key=True),
    Index("ix_training_attendance_person_id", "person_id"),
)
