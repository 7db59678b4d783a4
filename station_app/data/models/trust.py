"""Users (用户) and the hash-chained audit trail (操作日志).

The tables are declared in Core (``data/tables.py``: their columns and what each means) so
start-up signs in and writes the audit trail without the ORM; these classes map them for the
rest of the application."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from station_app.data import tables
from station_app.data.models.base import Base

if TYPE_CHECKING:
    from sqlalchemy.orm import Mapped


class User(Base):
    __table__ = tables.app_user
    __mapper_args__ = {"version_id_col": tables.app_user.c.version}  # noqa: RUF012

    if TYPE_CHECKING:  # the columns of ``tables.app_user``, for the type checker
        id: Mapped[int]
        username: Mapped[str]
        display_name: Mapped[str]
        role: Mapped[str]
        password_hash: Mapped[str]
        disabled: Mapped[bool]
        failed_attempts: Mapped[int]
        lockouts: Mapped[int]
        locked_until: Mapped[datetime | None]
        last_login_at: Mapped[datetime | None]
        version: Mapped[int]
        created_at: Mapped[datetime]
        updated_at: Mapped[datetime]


class AuditLog(Base):
    """One change, or one view/export of unmasked personal data. Append-only."""

    __table__ = tables.audit_log


class AuditHead(Base):
    """The chain's tip, locked by every appending transaction."""

    __table__ = tables.audit_head
