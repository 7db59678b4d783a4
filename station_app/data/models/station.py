"""Station profile (所基本信息): one row describing the station that owns this database.

The table is declared in Core (``data/tables.py``) so start-up can read it without the ORM."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from station_app.data import tables
from station_app.data.models.base import Base

if TYPE_CHECKING:
    from sqlalchemy.orm import Mapped


class StationProfile(Base):
    __table__ = tables.station_profile
    __mapper_args__ = {"version_id_col": tables.station_profile.c.version}  # noqa: RUF012

    if TYPE_CHECKING:  # the columns of ``tables.station_profile``, for the type checker
        id: Mapped[int]
        name: Mapped[str]
        code: Mapped[str]
        county_bureau: Mapped[str]
        address: Mapped[str]
        phone: Mapped[str]
        seal_text: Mapped[str]
        doc_prefix: Mapped[str]
        is_demo: Mapped[bool]
        version: Mapped[int]
        created_at: Mapped[datetime]
        updated_at: Mapped[datetime]
