"""What a restore and a demo rebuild need from the database files (SQLite only).

The live file is never replaced by renaming: a window of this or another process may hold it
open, and a renamed-in file beside a stale ``-wal`` is a corrupt database. The new content goes
in with SQLite's backup API, which writes it in one transaction: a restore killed half-way
leaves the old database as it was. Around that swap: the live database is marked *being
replaced* (every window's next write refuses), a copy of it is kept, and the staged content
carries a new identity (every window still open learns that it now holds another database).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from station_app.data import identity
from station_app.data.engine import Database
from station_app.data.repo.station import profile_row
from station_app.data.tables import app_user, audit_head, audit_log
from station_app.errors import StationError, StorageError, os_reason

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Facts:
    """Who a database belongs to and where its audit chain ends."""

    station_name: str
    station_code: str
    head_seq: int
    head_hash: str
    instance: str
    origin: str

    @property
    def station(self) -> str:
        if not self.station_name:
            return "（未填写所基本信息）"
        return (
            f"{self.station_name}（{self.station_code}）"
            if self.station_code
            else self.station_name
        )

    @property
    def head(self) -> str:
        """The chain head as the audit entry records it: ``seq:hash``."""
        return f"{self.head_seq}:{self.head_hash}"

    def same_station(self, other: Facts) -> bool:
        """False only when both name a station and the stations differ (the code when both
        have one, else the name)."""
        if not self.station_name or not other.station_name:
            return True
        if self.station_code and other.station_code:
            return self.station_code == other.station_code
        return self.station_name == other.station_name


def facts(db: Database) -> Facts:
    with db.core_read() as con:
        profile = profile_row(con)
        head = con.execute(select(audit_head.c.last_seq, audit_head.c.last_hash)).first()
        found = identity.read(con) if identity.has_table(con) else None
    if found is not None:
        origin = found.origin
    else:  # a schema from before db_identity: the old generator's flag (as migration 0015)
        origin = identity.DEMO if profile is not None and profile.is_demo else identity.APP
    return Facts(
        profile.name if profile else "",
        profile.code if profile else "",
        head.last_seq if head else 0,
        head.last_hash if head else "",
        found.instance if found else "",
        origin,
    )


def chain_has(db: Database, head: Facts) -> bool:
    """Does the audit chain of ``db`` hold the chain head of ``head`` (same seq, same hash)?
    Then the two are one database's history at two moments, whatever its profile says now."""
    if head.head_seq <= 0:
        return False
    with db.core_read() as con:
        found = con.execute(
            select(audit_log.c.hash).where(audit_log.c.seq == head.head_seq)
        ).scalar()
    return found == head.head_hash


def holds_user_data(db: Database) -> bool:
    """True once anybody did anything in it: a user, a station profile or an audit row (every
    change is audited; the rows migrations seed, like the list kinds, are not user data)."""
    with db.core_read() as con:
        return (
            any(
                con.execute(select(t.c.id).limit(1)).first() is not None
                for t in (app_user, audit_log)
            )
            or profile_row(con) is not None
        )


def staging_path(live: Path, purpose: str) -> Path:
    """A file beside ``live`` (same disk: the swap never crosses file systems), hidden; what
    a killed process left there before is removed."""
    remove_stale(live, purpose)
    return live.with_name(f".{live.name}.{purpose}-{os.getpid()}.sqlite3")


def remove_stale(live: Path, purpose: str) -> None:
    """Files a killed restore or demo build left beside ``live`` (their process is gone)."""
    prefix = f".{live.name}.{purpose}-"
    for leftover in live.parent.glob(f"{prefix}*.sqlite3"):
        pid = leftover.name[len(prefix) : -len(".sqlite3")]
        if pid.isdigit() and not identity.process_alive(int(pid)):
            remove_with_sidecars(leftover)


def remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def close_for_swap(path: Path) -> None:
    """Fold a staged file's WAL into it, so what the swap copies is complete on its own."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def swap_in(staged: Path, live: Path) -> None:
    """Copy ``staged`` over ``live`` in one transaction (SQLite's backup API): other
    connections, of any process, see the old content or the new, never a mix."""
    try:
        with sqlite3.connect(staged) as src, sqlite3.connect(live, timeout=30) as dest:
            src.backup(dest)
        src.close()
        dest.close()
    except sqlite3.Error as exc:
        raise StationError(f"无法写入数据库文件：{live}\n原因：{exc}\n数据库未被替换。") from exc
    except OSError as exc:
        raise StorageError(f"无法写入数据库文件：{live}\n原因：{os_reason(exc)}") from exc


def mark(db: Database, **values) -> None:
    """Set the identity row of ``db`` outside its own identity check (which refuses a
    database marked as being replaced): undoing the mark of a restore that failed."""
    with db.engine.begin() as con:
        identity.write(con, **values)
