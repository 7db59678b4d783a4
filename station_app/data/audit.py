"""Append to and verify the hash-chained audit trail (全程留痕).

Every service that changes data calls :func:`append` inside its unit of work, so the audit
rows commit or roll back with the change itself. Appends lock the chain head row, which
serialises them across PCs on PostgreSQL (SQLite already has a single writer).

Hashed form of a row (the *scheme*). Version 1 (rows written before version 2 existed) joins
the fields with U+001F, which let text move between fields when a field held that character;
version 2 (every row written since) frames each field with its length in characters after a tag
(``<length>:<text>,``), so no content can move between fields. The stored hash pins the scheme a row was
written with: a v2 row cannot be passed off as v1 without finding a hash preimage. So
``audit_verify.verify`` reads v1 rows until the first v2 row and only v2 from there on, and refuses any
v1 row whose fields contain U+001F (the only way to shift text under v1). Existing databases
keep verifying as they are; nothing is re-sealed.

The chain proves that rows fit each other; it cannot stop someone who writes the file from
recomputing it. Witnesses outside the file do (``domain/anchors.py``): ``audit_verify.verify`` takes
anchors and checks the row at each one's ``seq`` still has its hash (docs/SECURITY.md).

Nothing here raises on a malformed row: a wrong type, a NULL, a missing table is a finding of
``audit_verify.verify``, and :func:`append` rebuilds a head that does not fit the log (writing a row
that says so) so that signing in keeps working.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import DBAPIError

from station_app.data import bulk
from station_app.data.tables import audit_head, audit_log
from station_app.data.types import utc_now
from station_app.domain.anchors import GENESIS, Anchor, Head, is_hash
from station_app.domain.auth import Actor
from station_app.domain.text import strip_controls
from station_app.errors import StationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CREATE, UPDATE, DELETE, VIEW, EXPORT, LOGIN, LOGIN_FAILED = (
    "create",
    "update",
    "delete",
    "view",
    "export",
    "login",
    "login_failed",
)
#: the kind of the row written with each county package: its seq and hash are the package's head
KIND_PACKAGE = "report_package"
#: the kind of the row :func:`append` writes when it had to rebuild the chain head
KIND_HEAD = "audit_head"
HEAD_REBUILT = "操作日志链头与日志末尾不符（日志可能被删除或改动），已按日志末尾重建"

SEP = "\x1f"  # the field separator of scheme 1
V2_TAG = b"station-audit/2\x00"
MAX_SEQ = 2**63 - 1  # SQLite sorts text after every number: ``seq <= MAX_SEQ`` keeps numbers
_HEX64 = re.compile(r"[0-9a-f]{64}").fullmatch


class AuditUnavailableError(StationError):
    """The audit tables cannot be read or written (dropped or damaged outside the program)."""


@dataclass(frozen=True)
class AuditEntry:
    action: str
    kind: str
    record_id: str | int
    changes: Mapping[str, Any] = field(default_factory=dict)
    reason: str = ""


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    username: str
    action: str
    kind: str
    record_id: str
    changes: dict[str, Any]
    reason: str
    person: str = ""  # the operator's name (services.audit.history fills it)


@dataclass(frozen=True)
class AnchorResult:
    anchor: Anchor
    ok: bool
    problem: str = ""
    first_bad_seq: int | None = None


@dataclass(frozen=True)
class VerifyResult:
    """``ok``: the chain verifies *and* every anchor fits. ``first_bad_seq``/``problem``: the
    chain's first finding, else the first anchor's. ``head``: the chain head stored in the
    database (None when it is missing or malformed); ``verified_seq``: the last row that
    verified."""

    ok: bool
    rows: int
    first_bad_seq: int | None = None
    problem: str = ""
    head: Head | None = None
    verified_seq: int = 0
    anchors: tuple[AnchorResult, ...] = ()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, Any]:
    """``{field: [old, new]}`` for fields that differ (all fields for a create or delete)."""
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before, *after]))
    return {
        k: [_plain(before.get(k)), _plain(after.get(k))]
        for k in keys
        if before.get(k) != after.get(k)
    }


def _canonical_v1(fields: Sequence[str]) -> bytes:
    return SEP.join(fields).encode("utf-8")


_V2_FORMAT = V2_TAG.decode("ascii") + "%d:%s," * 9


def _canonical_v2(fields: Sequence[str]) -> bytes:
    """Scheme 2: the tag, then each of the nine fields as ``<length>:<text>,`` where the
    length counts characters (code points); UTF-8 of the whole. Unrolled: it runs once per
    row of every verification."""
    a, b, c, d, e, f, g, h, i = fields
    text = _V2_FORMAT % (
        len(a), a, len(b), b, len(c), c, len(d), d, len(e), e, len(f), f, len(g), g, len(h), h,
        len(i), i,
    )  # fmt: skip
    return text.encode("utf-8")


def _fields(
    seq: int, at_text: str, user_id, username, action, kind, record_id, changes, reason
) -> tuple[str, ...]:
    uid = "" if user_id is None else str(user_id)
    return (str(seq), at_text, uid, username, action, kind, record_id, changes, reason)


def row_hash(prev_hash: str, canonical: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical).hexdigest()


# -- appending ------------------------------------------------------------------------------


def _tail(session) -> tuple[Any, Any] | None:
    """(seq, hash) of the numerically last row, whatever its types."""
    row = session.execute(
        select(audit_log.c.seq, audit_log.c.hash)
        .where(audit_log.c.seq <= MAX_SEQ)
        .order_by(audit_log.c.seq.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else None


def _head_fits(head, tail) -> bool:
    seq, digest = head
    if type(seq) is not int or not is_hash(digest):
        return False
    if tail is None:
        return (seq, digest) == (0, GENESIS)
    return (seq, digest) == (tail[0], tail[1])


def _lock_head(session) -> tuple[int, str, dict[str, Any] | None]:
    """(last seq, last hash) of the chain, the head row locked until the transaction ends,
    and, when the head did not fit the log's last row (missing, malformed, or moved), the
    change that rebuilt it from that row: the caller writes it as the first row."""
    try:
        head = session.execute(
            select(audit_head.c.last_seq, audit_head.c.last_hash)
            .where(audit_head.c.id == 1)
            .with_for_update()
        ).first()
        tail = _tail(session)
        if head is not None and _head_fits(tuple(head), tail):
            return head[0], head[1], None
        seq = math.floor(tail[0]) if tail is not None else 0
        prev = tail[1] if tail is not None and is_hash(tail[1]) else GENESIS
        if head is None:
            session.execute(insert(audit_head).values(id=1, last_seq=seq, last_hash=prev))
            if tail is None:
                return 0, GENESIS, None  # a new database: its first audit row
    except (DBAPIError, TypeError, ValueError, OverflowError) as exc:
        raise AuditUnavailableError(
            "操作日志表缺失或已损坏（数据库可能在本程序之外被改动），不能保存更改。\n"
            "请系统管理员用“操作日志校验”查看，并从备份恢复数据库。"
        ) from exc
    old = ("(缺失)", "(缺失)") if head is None else (repr(head[0]), repr(head[1]))
    log.warning("audit head %s does not fit the log's last row %s: rebuilt", old, (seq, prev))
    return seq, prev, {"last_seq": [old[0], seq], "last_hash": [old[1], prev]}


def append(session: Session, actor: Actor, entries: Iterable[AuditEntry]) -> int:
    """Add audit rows for ``entries`` in the caller's transaction; returns how many.
    ``session``: an ORM Session or a Core Connection (start-up signs in without the ORM).
    Raises :class:`AuditUnavailableError` when the audit tables cannot be used."""
    entries = list(entries)
    if not entries:
        return 0  # nothing to chain: the head is not even locked
    pending = PendingAppend(session, actor)
    pending.add(entries)
    return pending.write()


class PendingAppend:
    """:func:`append` in steps, for a batch that wants to compute its rows while the database
    is busy with something else: the chain head is locked when this is made (a query),
    :meth:`add` hashes rows (no database), :meth:`write` inserts them and moves the head.
    The ledger import hashes its 25,000 audit rows while PostgreSQL is still indexing the
    COPY of the entities."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self._session = session
        self._seq, self._prev, repair = _lock_head(session)
        self._at = utc_now()
        self._username, self._user_id = actor.username, actor.user_id
        self._dumps = json.JSONEncoder(
            ensure_ascii=False, separators=(",", ":"), default=_plain
        ).encode
        self._rows: list[dict[str, Any]] = []
        if repair is not None:
            self.add([AuditEntry(UPDATE, KIND_HEAD, 1, repair, HEAD_REBUILT)])

    def add(self, entries: Iterable[AuditEntry]) -> None:
        at, username, user_id, dumps = self._at, self._username, self._user_id, self._dumps
        at_text = at.isoformat(timespec="microseconds")
        seq, prev, rows = self._seq, self._prev, self._rows
        for entry in entries:
            seq += 1
            changes, reason = (
                dumps(dict(entry.changes)),
                (strip_controls(entry.reason) if entry.reason else entry.reason),
            )
            record_id = str(entry.record_id)
            fields = _fields(
                seq,
                at_text,
                user_id,
                username,
                entry.action,
                entry.kind,
                record_id,
                changes,
                reason,
            )
            digest = row_hash(prev, _canonical_v2(fields))
            rows.append(
                {
                    "seq": seq,
                    "at": at,
                    "user_id": user_id,
                    "username": username,
                    "action": entry.action,
                    "kind": entry.kind,
                    "record_id": record_id,
                    "changes": changes,
                    "reason": reason,
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
        self._seq, self._prev = seq, prev

    @property
    def head(self) -> Head:
        """The head once the rows added so far are written."""
        return Head(self._seq, self._prev)

    def write(self) -> int:
        """Insert the rows added so far and move the chain head; returns how many."""
        rows, self._rows = self._rows, []
        if rows:
            _insert_rows(self._session, rows, self._at)
            self._session.execute(
                update(audit_head)
                .where(audit_head.c.id == 1)
                .values(last_seq=self._seq, last_hash=self._prev)
            )
        return len(rows)


_INSERT_COLUMNS = (
    "seq",
    "at",
    "user_id",
    "username",
    "action",
    "kind",
    "record_id",
    "changes",
    "reason",
    "prev_hash",
    "hash",
)


def _insert_rows(session: Session, rows: list[dict[str, Any]], at: datetime) -> None:
    """Raw executemany in the caller's transaction: audit rows are append-only and fully formed,
    so SQLAlchemy's per-parameter processing (a third of a batch save's time) is skipped.
    ``at`` is stored as UtcDateTime would store it: naive UTC text on SQLite."""
    con = bulk.connection_of(session)
    if con.dialect.name == "postgresql" and len(rows) >= bulk.COPY_MIN_ROWS:
        # COPY: psycopg's executemany costs ~30 µs a row in round trips (0.7 s for an import
        # of 25,000 entities), COPY a few
        bulk.copy_tuples(
            session,
            "audit_log",
            _INSERT_COLUMNS,
            (tuple(r[c] for c in _INSERT_COLUMNS) for r in rows),
        )
        return
    mark = "?" if con.dialect.paramstyle == "qmark" else "%s"

    sql = (
        f"INSERT INTO audit_log ({', '.join(_INSERT_COLUMNS)}) "
        f"VALUES ({', '.join([mark] * len(_INSERT_COLUMNS))})"
    )
    if con.dialect.name == "sqlite":
        at_param: Any = at.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    else:
        at_param = at
    params = [tuple(at_param if c == "at" else r[c] for c in _INSERT_COLUMNS) for r in rows]
    for start in range(0, len(params), 10_000):
        con.exec_driver_sql(sql, params[start : start + 10_000])


# -- the head and the anchors ---------------------------------------------------------------


def current_head(con) -> Head | None:
    """The chain head as stored (None if missing or malformed). ``con``: a Session or a
    Connection; inside a unit of work it includes the rows appended there."""
    try:
        row = con.execute(
            select(audit_head.c.last_seq, audit_head.c.last_hash).where(audit_head.c.id == 1)
        ).first()
    except DBAPIError:
        log.warning("audit head unreadable", exc_info=True)
        return None
    if row is None:
        return Head(0, GENESIS) if _tail(con) is None else None
    seq, digest = row
    return Head(seq, digest) if type(seq) is int and is_hash(digest) else None


def package_points(con) -> list[Head]:
    """The heads of every county package made from this database, oldest first (each is the
    row written with the package)."""
    t = audit_log.c
    rows = con.execute(
        select(t.seq, t.hash).where(t.kind == KIND_PACKAGE, t.action == EXPORT).order_by(t.seq)
    ).all()
    return [Head(s, h) for s, h in rows if type(s) is int and is_hash(h)]


def _at_text(value) -> str:
    """The hashed text of ``at`` from the stored value: SQLite keeps naive UTC text
    ('YYYY-MM-DD HH:MM:SS.ffffff'), PostgreSQL returns an aware datetime."""
    if isinstance(value, str):
        return value.replace(" ", "T", 1) + "+00:00"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _changes(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {"?": str(text)}
    return value if isinstance(value, dict) else {"?": value}


def history(session: Session, kind: str, record_id: str | int, limit: int = 500) -> list[AuditRow]:
    """A record's history, newest first (for the history panel of every record screen)."""
    t = audit_log.c
    rows = session.execute(
        select(t.seq, t.at, t.username, t.action, t.kind, t.record_id, t.changes, t.reason)
        .where(t.kind == kind, t.record_id == str(record_id))
        .order_by(t.seq.desc())
        .limit(limit)
    )
    return [
        AuditRow(
            r.seq, r.at, r.username, r.action, r.kind, r.record_id, _changes(r.changes), r.reason
        )
        for r in rows
    ]


def file_head(path) -> Head | None:
    """The chain head stored in a SQLite file (a backup), read without changing it (immutable:
    no -wal or -shm is created beside it); None when the file has no readable head."""
    import sqlite3
    from pathlib import Path

    try:
        con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT last_seq, last_hash FROM audit_head WHERE id = 1").fetchone()
        if row is None and con.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0:
            row = (0, GENESIS)  # no row written yet
    except sqlite3.Error:
        row = None
    finally:
        con.close()
    if row is None or type(row[0]) is not int or not is_hash(row[1]):
        return None
    return Head(row[0], row[1])
