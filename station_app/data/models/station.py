"""Station profile (所基本信息): one row describing the station that owns this database.

The table is declared in Core (``data/tables.py``) so start-up can read it without the ORM."""

from __future__ import annotations

from station_app.data import tables
from station_app.data.models.base import Base


class StationProfile(Base):
    __table__ = tables.station_profile
    __mapper_args__ = {"version_id_col": tables.station_profile.c.version}  # noqa: RUF012
