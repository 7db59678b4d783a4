"""Open a database from a URL: SQLite (default, embedded) or PostgreSQL (shared server).

Opening never modifies a file that turns out not to be a usable database: the file is checked
read-only first, and only then are the WAL and other pragmas applied.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from station_app.errors import DatabaseCorruptError, DatabaseOpenError, StorageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CONNECT_TIMEOUT_S = 5
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "afs", "ncpfs", "davfs"}


@dataclass(frozen=True)
class DbInfo:
    """What the status bar and About dialog show about the database in use."""

    kind: str  # "sqlite" | "postgresql"
    display: str  # URL or path with the password hidden
    path: Path | None  # SQLite file, else None
    server: str  # "host:port/dbname" for PostgreSQL, "" for SQLite


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseOpenError(f"数据库地址格式不正确：{url!s}") from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseOpenError(
            f"不支持的数据库类型“{parsed.get_backend_name()}”：只支持 SQLite 和 PostgreSQL。"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def describe(url: URL) -> DbInfo:
    if url.get_backend_name() == "sqlite":
        path = Path(url.database) if url.database and url.database != ":memory:" else None
        return DbInfo("sqlite", str(path) if path else ":memory:", path, "")
    server = f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"
    return DbInfo("postgresql", url.render_as_string(hide_password=True), None, server)


def is_network_path(path: Path) -> bool:
    """True for a UNC path, a mapped network drive, or a Linux network mount."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0]
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4
    return _linux_mount_fstype(path) in _NETWORK_FS


def _linux_mount_fstype(path: Path) -> str:
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return ""
    target = str(path.resolve())
    best, fstype = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) < 3 or len(parts[1]) <= len(best):
            continue
        if target == parts[1] or target.startswith(parts[1].rstrip("/") + "/"):
            best, fstype = parts[1], parts[2]
    return fstype


def check_sqlite_file(path: Path, *, deep: bool = True) -> None:
    """Refuse, without touching it, a file that is not a readable SQLite database.

    ``deep=False`` reads the header and the schema only: the GUI opens that way and runs the
    full ``quick_check`` in the background once the window shows (it reads the whole file:
    ~50 ms for a demo database, ~0.4 s for a station's 100 MB)."""

    if is_network_path(path):
        raise DatabaseOpenError(
            f"数据库文件位于网络共享上：{path}\n"
            "SQLite 文件放在共享文件夹上多人同时使用会损坏数据。多台电脑共用请改用 PostgreSQL 服务器。"
        )
    if not path.exists() or path.stat().st_size == 0:
        _check_dir_writable(path.parent)
        return
    if path.is_dir():
        raise DatabaseOpenError(f"指定的数据库路径是一个文件夹，不是数据库文件：{path}")
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(
            f"该文件不是本系统的数据库（不是 SQLite 数据库文件）：{path}\n文件未做任何改动。"
        )
    try:
        result = _quick_check(path, deep=deep)
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    if result != "ok":
        raise DatabaseCorruptError(
            f"数据库文件已损坏，无法打开：{path}\n原因：{result}\n文件未做任何改动，请从备份恢复。",
            path=path,
        )


