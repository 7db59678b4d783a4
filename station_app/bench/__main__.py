"""The command line of ``python -m station_app.bench`` and its registry of benches: an area
adds its function to ``BENCHES`` (imported when it runs: a bench loads what it measures)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from station_app.bench.base import BenchConfig, Figure


def _bench_startup(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench.startup import bench_startup

    return bench_startup(cfg)


def _bench_audit(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench.audit import bench_audit

    return bench_audit(cfg)


def _bench_documents(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench.documents import bench_documents

    return bench_documents(cfg)


def _bench_entities(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench.entities import bench_entities

    return bench_entities(cfg)


def _bench_report(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench.reports import bench_report

    return bench_report(cfg)


def _bench_patrols(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench.patrols import bench_patrols

    return bench_patrols(cfg)


def _bench_installers(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench.installers import bench_installers

    return bench_installers(cfg)


def _bench_draws(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench.draws import bench_draws

    return bench_draws(cfg)


def _bench_orders(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench.orders import bench_orders

    return bench_orders(cfg)


def _bench_prices(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench.prices import bench_prices

    return bench_prices(cfg)


def _bench_visits(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench.visits import bench_visits

    return bench_visits(cfg)


BENCHES: dict[str, Callable[[BenchConfig], list[Figure]]] = {
    "startup": _bench_startup,
    "audit": _bench_audit,
    "documents": _bench_documents,
    "entities": _bench_entities,
    "report": _bench_report,
    "patrols": _bench_patrols,
    "installers": _bench_installers,
    "draws": _bench_draws,
    "orders": _bench_orders,
    "prices": _bench_prices,
    "visits": _bench_visits,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m station_app.bench", description="性能测量")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument("--runs", type=int, default=5, help="每项测量次数（取中位数）")
    parser.add_argument("--only", action="append", choices=sorted(BENCHES), help="只测这几项")
    parser.add_argument("--entities", type=int, default=None, help="经营主体数量（相关测量用）")
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL"), help="同时测 PostgreSQL")
    parser.add_argument("--audit-rows", type=int, default=1_000_000, help="校验测量的日志条数")
    parser.add_argument("--complaints", type=int, default=None, help="报表测量的年度投诉数量")
    parser.add_argument("--cache", default=None, help="保留并复用报表测量的数据库的文件夹")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="station-bench-") as home:
        cfg = BenchConfig(
            runs=max(1, args.runs), home=Path(home), db_url=args.pg, audit_rows=args.audit_rows
        )
        cfg.entities = args.entities
        cfg.complaints = args.complaints
        cfg.cache = Path(args.cache) if args.cache else None
        figures: list[Figure] = []
        for name in args.only or list(BENCHES):
            figures += BENCHES[name](cfg)
    if args.json:
        print(json.dumps({"figures": [asdict(f) for f in figures]}, ensure_ascii=False, indent=2))
    else:
        for f in figures:
            print(f"{f.name:32} {f.value:>10} {f.unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
