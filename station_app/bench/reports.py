"""``report`` bench: the yearly county report at scale (issue 8 target: a yearly report over
1,000,000 entities and 50,000 complaints in ≤ 10 s), beside a raw-SQL baseline.

``python -m station_app.bench --only report [--entities N] [--complaints C] [--pg URL]
[--cache DIR]`` (defaults: 1,000,000 entities, 50,000 complaints). The database is a demo with
N entities and C complaints all received in last calendar year (``demo --complaints C
--complaints-year Y``); the report is the yearly report of that year. With ``--cache DIR`` the
SQLite database is kept in DIR (one file per seed and size) and reused by the next run; a
PostgreSQL database that already holds such a demo is reused too. Figures, per backend
(``sqlite``, and ``pg`` when a PostgreSQL URL is given):

* ``demo_load`` — building the database (absent when it was reused);
* ``year_figures`` — every figure of the year with 环比/同比 (``ReportService.build``);
* ``year_package`` — what ``report county --period Y`` writes: workbook, 综合 PDF,
  figures.json and the verifiable ZIP (target ≤ 10 s), in process, median of ``--runs``;
* ``year_package_details`` — the same with ``--details`` (detail sheets of the year);
* ``year_cli`` — ``station-app report county --period Y`` as a fresh process (start-up,
  sign-in and imports included), once;
* ``raw_counts`` — the baseline: the count and GROUP BY queries behind the figures, through
  the bare DB-API cursor (those of a period for the year and the year before, those of the
  present state once); ``year_package.ratio`` against it;
* ``entities``, ``complaints_in_year`` — the sizes measured.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path

from station_app import clock

SEED = 8
SHANGHAI = timezone(timedelta(hours=8))

# The figures' work in SQL, minimally: (sql, parameter kinds) with ``?`` placeholders and
# parameters s/e (period dates) or S/E (UTC bounds of the period).
RAW_QUERIES = (
    (
        "SELECT channel, count(*), sum(amount_fen) FROM complaint"
        " WHERE received_on >= ? AND received_on < ? GROUP BY channel",
        "se",
    ),
    (
        "SELECT count(*), sum(CASE WHEN decided_on <= acceptance_due THEN 1 ELSE 0 END),"
        " sum(CASE WHEN refusal_ground <> '' THEN 1 ELSE 0 END) FROM complaint"
        " WHERE decided_on >= ? AND decided_on < ?",
        "se",
    ),
    (
        "SELECT termination_reason, count(*), sum(money_recovered_fen) FROM complaint"
        " WHERE result_on >= ? AND result_on < ? AND refusal_ground = ''"
        " GROUP BY termination_reason",
        "se",
    ),
    (
        "SELECT visit_result, count(*) FROM complaint"
        " WHERE visit_on >= ? AND visit_on < ? AND visit_result <> '' GROUP BY visit_result",
        "se",
    ),
    (
        "SELECT service_station_id, count(*) FROM complaint"
        " WHERE received_on >= ? AND received_on < ? GROUP BY service_station_id",
        "se",
    ),
    ("SELECT count(*) FROM entity WHERE status = '在营'", ""),
    ("SELECT count(*) FROM entity WHERE registered_on >= ? AND registered_on < ?", "se"),
    (
        "SELECT count(*) FROM entity WHERE source = '扫街纳管'"
        " AND created_at >= ? AND created_at < ?",
        "SE",
    ),
    ("SELECT count(*) FROM entity WHERE status = '在营' AND local_grade IN ('C', 'D')", ""),
    ("SELECT entity_type, count(*) FROM entity WHERE status = '在营' GROUP BY entity_type", ""),
    ("SELECT local_grade, count(*) FROM entity WHERE status = '在营' GROUP BY local_grade", ""),
    ("SELECT grid_id, count(*) FROM entity WHERE status = '在营' GROUP BY grid_id", ""),
    (
        "SELECT le.kind_id, count(*) FROM list_entry le WHERE le.status IN ('listed', 'removed')"
        " AND le.listed_on >= ? AND le.listed_on < ? GROUP BY le.kind_id",
        "se",
    ),
    (
        "SELECT kind_id, count(*) FROM list_entry WHERE removed_on >= ? AND removed_on < ?"
        " GROUP BY kind_id",
        "se",
    ),
    ("SELECT kind_id, count(*) FROM list_entry WHERE status = 'listed' GROUP BY kind_id", ""),
    ("SELECT count(*) FROM training WHERE held_on >= ? AND held_on < ?", "se"),
    ("SELECT count(*) FROM grid WHERE active", ""),
)


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _utc(day: date) -> datetime:
    return datetime.combine(day, dtime(0), SHANGHAI).astimezone(UTC)


def raw_counts(db, years: tuple[int, ...]) -> None:
    """The baseline: every RAW_QUERIES statement for each year, through the DB-API cursor."""
    sqlite = db.is_sqlite
    with db.engine.connect() as con:
        cur = con.connection.dbapi_connection.cursor()
        try:
            for year in years:
                s, e = date(year, 1, 1), date(year + 1, 1, 1)
                values = {"s": s, "e": e, "S": _utc(s), "E": _utc(e)}
                if sqlite:  # stored as ISO text
                    values = {
                        "s": s.isoformat(),
                        "e": e.isoformat(),
                        "S": _utc(s).strftime("%Y-%m-%d %H:%M:%S.%f"),
                        "E": _utc(e).strftime("%Y-%m-%d %H:%M:%S.%f"),
                    }
                for sql, kinds in RAW_QUERIES:
                    if year != years[0] and not kinds:  # the present state: counted once
                        continue
                    cur.execute(
                        sql if sqlite else sql.replace("?", "%s"),
                        tuple(values[k] for k in kinds),
                    )
                    cur.fetchall()
        finally:
            cur.close()


def _sizes(ctx, year: int) -> tuple[int, int, bool]:
    """(entities, complaints received in ``year``, is a demo) of the database behind ``ctx``."""
    from datetime import date as d

    from station_app.queries.summaries import complaint_counts

    profile = ctx.services.station.get_profile()
    if profile is None:
        return 0, 0, False
    with ctx.db.engine.connect() as con:
        cur = con.connection.dbapi_connection.cursor()
        cur.execute("SELECT count(*) FROM entity")
        entities = cur.fetchone()[0]
        cur.close()
    received = complaint_counts(ctx.db, d(year, 1, 1), d(year + 1, 1, 1)).counts["received"]
    return entities, received, bool(profile.is_demo)


def _open(url: str):
    from station_app.bootstrap import open_context
    from station_app.domain.auth import ADMIN, Actor

    return open_context(url, actor=Actor(None, "bench", ADMIN, "bench"), create=True)


def _database(cfg, label: str, url: str, marker: Path | None, n: int, c: int, year: int, out):
    """Open the bench database, building the demo unless an equal one can be reused."""
    from station_app.bench.base import Figure
    from station_app.demo import DemoOptions

    ctx = _open(url)
    reusable = marker is None or marker.exists()
    entities, received, demo = _sizes(ctx, year)
    # n or a few more: the demo's 扫街纳管 step registers some captures as new entities
    if reusable and n <= entities < n + max(100, n // 100) and (received, demo) == (c, True):
        return ctx

    if marker is not None:
        marker.unlink(missing_ok=True)
    t0 = time.perf_counter()
    ctx.services.demo.build(DemoOptions(seed=SEED, entities=n, complaints=c, complaints_year=year))
    out.append(Figure(f"report.{label}.demo_load", round(time.perf_counter() - t0, 2), "s"))
    if marker is not None:
        marker.write_text(f"seed={SEED} entities={n} complaints={c} year={year}\n")
    return ctx


def _backend(cfg, label: str, url: str, marker: Path | None, n: int, c: int) -> list:
    from station_app.bench.base import Figure
    from station_app.bench.base import bench_env as _env
    from station_app.domain.periods import Period

    out: list = []

    def fig(name: str, value: float, unit: str) -> None:
        out.append(Figure(f"report.{label}.{name}", round(value, 4), unit))

    year = clock.today().year - 1
    period = Period("year", year)
    ctx = _database(cfg, label, url, marker, n, c, year, out)
    try:
        entities, received, _demo = _sizes(ctx, year)
        fig("entities", entities, "户")
        fig("complaints_in_year", received, "件")
        reports = ctx.services.reports
        with tempfile.TemporaryDirectory(prefix="station-report-bench-") as tmp:
            first = time.perf_counter()
            reports.write_package(period, Path(tmp) / "first")  # imports, caches warm
            fig("year_package_first", time.perf_counter() - first, "s")
            fig("year_figures", _median(lambda: reports.build(period), cfg.runs), "s")
            package = _median(lambda: reports.write_package(period, Path(tmp) / "p"), cfg.runs)
            fig("year_package", package, "s")
            fig(
                "year_package_details",
                _median(
                    lambda: reports.write_package(period, Path(tmp) / "d", details=True),
                    max(1, cfg.runs // 2),
                ),
                "s",
            )
            raw_counts(ctx.db, (year, year - 1))  # warm-up
            raw = _median(lambda: raw_counts(ctx.db, (year, year - 1)), cfg.runs)
            fig("raw_counts", raw, "s")
            fig("year_package.ratio", package / raw if raw else 0, "x")
            env = _env(cfg)
            cmd = [sys.executable, "-m", "station_app", "--db", url, "report", "county"]
            t0 = time.perf_counter()
            proc = subprocess.run(
                [*cmd, "--period", str(year), "--out", str(Path(tmp) / "cli")],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if proc.returncode != 0:
                raise RuntimeError(f"report county failed: {proc.stderr[-2000:]}")
            fig("year_cli", time.perf_counter() - t0, "s")
    finally:
        ctx.close()
    return out


def bench_report(cfg) -> list:
    n = getattr(cfg, "entities", None) or 1_000_000
    c = getattr(cfg, "complaints", None)
    c = 50_000 if c is None else c
    os.environ["STATION_HOME"] = str(cfg.home)
    folder = Path(getattr(cfg, "cache", None) or cfg.home)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"report-bench-s{SEED}-e{n}-c{c}.sqlite3"
    marker = path.with_suffix(".ok")
    figures = _backend(cfg, "sqlite", f"sqlite:///{path}", marker, n, c)
    if cfg.db_url:
        figures += _backend(cfg, "pg", cfg.db_url, None, n, c)
    return figures
