"""Backup, restore and checks through the database service."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from station_app.errors import DatabaseOpenError, SchemaTooNewError, StationError
from station_app.services.station import StationProfileData


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_then_restore_round_trip(sqlite_ctx, tmp_path):
    station = sqlite_ctx.services.station
    database = sqlite_ctx.services.database
    station.save_profile(StationProfileData(name="备份前"))
    backup = database.backup(tmp_path / "b.sqlite3")
    current = station.get_profile()
    station.save_profile(StationProfileData(**{**current.__dict__, "name": "备份后"}))
    kept, changes = database.restore(backup)
    assert station.get_profile().name == "备份前"
    assert kept.exists() and changes
    # the replaced database was kept and still holds the later edit
    with sqlite3.connect(kept) as con:
        assert con.execute("SELECT name FROM station_profile").fetchone()[0] == "备份后"
    con.close()


def test_default_backup_goes_to_backup_dir(sqlite_ctx):
    path = sqlite_ctx.services.database.backup()
    assert path.parent.name == "backups" and path.stat().st_size > 0


def test_restore_from_non_database_changes_nothing(sqlite_ctx, tmp_path):
    sqlite_ctx.services.station.save_profile(StationProfileData(name="原样"))
    live = sqlite_ctx.db.info.path
    fake = tmp_path / "fake.sqlite3"
    fake.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(DatabaseOpenError, match="不是数据库备份"):
        sqlite_ctx.services.database.restore(fake)
    assert sqlite_ctx.services.station.get_profile().name == "原样"
    assert live.exists()


def test_restore_from_newer_schema_refused(sqlite_ctx, tmp_path):
    newer = sqlite_ctx.services.database.backup(tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    sqlite_ctx.services.station.save_profile(StationProfileData(name="原样"))
    with pytest.raises(SchemaTooNewError):
        sqlite_ctx.services.database.restore(newer)
    assert sqlite_ctx.services.station.get_profile().name == "原样"


def test_restore_from_foreign_sqlite_refused(sqlite_ctx, tmp_path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(StationError, match="不是本系统的数据库备份"):
        sqlite_ctx.services.database.restore(other)


def test_integrity_check_ok(ctx):
    assert ctx.services.database.integrity_check() == "ok"


def test_status_reports_server(ctx):
    status = ctx.services.database.status()
    assert status.server_version
    assert status.current == status.head
    if status.info.kind == "postgresql":
        assert "@" not in status.info.server  # no credentials in what the status bar shows


def test_pg_backup_needs_pg_dump(ctx, tmp_path, monkeypatch):
    if ctx.db.is_sqlite:
        pytest.skip("PostgreSQL only")
    import shutil

    if shutil.which("pg_dump") is None:
        with pytest.raises(StationError, match="pg_dump"):
            ctx.services.database.backup(tmp_path / "x.dump")
        return
    path = ctx.services.database.backup(tmp_path / "x.dump")
    assert path.read_bytes()[:5] == b"PGDMP"


def test_daily_backup_once_a_day_and_pruned(ctx):
    from datetime import datetime, timedelta

    from station_app import paths

    database = ctx.services.database
    if not ctx.db.is_sqlite:
        import shutil

        if shutil.which("pg_dump") is None:
            assert database.auto_backup() is None
            return
    folder = paths.backup_dir()
    for old in folder.glob("station-daily-*"):
        old.unlink()
    start = datetime(2026, 1, 1, 9, 0)
    made = [database.auto_backup(start + timedelta(days=d)) for d in range(75)]  # to 16 March
    assert all(made)
    assert database.auto_backup(start + timedelta(days=74, hours=3)) is None  # same day
    names = sorted(p.name for p in folder.glob("station-daily-*"))
    remaining = [n for n in names if not n.endswith(".head.json")]
    assert len(remaining) == 30 + 1, remaining  # 15 Feb–16 Mar, plus January's month-end keeper
    assert [n for n in names if n.endswith(".head.json")] == [f"{n}.head.json" for n in remaining]
    assert made[-1].name in remaining and made[0].name not in remaining
    assert any(name.startswith("station-daily-20260131") for name in remaining)


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    path.write_bytes(bytes(data))


def test_recover_corrupt_database_from_backup(tmp_path):
    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url
    from station_app.domain.auth import ADMIN, Actor
    from station_app.errors import DatabaseCorruptError, PermissionDeniedError
    from station_app.services.database import recover_from_backup

    live = tmp_path / "station.sqlite3"
    ctx = open_context(sqlite_url(live), actor=Actor(None, "setup", ADMIN), create=True)
    ctx.services.users.add_user("boss", "张所长", "admin", "Station-2026")
    ctx.services.users.add_user("clerk", "孙丽", "clerk", "Sunli-Desk-26")
    ctx.services.station.save_profile(StationProfileData(name="城关所"))
    for n in range(300):  # grow the file past a few pages so corruption hits data pages
        ctx.services.audit.record_view("entity", n, ["phone"])
    backup = ctx.services.database.backup(tmp_path / "good.sqlite3")
    ctx.close()
    _corrupt(live)
    with pytest.raises(DatabaseCorruptError):
        open_context(sqlite_url(live))
    # a clerk may not restore; a wrong password is refused; nothing changes
    with pytest.raises(PermissionDeniedError, match="无权恢复数据库"):
        recover_from_backup(live, backup, "clerk", "Sunli-Desk-26")
    with pytest.raises(PermissionDeniedError, match="用户名或密码不正确"):
        recover_from_backup(live, backup, "boss", "wrong")
    corrupt_bytes = live.read_bytes()
    kept = recover_from_backup(live, backup, "boss", "Station-2026")
    assert kept.read_bytes() == corrupt_bytes  # the corrupt file is kept, not destroyed
    ctx = open_context(sqlite_url(live), actor=Actor(None, "check", ADMIN))
    assert ctx.services.station.get_profile().name == "城关所"
    assert ctx.services.database.integrity_check() == "ok"
    ctx.close()


def test_gui_open_defers_the_full_file_check_and_a_migration_still_runs_it(tmp_path, monkeypatch):
    """The GUI opens with deep_check=False (header and schema read only); the full quick_check
    then runs in the background, and a pending migration never backs up an unchecked file."""
    from station_app.bootstrap import open_context
    from station_app.data import migrate
    from station_app.data.engine import Database, sqlite_url
    from station_app.domain.auth import ADMIN, Actor
    from station_app.errors import DatabaseCorruptError

    live = tmp_path / "station.sqlite3"
    ctx = open_context(sqlite_url(live), actor=Actor(None, "setup", ADMIN), create=True)
    for n in range(300):
        ctx.services.audit.record_view("entity", n, ["phone"])
    ctx.close()
    assert not live.with_name(live.name + "-wal").exists()
    data = bytearray(live.read_bytes())  # the last page holds audit rows, not the schema

    data[-4096:] = b"\xff" * 4096
    live.write_bytes(bytes(data))
    before = live.read_bytes()
    with pytest.raises(DatabaseCorruptError):
        open_context(sqlite_url(live))
    deferred = open_context(sqlite_url(live), deep_check=False)
    assert not deferred.db.file_checked
    with pytest.raises(DatabaseCorruptError, match="数据库文件已损坏"):
        deferred.services.database.check_file()
    deferred.close()
    assert live.read_bytes() == before, "checks must not write to a corrupt file"

    older = migrate.SchemaStatus(
        current="0001", head=migrate.head_revision(), known=True, foreign=False
    )
    monkeypatch.setattr(migrate, "schema_status", lambda _db: older)  # a migration is pending
    db = Database(sqlite_url(live), deep_check=False)
    try:
        with pytest.raises(DatabaseCorruptError):
            migrate.upgrade(db, backup=lambda label: pytest.fail("backed up a corrupt file"))
    finally:
        db.dispose()
    assert live.read_bytes() == before


def test_restore_from_the_open_database_itself_is_refused_without_opening_it(sqlite_ctx):
    """The live file is never read with a plain open() while SQLite holds it (issue 21)."""
    live = sqlite_ctx.db.info.path
    with pytest.raises(DatabaseOpenError, match="正在使用的数据库本身"):
        sqlite_ctx.services.database.restore(live)
    assert sqlite_ctx.services.database.integrity_check() == "ok"


def _mark_replacing(path, pid: int) -> None:
    with sqlite3.connect(path) as con:
        con.execute("UPDATE db_identity SET state = 'replacing', replacing_pid = ?", (pid,))
    con.close()


def test_a_restore_killed_before_its_swap_leaves_the_database_usable(sqlite_url):
    """The mark "being replaced" of a restore whose process died is cleared at the next open;
    while the restoring process lives, nobody writes."""
    import subprocess
    import sys

    from station_app.bootstrap import open_context
    from station_app.errors import DatabaseReplacedError
    from station_app.services.station import StationProfileData
    from tests.conftest import _test_admin

    path = Path(sqlite_url.removeprefix("sqlite:///"))
    restorer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _mark_replacing(path, restorer.pid)
        busy = open_context(sqlite_url, actor=_test_admin())
        with pytest.raises(DatabaseReplacedError, match="正在从备份恢复"):
            busy.services.station.save_profile(StationProfileData(name="城关所"))
        busy.close()
    finally:
        restorer.kill()
        restorer.wait()
    ctx = open_context(sqlite_url, actor=_test_admin())  # the restorer is gone: usable again
    try:
        ctx.services.station.save_profile(StationProfileData(name="城关所"))
        assert ctx.services.station.get_profile().name == "城关所"
    finally:
        ctx.close()
