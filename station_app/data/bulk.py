"""Bulk inserts of fully formed rows in the caller's transaction, the fast way on each database.

Measured at 1,000,000 entities, 25,000 ledger rows (``bench --only entities``):

* PostgreSQL: SQLAlchemy's executemany (multi-row ``INSERT … VALUES`` pages) spent ~1.9 s of
  3.1 s on the client building statements; ``COPY … FROM STDIN`` through psycopg sends the same
  rows in ~0.1 s, and the server's own work (indexes) is unchanged. :func:`insert_rows` uses
  COPY there.
* SQLite: plain Core executemany (the server is in-process; nothing to gain). What cost 2 of
  2.5 s there was the FTS5 sync trigger: FTS5 writes its pending terms out at the end of every
  statement, so one ``INSERT`` per row wrote 25,000 tiny index segments. See
  ``repo.entities.insert_entities``, which indexes a batch with one statement instead.

Rows are dicts with the same keys; columns a row leaves out get the column's Python-side
default, as a Core ``insert()`` would give them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def connection_of(s: Session | Connection) -> Connection:
    """The Core connection of an ORM Session (in its transaction), or ``s`` itself."""
    return s if isinstance(s, Connection) else s.connection()


COPY_MIN_ROWS = 50  # audit rows: below this a COPY's set-up is not worth it


def _defaults(table: Table, given: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in table.columns:
        if col.name in given or col.default is None:
            continue
        default: Any = col.default  # a ScalarElementColumnDefault or a CallableColumnDefault
        if getattr(default, "is_scalar", False):
            out[col.name] = default.arg
        elif getattr(default, "is_callable", False):
            out[col.name] = default.arg(None)  # SQLAlchemy wraps it to take a context
    return out


def insert_rows(
    s: Session,
    table: Table,
    rows: Iterable[dict[str, Any]],
    batch: int = 50_000,
    *,
    while_server_works: Callable[[], None] | None = None,
) -> None:
    """INSERT ``rows`` into ``table`` in the session's transaction (no ids returned: give them).

    ``rows`` may be a generator: on PostgreSQL each row is sent as soon as it is made, so the
    server updates its indexes while the caller is still computing the next rows.
    ``while_server_works`` runs once every row is sent and before the COPY is closed, while
    the server is still indexing them: CPU work of the caller that needs no database (on
    SQLite it simply runs after the insert)."""
    it = iter(rows)
    first = next(it, None)
    if first is None:
        if while_server_works is not None:
            while_server_works()
        return
    if connection_of(s).dialect.name != "postgresql":
        chunk = [first, *itertools.islice(it, batch - 1)]
        while chunk:
            s.execute(insert(table), chunk)
            chunk = list(itertools.islice(it, batch))
        if while_server_works is not None:
            while_server_works()
        return
    keys = list(first)
    extra = _defaults(table, set(keys))
    tail = tuple(extra.values())
    copy_tuples(
        s,
        table.name,
        keys + list(extra),
        ((*(r[k] for k in keys), *tail) for r in itertools.chain((first,), it)),
        while_server_works=while_server_works,
    )


def copy_tuples(
    s: Session,
    table: str,
    columns: Sequence[str],
    rows: Iterable[tuple],
    *,
    while_server_works: Callable[[], None] | None = None,
) -> None:
    """PostgreSQL only: ``COPY table (columns) FROM STDIN`` of ``rows`` (values in ``columns``
    order, as psycopg adapts them), in the session's transaction."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    driver: Any = connection_of(s).connection.driver_connection  # psycopg, our transaction
    with driver.cursor() as cur, cur.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
        if while_server_works is not None:
            while_server_works()
