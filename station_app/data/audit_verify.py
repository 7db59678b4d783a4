"""Verifying the hash-chained audit trail (``audit verify``): recompute the chain from the first
row, report the first row that does not fit, then check each anchor (a witness kept outside the
file: ``domain/anchors.py``) against the verified chain. The hashed form of a row and the
schemes are in :mod:`station_app.data.audit`; nothing here raises on what it reads."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from station_app.data.audit import (
    _HEX64,
    HEAD_REBUILT,
    KIND_HEAD,
    SEP,
    UPDATE,
    AnchorResult,
    VerifyResult,
    _at_text,
    _canonical_v1,
    _canonical_v2,
    _fields,
    current_head,
    row_hash,
)
from station_app.data.engine import Database
from station_app.data.tables import audit_head, audit_log
from station_app.domain.anchors import GENESIS, Anchor, Head


def verify(
    db: Database, progress=None, batch: int = 20_000, anchors: Sequence[Anchor] = ()
) -> VerifyResult:
    """Recompute the chain from the first row; report the first row that does not fit, then
    check each anchor against the verified chain. Never raises on what it reads."""
    try:
        with db.engine.connect() as con:
            return _verify(con, progress, batch, anchors)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        problem = f"操作日志无法读取（表缺失或已损坏，数据库可能在本程序之外被改动）：{reason}"
        checked = tuple(AnchorResult(a, False, "操作日志无法读取，无法核对。", 1) for a in anchors)
        return VerifyResult(False, 0, 1, problem, anchors=checked)


class _Chain:
    """The walk over the rows: the expected next seq, the previous hash, the scheme in force,
    the hashes at the anchors' seqs and the rows that record a rebuilt head."""

    def __init__(self, wanted: set[int]) -> None:
        self.expected, self.prev, self.scheme, self.count = 1, GENESIS, 1, 0
        self.wanted = wanted
        self.seen: dict[int, str] = {0: GENESIS}
        self.rebuilt: list[int] = []

    def step(self, row: tuple) -> str:
        self.count += 1
        try:
            problem = self._check(row)
        except (TypeError, ValueError, AttributeError, UnicodeError, OverflowError):
            problem = "记录的字段格式不正确（类型被改动）：记录被插入或改动"
        if problem:
            return problem
        seq, digest = row[0], row[-1]
        if seq in self.wanted:
            self.seen[seq] = digest
        if row[5] == KIND_HEAD and row[4] == UPDATE:
            self.rebuilt.append(seq)
        self.prev, self.expected = digest, seq + 1
        return ""

    def _check(self, row: tuple) -> str:
        if len(row) != 11:
            return "记录的字段格式不正确：记录被插入或改动"
        seq, at, user_id, username, action, kind, record_id, changes, reason, prev_hash, digest = (
            row
        )
        if type(seq) is not int:
            return f"序号 {seq!r} 不是整数：记录被插入或改动"
        if seq != self.expected:
            if seq > self.expected:
                return f"第 {self.expected} 条记录缺失（被删除）"
            return "记录序号重复：记录被插入或改动"
        texts = (username, action, kind, record_id, changes, reason)
        str_ = str
        if not (
            type(username) is str_
            and type(action) is str_
            and type(kind) is str_
            and type(record_id) is str_
            and type(changes) is str_
            and type(reason) is str_
            and (user_id is None or type(user_id) is int)
        ):
            return "记录的字段类型被改动：记录被插入或改动"
        if not (type(prev_hash) is str_ and _HEX64(prev_hash) and type(digest) is str_):
            return "记录的哈希字段格式不正确：记录被插入或改动"
        if not _HEX64(digest):
            return "记录的哈希字段格式不正确：记录被插入或改动"
        if prev_hash != self.prev:
            return "与前一条记录的链接不符（前面的记录被删除、插入或改动）"
        fields = _fields(seq, _at_text(at), user_id, *texts)
        v1 = self.scheme == 1 and not any(SEP in f for f in fields)
        if v1 and row_hash(self.prev, _canonical_v1(fields)) == digest:
            return ""
        if row_hash(self.prev, _canonical_v2(fields)) == digest:
            self.scheme = 2  # from the first v2 row on, no v1 row is accepted
            return ""
        return "记录内容被改动（哈希不符）"


