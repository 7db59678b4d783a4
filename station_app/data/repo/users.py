"""User queries."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.data.models import User


def count(s: Session) -> int:
    return s.execute(select(func.count()).select_from(User)).scalar_one()


def by_username(s: Session, username: str) -> User | None:
    return s.execute(select(User).where(User.username == username)).scalar_one_or_none()


def all_users(s: Session) -> list[User]:
    return list(s.execute(select(User).order_by(User.id)).scalars())
