"""Schema migrations with Alembic (scripts in the top-level ``db/`` folder).

At start: refuse a database newer than the application, refuse a foreign database, back up,
then upgrade to head. Alembic is imported here only, lazily: it costs ~260 ms at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError

from station_app.data.engine import Database
from station_app.errors import DatabaseCorruptError, DatabaseOpenError, SchemaTooNewError
from station_app.paths import migrations_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None
    head: str
    known: bool  # the current revision is one of ours
    foreign: bool  # tables exist but none of ours: another program's database

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def empty(self) -> bool:
        return self.current is None and not self.foreign


def _config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> list[str]:
    """Revision ids in order, read from file names ``NNNN_slug.py`` without importing Alembic.

    Each file's ``revision`` equals its four-digit prefix and revises the previous one; a test
    checks this against Alembic's own view so start-up can skip importing Alembic."""
    names = sorted(
        p.name for p in (migrations_dir() / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    )
    return [n[:4] for n in names]


def _script():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def alembic_history() -> list[tuple[str, str | None]]:
    """(revision, down_revision) pairs as Alembic sees them, oldest first (for tests)."""
    revs = list(_script().walk_revisions())
    return [(r.revision, r.down_revision) for r in reversed(revs)]


def head_revision() -> str:
    return known_revisions()[-1]


def _read_current(db: Database) -> tuple[str | None, bool]:
    try:
        return _read_current_unchecked(db)
    except DBAPIError as exc:
        message = (
            f"无法读取数据库结构：{db.info.display}\n原因：{str(exc.orig or exc).splitlines()[0]}\n"
            "数据库可能已损坏，请从备份恢复。"
        )
        if db.is_sqlite:
            raise DatabaseCorruptError(message, path=db.info.path) from exc
        raise DatabaseOpenError(message) from exc


def _read_current_unchecked(db: Database) -> tuple[str | None, bool]:
    with db.engine.connect() as con:
        tables = set(inspect(con).get_table_names())
        if "alembic_version" not in tables:
            return None, bool(tables)
        row = con.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return (row[0] if row else None), False


def schema_status(db: Database) -> SchemaStatus:
    current, foreign = _read_current(db)
    revisions = known_revisions()
    known = current is None or current in revisions
    return SchemaStatus(current, revisions[-1], known, foreign)


def revision_is_known(revision: str) -> bool:
    return revision in known_revisions()


def check_openable(status: SchemaStatus, display: str) -> None:
    if status.foreign:
        raise DatabaseOpenError(
            f"该数据库不是本系统创建的，已拒绝打开：{display}\n文件未做任何改动。"
        )
    if not status.known:
        raise SchemaTooNewError(
            f"该数据库由更新版本的工作台创建（结构版本 {status.current}），"
            f"当前程序只认识到版本 {status.head}。\n请先升级本程序再打开该数据库。数据库未做任何改动。"
        )


def upgrade(db: Database, backup: Callable[[str], Path | None] | None = None) -> SchemaStatus:
    """Bring the schema to head. ``backup(label)`` runs first when an existing schema changes."""
    status = schema_status(db)
    check_openable(status, db.info.display)
    if status.up_to_date:
        return status
    if not db.file_checked:  # never back up or migrate a file that has not passed its check
        db.check_file()
    if status.current is not None and backup is not None:
        path = backup(f"before-upgrade-{status.current}")
        log.info("backup before migration: %s", path)
    from alembic import command

    with db.engine.begin() as con:
        command.upgrade(_config(con), "head")
    log.info("schema upgraded %s -> %s", status.current, status.head)
    return schema_status(db)
