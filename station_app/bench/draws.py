"""``draws`` bench (issue #18 targets at 1,000,000 entities): a 双随机 draw over a large
object pool (reading the pools, the cover check, the draw, storing it; target ≤ 2 s at a
100,000-entity pool) and a campaign target list (filter → ``INSERT … SELECT`` → list hash;
target ≤ 3 s at 50,000 entities), each beside a raw-SQL baseline.

``python -m station_app.bench --only draws [--entities N] [--pg URL]`` (default 1,000,000).
Figures per backend: ``draws.<b>.pool`` (objects in the pool), ``draws.<b>.run`` (s) beside
``.raw`` (the pool's rows through the bare DB-API cursor) and ``.ratio``;
``campaigns.<b>.targets`` (how many), ``campaigns.<b>.add`` (s) beside ``.raw`` (the same
``INSERT … SELECT`` run bare, rolled back) and ``.ratio``. The pools are the entity list's
saved filters ``bench-pool`` (every 在营 entity of the first grids up to about 100,000) and a
campaign filter of the grids up to about 50,000.
"""

from __future__ import annotations

import os
import statistics
import time


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _entities_per_grid(s) -> list[tuple[int, str, int]]:
    from sqlalchemy import text

    sql = (
        "SELECT g.id, g.code, count(*) FROM entity e JOIN grid g ON g.id = e.grid_id "
        "WHERE e.status = '在营' GROUP BY g.id, g.code ORDER BY g.code"
    )
    return [(r[0], r[1], r[2]) for r in s.execute(text(sql))]


def raw_pool_read(db, grid_ids: list[int]) -> int:
    """The pool's rows through the bare DB-API cursor (the baseline of a draw)."""
    marks = ",".join(str(int(g)) for g in grid_ids)
    sql = (
        "SELECT e.id, e.uscc, e.credit_class, e.local_grade, g.code, e.name FROM entity e "
        f"LEFT JOIN grid g ON g.id = e.grid_id WHERE e.status = '在营' AND e.grid_id IN ({marks})"
    )
    con = db.engine.raw_connection()
    try:
        cur = con.cursor()
        cur.execute(sql)
        return len(cur.fetchall())
    finally:
        con.close()


def raw_target_insert(db, grid_ids: list[int]) -> None:
    """The bare ``INSERT … SELECT`` of a target list into a scratch table, rolled back."""
    marks = ",".join(str(int(g)) for g in grid_ids)
    con = db.engine.raw_connection()
    try:
        cur = con.cursor()
        if db.is_sqlite:
            cur.execute("BEGIN")
        cur.execute("CREATE TEMPORARY TABLE bench_target (campaign_id INTEGER, entity_id INTEGER)")
        cur.execute(
            "INSERT INTO bench_target SELECT 0, id FROM entity "
            f"WHERE status = '在营' AND grid_id IN ({marks})"
        )
        con.rollback()
    finally:
        con.close()


def _grids_up_to(s, target: int) -> list[tuple[int, str]]:
    chosen, total = [], 0
    for grid_id, code, n in _entities_per_grid(s):
        if total >= target:
            break
        chosen.append((grid_id, code))
        total += n
    return chosen


def _backend(cfg, label: str, url: str, n: int, Figure) -> list:
    from station_app.bootstrap import open_context
    from station_app.demo import DemoOptions
    from station_app.domain.auth import ADMIN, Actor
    from station_app.domain.campaign_targets import TargetFilter
    from station_app.services.campaigns import CampaignDraft
    from station_app.services.draws import DrawSpec

    out = []

    def fig(name, value, unit):
        out.append(Figure(f"{name.split('.')[0]}.{label}.{name.split('.', 1)[1]}", value, unit))

    ctx = open_context(url, actor=Actor(None, "bench", ADMIN, "bench"))
    try:
        ctx.services.demo.build(DemoOptions(seed=7, entities=n))
        with ctx.db.session() as s:
            pool_grids = _grids_up_to(s, 100_000)
            target_grids = _grids_up_to(s, 50_000)
        codes = [c for _, c in pool_grids]
        ctx.services.saved_views.save("campaign_targets", "bench-pool", {"grids": codes})
        svc = ctx.services.draws
        spec = DrawSpec(
            item="价格行为检查", objects="bench-pool", witness="1234", reason="基准测量"
        )
        # every run after the first is a redraw of the same item (the head runs it)
        run_s = _median(lambda: svc.run(spec), cfg.runs)
        drawn = svc.get(svc.rows().fetch_ids(None, False)[0])
        pool = sum(drawn.pool_sizes.values())
        fig("draws.pool", pool, "entities")
        fig("draws.run", round(run_s, 3), "s")
        raw_s = _median(lambda: raw_pool_read(ctx.db, [g for g, _ in pool_grids]), cfg.runs)
        fig("draws.run.raw", round(raw_s, 3), "s")
        fig("draws.run.ratio", round(run_s / raw_s, 2) if raw_s else 0, "x")
        flt = TargetFilter(grids=tuple(c for _, c in target_grids))
        camp = ctx.services.campaigns
        today = ctx.services.clock.today()
        views = []

        def add():
            views.append(
                camp.add(CampaignDraft("基准测量专项行动", today, today, target_filter=flt))[0]
            )

        add_s = _median(add, cfg.runs)
        fig("campaigns.targets", views[-1].targets, "entities")
        fig("campaigns.add", round(add_s, 3), "s")
        raw_add = _median(lambda: raw_target_insert(ctx.db, [g for g, _ in target_grids]), cfg.runs)
        fig("campaigns.add.raw", round(raw_add, 3), "s")
        fig("campaigns.add.ratio", round(add_s / raw_add, 2) if raw_add else 0, "x")
    finally:
        ctx.close()
    return out


def bench_draws(cfg) -> list:
    from station_app.bench.base import Figure

    n = getattr(cfg, "entities", None) or 1_000_000
    os.environ["STATION_HOME"] = str(cfg.home)
    url = f"sqlite:///{cfg.home / 'draws-bench.sqlite3'}"
    figures = _backend(cfg, "sqlite", url, n, Figure)
    if cfg.db_url:
        figures += _backend(cfg, "pg", cfg.db_url, n, Figure)
    return figures
