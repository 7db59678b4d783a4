"""``patrols`` bench (issue #15 targets): generating a month's plan, the day's task list
beside a raw-SQL baseline, and the coverage figures.

``python -m station_app.bench --only patrols --entities 25000``. Figures (SQLite):

* ``plan_month`` — ``PatrolService.generate`` of next month on a fresh registry (targets:
  ≤ 5 s at 25,000 entities, ≤ 60 s at 1,000,000);
* ``plan_regenerate`` — the same month again (nothing changes: the diff only);
* ``tasks_day`` / ``tasks_day.raw`` / ``.ratio`` — the tasks of one day, whole station, beside
  the same rows by a bare cursor (target ≤ 2× raw);
* ``coverage_month`` — the coverage figures of the month (target ≤ 2 s).
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from station_app.bench.base import BenchConfig, Figure

RAW_TASKS = (
    "SELECT t.id, t.kind, t.grade, t.due_on, t.end_on, t.status, t.person_id, t.grid_id, "
    "e.id, e.uscc, e.name, e.address, t.window_id FROM patrol_task t "
    "JOIN entity e ON e.id = t.entity_id WHERE t.due_on = ? "
    "ORDER BY t.grid_id, e.address, e.id, t.kind"
)


def _time(fn, runs: int) -> float:
    fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


def bench_patrols(cfg: BenchConfig) -> list[Figure]:
    from station_app.bootstrap import open_context
    from station_app.clock import Clock
    from station_app.data.engine import sqlite_url
    from station_app.demo import DemoOptions
    from station_app.domain.auth import ADMIN, Actor
    from station_app.services.patrols import PatrolService

    n = cfg.entities or 25_000
    path = Path(tempfile.mkdtemp(prefix="bench-patrols-")) / "bench.sqlite3"
    ctx = open_context(sqlite_url(path), actor=Actor(None, "bench", ADMIN, "bench"), create=True)
    ctx.services.demo.build(DemoOptions(seed=7, entities=n))
    today = ctx.clock.today()
    first = (today.replace(day=28) + timedelta(days=4)).replace(day=1)  # next month
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    svc = PatrolService(ctx.db, ctx.auth, clock=Clock(first))
    t0 = time.perf_counter()
    result, _ = svc.generate(first, last)
    plan = time.perf_counter() - t0
    t0 = time.perf_counter()
    svc.generate(first, last)
    again = time.perf_counter() - t0
    day = next(
        first + timedelta(days=k) for k in range(7) if (first + timedelta(days=k)).weekday() < 5
    )
    tasks = _time(lambda: svc.tasks(day), cfg.runs)
    with sqlite3.connect(path) as con:
        raw = _time(lambda: con.execute(RAW_TASKS, (day.isoformat(),)).fetchall(), cfg.runs)
    coverage = _time(lambda: svc.coverage(first.strftime("%Y-%m")), cfg.runs)
    ctx.close()
    return [
        Figure(f"plan_month.{n}", plan, "s"),
        Figure(f"plan_month.{n}.tasks", float(result.added), "tasks"),
        Figure(f"plan_regenerate.{n}", again, "s"),
        Figure(f"tasks_day.{n}", tasks, "s"),
        Figure(f"tasks_day.{n}.raw", raw, "s"),
        Figure(f"tasks_day.{n}.ratio", tasks / raw if raw else 0.0, "x"),
        Figure(f"coverage_month.{n}", coverage, "s"),
    ]
