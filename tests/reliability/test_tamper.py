"""The tamper set against the audit trail, as an attacker who can write the database file
would run it (issue #21, item 2): edits of every field, deletions, reorders, malformed rows
inserted mid-chain, a v1 text shift, truncation with the head moved back, wiped tables, and
histories rewritten with every hash recomputed. Each attack starts from the same trail (a v1
prefix as databases made before scheme 2 have, then v2 rows), is checked by ``audit verify``
with and without the anchor taken before it (the head as a package, a backup or paper would
carry it), and is followed by a sign-in. Counted: undetected attacks and tracebacks, both 0."""

from __future__ import annotations

import random
import traceback
from collections import Counter
from collections.abc import Callable

import pytest
from sqlalchemy import text

from station_app.data import audit, audit_verify
from station_app.domain.anchors import Anchor, parse_code
from station_app.domain.auth import ADMIN, Actor
from tests.reliability import attacks

pytestmark = pytest.mark.slow

SEED = 2126
PASSWORD = "Kq7-desk-Hu"
V1_ROWS, V2_ROWS = 40, 160
ACTOR = Actor(3, "lihm", ADMIN, "李红梅")
TEXT_FIELDS = ("username", "action", "kind", "record_id", "changes", "reason")


def _v1_prefix(db) -> None:
    """Rows hashed as version 1 (fields joined by U+001F), as an old database holds them."""
    prev, rows = audit.GENESIS, []
    for n in range(1, V1_ROWS + 1):
        row = {
            "seq": n,
            "at": f"2026-01-0{1 + n % 9} 08:00:00.{n:06d}",
            "user_id": 3,
            "username": "lihm",
            "action": "update",
            "kind": "entity",
            "record_id": str(n),
            "changes": '{"phone":["old","new"]}',
            "reason": "核实",
        }
        fields = audit._fields(n, audit._at_text(row["at"]), 3, *(row[k] for k in TEXT_FIELDS))
        digest = audit.row_hash(prev, audit._canonical_v1(fields))
        rows.append({**row, "prev_hash": prev, "hash": digest})
        prev = digest
    names = (*attacks.COLUMNS, "prev_hash", "hash")
    with db.engine.begin() as con:
        sql = f"INSERT INTO audit_log ({', '.join(names)}) VALUES ({', '.join(':' + c for c in names)})"
        for row in rows:
            con.execute(text(sql), row)
        con.execute(
            text("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, :s, :h)"),
            {"s": V1_ROWS, "h": prev},
        )


def _build(ctx) -> None:
    _v1_prefix(ctx.db)
    rng = random.Random(SEED)
    ctx.services.users.add_user("zhangwei", "张伟", "admin", PASSWORD)
    with ctx.db.uow() as s:
        audit.append(
            s,
            ACTOR,
            [
                audit.AuditEntry(
                    rng.choice(["update", "create", "view", "export"]),
                    rng.choice(["entity", "complaint", "grid", "list_entry"]),
                    rng.randrange(1, 10_000),
                    {"name": [f"旧{n}", f"新{n}"], "phone": ["138****8000", None]},
                    rng.choice(["", "核实", "更正\x1f错别字", "申请人要求"]),
                )
                for n in range(V2_ROWS - 2)
            ],
        )


class _Trail:
    """The built trail kept as rows, put back before each attack."""

    def __init__(self, db) -> None:
        self.db = db
        with db.engine.connect() as con:
            self.log = con.exec_driver_sql("SELECT * FROM audit_log ORDER BY seq").mappings().all()
            self.head = con.exec_driver_sql("SELECT * FROM audit_head").mappings().all()

    def restore(self) -> None:
        with self.db.engine.begin() as con:
            con.exec_driver_sql("DELETE FROM audit_log")
            con.exec_driver_sql("DELETE FROM audit_head")
            for table, rows in (("audit_log", self.log), ("audit_head", self.head)):
                for row in rows:
                    cols = list(row)
                    con.execute(
                        text(
                            f"INSERT INTO {table} ({', '.join(cols)}) "
                            f"VALUES ({', '.join(':' + c for c in cols)})"
                        ),
                        dict(row),
                    )


