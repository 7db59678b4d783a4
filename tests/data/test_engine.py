"""Opening databases: bad files are refused untouched, servers are named without passwords."""

from __future__ import annotations

import hashlib
import shutil
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from station_app.bootstrap import open_context, resolve_db_url
from station_app.data.engine import Database, is_network_path, sqlite_url
from station_app.errors import DatabaseOpenError, StorageError


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_text_file_is_refused_and_left_untouched(tmp_path):
    # GIVEN a file that is not a database
    bad = tmp_path / "ledger.sqlite3"
    bad.write_text("单位名称,地址\n城关饭店,人民路1号\n", encoding="utf-8")
    before = _digest(bad)
    # WHEN the application opens it THEN a Chinese message says so, and the file is unchanged
    with pytest.raises(DatabaseOpenError, match="不是 SQLite 数据库"):
        open_context(sqlite_url(bad))
    assert _digest(bad) == before
    assert not (tmp_path / "ledger.sqlite3-wal").exists()


def test_corrupt_database_is_refused_and_left_untouched(sqlite_url, tmp_path):
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as con:  # make it big enough to have several pages
        con.execute("CREATE TABLE filler (x TEXT)")
        con.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 200)
    con.close()
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\xff" * 8192  # overwrite pages after the header page
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises(DatabaseOpenError, match="损坏"):
        open_context(sqlite_url)
    assert _digest(path) == before


def test_empty_file_becomes_a_new_database(tmp_path):
    path = tmp_path / "new.sqlite3"
    path.touch()
    ctx = open_context(sqlite_url(path))
    try:
        assert ctx.services.database.status().current == ctx.services.database.status().head
    finally:
        ctx.close()


def test_unwritable_data_directory_says_where(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    target = blocker / "sub" / "station.sqlite3"  # a directory cannot be made under a file
    with pytest.raises(StorageError) as info:
        open_context(sqlite_url(target), create=True)
    assert str(blocker / "sub") in info.value.message
    assert "无法在数据目录中写入" in info.value.message


@pytest.mark.parametrize(
    "path", ["//fileserver/share/station.sqlite3", "\\\\fileserver\\share\\station.sqlite3"]
)
def test_network_share_is_refused(path):
    assert is_network_path(Path(path))
    with pytest.raises(DatabaseOpenError, match="PostgreSQL"):
        Database(f"sqlite:///{path}")


def test_refused_postgres_names_server_not_password():
    url = "postgresql+psycopg://clerk:s3cret-pw@127.0.0.1:1/station"
    with pytest.raises(DatabaseOpenError) as info:
        open_context(url)
    assert "127.0.0.1:1/station" in info.value.message
    assert "s3cret-pw" not in info.value.message
    assert "s3cret-pw" not in repr(info.value.args)


def test_silent_postgres_times_out_within_ten_seconds():
    # A local socket that accepts connections but never speaks: the client must give up.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(DatabaseOpenError) as info:
            open_context(f"postgresql+psycopg://clerk:pw@127.0.0.1:{port}/station")
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()
    assert time.monotonic() - started < 10
    assert f"127.0.0.1:{port}/station" in info.value.message


def test_unsupported_url_scheme():
    with pytest.raises(DatabaseOpenError, match="只支持 SQLite 和 PostgreSQL"):
        Database("mysql://root@localhost/station")


def test_resolve_db_url_prefers_argument_then_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("STATION_DB_URL", "postgresql+psycopg://u@h/db")
    assert resolve_db_url(None) == "postgresql+psycopg://u@h/db"
    assert resolve_db_url(str(tmp_path / "a.sqlite3")) == sqlite_url(tmp_path / "a.sqlite3")
    monkeypatch.delenv("STATION_DB_URL")
    assert resolve_db_url(None).endswith("station.sqlite3")
    assert resolve_db_url(None, demo=True).endswith("demo.sqlite3")


def test_sqlite_pragmas_applied(sqlite_ctx):
    with sqlite_ctx.db.engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert con.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 5000
        assert con.exec_driver_sql("PRAGMA synchronous").scalar_one() == 1  # NORMAL


def test_failed_unit_of_work_writes_nothing(ctx):
    from station_app.data.models import StationProfile

    with pytest.raises(RuntimeError), ctx.db.uow() as s:
        s.add(StationProfile(id=1, name="半截写入"))
        s.flush()
        raise RuntimeError("boom")
    assert ctx.services.station.get_profile() is None


def test_copy_of_template_is_independent(sqlite_template, tmp_path):
    copy = tmp_path / "c.sqlite3"
    shutil.copy(sqlite_template, copy)
    ctx = open_context(sqlite_url(copy))
    ctx.close()
    assert copy.stat().st_size > 0


def _plain_opens_of(path: Path, monkeypatch) -> list[str]:
    """Every ``open()`` of ``path`` outside SQLite from now on (``Path.open`` goes through
    ``io.open``)."""
    import builtins
    import io

    seen: list[str] = []
    real_open = io.open

    def spy(file, *args, **kwargs):
        if isinstance(file, str | Path) and Path(file).resolve() == path.resolve():
            seen.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    return seen


def test_background_check_and_second_database_never_open_the_live_file(sqlite_url, monkeypatch):
    """Issue 21 item 1: closing a plain descriptor of the file drops SQLite's POSIX locks."""
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    first = open_context(sqlite_url, deep_check=False)
    try:
        first.services.station.get_profile()  # a pooled connection holds the file
        opens = _plain_opens_of(path, monkeypatch)
        first.services.database.check_file()
        second = Database(sqlite_url)
        assert second.engine is first.db.engine, "one engine per file per process"
        second.dispose()
        assert opens == []
    finally:
        first.close()


def test_header_is_read_before_the_first_connection_only(sqlite_url, monkeypatch):
    import gc

    gc.collect()  # databases of earlier tests on other files are gone; this file is not open
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    opens = _plain_opens_of(path, monkeypatch)
    db = Database(sqlite_url)
    assert len(opens) == 1  # the header, before any connection existed
    db.dispose()