def _verify(con, progress, batch: int, anchors: Sequence[Anchor]) -> VerifyResult:
    total = con.execute(select(func.count()).select_from(audit_log)).scalar_one()
    chain = _Chain({a.seq for a in anchors})
    bad, problem = None, ""
    for row in _stream(con, batch):
        problem = chain.step(tuple(row))
        if problem:
            bad = chain.expected
            break
        if progress is not None and chain.count % batch == 0:
            progress.report(chain.count, total or chain.count, "正在校验操作日志…")
    last = chain.expected - 1
    head = current_head(con)
    if bad is None:
        bad, problem = _tail_problem(con, chain, total, last, head)
    results = tuple(_check_anchor(a, chain, last, bad) for a in anchors)
    ok = bad is None and all(r.ok for r in results)
    if bad is None:
        failed = next((r for r in results if not r.ok), None)
        if failed is not None:
            bad, problem = failed.first_bad_seq, failed.problem
    return VerifyResult(ok, chain.count, bad, problem, head, last, results)


def _tail_problem(con, chain: _Chain, total: int, last: int, head: Head | None):
    """After a clean walk: rows the walk did not see, the head, a rebuilt head."""
    if total != chain.count:
        missing = total - chain.count
        return last + 1, f"有 {missing} 条记录不在链中（序号为空、重复或格式不正确）：记录被插入"
    stored = con.execute(select(audit_head.c.last_seq, audit_head.c.last_hash)).all()
    if not stored:
        return (last, "日志链头缺失（被删除）") if chain.count else (None, "")
    if len(stored) != 1 or head is None or (head.seq, head.hash) != (last, chain.prev):
        seq = stored[0][0]
        beyond = type(seq) is int and seq > last
        return (last + 1 if beyond else max(last, 1)), "日志末尾的记录被删除或改动（与链头不符）"
    if chain.rebuilt:
        return chain.rebuilt[0], f"第 {chain.rebuilt[0]} 条记录：{HEAD_REBUILT}"
    return None, ""


def _check_anchor(anchor: Anchor, chain: _Chain, last: int, bad: int | None) -> AnchorResult:
    where = f"第 {anchor.seq} 条"
    if anchor.seq > last:
        if bad is not None and bad <= anchor.seq:
            return AnchorResult(
                anchor, False, f"日志在第 {bad} 条已校验失败，无法核对到{where}。", bad
            )
        return AnchorResult(
            anchor,
            False,
            f"日志只到第 {last} 条，而{anchor.source}记录了{where}：其后的记录被删除（截断）。",
            last + 1,
        )
    digest = chain.seen.get(anchor.seq, "")
    if digest.startswith(anchor.hash):
        return AnchorResult(anchor, True)
    return AnchorResult(
        anchor,
        False,
        f"{where}的哈希与{anchor.source}不符：该条及以前的日志被改写（哈希被重新计算过）。",
        anchor.seq,
    )


_STREAM_COLUMNS = (
    "seq, at, user_id, username, action, kind, record_id, changes, reason, prev_hash, hash"
)


def _stream(con, batch: int) -> Iterator[tuple]:
    """Rows in chain order, straight from the driver: no per-value type processing (a
    million rows must verify in seconds)."""
    mark = "?" if con.dialect.paramstyle == "qmark" else "%s"
    sql = f"SELECT {_STREAM_COLUMNS} FROM audit_log WHERE seq > {mark} ORDER BY seq LIMIT {mark}"
    last: Any = 0
    while True:
        rows = con.exec_driver_sql(sql, (last, batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]
