"""User queries. ``count``, ``login_row`` and ``record_login`` are Core (start-up signs in
before the ORM is imported); the others return ORM rows for editing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update

from station_app.data.tables import app_user

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, RowMapping
    from sqlalchemy.orm import Session

    from station_app.data.models import User


def count(s: Session | Connection) -> int:
    return s.execute(select(func.count()).select_from(app_user)).scalar_one()


def login_row(con: Connection, username: str) -> RowMapping | None:
    """The user's row (as a mapping) for a sign-in, locked against a concurrent one."""
    row = con.execute(
        select(app_user).where(app_user.c.username == username).with_for_update()
    ).first()
    return row._mapping if row is not None else None


def record_login(con: Connection, user_id: int, **values: Any) -> None:
    """Update a user's sign-in fields (failed attempts, lock, last login); bumps the version
    like an ORM save, so an administrator's edit made meanwhile conflicts instead of
    silently undoing it."""
    con.execute(
        update(app_user)
        .where(app_user.c.id == user_id)
        .values(**values, version=app_user.c.version + 1)
    )


def by_username(s: Session, username: str) -> User | None:
    from station_app.data.models import User

    return s.execute(select(User).where(User.username == username)).scalar_one_or_none()


def all_users(s: Session) -> list[User]:
    from station_app.data.models import User

    return list(s.execute(select(User).order_by(User.id)).scalars())


def display_names(s: Session | Connection) -> dict[str, str]:
    """Login name → the person's name, for every user with one (a station has tens)."""
    rows = s.execute(
        select(app_user.c.username, app_user.c.display_name).where(app_user.c.display_name != "")
    )
    return {r.username: r.display_name for r in rows}
