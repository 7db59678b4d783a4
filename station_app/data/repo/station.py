"""Station profile query (Core: start-up reads it before the ORM is imported)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select, update

from station_app.data.tables import station_profile

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row


def profile_row(con: Connection) -> Row | None:
    return con.execute(select(station_profile).where(station_profile.c.id == 1)).first()


def mark_demo(con: Connection) -> None:
    """Flag the profile as a demo station's (the demo generator only: no service sets it)."""
    con.execute(update(station_profile).where(station_profile.c.id == 1).values(is_demo=True))
