"""Database maintenance: what is open, schema upgrade, backup, restore, integrity check."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from station_app import clock, files, paths
from station_app.data import audit, migrate
from station_app.data import backup as backups
from station_app.data.engine import Database, DbInfo
from station_app.domain.retention import backups_to_delete
from station_app.errors import SchemaTooNewError, StationError
from station_app.services.audit import current_head
from station_app.services.auth import Auth
from station_app.services.base import Changes

HEAD_SUFFIX = ".head.json"  # services.anchors.HEAD_SUFFIX (not imported at start-up)

log = logging.getLogger(__name__)


AUTO_PREFIX = "station-daily-"


def _auto_backups(folder: Path) -> list[tuple[str, date]]:
    found = []
    for path in folder.glob(f"{AUTO_PREFIX}*"):
        if path.name.endswith(HEAD_SUFFIX):
            continue
        try:
            found.append(
                (path.name, datetime.strptime(path.name[len(AUTO_PREFIX) :][:8], "%Y%m%d").date())
            )
        except ValueError:
            continue
    return found


@dataclass(frozen=True)
class DatabaseStatus:
    info: DbInfo
    current: str | None
    head: str
    server_version: str


class DatabaseService:
    def __init__(self, db: Database, auth: Auth) -> None:
        self._db = db
        self._auth = auth

    @property
    def info(self) -> DbInfo:
        return self._db.info

    def status(self) -> DatabaseStatus:
        st = migrate.schema_status(self._db)
        return DatabaseStatus(self._db.info, st.current, st.head, self._server_version())

    def _server_version(self) -> str:
        with self._db.engine.connect() as con:
            if self._db.is_sqlite:
                return "SQLite " + con.exec_driver_sql("SELECT sqlite_version()").scalar_one()
            return con.exec_driver_sql("SHOW server_version").scalar_one().split()[0]

    def upgrade(self) -> migrate.SchemaStatus:
        """Upgrade to head, backing up first when an existing schema changes."""
        return migrate.upgrade(self._db, backup=self.backup_before)

    def check(self) -> migrate.SchemaStatus:
        """Raise if the database cannot be used by this version (newer or foreign)."""
        status = migrate.schema_status(self._db)
        migrate.check_openable(status, self._db.info.display)
        return status

    def default_backup_path(self, label: str = "manual") -> Path:
        ext = ".sqlite3" if self._db.is_sqlite else ".dump"
        return paths.backup_dir() / f"station-{label}-{backups.timestamp()}{ext}"

    def backup(self, dest: Path | None = None) -> Path:
        """Back up now (the user's "backup now"). Needs the db.backup permission. The audit
        head the backup holds is written beside it (``<file>.head.json``): a witness of the
        chain outside the database (``audit verify --anchor``)."""
        self._auth.require("db.backup")
        return self._backup(dest or self.default_backup_path())

    def _backup(self, dest: Path) -> Path:
        """The backup and its head file. PostgreSQL: the head read before pg_dump starts, so
        the dump holds at least that row."""
        from station_app.services.anchors import write_head_file

        before = None if self._db.is_sqlite else current_head(self._db)
        files.check_target(dest)  # never over a symlink or a device
        files.private_dir(dest.parent, own=dest.parent == paths.backup_dir())
        made = backups.backup(self._db, dest)
        files.restrict(made)
        head = audit.file_head(made) if self._db.is_sqlite else before
        if head is not None:
            write_head_file(made, head, self._station())
        else:
            log.warning("backup %s: no readable audit head, no head file written", made)
        return made

    def _station(self) -> dict[str, str]:
        from station_app.data.repo.station import profile_row

        with self._db.core_read() as con:
            row = profile_row(con)
        return {"code": row.code, "name": row.name} if row is not None else {"code": "", "name": ""}

    def auto_backup(self, now: datetime | None = None) -> Path | None:
        """The daily automatic backup (no user involved): made once a day, then old automatic
        backups pruned to 30 daily + 12 monthly. Returns the new file, or None if today's exists
        or, on PostgreSQL, pg_dump is missing (logged)."""
        now = now or clock.now()
        folder = paths.backup_dir()
        existing = _auto_backups(folder)
        if any(day == now.date() for _, day in existing):
            return None
        ext = ".sqlite3" if self._db.is_sqlite else ".dump"
        target = folder / f"{AUTO_PREFIX}{now:%Y%m%d-%H%M%S}{ext}"
        try:
            made = self._backup(target)
        except StationError as exc:
            log.warning("daily backup skipped: %s", exc)
            return None
        for name in backups_to_delete([*existing, (made.name, now.date())]):
            (folder / name).unlink(missing_ok=True)
            (folder / (name + HEAD_SUFFIX)).unlink(missing_ok=True)
        return made

    def backup_before(self, label: str) -> Path | None:
        """The application's own backup before a migration (no user involved)."""
        try:
            return self._backup(self.default_backup_path(label))
        except StationError as exc:  # PostgreSQL without pg_dump: warn, do not block start-up
            log.warning("no backup before migration: %s", exc)
            return None

    def check_file(self) -> None:
        """The start-up structural check when the database was opened without it (the GUI runs
        it in the background): raises ``DatabaseCorruptError``; nothing is written."""
        self._db.check_file()

    def integrity_check(self) -> str:

        if not self._db.is_sqlite:
            return "ok"
        with self._db.engine.connect() as con:
            return con.exec_driver_sql("PRAGMA integrity_check").scalar_one()

    def restore(self, src: Path) -> tuple[Path, Changes]:
        """Replace the SQLite database with ``src``; returns where the replaced one was kept."""
        self._auth.require("db.restore")
        if not self._db.is_sqlite or self._db.info.path is None:
            raise StationError("PostgreSQL 数据库请在服务器上用 pg_restore 恢复。")
        backups.check_backup_file(src)
        revision = backups.read_revision(src)
        if revision is None:
            raise StationError(f"该文件不是本系统的数据库备份：{src}\n未做任何恢复。")
        if not migrate.revision_is_known(revision):
            raise SchemaTooNewError(
                f"该备份来自更新版本的工作台（结构版本 {revision}），当前程序无法使用。\n未做任何恢复。"
            )
        self._db.dispose()
        kept = backups.restore_sqlite(src, self._db.info.path)
        self.upgrade()
        return kept, Changes.of("*")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    modified: datetime
    size: int


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    """SQLite backups in the backup folder, newest first (for the restore choosers)."""
    folder = folder or paths.backup_dir()
    found = [p for p in folder.glob("*.sqlite3") if p.is_file()] if folder.exists() else []
    infos = [
        BackupInfo(p, datetime.fromtimestamp(p.stat().st_mtime), p.stat().st_size) for p in found
    ]
    return sorted(infos, key=lambda b: b.modified, reverse=True)


def recover_from_backup(live: Path, backup: Path, username: str, password: str) -> Path:
    """The live SQLite file is corrupt: put ``backup`` in its place.

    The corrupt database's users cannot be read, so the user signs in against a temporary copy
    of the backup and needs the ``db.restore`` permission there. The corrupt file (with its
    -wal/-shm) is kept beside, renamed; returns its new path."""
    from station_app.data.engine import sqlite_url
    from station_app.services.auth import UserService

    backups.check_backup_file(backup)
    revision = backups.read_revision(backup)
    if revision is None or not migrate.revision_is_known(revision):
        raise StationError(f"该文件不是本版本可用的数据库备份：{backup}\n未做任何恢复。")
    with tempfile.TemporaryDirectory(prefix="station-recover-") as tmp:
        copy = backups.backup_sqlite(backup, Path(tmp) / "check.sqlite3")
        db = Database(sqlite_url(copy))
        try:
            auth = Auth()
            UserService(db, auth).sign_in(username, password)
            auth.require("db.restore")
        finally:
            db.dispose()
    kept = live.with_name(f"{live.stem}.corrupt-{backups.timestamp()}{live.suffix}")
    for suffix in ("", "-wal", "-shm"):
        side = live.with_name(live.name + suffix)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    backups.backup_sqlite(backup, live)
    log.warning("corrupt database %s replaced by backup %s (kept as %s)", live, backup, kept)
    return kept
