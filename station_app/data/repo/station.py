"""Station profile query (Core: start-up reads it before the ORM is imported)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from station_app.data.tables import station_profile

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row


def profile_row(con: Connection) -> Row | None:
    return con.execute(select(station_profile).where(station_profile.c.id == 1)).first()