def _sql(db, sql: str, **params) -> None:
    with db.engine.begin() as con:
        con.execute(text(sql), params)


def _attack_set(rng: random.Random, total: int, sqlite: bool) -> list[tuple[str, bool, Callable]]:
    """(family, detectable without an anchor, attack(db))."""
    out: list[tuple[str, bool, Callable]] = []
    pick = lambda: rng.randrange(1, total + 1)  # noqa: E731
    for _ in range(30):
        seq, field = pick(), rng.choice((*TEXT_FIELDS, "user_id", "at"))
        value = {"user_id": 99, "at": "2025-12-31 23:59:59.000000"}.get(field, "改过的内容")
        if field == "at" and not sqlite:
            value = "2025-12-31 23:59:59+00"
        out.append(
            (
                "edit",
                True,
                lambda db, s=seq, f=field, v=value: _sql(
                    db, f"UPDATE audit_log SET {f} = :v WHERE seq = :s", v=v, s=s
                ),
            )
        )
    for _ in range(10):
        seq = pick()
        out.append(
            (
                "delete",
                True,
                lambda db, s=seq: _sql(db, "DELETE FROM audit_log WHERE seq = :s", s=s),
            )
        )
    for _ in range(10):
        a, b = sorted(rng.sample(range(1, total + 1), 2))
        out.append(("reorder", True, lambda db, a=a, b=b: _swap(db, a, b)))
    for _ in range(8):
        seq = rng.randrange(2, total)
        out.append(("insert mid-chain", True, lambda db, s=seq: _insert_copy(db, s)))
    if sqlite:  # PostgreSQL's column types refuse these outright
        for value in ("'7x'", "5.5", "x'00'"):
            out.append(("malformed seq", True, lambda db, v=value: _malformed_seq(db, v)))
        for field, value in (("at", "12345"), ("user_id", "'x'"), ("changes", "x'ff'")):
            seq = pick()
            out.append(
                (
                    "malformed type",
                    True,
                    lambda db, f=field, v=value, s=seq: _sql(
                        db, f"UPDATE audit_log SET {f} = {v} WHERE seq = :s", s=s
                    ),
                )
            )
    for _ in range(3):
        seq = rng.randrange(1, V1_ROWS + 1)
        out.append(("v1 text shift", True, lambda db, s=seq: _v1_shift(db, s)))
    for _ in range(15):
        seq, how = pick(), rng.choice(("edit", "delete", "insert"))
        out.append(("recomputed chain", False, lambda db, s=seq, h=how: _recompute(db, s, h)))
    for _ in range(10):
        keep = rng.randrange(1, total)
        out.append(("truncation", False, lambda db, k=keep: _truncate(db, k)))
    out.append(("wipe both tables", False, _wipe))
    out.append(("wipe log, keep head", True, lambda db: _sql(db, "DELETE FROM audit_log")))
    out.append(("wipe head", True, lambda db: _sql(db, "DELETE FROM audit_head")))
    out.append(("wipe and restart", False, _wipe_and_restart))
    return out


def _swap(db, a: int, b: int) -> None:
    _sql(db, "UPDATE audit_log SET seq = -1 WHERE seq = :a", a=a)
    _sql(db, "UPDATE audit_log SET seq = :a WHERE seq = :b", a=a, b=b)
    _sql(db, "UPDATE audit_log SET seq = :b WHERE seq = -1", b=b)


def _insert_copy(db, seq: int) -> None:
    """Shift the rows after ``seq`` up by one and put a forged row in the gap."""
    rows = attacks.rows(db)
    with db.engine.begin() as con:
        for row in reversed(rows):
            if row["seq"] > seq:
                con.execute(
                    text("UPDATE audit_log SET seq = seq + 1 WHERE seq = :s"), {"s": row["seq"]}
                )
    forged = {**rows[seq - 1], "seq": seq + 1, "reason": "伪造的记录"}
    names = (*attacks.COLUMNS, "prev_hash", "hash")
    _sql(
        db,
        f"INSERT INTO audit_log ({', '.join(names)}) VALUES ({', '.join(':' + c for c in names)})",
        **forged,
    )


