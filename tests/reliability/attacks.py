"""What an attacker who can write the database file does to the audit trail, as functions the
tamper suite (and a few service tests) apply: edit rows, delete, reorder, insert malformed
rows, truncate, wipe, and — the strong one — rewrite history and recompute every hash so the
chain verifies on its own. Raw SQL through the engine: nothing of the application's write
path is used."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from station_app.data import audit
from station_app.data.engine import Database

COLUMNS = ("seq", "at", "user_id", "username", "action", "kind", "record_id", "changes", "reason")


def rows(db: Database) -> list[dict[str, Any]]:
    with db.engine.connect() as con:
        got = con.exec_driver_sql(
            f"SELECT {', '.join(COLUMNS)}, prev_hash, hash FROM audit_log ORDER BY seq"
        ).all()
    return [dict(zip((*COLUMNS, "prev_hash", "hash"), r, strict=True)) for r in got]


def _hash(prev: str, row: dict[str, Any]) -> str:
    fields = audit._fields(
        row["seq"],
        audit._at_text(row["at"]),
        row["user_id"],
        row["username"],
        row["action"],
        row["kind"],
        row["record_id"],
        row["changes"],
        row["reason"],
    )
    return audit.row_hash(prev, audit._canonical_v2(fields))


def rewrite_from(
    db: Database, seq: int, edit: Callable[[dict[str, Any]], dict[str, Any] | None]
) -> None:
    """Apply ``edit`` to row ``seq`` (None deletes it), renumber what follows, recompute every
    hash from there and move the head: a chain that verifies on its own."""
    chain = rows(db)
    kept: list[dict[str, Any]] = []
    for row in chain:
        if row["seq"] == seq:
            changed = edit(dict(row))
            if changed is not None:
                kept.append(changed)
        else:
            kept.append(row)
    reseal(db, kept)


def reseal(db: Database, chain: list[dict[str, Any]]) -> None:
    """Replace the whole trail with ``chain`` renumbered from 1 and re-hashed."""
    prev = audit.GENESIS
    out = []
    for n, row in enumerate(chain, start=1):
        row = {**row, "seq": n, "prev_hash": prev}
        row["hash"] = prev = _hash(prev, row)
        out.append(row)
    with db.engine.begin() as con:
        con.exec_driver_sql("DELETE FROM audit_log")
        names = (*COLUMNS, "prev_hash", "hash")
        sql = text(
            f"INSERT INTO audit_log ({', '.join(names)}) VALUES ({', '.join(':' + c for c in names)})"
        )
        for row in out:
            con.execute(sql, row)
        con.exec_driver_sql("DELETE FROM audit_head")
        con.execute(
            text("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, :s, :h)"),
            {"s": len(out), "h": prev},
        )
