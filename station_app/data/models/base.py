"""Declarative base with a naming convention (stable constraint names for Alembic batch mode)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from station_app.data import tables
from station_app.data.types import UtcDateTime, utc_now


class Base(DeclarativeBase):
    metadata = tables.metadata  # shared with the Core tables start-up uses


class Versioned:
    """Editable record: a version counter guards against lost updates between PCs, and
    creation/update times are kept. A stale save raises ``StaleDataError`` in the data layer,
    which services turn into a ``ConflictError`` showing both versions."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(
        UtcDateTime, nullable=False, default=utc_now, onupdate=utc_now
    )

    if TYPE_CHECKING:
        __table__: Any  # set by the declarative mapping of the class that mixes this in

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
