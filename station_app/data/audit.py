"""Append to and verify the hash-chained audit trail (全程留痕).

Every service that changes data calls :func:`append` inside its unit of work, so the audit
rows commit or roll back with the change itself. Appends lock the chain head row, which
serialises them across PCs on PostgreSQL (SQLite already has a single writer).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from station_app.data import bulk
from station_app.data.engine import Database
from station_app.data.tables import audit_head, audit_log
from station_app.data.types import utc_now
from station_app.domain.auth import Actor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

GENESIS = "0" * 64
CREATE, UPDATE, DELETE, VIEW, EXPORT, LOGIN = (
    "create",
    "update",
    "delete",
    "view",
    "export",
    "login",
)


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


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int
    first_bad_seq: int | None = None
    problem: str = ""


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


SEP = "\x1f"  # ASCII unit separator: never inside a field (stripped from free text)


def _canonical(
    seq: int, at: datetime, user_id, username, action, kind, record_id, changes: str, reason: str
) -> bytes:
    """The hashed form of a row (format v1): the fields joined by the unit separator."""
    at_text = at.isoformat(timespec="microseconds")
    uid = "" if user_id is None else str(user_id)
    fields = (str(seq), at_text, uid, username, action, kind, str(record_id), changes, reason)
    return SEP.join(fields).encode("utf-8")


def _clean(text: str) -> str:
    return text.replace(SEP, " ")


def row_hash(prev_hash: str, canonical: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical).hexdigest()


def _lock_head(session: Session) -> tuple[int, str]:
    """(last seq, last hash) of the chain, the head row locked until the transaction ends."""
    head = session.execute(
        select(audit_head.c.last_seq, audit_head.c.last_hash)
        .where(audit_head.c.id == 1)
        .with_for_update()
    ).first()
    if head is None:
        session.execute(insert(audit_head).values(id=1, last_seq=0, last_hash=GENESIS))
        return 0, GENESIS
    return head.last_seq, head.last_hash


def append(session: Session, actor: Actor, entries: Iterable[AuditEntry]) -> int:
    """Add audit rows for ``entries`` in the caller's transaction; returns how many.
    ``session``: an ORM Session or a Core Connection (start-up signs in without the ORM)."""
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
        self._seq, self._prev = _lock_head(session)
        self._at = utc_now()
        self._username, self._user_id = _clean(actor.username), actor.user_id
        self._dumps = json.JSONEncoder(
            ensure_ascii=False, separators=(",", ":"), default=_plain
        ).encode
        self._rows: list[dict[str, Any]] = []

    def add(self, entries: Iterable[AuditEntry]) -> None:
        at, username, user_id, dumps = self._at, self._username, self._user_id, self._dumps
        seq, prev, rows = self._seq, self._prev, self._rows
        for entry in entries:
            seq += 1
            changes, reason = dumps(dict(entry.changes)), _clean(entry.reason)
            record_id = str(entry.record_id)
            canonical = _canonical(
                seq, at, user_id, username, entry.action, entry.kind, record_id, changes, reason
            )
            digest = row_hash(prev, canonical)
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


def verify(db: Database, progress=None, batch: int = 20_000) -> VerifyResult:
    """Recompute the chain from the first row; report the first row that does not fit."""
    expected_seq, prev, count = 1, GENESIS, 0
    with db.engine.connect() as con:
        total = con.execute(
            select(audit_log.c.seq).order_by(audit_log.c.seq.desc()).limit(1)
        ).scalar()
        for row in _stream(con, batch):
            count += 1
            seq = row[0]
            problem = _check_row(tuple(row), expected_seq, prev)
            if problem:
                bad = expected_seq if seq > expected_seq else seq  # a gap: the missing row
                return VerifyResult(False, count, bad, problem)
            prev, expected_seq = row[-1], seq + 1
            if progress is not None and count % batch == 0:
                progress.report(count, total or count, "正在校验操作日志…")
        head = con.execute(select(audit_head.c.last_seq, audit_head.c.last_hash)).first()
    last_seq = expected_seq - 1
    if head is not None and (head.last_seq, head.last_hash) != (last_seq, prev):
        return VerifyResult(
            False,
            count,
            last_seq + 1 if head.last_seq > last_seq else last_seq,
            "日志末尾的记录被删除或改动（与链头不符）",
        )
    if head is None and count:
        return VerifyResult(False, count, last_seq, "日志链头缺失")
    return VerifyResult(True, count)


_STREAM_COLUMNS = (
    "seq, at, user_id, username, action, kind, record_id, changes, reason, prev_hash, hash"
)


def _stream(con, batch: int) -> Iterator[tuple]:
    """Rows in chain order, straight from the driver: no per-value type processing (a
    million rows must verify in seconds)."""
    mark = "?" if con.dialect.paramstyle == "qmark" else "%s"
    sql = f"SELECT {_STREAM_COLUMNS} FROM audit_log WHERE seq > {mark} ORDER BY seq LIMIT {mark}"
    last = 0
    while True:
        rows = con.exec_driver_sql(sql, (last, batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def _at_text(value) -> str:
    """The hashed text of ``at`` from the stored value: SQLite keeps naive UTC text
    ('YYYY-MM-DD HH:MM:SS.ffffff'), PostgreSQL returns an aware datetime."""
    if isinstance(value, str):
        return value.replace(" ", "T", 1) + "+00:00"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _check_row(row: tuple, expected_seq: int, prev: str) -> str:
    seq, at, user_id, username, action, kind, record_id, changes, reason, prev_hash, digest = row
    if seq != expected_seq:
        return f"第 {expected_seq} 条记录缺失（被删除）" if seq > expected_seq else "记录序号重复"
    if prev_hash != prev:
        return "与前一条记录的链接不符（前面的记录被删除、插入或改动）"
    uid = "" if user_id is None else str(user_id)
    fields = (str(seq), _at_text(at), uid, username, action, kind, record_id, changes, reason)
    if row_hash(prev, SEP.join(fields).encode("utf-8")) != digest:
        return "记录内容被改动（哈希不符）"
    return ""


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
            r.seq, r.at, r.username, r.action, r.kind, r.record_id, json.loads(r.changes), r.reason
        )
        for r in rows
    ]
