"""``prices`` bench (issue #19 targets): the flag evaluation over 100,000 observations (≤ 1 s)
and the warning scan over a 1,000,000-entity registry with 200,000 complaints (≤ 5 s), each
beside its raw GROUP BY baseline, on SQLite and (``--pg URL``) PostgreSQL.

``python -m station_app.bench --only prices [--entities N] [--complaints C] [--pg URL]
[--cache DIR]``. Figures, per backend (``sqlite``, ``pg``):

* ``prices.<b>.refresh_first`` — ``PricesService.refresh()`` over a year of 100,000
  observations (300 subjects, the default rule, 同日多价, 同类离群 and an every-day 日环比
  rule), flags written; ``refresh`` — the same again (evaluation and merge, nothing new),
  median of ``--runs``; ``refresh.raw`` — the day GROUP BY of those rows by a bare cursor;
  ``refresh.ratio``; ``flags`` — how many the rules raised;
* ``warnings.<b>.scan_first`` — ``WarningsService.scan()`` on the demo registry (warnings
  inserted), ``scan`` — again (merge only), ``scan.raw`` — the scan's GROUP BYs by a bare
  cursor, ``scan.ratio``; ``entities``, ``complaints``, ``warnings`` — the sizes.

With ``--cache DIR`` the SQLite registry is kept in DIR and reused (one file per size)."""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from station_app.bench.base import BenchConfig, Figure

SEED = 19
TARGET = 100_000  # observations
DAYS = 334  # the top-up subjects' days
RAW_DAYS = (
    "SELECT subject_id, day, max(price_fen), min(price_fen), count(*), sum(price_fen),"
    " count(DISTINCT price_fen) FROM price_observation WHERE voided_at IS NULL"
    " AND day BETWEEN ? AND ? GROUP BY subject_id, day"
)
RAW_SCAN = (
    ("SELECT entity_id, count(*), min(received_on), max(received_on) FROM complaint"
     " WHERE received_on BETWEEN ? AND ? AND entity_id IS NOT NULL GROUP BY entity_id"
     " HAVING count(*) >= 3", "mt"),
    ("SELECT i.industry, count(*) FROM entity_industry i JOIN complaint c"
     " ON c.entity_id = i.entity_id WHERE c.received_on BETWEEN ? AND ? GROUP BY i.industry",
     "ft"),
    ("SELECT i.industry, count(*) FROM entity_industry i JOIN complaint c"
     " ON c.entity_id = i.entity_id WHERE c.received_on BETWEEN ? AND ? GROUP BY i.industry",
     "yz"),
    ("SELECT e.grid_id, count(*) FROM complaint c LEFT JOIN entity e ON e.id = c.entity_id"
     " WHERE c.received_on BETWEEN ? AND ? AND c.elderly GROUP BY e.grid_id", "ft"),
    ("SELECT l.id, l.entity_id, e.name, l.kind, l.number, l.expires_on, e.grid_id"
     " FROM licence l JOIN entity e ON e.id = l.entity_id WHERE l.expires_on IS NOT NULL"
     " AND l.expires_on <= ? AND e.status = '在营'", "h"),
    ("SELECT e.grid_id, h.category, count(*) FROM hazard h JOIN entity e ON e.id = h.entity_id"
     " WHERE h.found_on BETWEEN ? AND ? GROUP BY e.grid_id, h.category HAVING count(*) >= 3",
     "mt"),
)  # fmt: skip


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _open(url: str):
    from station_app.bootstrap import open_context
    from station_app.domain.auth import ADMIN, Actor

    return open_context(url, actor=Actor(None, "bench", ADMIN, "bench"), create=True)


def _raw(db, sql: str, params: tuple) -> None:
    """One statement through the bare DB-API cursor (dates as ISO text on SQLite)."""
    with db.engine.connect() as con:
        cur = con.connection.dbapi_connection.cursor()
        try:
            if db.is_sqlite:
                cur.execute(sql, tuple(p.isoformat() for p in params))
            else:
                cur.execute(sql.replace("?", "%s"), params)
            cur.fetchall()
        finally:
            cur.close()


