"""Restore a SQLite database from a backup, leaving a trace and destroying nothing (库恢复).

1. The backup is copied beside the live file and checked there: same station as the live
   database, audit chain intact; otherwise refused unless forced with a reason.
2. The copy is brought to the current schema.
3. The live database is marked *being replaced* (every window's next write refuses, on this PC
   and in any other process) with an audit row, then a copy of it is kept beside it.
4. The staged copy gets a new identity and an audit entry: what was restored (file, its chain
   head, its station), by whom, what was replaced (its head, its station, where it was kept),
   forced or not and why.
5. It goes over the live file in one transaction (``data/restore.swap_in``). Windows still open
   on the file see a database that is not the one they opened, and stop writing.

A failure before the swap leaves the live database as it was (its mark undone); a process
killed between 3 and 5 leaves the mark, which the next start clears once it sees the restoring
process gone (``Database.adopt_identity``).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station_app.data import audit, audit_verify, identity, migrate
from station_app.data import backup as backups
from station_app.data import restore as files
from station_app.data.engine import Database, sqlite_url
from station_app.domain.auth import Actor
from station_app.errors import RestoreRefusedError, SchemaTooNewError, StationError
from station_app.services.base import Auth, Tx, transact_core

log = logging.getLogger(__name__)
KIND = "database"
FORCE_HINT = "确需恢复时，请写明原因后强制恢复（原因记入操作日志）。"


@dataclass(frozen=True)
class Restored:
    kept: Path  # where the replaced database was kept
    forced: bool
    problems: tuple[str, ...]


def restore(db: Database, auth: Auth, src: Path, *, force_reason: str = "") -> Restored:
    """Replace the SQLite database of ``db`` with the backup ``src`` (see the module)."""
    actor = auth.require("db.restore")
    if not db.is_sqlite or db.info.path is None:
        raise StationError("PostgreSQL 数据库请在服务器上用 pg_restore 恢复。")
    live, src = db.info.path, Path(src)
    _check_source(src, live)
    staging = files.staging_path(live, "restoring")
    files.remove_with_sidecars(staging)
    backups.backup_sqlite(src, staging)
    stage: Database | None = None
    retired = False
    try:
        stage = Database(sqlite_url(staging), create=False)
        theirs, mine = files.facts(stage), files.facts(db)
        problems = _problems(stage, theirs, mine, db)
        if problems and not force_reason.strip():
            raise RestoreRefusedError(_refusal(problems), problems)
        migrate.upgrade(stage)
        kept = _retire_and_keep(db, actor, src, live)
        retired = True
        replaced = files.facts(db)  # as kept: nothing can be written after the mark
        instance = identity.new_instance()
        _finish(stage, actor, src, instance, theirs, replaced, kept, problems, force_reason)
        stage.dispose()
        files.close_for_swap(staging)
        files.swap_in(staging, live)
    except BaseException:
        if retired:
            files.mark(db, state=identity.LIVE, replacing_pid=None)
        raise
    finally:
        if stage is not None:
            stage.dispose()
        files.remove_with_sidecars(staging)
    db.dispose()
    db.adopt_identity(instance)  # this process did it: its own window goes on, on the new one
    log.info("database %s restored from %s (kept as %s)", live, src, kept)
    return Restored(kept, bool(problems), problems)


def _check_source(src: Path, live: Path) -> None:
    backups.check_backup_file(src, live)
    revision = backups.read_revision(src)
    if revision is None:
        raise StationError(f"该文件不是本系统的数据库备份：{src}\n未做任何恢复。")
    if not migrate.revision_is_known(revision):
        raise SchemaTooNewError(
            f"该备份来自更新版本的工作台（结构版本 {revision}），当前程序无法使用。\n未做任何恢复。"
        )


def _problems(
    stage: Database, theirs: files.Facts, mine: files.Facts, live: Database | None = None
) -> tuple[str, ...]:
    """Why ``stage`` (the backup) may not be this database's: another station (unless the two
    audit chains are one history, one holding the other's head), a chain that does not verify."""
    found = []
    related = live is not None and (files.chain_has(live, theirs) or files.chain_has(stage, mine))
    if not related and not theirs.same_station(mine):
        found.append(f"备份来自另一个所：{theirs.station}；当前数据库属于 {mine.station}。")
    try:
        chain = audit_verify.verify(stage)
        if not chain.ok:
            found.append(
                f"备份的操作日志校验未通过（第 {chain.first_bad_seq} 条：{chain.problem}），"
                "备份可能被改动过。"
            )
    except Exception as exc:  # a malformed row must refuse the backup, not end the restore
        log.warning("audit chain of %s could not be verified: %s", stage.info.display, exc)
        found.append("备份的操作日志无法校验（记录格式不对），备份可能被改动过。")
    return tuple(found)


