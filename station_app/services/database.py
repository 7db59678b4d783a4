"""Database maintenance: what is open, schema upgrade, backup, restore, integrity check."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from station_app import files, paths
from station_app.data import audit, identity, migrate
from station_app.data import backup as backups
from station_app.data.engine import Database, DbInfo
from station_app.domain.retention import backups_to_delete
from station_app.errors import StationError
from station_app.services.audit import current_head
from station_app.services.auth import Auth
from station_app.services.base import Changes, Service

HEAD_SUFFIX = ".head.json"  # services.anchors.HEAD_SUFFIX (not imported at start-up)

log = logging.getLogger(__name__)


AUTO_PREFIX = "station-daily-"
DEMO_PREFIX = "demo-"  # a demo database's backups: demo-daily-…, demo-manual-… in demo-backups/


def _auto_backups(folder: Path, prefix: str = AUTO_PREFIX) -> list[tuple[str, date]]:
    found = []
    for path in folder.glob(f"{prefix}*"):
        if path.name.endswith(HEAD_SUFFIX):
            continue
        try:
            found.append(
                (path.name, datetime.strptime(path.name[len(prefix) :][:8], "%Y%m%d").date())
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


class DatabaseService(Service):
    """The database file itself: status, migrations, backups, restore. Any thread."""

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

    def is_demo(self) -> bool:
        """A demo database (built by ``demo``; before migration 0015, flagged by the old
        generator): its backups go to their own folder."""
        from station_app.data.restore import facts

        return facts(self._db).origin == identity.DEMO

    def _backup_place(self) -> tuple[Path, str]:
        """(folder, name prefix) of this database's backups."""
        if self.is_demo():
            return paths.demo_backup_dir(), DEMO_PREFIX
        return paths.backup_dir(), "station-"

    def default_backup_path(self, label: str = "manual") -> Path:
        ext = ".sqlite3" if self._db.is_sqlite else ".dump"
        folder, prefix = self._backup_place()
        return folder / f"{prefix}{label}-{backups.timestamp()}{ext}"

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
        files.private_dir(
            dest.parent, own=dest.parent in (paths.backup_dir(), paths.demo_backup_dir())
        )
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
        now = now or self._clock.now()
        folder, prefix = self._backup_place()
        prefix += "daily-"
        existing = _auto_backups(folder, prefix)
        if any(day == now.date() for _, day in existing):
            return None
        ext = ".sqlite3" if self._db.is_sqlite else ".dump"
        target = folder / f"{prefix}{now:%Y%m%d-%H%M%S}{ext}"
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

    def restore(self, src: Path, *, force_reason: str = "") -> tuple[Path, Changes]:
        """Replace the SQLite database with the backup ``src``; returns where the replaced one
        was kept. A backup from another station or with a broken audit chain raises
        ``RestoreRefusedError`` unless ``force_reason`` says why (recorded). Audited in the
        restored database; windows still open on the file stop writing (services/restore)."""
        from station_app.services.restore import restore

        done = restore(self._db, self._auth, Path(src), force_reason=force_reason)
        return done.kept, Changes.of("*")

    def still_ours(self) -> str:
        """'' while the open database is the one this window opened; else why it stopped
        writing (restored or rebuilt by another process). Read-only; the GUI asks now and then."""
        return "" if self._db.still_ours() else self._db.stopped


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
    of the backup and needs the ``db.restore`` permission there; that copy, brought to the
    current schema, gets a new identity and the audit entry of the recovery (from which file
    and chain head, by whom, where the corrupt file was kept) and is what goes in place. The
    corrupt file (with its -wal/-shm) is kept beside, renamed; returns its new path."""
    from station_app.data.engine import sqlite_url
    from station_app.services.auth import UserService

    backups.check_backup_file(backup)
    revision = backups.read_revision(backup)
    if revision is None or not migrate.revision_is_known(revision):
        raise StationError(f"该文件不是本版本可用的数据库备份：{backup}\n未做任何恢复。")
    kept = live.with_name(f"{live.stem}.corrupt-{backups.timestamp()}{live.suffix}")
    with tempfile.TemporaryDirectory(prefix="station-recover-") as tmp:
        copy = backups.backup_sqlite(backup, Path(tmp) / "check.sqlite3")
        db = Database(sqlite_url(copy))
        try:
            auth = Auth()
            UserService(db, auth).sign_in(username, password)
            actor = auth.require("db.restore")
            from station_app.services.restore import record_recovery

            record_recovery(db, actor, backup, kept)
        finally:
            db.dispose()
        for suffix in ("", "-wal", "-shm"):
            side = live.with_name(live.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
        backups.backup_sqlite(copy, live)
    log.warning("corrupt database %s replaced by backup %s (kept as %s)", live, backup, kept)
    return kept
