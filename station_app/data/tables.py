"""The tables start-up needs (station profile, users, audit trail) as SQLAlchemy Core
``Table`` objects, and the ``MetaData`` every model shares.

Start-up reads and writes these through Core only, so the window shows before SQLAlchemy's
ORM is imported (~55 ms; docs/DEVELOPING.md, start-up). The ORM classes of
``data/models/station.py`` and ``data/models/trust.py`` map these same tables for the rest
of the application (``__table__``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from station_app.data.types import UtcDateTime, utc_now

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def versioned_columns() -> list[Column]:
    """What ``models.base.Versioned`` gives an ORM class: a version counter against lost
    updates, creation and update times."""
    return [
        Column("version", Integer, nullable=False, default=1),
        Column("created_at", UtcDateTime, nullable=False, default=utc_now),
        Column("updated_at", UtcDateTime, nullable=False, default=utc_now, onupdate=utc_now),
    ]


station_profile = Table(
    "station_profile",
    metadata,
    Column("id", Integer, primary_key=True, default=1),
    Column("name", String(100), nullable=False),
    Column("code", String(40), nullable=False, default=""),
    Column("county_bureau", String(100), nullable=False, default=""),
    Column("address", String(200), nullable=False, default=""),
    Column("phone", String(40), nullable=False, default=""),
    Column("seal_text", String(100), nullable=False, default=""),
    Column("doc_prefix", String(40), nullable=False, default=""),
    Column("is_demo", Boolean, nullable=False, default=False),
    *versioned_columns(),
    CheckConstraint("id = 1", name="single_row"),
)

app_user = Table(
    "app_user",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(40), nullable=False, unique=True),
    Column("display_name", String(40), nullable=False, default=""),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", UtcDateTime, nullable=True),
    # locks in a row since the last good sign-in: each lasts longer (domain/auth.LOCK_STEPS_MINUTES)
    Column("lockouts", Integer, nullable=False, default=0, server_default="0"),
    Column("last_login_at", UtcDateTime, nullable=True),
    *versioned_columns(),
)

# One change, or one view/export of unmasked personal data. Append-only. ``hash`` = SHA-256
# over ``prev_hash`` and the row's canonical content (seq included), so editing, deleting or
# inserting a row anywhere breaks the chain from there on.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("at", UtcDateTime, nullable=False, default=utc_now),
    Column("user_id", Integer, nullable=True),
    Column("username", String(40), nullable=False),
    Column("action", String(20), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("changes", Text, nullable=False, default="{}"),
    Column("reason", Text, nullable=False, default=""),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_log_kind_record", "kind", "record_id"),
)

# The chain's tip: one row, locked (SELECT … FOR UPDATE) by every appending transaction, so
# appends from several PCs are serialised and the chain never forks.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, default=1),
    Column("last_seq", BigInteger, nullable=False, default=0),
    Column("last_hash", String(64), nullable=False),
    CheckConstraint("id = 1", name="single_row"),
)

# Which database this is (one row): ``instance`` is new at creation and at every restore or
# demo rebuild, so a window still open on the file learns that it now holds another database
# (``Database.uow`` compares it) and stops writing; ``origin`` is "demo" only for a database the
# demo generator built (no service can set it: ``demo`` never touches any other); ``state`` is
# "replacing" while a restore swaps the content (``replacing_pid`` is the restoring process).
db_identity = Table(
    "db_identity",
    metadata,
    Column("id", Integer, primary_key=True, default=1),
    Column("instance", String(32), nullable=False),
    Column("origin", String(10), nullable=False, default="app"),
    Column("state", String(12), nullable=False, default="live"),
    Column("replacing_pid", Integer, nullable=True),
    Column("changed_at", UtcDateTime, nullable=False, default=utc_now),
    CheckConstraint("id = 1", name="single_row"),
)
