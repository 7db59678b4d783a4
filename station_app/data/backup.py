"""Backups: the sqlite3 online-backup API (consistent while the app is in use), or pg_dump.

A restore (``services/restore.py``) checks the file first (SQLite header, integrity, schema not
newer) and keeps the database it replaces beside it, so a restore can itself be undone.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from station_app import clock
from station_app.data.engine import SQLITE_HEADER, Database, is_open_here
from station_app.errors import DatabaseOpenError, StationError, StorageError, os_reason


def timestamp() -> str:
    return clock.now().strftime("%Y%m%d-%H%M%S")


def backup_sqlite(src: Path, dest: Path) -> Path:
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".part")
        with sqlite3.connect(src) as s, sqlite3.connect(tmp) as d:
            s.backup(d)
        d.close()
        s.close()
        os.replace(tmp, dest)
    except OSError as exc:
        raise StorageError(f"无法写入备份文件：{dest}\n原因：{os_reason(exc)}") from exc
    except sqlite3.Error as exc:
        raise StationError(f"备份失败：{exc}") from exc
    return dest


def backup_postgres(db: Database, dest: Path) -> Path:
    exe = shutil.which("pg_dump")
    if not exe:
        raise StationError(
            "本机没有找到 pg_dump，无法备份 PostgreSQL 数据库。\n"
            "请安装 PostgreSQL 客户端工具，或在服务器上用 pg_dump 备份。"
        )
    url = db.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    args = [exe, "-Fc", "-f", str(dest), "-h", url.host or "localhost", "-p", str(url.port or 5432)]
    if url.username:
        args += ["-U", url.username]
    args.append(url.database or "")
    dest.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        raise StationError(f"pg_dump 备份失败：{proc.stderr.strip()[:500]}")
    return dest


def backup(db: Database, dest: Path) -> Path:
    if db.is_sqlite:
        assert db.info.path is not None
        return backup_sqlite(db.info.path, dest)
    return backup_postgres(db, dest)


def check_backup_file(path: Path, live: Path | None = None) -> None:
    """Refuse a restore source that is not an intact SQLite database (or is ``live`` itself).
    A file this process has open is read through SQLite only (never a plain ``open()``)."""
    if not path.is_file():
        raise DatabaseOpenError(f"找不到备份文件：{path}")
    if live is not None and live.exists() and os.path.samefile(path, live):
        raise DatabaseOpenError(f"所选文件是正在使用的数据库本身，不是备份：{path}\n未做任何恢复。")
    if not is_open_here(path):
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                raise DatabaseOpenError(
                    f"该文件不是数据库备份（不是 SQLite 文件）：{path}\n未做任何恢复。"
                )
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
        con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(f"备份文件已损坏：{path}\n原因：{exc}\n未做任何恢复。") from exc
    if result != "ok":
        raise DatabaseOpenError(f"备份文件未通过完整性检查：{path}\n{result}\n未做任何恢复。")


def read_revision(path: Path) -> str | None:
    """The schema revision stored in a SQLite file, read without modifying it."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        has = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        row = con.execute("SELECT version_num FROM alembic_version").fetchone() if has else None
    con.close()
    return row[0] if row else None
