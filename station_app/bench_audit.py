"""Bench figures for the trust layer: audit overhead on a batch save, and chain verification.

* ``audit.batch_plain`` / ``audit.batch_audited``: one transaction saving 10,000 records
  (communities, Core bulk insert) without and with their 10,000 audit rows; ``audit.overhead``
  is the extra time in percent (target ≤ 30 %).
* ``audit.verify``: ``audit verify`` over ``--audit-rows`` rows (default 1,000,000; ≤ 30 s),
  beside ``audit.raw_scan``, a plain SELECT of the same rows, and their ratio.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import insert, select

from station_app.bench import BenchConfig, Figure
from station_app.bootstrap import open_context
from station_app.data import audit
from station_app.data.engine import sqlite_url
from station_app.data.models import AuditLog, Community
from station_app.domain.auth import ADMIN, Actor

ACTOR = Actor(None, "bench", ADMIN)
BATCH = 10_000


def _save_batch(ctx, tag: str, with_audit: bool) -> float:
    rows = [{"name": f"{tag}-{i}", "kind": "社区", "note": "", "version": 1} for i in range(BATCH)]
    started = time.perf_counter()
    with ctx.db.uow() as s:
        first = s.execute(insert(Community).returning(Community.id), rows).scalars().all()
        if with_audit:
            audit.append(
                s,
                ACTOR,
                (
                    audit.AuditEntry(audit.CREATE, "community", i, {"name": [None, r["name"]]})
                    for i, r in zip(first, rows)
                ),
            )
    return time.perf_counter() - started


def _fill_audit(ctx, total: int) -> None:
    done = 0
    while done < total:
        n = min(50_000, total - done)
        with ctx.db.uow() as s:
            audit.append(
                s,
                ACTOR,
                (
                    audit.AuditEntry(
                        audit.UPDATE, "entity", done + i, {"phone": ["138****0000", "139****0000"]}
                    )
                    for i in range(n)
                ),
            )
        done += n


def bench_audit(cfg: BenchConfig) -> list[Figure]:
    path: Path = cfg.home / "bench-audit.sqlite3"
    ctx = open_context(sqlite_url(path), actor=ACTOR)
    try:
        plain = min(_save_batch(ctx, f"p{k}", False) for k in range(3))
        audited = min(_save_batch(ctx, f"a{k}", True) for k in range(3))
        _fill_audit(ctx, cfg.audit_rows)
        started = time.perf_counter()
        result = ctx.services.audit.verify()
        verify = time.perf_counter() - started
        started = time.perf_counter()
        with ctx.db.engine.connect() as con:
            for _ in con.execute(select(AuditLog.seq, AuditLog.changes, AuditLog.hash)):
                pass
        raw = time.perf_counter() - started
    finally:
        ctx.close()
    assert result.ok, result
    return [
        Figure("audit.batch_plain", round(plain, 4), "s"),
        Figure("audit.batch_audited", round(audited, 4), "s"),
        Figure("audit.overhead", round(100 * (audited / plain - 1), 1), "%"),
        Figure("audit.verify", round(verify, 3), "s"),
        Figure("audit.verify_rows", result.rows, "rows"),
        Figure("audit.raw_scan", round(raw, 3), "s"),
        Figure("audit.verify_ratio", round(verify / raw, 2), "x"),
    ]
