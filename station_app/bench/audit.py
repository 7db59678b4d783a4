"""Bench figures for the trust layer: audit overhead on a batch save, and chain verification.

* ``audit.batch_plain`` / ``audit.batch_audited``: the entity registry's batch save of 10,000
  records, as an import of a ledger writes it (entities with their pinyin keys, industries and a
  licence each, in one transaction, through ``data/repo/entities``; on SQLite the FTS triggers
  run too), without and with its audit rows (one per record, with the fields and the ledger
  row as the import writes them, plus the import's summary row); ``audit.overhead`` is the
  extra time in percent (target ≤ 30 %). Best of three each.
* ``audit.verify``: ``audit verify`` over ``--audit-rows`` rows (default 1,000,000; ≤ 30 s),
  beside ``audit.raw_scan``, a plain SELECT of the same rows, and their ratio.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from sqlalchemy import select

from station_app.bench.base import BenchConfig, Figure
from station_app.bootstrap import open_context
from station_app.data import audit
from station_app.data.engine import sqlite_url
from station_app.data.models import AuditLog
from station_app.data.repo import entities as repo
from station_app.domain.auth import ADMIN, Actor
from station_app.services.entities import pinyin_keys

ACTOR = Actor(None, "bench", ADMIN)
BATCH = 10_000
NAMES = ("张记", "王氏", "城关", "惠民", "福满", "鑫源", "百信", "同心")
SHOPS = ("小吃店", "超市", "药房", "理发店", "五金店", "水果店")


def _ledger(tag: str) -> list[dict]:
    rows = []
    for i in range(BATCH):
        name = f"{NAMES[i % len(NAMES)]}{SHOPS[i % len(SHOPS)]}{tag}{i}"
        rows.append(
            {
                "name": name,
                **pinyin_keys(name),
                "entity_type": "个体工商户",
                "legal_rep": "张三",
                "phone": f"139{i:08d}",
                "address": f"城关镇人民路{i}号",
                "status": "在营",
                "source": "导入",
                "grade_override_reason": "",
                "grade_computed": "A",
                "grade_score": 100,
                "local_grade": "A",
            }
        )
    return rows


def _save_batch(ctx, tag: str, with_audit: bool) -> float:
    rows = _ledger(tag)
    licence = {
        "kind": "食品经营许可证",
        "number": "JY1",
        "issued_on": date(2024, 1, 1),
        "expires_on": date(2029, 1, 1),
        "issuer": "县市场监督管理局",
    }
    started = time.perf_counter()
    with ctx.db.uow() as s:
        ids = repo.insert_entities(s, rows)
        repo.replace_children(
            s,
            {i: ("食品销售",) for i in ids},
            {},
            {i: (dict(licence, number=f"JY{i}"),) for i in ids},
            fresh=True,
        )
        if with_audit:
            entries = [
                audit.AuditEntry(
                    audit.CREATE,
                    "entity",
                    i,
                    {"name": [None, r["name"]], "uscc": [None, None], "source": [None, "导入"]},
                    f"导入 台账{tag}.xlsx 第 {n + 2} 行",
                )
                for n, (i, r) in enumerate(zip(ids, rows))
            ]
            entries.append(
                audit.AuditEntry(
                    audit.CREATE,
                    "entity_import",
                    f"台账{tag}.xlsx",
                    {"inserted": [None, len(ids)], "updated": [None, 0]},
                    "导入经营主体台账",
                )
            )
            audit.append(s, ACTOR, entries)
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
    path.unlink(missing_ok=True)
    ctx = open_context(sqlite_url(path), actor=ACTOR, create=True)
    try:
        plain, audited = [], []
        for k in range(3):  # interleaved, so both see the same table sizes
            plain.append(_save_batch(ctx, f"p{k}", False))
            audited.append(_save_batch(ctx, f"a{k}", True))
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
        Figure("audit.batch_plain", round(min(plain), 4), "s"),
        Figure("audit.batch_audited", round(min(audited), 4), "s"),
        Figure("audit.overhead", round(100 * (min(audited) / min(plain) - 1), 1), "%"),
        Figure("audit.verify", round(verify, 3), "s"),
        Figure("audit.verify_rows", result.rows, "rows"),
        Figure("audit.raw_scan", round(raw, 3), "s"),
        Figure("audit.verify_ratio", round(verify / raw, 2), "x"),
    ]