def _quick_check(path: Path, *, deep: bool) -> str:
    """Read-only structural check before any pragma may write to the file (WAL switches the
    header). Files over QUICK_CHECK_MAX_BYTES get only a schema read at start: a full pass over
    a district-sized database would slow every start; the daily backup checks those."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not deep or path.stat().st_size > QUICK_CHECK_MAX_BYTES:
            return "ok"

        return str(con.execute("PRAGMA quick_check(1)").fetchone()[0])
    finally:
        con.close()


def _check_dir_writable(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StorageError(
            f"无法在数据目录中写入文件：{directory}\n原因：{exc.strerror or exc}\n"
            "请检查该文件夹的权限或磁盘空间，或用 --db 指定其他位置。"
        ) from exc


def _sqlite_on_connect(dbapi_con, _record) -> None:
    # Take over transaction control so BEGIN is ours (DDL in transactions, SAVEPOINT, IMMEDIATE).
    dbapi_con.isolation_level = None
    cur = dbapi_con.cursor()
    for pragma in (
        "journal_mode=WAL",
        "foreign_keys=ON",
        "busy_timeout=5000",
        "synchronous=NORMAL",
    ):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _sqlite_on_begin(conn) -> None:
    mode = "IMMEDIATE" if conn.get_execution_options().get("sqlite_immediate") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def create_db_engine(url: str | URL, *, deep_check: bool = True) -> Engine:
    """Build an engine; SQLite files are checked first and refused if unusable."""
    parsed = parse_url(url) if isinstance(url, str) else url
    info = describe(parsed)
    if info.kind == "sqlite":
        if info.path is not None:
            check_sqlite_file(info.path, deep=deep_check)

        engine = create_engine(parsed, future=True)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(
        parsed,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_timeout=10,
        connect_args={
            "connect_timeout": PG_CONNECT_TIMEOUT_S,
            "application_name": "station-desk",
            # The queries here are short or simple scans; JIT compiling them costs more than it
            # saves (~0.1 s on sorting a million-row list).
            "options": "-c jit=off",
        },
    )


def probe(engine: Engine, info: DbInfo) -> None:
    """Connect once; turn failures into a Chinese message naming the server, never the password."""
    try:
        with engine.connect() as con:
            con.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        raise DatabaseOpenError(_connect_message(engine, info, exc)) from exc


def _connect_message(engine: Engine, info: DbInfo, exc: DBAPIError) -> str:
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    password = engine.url.password
    if password:
        reason = reason.replace(str(password), "***")
    if info.kind == "postgresql":
        return f"无法连接数据库服务器 {info.server}。\n原因：{reason}\n请检查服务器地址、端口、网络和用户名密码。"
    if "malformed" in reason or "not a database" in reason:
        return f"数据库文件已损坏：{info.display}\n原因：{reason}\n请从备份恢复。"
    return f"无法打开数据库 {info.display}。\n原因：{reason}"


class Database:
    """An open database: engine, session factory and units of work. Thread-safe to share;
    Sessions are not: each thread or task opens its own with :meth:`session` or :meth:`uow`.

    The ORM is imported with the first Session, not before: start-up (sign-in, the station
    profile, the audit row of the login) works through Core with :meth:`core_uow` and
    :meth:`core_read`, so the window shows before SQLAlchemy's ORM loads (~55 ms)."""

    def __init__(self, url: str | URL, *, deep_check: bool = True) -> None:
        self.url = parse_url(url) if isinstance(url, str) else url
        self.info = describe(self.url)
        self.engine = create_db_engine(self.url, deep_check=deep_check)
        #: False until the SQLite file passed its full quick_check (see :meth:`check_file`)
        self.file_checked = deep_check or self.info.path is None

    def check_file(self) -> None:
        """The full structural check of a SQLite file opened with ``deep_check=False``: raises
        ``DatabaseCorruptError``. Read-only, safe beside the open engine (WAL readers)."""
        if self.info.kind == "sqlite" and self.info.path is not None:
            check_sqlite_file(self.info.path)
        self.file_checked = True

    @property
    def is_sqlite(self) -> bool:
        return self.info.kind == "sqlite"

    def probe(self) -> None:
        probe(self.engine, self.info)

    @cached_property
    def _sessions(self) -> sessionmaker:
        from sqlalchemy.orm import sessionmaker

        from station_app.data import text_guard

        return text_guard.install(sessionmaker(self.engine, expire_on_commit=False))

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A read session; rolled back at the end."""
        with self._sessions() as s:
            yield s

    @contextlib.contextmanager
    def core_read(self) -> Iterator[Connection]:
        """A Core connection for reading (no ORM); rolled back at the end."""
        with self.engine.connect() as con:
            yield con

    @contextlib.contextmanager
    def core_uow(self) -> Iterator[Connection]:
        """:meth:`uow` for Core statements (no ORM): commits at the end of the block, rolls
        back on any exception; the SQLite write lock is taken at BEGIN."""
        options = {"sqlite_immediate": True} if self.is_sqlite else {}
        with self.engine.connect().execution_options(**options) as con, con.begin():
            yield con

    @contextlib.contextmanager
    def uow(self) -> Iterator[Session]:
        """A write unit of work: commits when the block ends, rolls back on any exception.
        On SQLite it takes the write lock at BEGIN (IMMEDIATE), so it waits rather than fails."""
        with self._sessions() as s:
            if self.is_sqlite:
                s.connection(execution_options={"sqlite_immediate": True})
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