# ---- the database: a demo registry, topped up to 100,000 observations ---------------------


def _database(cfg: BenchConfig, url: str, marker: Path | None, n: int, c: int, out: list):
    """Open the bench database: a demo of ``n`` entities and ``c`` complaints (reused when
    ``marker`` says an equal one is there), its prices topped up to TARGET observations."""
    from station_app.demo import DemoOptions

    ctx = _open(url)
    if marker is None or not marker.exists():
        t0 = time.perf_counter()
        ctx.services.demo.build(DemoOptions(seed=SEED, entities=n, complaints=c))
        out.append(Figure("prices.demo_load", round(time.perf_counter() - t0, 2), "s"))
        if marker is not None:
            marker.write_text(f"seed={SEED} entities={n} complaints={c}\n")
    _top_up(ctx)
    return ctx


def _top_up(ctx) -> None:
    """More subjects (a group 基准测试, every day of the last DAYS days at noon) until the
    valid observations number TARGET: holiday rises of 20–40 %, weekend waves, one subject
    in 97 tripling on holidays."""
    from sqlalchemy import func, select

    from station_app.data.bulk import insert_rows
    from station_app.data.models import PriceGroup, PriceGroupMember, PriceObservation, PriceSubject
    from station_app.services.prices.evaluation import windows_between

    today = ctx.services.clock.today()
    first = today - timedelta(days=DAYS - 1)
    with ctx.db.uow() as s:
        have = int(s.scalar(select(func.count()).select_from(PriceObservation)) or 0)
        subjects_needed = max(0, (TARGET - have + DAYS - 1) // DAYS)
        if not subjects_needed:
            return
        windows = windows_between(s, first, today)
        group = PriceGroup(name="基准测试", note="")
        s.add(group)
        made = [
            PriceSubject(kind="商品", market=f"基准监测点{k // 3 + 1:03d}", name=f"标准间{k % 3 + 1}",
                         unit="晚", district=f"片区{k % 6}", klass="舒适型", posted_fen=40000)
            for k in range(subjects_needed)
        ]  # fmt: skip
        s.add_all(made)
        s.flush()
        s.add_all(PriceGroupMember(group_id=group.id, subject_id=p.id) for p in made)
        s.flush()
        rng = random.Random(SEED)
        holiday = {first + timedelta(days=d) for d in range(DAYS)}
        holiday = {d for d in holiday if any(w.contains(d) for w in windows)}

        def rows():
            for k, subject in enumerate(made):
                base = rng.randint(15000, 35000)
                for d in range(DAYS):
                    day = first + timedelta(days=d)
                    rise = (
                        (3.0 if k % 97 == 0 else 1 + rng.uniform(0.2, 0.4))
                        if day in holiday
                        else 1.0
                    )
                    fen = int(base * rise * (1.1 if day.weekday() >= 5 else 1.0)) // 100 * 100
                    at = datetime(day.year, day.month, day.day, 4, tzinfo=UTC)  # 12:00 Beijing
                    yield {"subject_id": subject.id, "observed_at": at, "day": day,
                           "price_fen": fen, "source": "网络平台", "platform": "", "note": "",
                           "batch": "bench", "recorded_by": "bench", "recorded_at": at,
                           "voided_by": "", "void_reason": ""}  # fmt: skip

        insert_rows(s, PriceObservation.__table__, rows())


def _ensure_rules(ctx) -> None:
    """The rules the demo runs plus an every-day 日环比 and a 同组 离群 rule (each save
    re-judges everything once: not timed)."""
    from station_app.services.prices import RuleInput

    svc = ctx.services.prices
    names = {r.name for r in svc.rules()}
    wanted = (
        RuleInput("multiple_prices", "同日多价", {"max_prices": 1}),
        RuleInput("day_jump", "基准测试日环比", {"k": "1.8", "max_gap_days": 3}, days="期间每日"),
        RuleInput("peer_outlier", "基准测试同类离群", {"k": "3.5", "peers": "同片区同档次", "min_peers": 5}),
    )  # fmt: skip
    for rule in wanted:
        if rule.name not in names:
            svc.save_rule(None, rule, "基准测试")


# ---- the figures -----------------------------------------------------------------------------


def _backend(cfg: BenchConfig, label: str, url: str, marker: Path | None, n: int, c: int):
    from sqlalchemy import func, select

    from station_app.data.models import Complaint, EarlyWarning, Entity, PriceObservation

    out: list[Figure] = []

    def fig(area: str, name: str, value: float, unit: str) -> None:
        out.append(Figure(f"{area}.{label}.{name}", round(value, 4), unit))

    ctx = _database(cfg, url, marker, n, c, out)
    try:
        today = ctx.services.clock.today()
        _ensure_rules(ctx)
        prices, warnings = ctx.services.prices, ctx.services.warnings
        with ctx.db.session() as s:
            fig(
                "prices",
                "observations",
                s.scalar(select(func.count()).select_from(PriceObservation)),
                "条",
            )
            fig("warnings", "entities", s.scalar(select(func.count()).select_from(Entity)), "户")
            fig(
                "warnings",
                "complaints",
                s.scalar(select(func.count()).select_from(Complaint)),
                "件",
            )
        t0 = time.perf_counter()
        prices.refresh()
        fig("prices", "refresh_first", time.perf_counter() - t0, "s")
        refresh = _median(lambda: prices.refresh(), cfg.runs)
        fig("prices", "refresh", refresh, "s")
        first = today - timedelta(days=400)
        _raw(ctx.db, RAW_DAYS, (first, today))
        raw = _median(lambda: _raw(ctx.db, RAW_DAYS, (first, today)), cfg.runs)
        fig("prices", "refresh.raw", raw, "s")
        fig("prices", "refresh.ratio", refresh / raw if raw else 0.0, "x")
        fig("prices", "flags", float(prices.flag_rows().count()), "条")
        t0 = time.perf_counter()
        warnings.scan()
        fig("warnings", "scan_first", time.perf_counter() - t0, "s")
        scan = _median(lambda: warnings.scan(), cfg.runs)
        fig("warnings", "scan", scan, "s")
        params = _scan_params(today)
        raw_scan = _median(lambda: [_raw(ctx.db, q, params[k]) for q, k in RAW_SCAN], cfg.runs)
        fig("warnings", "scan.raw", raw_scan, "s")
        fig("warnings", "scan.ratio", scan / raw_scan if raw_scan else 0.0, "x")
        with ctx.db.session() as s:
            fig(
                "warnings",
                "warnings",
                s.scalar(select(func.count()).select_from(EarlyWarning)),
                "条",
            )
    finally:
        ctx.close()
    return out


def _scan_params(today: date) -> dict[str, tuple]:
    month = today.replace(day=1)
    try:
        last_year = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        last_year = today.replace(year=today.year - 1, day=28)
    return {
        "mt": (today - timedelta(days=29), today),
        "ft": (month, today),
        "yz": (last_year.replace(day=1), last_year),
        "h": (today + timedelta(days=30),),
    }


def bench_prices(cfg: BenchConfig) -> list[Figure]:
    import os

    n = cfg.entities or 1_000_000
    c = 200_000 if cfg.complaints is None else cfg.complaints
    os.environ["STATION_HOME"] = str(cfg.home)
    folder = Path(cfg.cache or cfg.home)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"prices-bench-s{SEED}-e{n}-c{c}.sqlite3"
    marker = path.with_suffix(".ok") if cfg.cache else None
    figures = _backend(cfg, "sqlite", f"sqlite:///{path}", marker, n, c)
    if cfg.db_url:
        figures += _backend(cfg, "pg", cfg.db_url, None, n, c)
    return figures