def _refusal(problems: tuple[str, ...]) -> str:
    listed = "\n".join(f"- {p}" for p in problems)
    return f"未做任何恢复：\n{listed}\n{FORCE_HINT}"


def _retire_and_keep(db: Database, actor: Actor, src: Path, live: Path) -> Path:
    """Mark the live database as being replaced (with an audit row), then keep a copy."""

    def retire(tx: Tx) -> None:
        identity.write(tx.con, state=identity.REPLACING, replacing_pid=os.getpid())
        tx.record(
            audit.UPDATE,
            KIND,
            "restore",
            {"state": ["使用中", "正在从备份恢复"], "restored_from": [None, str(src)]},
            "从备份恢复数据库：本数据库被替换前的最后一条记录",
        )

    transact_core(db, actor, retire)
    kept = live.with_name(f"{live.stem}.replaced-{backups.timestamp()}{live.suffix}")
    return backups.backup_sqlite(live, kept)


def _finish(
    stage: Database,
    actor: Actor,
    src: Path,
    instance: str,
    theirs: files.Facts,
    mine: files.Facts,
    kept: Path,
    problems: tuple[str, ...],
    reason: str,
) -> None:
    """The staged copy's new identity and the audit entry of the restore itself."""
    changes = {
        "restored_from": [None, str(src)],
        "backup_head": [None, theirs.head],
        "backup_station": [None, theirs.station],
        "replaced_head": [None, mine.head],
        "replaced_station": [None, mine.station],
        "replaced_instance": [None, mine.instance],
        "kept_as": [None, str(kept)],
        "forced": [None, bool(problems)],
    }
    if problems:
        changes["problems"] = [None, list(problems)]

    def finish(tx: Tx) -> None:
        identity.write(
            tx.con,
            instance=instance,
            state=identity.LIVE,
            replacing_pid=None,
            origin=theirs.origin,
        )
        tx.record(audit.UPDATE, KIND, "restore", changes, reason.strip() or "从备份恢复数据库")

    transact_core(stage, actor, finish)


def record_recovery(copy: Database, actor: Actor, backup: Path, kept: Path) -> None:
    """The live file was corrupt (nothing of it can be read): the backup's copy that replaces
    it is upgraded, gets a new identity and the audit entry of the recovery. The backup's own
    chain is checked and any problem recorded; a corrupt database is not refused a backup."""
    migrate.upgrade(copy)
    theirs = files.facts(copy)
    problems = _problems(copy, theirs, theirs)  # the corrupt one's station is unknown
    changes: dict[str, list[Any]] = {
        "restored_from": [None, str(backup)],
        "backup_head": [None, theirs.head],
        "backup_station": [None, theirs.station],
        "replaced": [None, "损坏无法读取的数据库"],
        "kept_as": [None, str(kept)],
    }
    if problems:
        changes["problems"] = [None, list(problems)]

    def recover(tx: Tx) -> None:
        identity.write(tx.con, instance=identity.new_instance(), state=identity.LIVE)
        tx.record(audit.UPDATE, KIND, "restore", changes, "数据库损坏，从备份恢复")

    transact_core(copy, actor, recover)