def _malformed_seq(db, value: str) -> None:
    _sql(
        db,
        "INSERT INTO audit_log (seq, at, user_id, username, action, kind, record_id, changes,"
        f" reason, prev_hash, hash) SELECT {value}, at, user_id, username, action, kind,"
        " record_id, changes, reason, prev_hash, hash FROM audit_log WHERE seq = 5",
    )


def _v1_shift(db, seq: int) -> None:
    """Move the reason's text into the changes field across U+001F: the v1 join is unchanged."""
    row = attacks.rows(db)[seq - 1]
    _sql(
        db,
        "UPDATE audit_log SET changes = :c, reason = :r WHERE seq = :s",
        c=row["changes"] + "\x1f" + row["reason"][:1],
        r=row["reason"][1:],
        s=seq,
    )


def _recompute(db, seq: int, how: str) -> None:
    if how == "insert":
        chain = attacks.rows(db)
        chain.insert(seq, {**chain[seq - 1], "reason": "伪造的记录"})
        attacks.reseal(db, chain)
        return
    edit = (lambda r: {**r, "reason": "改写"}) if how == "edit" else (lambda r: None)
    attacks.rewrite_from(db, seq, edit)


def _truncate(db, keep: int) -> None:
    rows = attacks.rows(db)
    _sql(db, "DELETE FROM audit_log WHERE seq > :k", k=keep)
    _sql(
        db, "UPDATE audit_head SET last_seq = :k, last_hash = :h", k=keep, h=rows[keep - 1]["hash"]
    )


def _wipe(db) -> None:
    _sql(db, "DELETE FROM audit_log")
    _sql(db, "DELETE FROM audit_head")


def _wipe_and_restart(db) -> None:
    _wipe(db)
    with db.uow() as s:
        audit.append(s, ACTOR, [audit.AuditEntry("update", "entity", 1, {}, "重新开始")])


def _run(ctx, family: str, local: bool, attack, anchors: list[Anchor], tally: Counter) -> None:
    try:
        attack(ctx.db)
        alone = audit_verify.verify(ctx.db)
        anchored = audit_verify.verify(ctx.db, anchors=anchors)
        if local and alone.ok:
            tally[f"undetected without anchor: {family}"] += 1
        if anchored.ok:
            tally[f"undetected against the anchor: {family}"] += 1
        assert ctx.services.users.authenticate("zhangwei", PASSWORD).username == "zhangwei"
        ctx.services.audit.history("entity", 1)
    except Exception:
        tally[f"traceback: {family}"] += 1
        traceback.print_exc()


def test_tamper_set_is_all_detected_and_never_raises(ctx, capsys):
    _build(ctx)
    assert audit_verify.verify(ctx.db).ok  # the v1 prefix and the v2 rows verify as they are
    trail = _Trail(ctx.db)
    total = len(trail.log)
    head = audit_verify.verify(ctx.db).head
    anchors = [parse_code(head.code), Anchor(head.seq, head.hash, "备份锚点")]
    tally: Counter = Counter()
    cases = _attack_set(random.Random(SEED), total, ctx.db.is_sqlite)
    for family, local, attack in cases:
        trail.restore()
        _run(ctx, family, local, attack, anchors, tally)
    with capsys.disabled():
        print(
            f"\n[tamper] {len(cases)} attacks on {ctx.db.info.kind}: {dict(tally) or 'all detected'}"
        )
    assert not tally, tally


@pytest.mark.parametrize("table", ["audit_log", "audit_head"])
def test_dropped_tables_are_reported_and_sign_in_still_works(ctx, table):
    _build(ctx)
    head = audit_verify.verify(ctx.db).head
    _sql(ctx.db, f"DROP TABLE {table}")
    result = audit_verify.verify(ctx.db, anchors=[parse_code(head.code)])
    assert not result.ok and result.problem
    assert ctx.services.users.authenticate("zhangwei", PASSWORD).username == "zhangwei"
    from station_app.errors import StationError

    with pytest.raises(StationError, match="操作日志表缺失或已损坏"):
        ctx.services.audit.record_view("entity", 1, ["phone"])  # no unaudited change
