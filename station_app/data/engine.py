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
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from station_app.data import connection_loss, identity
from station_app.errors import (
    ConnectionLostError,
    DatabaseCorruptError,
    DatabaseOpenError,
    DatabaseReplacedError,
    StorageError,
    os_reason,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
REPLACED = (
    "这个数据库已被替换为另一个数据库（在本机或另一个程序中恢复了备份，或重建了演示数据库）。\n"
    "为免把修改写进另一个数据库，本窗口已停止保存任何修改（正在进行的这一次也不会写入）。\n"
    "请关闭本程序后重新打开，打开的就是替换后的数据库。"
)
BEING_REPLACED = (
    "正在从备份恢复这个数据库（另一个程序正在进行），暂时不能保存修改。\n"
    "请等恢复完成后关闭本程序再重新打开。"
)
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
    """What the URL names. A SQLite path is made absolute here (``sqlite:///x.sqlite3`` with
    three slashes is relative to the current folder), so every message shows the real place."""
    if url.get_backend_name() == "sqlite":
        memory = not url.database or url.database == ":memory:"
        text = "" if memory else os.path.expanduser(url.database or "")
        unc = text.startswith(("\\\\", "//"))  # a share: refused below, shown as given
        path = None if memory else Path(text if unc else os.path.abspath(text))
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
    ~50 ms for a demo database, ~0.4 s for a station's 100 MB).

    The header is read with a plain ``open()`` only while this process holds no connection to
    the file (see :func:`is_open_here`): closing any descriptor of the file drops all of the
    process's POSIX locks on it, SQLite's included, and another process could then checkpoint
    and delete the WAL under the open connections (DESIGN §10). Otherwise the file is read
    through SQLite only."""

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
    if is_open_here(path):
        check_open_sqlite_file(path, deep=deep)
        return
    with path.open("rb") as fh:  # no connection in this process: the locks are not ours yet
        header = fh.read(16)
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(
            f"该文件不是本系统的数据库（不是 SQLite 数据库文件）：{path}\n文件未做任何改动。"
        )
    check_open_sqlite_file(path, deep=deep)


def check_open_sqlite_file(path: Path, *, deep: bool = True) -> None:
    """The structural check through SQLite only: safe beside open connections of this process
    (SQLite keeps a descriptor whose close would drop another connection's locks open until
    that connection closes). Raises ``DatabaseCorruptError``."""
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


# -- one engine per SQLite file per process ------------------------------------------------------


class _SqliteFile:
    """The process's one engine on a SQLite file, shared by every :class:`Database` opened on
    it while any of them is alive (a second ``Database`` on the same file gets the first one's
    engine and pool, and never reads the file outside SQLite)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine


_open_files: weakref.WeakValueDictionary[str, _SqliteFile] = weakref.WeakValueDictionary()
_open_files_lock = threading.RLock()  # check_sqlite_file asks is_open_here inside


def file_key(path: Path) -> str:
    """The registry key of a SQLite file: its absolute path, symlinks resolved."""
    return os.path.normcase(os.path.realpath(path))


def is_open_here(path: Path) -> bool:
    """True while a :class:`Database` of this process is (or may still be) connected to
    ``path``: then the file must not be opened outside SQLite (see :func:`check_sqlite_file`)."""
    with _open_files_lock:
        return file_key(path) in _open_files


def missing_file_message(path: Path, given: str | None = None) -> str:
    """A mistyped ``--db`` never creates a database silently: what to tell the user."""
    relative = given is not None and not os.path.isabs(os.path.expanduser(given))
    hint = (
        f"（地址 sqlite:///{given} 只有三个斜杠，是相对于当前文件夹的路径；"
        "绝对路径要写四个斜杠，例如 sqlite:////home/user/station.sqlite3，也可以直接写文件路径。）\n"
        if relative
        else ""
    )
    return (
        f"找不到数据库文件：{path}\n没有新建数据库：路径可能写错了。\n{hint}"
        f'如确实要在这里新建一个数据库，请运行：station-app --db "{path}" db upgrade'
    )


def _shared_sqlite_engine(
    url: URL,
    path: Path | None,
    *,
    deep_check: bool,
    create: bool = True,
    given: str | None = None,
) -> _SqliteFile:
    """The engine for ``path``: the one already open in this process, else a new one after
    :func:`check_sqlite_file`. ``:memory:`` databases are never shared. A missing file is
    created only when ``create``."""
    if path is None:
        return _SqliteFile(_sqlite_engine(url))
    if not create and not path.exists():
        raise DatabaseOpenError(missing_file_message(path, given or url.database))
    key = file_key(path)
    with _open_files_lock:
        shared = _open_files.get(key)
        if shared is not None:
            if path.exists() and path.stat().st_size:
                check_open_sqlite_file(path, deep=deep_check)
            return shared
        check_sqlite_file(path, deep=deep_check)
        shared = _SqliteFile(_sqlite_engine(url))
        _open_files[key] = shared
        return shared


def _check_dir_writable(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StorageError(
            f"无法在数据目录中写入文件：{directory}\n原因：{os_reason(exc)}\n"
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


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url, future=True)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def create_db_engine(url: str | URL, *, deep_check: bool = True) -> Engine:
    """Build an engine; SQLite files are checked first and refused if unusable. A SQLite file
    already open in this process gets that engine (one per file per process). A PostgreSQL
    connection that breaks raises ``ConnectionLostError`` (``data/connection_loss.py``)."""
    parsed = parse_url(url) if isinstance(url, str) else url
    info = describe(parsed)
    if info.kind == "sqlite":
        return _shared_sqlite_engine(parsed, info.path, deep_check=deep_check).engine
    engine = create_engine(
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
    connection_loss.install(engine, info.server)
    return engine


def probe(engine: Engine, info: DbInfo) -> None:
    """Connect once; turn failures into a Chinese message naming the server, never the password."""
    try:
        with engine.connect() as con:
            con.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        raise DatabaseOpenError(_connect_message(engine, info, exc)) from exc
    except ConnectionLostError as exc:  # the server cannot be reached at all: say so plainly
        raise DatabaseOpenError(
            f"无法连接数据库服务器 {info.server}。\n原因：{exc.reason}\n"
            "请检查服务器地址、端口、网络和用户名密码。"
        ) from exc


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

    def __init__(self, url: str | URL, *, deep_check: bool = True, create: bool = True) -> None:
        """``create=False``: a SQLite file that does not exist is an error that names it (a
        mistyped ``--db``), not a new empty database."""
        self.url = parse_url(url) if isinstance(url, str) else url
        self.info = describe(self.url)
        if self.info.kind == "sqlite":
            given = self.url.database
            if self.info.path is not None:  # the engine opens the absolute path, whatever cwd
                self.url = self.url.set(database=str(self.info.path))
            # held for as long as this Database lives: the file's registry entry (see
            # is_open_here) must outlive every connection the engine may still hold
            self._file = _shared_sqlite_engine(
                self.url, self.info.path, deep_check=deep_check, create=create, given=given
            )
            self.engine = self._file.engine
        else:
            self.engine = create_db_engine(self.url, deep_check=deep_check)
        #: False until the SQLite file passed its full quick_check (see :meth:`check_file`)
        self.file_checked = deep_check or self.info.path is None
        #: the database's ``db_identity.instance`` when it was opened (:meth:`adopt_identity`);
        #: None: no check (a schema from before migration 0015, a scratch copy)
        self.instance: str | None = None
        self._stopped = ""  # why this Database no longer writes ("" while it does)

    # -- identity: a window never writes into a database that replaced the one it opened ------
    def adopt_identity(self, instance: str | None = None) -> None:
        """Remember which database this is (``open_context`` calls it after migrating; a
        restore or a demo rebuild done by this process passes the new ``instance``): from then
        on every unit of work refuses to write if the database holds another instance."""
        self._stopped = ""
        if instance is not None:
            self.instance = instance
            return
        with self.core_read() as con:
            found = identity.read(con) if identity.has_table(con) else None
        if found is None:
            self.instance = None
            return
        if found.state == identity.REPLACING:
            found = self._after_interrupted_restore(found)
        self.instance = found.instance

    def forget_identity(self) -> None:
        """No identity check until the next :meth:`adopt_identity` (the demo generator drops
        and rebuilds every table of the database it works on)."""
        self.instance, self._stopped = None, ""

    def _after_interrupted_restore(self, found: identity.Identity) -> identity.Identity:
        """A restore marked the database as being replaced. Still running: write nothing
        until it is done. Its process gone: it stopped before swapping anything in (the swap is
        one transaction), so this is still the database it was: mark it live again."""
        if identity.process_alive(found.replacing_pid):
            self._stopped = BEING_REPLACED
            return found
        log.warning(
            "a restore was interrupted (process %s): database left as it was", found.replacing_pid
        )
        with self.engine.begin() as con:
            identity.write(con, state=identity.LIVE, replacing_pid=None)
        return identity.Identity(found.instance, found.origin, identity.LIVE, None)

    @property
    def stopped(self) -> str:
        """Why this Database refuses to write (the database was replaced), or ''."""
        return self._stopped

    def still_ours(self) -> bool:
        """Read-only look (the GUI asks every few seconds): is the database still the one this
        Database opened? False also stops writing, with :attr:`stopped` saying why."""
        if self._stopped or self.instance is None:
            return not self._stopped
        with self.core_read() as con:
            self._compare_identity(con)
        return not self._stopped

    def _check_identity(self, con: Connection) -> None:
        """Inside a write transaction (the SQLite write lock held): refuse to write if the
        database is no longer the one this Database opened."""
        if not self._stopped and self.instance is not None:
            self._compare_identity(con)
        if self._stopped:
            raise DatabaseReplacedError(self._stopped)

    def _compare_identity(self, con: Connection) -> None:
        try:
            found = identity.read(con)
        except DBAPIError:  # the table is gone: the schema was dropped (a demo rebuild)
            found = None
        if found is None or found.instance != self.instance:
            self._stopped = REPLACED
        elif found.state != identity.LIVE:
            self._stopped = BEING_REPLACED

    def check_file(self) -> None:
        """The full structural check of a SQLite file opened with ``deep_check=False``: raises
        ``DatabaseCorruptError``. Read-only and through SQLite only, so it is safe beside the
        open engine and beside other processes using the file (never a plain ``open()``)."""
        if self.info.kind == "sqlite" and self.info.path is not None:
            check_open_sqlite_file(self.info.path)
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
        """A read session; rolled back at the end. A lost PostgreSQL connection raises
        ``ConnectionLostError`` (stage READ)."""
        try:
            with self._sessions() as s:
                yield s
        except Exception as exc:
            self._reraise(exc, ConnectionLostError.READ)

    @contextlib.contextmanager
    def core_read(self) -> Iterator[Connection]:
        """A Core connection for reading (no ORM); rolled back at the end."""
        try:
            with self.engine.connect() as con:
                yield con
        except Exception as exc:
            self._reraise(exc, ConnectionLostError.READ)

    @contextlib.contextmanager
    def core_uow(self) -> Iterator[Connection]:
        """:meth:`uow` for Core statements (no ORM): commits at the end of the block, rolls
        back on any exception; the SQLite write lock is taken at BEGIN. Used for the sign-in's
        bookkeeping (the login's audit row, failed attempts): its commit is not counted as a
        step of the user's operation (``connection_loss.commits_on_this_thread``), so a command
        cut off after signing in still says that nothing of it was saved."""
        options = {"sqlite_immediate": True} if self.is_sqlite else {}
        with self.engine.connect().execution_options(**options) as con:
            tx = con.begin()
            try:
                self._check_identity(con)
                yield con
            except BaseException as exc:
                connection_loss.quietly(tx.rollback)
                self._reraise(exc, ConnectionLostError.WORK)
            try:
                tx.commit()
            except Exception as exc:
                connection_loss.quietly(tx.rollback)
                self._reraise(exc, ConnectionLostError.COMMIT)

    @contextlib.contextmanager
    def uow(self) -> Iterator[Session]:
        """A write unit of work: commits when the block ends, rolls back on any exception.
        On SQLite it takes the write lock at BEGIN (IMMEDIATE), so it waits rather than fails.
        A lost PostgreSQL connection raises ``ConnectionLostError``: stage WORK inside the
        block (nothing of it saved), COMMIT when the commit itself broke (unknown)."""
        with self._sessions() as s:
            if self.is_sqlite:
                s.connection(execution_options={"sqlite_immediate": True})
            try:
                self._check_identity(s.connection())
                yield s
            except BaseException as exc:
                connection_loss.quietly(s.rollback)
                self._reraise(exc, ConnectionLostError.WORK)
            try:
                s.commit()
            except Exception as exc:
                connection_loss.quietly(s.rollback)
                self._reraise(exc, ConnectionLostError.COMMIT)
        connection_loss.count_commit()

    def _reraise(self, exc: BaseException, stage: str):
        """Re-raise ``exc``; on PostgreSQL a lost connection as ``ConnectionLostError``."""
        if self.is_sqlite:
            raise exc
        connection_loss.reraise(exc, self.info.server, stage, self.url.password)

    def dispose(self) -> None:
        self.engine.dispose()
