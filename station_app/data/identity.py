"""Which database a file or server holds (``db_identity``, migration 0015).

``instance`` is new at creation, at every restore and every demo rebuild; a
:class:`~station_app.data.engine.Database` remembers the one it opened and compares it in every
unit of work, so a window left open while another process replaced the content stops writing
instead of mixing its edits into another database. ``origin`` is ``demo`` only for what the
demo generator built. ``state`` is ``replacing`` while a restore swaps the content.
"""

from __future__ import annotations

import os
import sys
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import insert, inspect, select, update

from station_app.data.tables import db_identity
from station_app.data.types import utc_now

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

APP, DEMO = "app", "demo"
LIVE, REPLACING = "live", "replacing"


@dataclass(frozen=True)
class Identity:
    instance: str
    origin: str
    state: str
    replacing_pid: int | None


def new_instance() -> str:
    return uuid.uuid4().hex


def has_table(con: Connection) -> bool:
    return inspect(con).has_table("db_identity")


def read(con: Connection) -> Identity | None:
    """The stored identity; None when the schema predates it (or the table is gone)."""
    t = db_identity.c
    row = con.execute(
        select(t.instance, t.origin, t.state, t.replacing_pid).where(t.id == 1)
    ).first()
    return Identity(*row) if row else None


def write(con: Connection, **values) -> None:
    """Set columns of the identity row (inserting it if missing): instance, origin, state,
    replacing_pid. Inside the caller's transaction."""
    values = {**values, "changed_at": utc_now()}
    if con.execute(select(db_identity.c.id).where(db_identity.c.id == 1)).first() is None:
        base = {"instance": new_instance(), "origin": APP, "state": LIVE}
        con.execute(insert(db_identity).values(id=1, **{**base, **values}))
        return
    con.execute(update(db_identity).where(db_identity.c.id == 1).values(**values))


def process_alive(pid: int | None) -> bool:
    """Is process ``pid`` still running on this PC (SQLite files are local: never a share)."""
    if not pid:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - os.kill(pid, 0) would terminate it there
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to another user
        return True
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    code = ctypes.c_ulong()
    try:
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
    finally:
        kernel32.CloseHandle(handle)
    return bool(ok) and code.value == 259  # STILL_ACTIVE
