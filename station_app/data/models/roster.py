"""Grid roster (网格花名册): communities and grids. People, assignments and trainings are added
by the roster module; the entity registry binds entities to ``Grid``."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text
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
