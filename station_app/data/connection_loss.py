"""A PostgreSQL server that goes away mid-command becomes a :class:`ConnectionLostError`.

Without this, a stopped server, a restarted one or a pulled network cable ended every running
command in a traceback (9/9 interrupted runs; nothing was half-written: the server rolls back a
transaction whose connection breaks). Two places catch it:

* the engine's ``handle_error`` hook, for every statement SQLAlchemy runs (connects included;
  the pool's pre-ping is left alone, it reconnects by itself);
* :class:`~station_app.data.engine.Database`'s units of work and read sessions, for what runs
  beside SQLAlchemy (``COPY`` through the driver) and to say *where* the connection broke:
  inside a transaction (nothing of it saved), while reading, or while committing (unknown).

Each thread counts the commits of its units of work (:func:`commits_on_this_thread`), so the
operation's boundary (``services.connection.operation``) can tell "nothing saved" from "the
earlier steps were saved".
"""

from __future__ import annotations

import logging
import sys
import threading

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from station_app.errors import ConnectionLostError

log = logging.getLogger(__name__)

# SQLSTATEs of a connection that is gone: class 08 (connection exception) and the shutdowns
_LOST_STATES = ("57P01", "57P02", "57P03")
_thread = threading.local()


def commits_on_this_thread() -> int:
    """How many units of work this thread has committed (any database)."""
    return getattr(_thread, "commits", 0)


def count_commit() -> None:
    _thread.commits = commits_on_this_thread() + 1


def driver_lost(exc: BaseException | None) -> bool:
    """True for a psycopg error that means the connection is gone (not a lock timeout, a
    cancelled query or a serialisation failure, which are OperationalErrors too)."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None or exc is None:
        return False
    if isinstance(exc, psycopg.InterfaceError):
        return True  # "the connection is closed"
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = getattr(exc, "sqlstate", None)
    return state is None or state.startswith("08") or state in _LOST_STATES


def _first_line(exc: BaseException | None, password: str | None) -> str:
    text = (str(exc).strip().splitlines() or [""])[0] if exc is not None else ""
    return text.replace(password, "***") if password else text


def as_lost(exc: BaseException, server: str, stage: str, password: str | None = None):
    """``exc`` as a :class:`ConnectionLostError` at ``stage`` (an existing one is moved to
    ``stage``, the caller knowing better than the statement hook), or None if it is another
    error."""
    if isinstance(exc, ConnectionLostError):
        exc.stage = stage
        exc.settle(committed_earlier=exc.committed_earlier)
        return exc
    if isinstance(exc, DBAPIError) and (exc.connection_invalidated or driver_lost(exc.orig)):
        return ConnectionLostError(server, stage, _first_line(exc.orig, password))
    if driver_lost(exc):
        return ConnectionLostError(server, stage, _first_line(exc, password))
    return None


def reraise(exc: BaseException, server: str, stage: str, password: str | None = None):
    """Raise ``exc`` as it is, or as the :class:`ConnectionLostError` it means."""
    lost = as_lost(exc, server, stage, password) if isinstance(exc, Exception) else None
    if lost is None or lost is exc:
        raise exc
    log.info("database connection lost (%s): %s", stage, lost.reason)
    raise lost from exc


def install(engine: Engine, server: str) -> None:
    """Turn a lost connection in any statement of ``engine`` into a ConnectionLostError."""
    password = engine.url.password

    def on_error(ctx) -> BaseException | None:
        if ctx.is_pre_ping:
            return None  # the pool tests a connection before use and reconnects by itself
        original = ctx.original_exception
        if not (ctx.is_disconnect or driver_lost(original)):
            return None
        ctx.is_disconnect = True  # invalidate it: a shutdown notice is not always seen as one
        # no statement on a live connection: COMMIT (or ROLLBACK) was what failed
        committing = ctx.connection is not None and ctx.statement is None
        stage = ConnectionLostError.COMMIT if committing else ConnectionLostError.WORK
        log.info("database connection lost: %s", _first_line(original, password))
        return ConnectionLostError(server, stage, _first_line(original, password))

    event.listen(engine, "handle_error", on_error)


def quietly(action) -> None:
    """Run a rollback or close whose own failure must not hide the error being raised."""
    try:
        action()
    except Exception as exc:  # the connection is gone; the server rolled back already
        log.debug("ignored while unwinding: %s", exc)
