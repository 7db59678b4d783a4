"""Users (用户) and the hash-chained audit trail (操作日志).

The tables are declared in Core (``data/tables.py``: their columns and what each means) so
start-up signs in and writes the audit trail without the ORM; these classes map them for the
rest of the application."""

from __future__ import annotations

from station_app.data import tables
from station_app.data.models.base import Base


class User(Base):
    __table__ = tables.app_user
    __mapper_args__ = {"version_id_col": tables.app_user.c.version}  # noqa: RUF012


class AuditLog(Base):
    """One change, or one view/export of unmasked personal data. Append-only."""

    __table__ = tables.audit_log


class AuditHead(Base):
    """The chain's tip, locked by every appending transaction."""

    __table__ = tables.audit_head
