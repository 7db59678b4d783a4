"""``orders`` bench (issue #14 targets at 200,000 work orders): the 工单 list's first page and
the 超时台账 (every id, then the first page of rows) beside raw SQL (target ≤ 2×), and a
year's figures (counts, rates, 环比/同比, by kind, channel, grid and specialist; target ≤ 2 s).

``python -m station_app.bench --only orders [--pg URL] [--cache DIR]`` (200,000 orders,
``ORDERS``; with ``--cache`` the SQLite database is built once and reused). The database is a demo (a year of orders with
real logs and cached clock columns, from the same domain rules as a real step), whose orders
are then copied in SQL to 200,000 (``INSERT … SELECT`` over a numbers table, new numbers and
platform numbers; the copies keep the demo's mix of kinds, states, overdue and paused).
Figures per backend (``sqlite``, ``pg``): ``orders.<b>.count``, ``orders.<b>.first_page``
(s) / ``.raw`` / ``.ratio``, ``orders.<b>.overdue`` / ``.raw`` / ``.ratio`` and
``orders.<b>.overdue.count``, ``orders.<b>.figures_year`` (s).
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import UTC
from pathlib import Path

ORDERS = 200_000
PAGE = 256  # the lazy table's first page (``fetch_first_ids``' default)

_PAGE_COLUMNS = (
    "w.id, w.number, w.kind, w.received_at, w.platform_no, w.subject_name, e.name, w.grid_id, "
    "w.category, w.state, w.assignee_name, w.next_clock, w.next_due_at, w.paused, w.overdue, "
    "w.late, w.rework, w.lead_level"
)
_OPEN = "('待派单', '待响应', '处置中', '待确认', '待办结')"


def _median(fn, runs: int) -> float:
    fn()  # warm the caches once, as a list page is shown after the window opened
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _raw(db, sql: str, params: tuple = ()) -> int:
    """Rows of ``sql`` through the bare DB-API cursor (the baseline)."""
    con = db.engine.raw_connection()
    try:
        cur = con.cursor()
        cur.execute(sql, params)
        return len(cur.fetchall())
    finally:
        con.close()


def _raw_ids(db, sql: str, params: tuple = ()) -> list[int]:
    con = db.engine.raw_connection()
    try:
        cur = con.cursor()
        cur.execute(sql, params)
        return [r[0] for r in cur.fetchall()]
    finally:
        con.close()


def _raw_page(db, ids: list[int]) -> int:
    marks = ",".join(str(int(i)) for i in ids) or "0"
    sql = (
        f"SELECT {_PAGE_COLUMNS} FROM work_order w LEFT JOIN entity e ON e.id = w.entity_id "
        f"WHERE w.id IN ({marks})"
    )
    return _raw(db, sql)


def _copy_to(db, target: int) -> int:
    """Copy the demo's orders in SQL until there are about ``target``; returns the count."""
    from sqlalchemy import text

    from station_app.data.models import WorkOrder

    with db.session() as s:
        base = int(s.execute(text("SELECT count(*) FROM work_order")).scalar_one())
    copies = max(0, -(-target // max(1, base)) - 1)
    names = [c.name for c in WorkOrder.__table__.columns if c.name != "id"]
    values = {
        "number": "'BK' || k.n || '-' || w.id",
        "platform_no": "CASE WHEN w.platform_no IS NULL THEN NULL "
        "ELSE w.platform_no || '-' || k.n END",
    }
    select = ", ".join(values.get(n, f"w.{n}") for n in names)
    with db.uow() as s:
        s.execute(text("CREATE TEMPORARY TABLE bench_n (n INTEGER PRIMARY KEY)"))
        if copies:
            s.execute(text("INSERT INTO bench_n (n) VALUES (:n)"), [{"n": i} for i in range(1, copies + 1)])  # fmt: skip
        s.execute(
            text(
                f"INSERT INTO work_order ({', '.join(names)}) SELECT {select} "
                "FROM work_order w CROSS JOIN bench_n k WHERE w.number NOT LIKE 'BK%'"
            )
        )
        s.execute(text("DROP TABLE bench_n"))
    _analyze(db)
    with db.session() as s:
        return int(s.execute(text("SELECT count(*) FROM work_order")).scalar_one())


def _analyze(db) -> None:
    con = db.engine.raw_connection()
    try:
        if db.is_sqlite:
            con.execute("ANALYZE")
        else:
            con.driver_connection.autocommit = True
            con.cursor().execute("VACUUM ANALYZE work_order")
    finally:
        con.close()


def _backend(cfg, label: str, url: str, Figure, marker: Path | None = None) -> list:
    from station_app.bootstrap import open_context
    from station_app.demo import DemoOptions
    from station_app.domain.auth import ADMIN, Actor
    from station_app.domain.orders.listing import DUE_LATE, OrderFilter
    from station_app.domain.periods import parse_period

    out = []

    def fig(name: str, value: float, unit: str) -> None:
        out.append(Figure(f"orders.{label}.{name}", round(value, 4), unit))

    ctx = open_context(url, actor=Actor(None, "bench", ADMIN, "bench"), create=True)
    try:
        if marker is not None and marker.exists():  # --cache: the database built before
            n = svc_count(ctx)
        else:
            ctx.services.demo.build(DemoOptions(seed=7, entities=12_000))
            n = _copy_to(ctx.db, ORDERS)
            if marker is not None:
                marker.write_text("ok")
        fig("count", n, "orders")
        svc, db = ctx.services.orders, ctx.db
        now = svc.now()
        mark = "?" if db.is_sqlite else "%s"

        listed = svc.rows(OrderFilter(now=now))  # one source, as the page keeps its own

        def first_page() -> None:
            ids = listed.fetch_first_ids(None, False, PAGE)
            listed.fetch_rows(list(ids))

        page = _median(first_page, cfg.runs)

        def raw_first_page() -> None:  # the same two round trips through the bare cursor
            ids = _raw_ids(db, f"SELECT w.id FROM work_order w ORDER BY w.id DESC LIMIT {PAGE}")
            _raw_page(db, ids)

        raw_page = _median(raw_first_page, cfg.runs)
        fig("first_page", page, "s")
        fig("first_page.raw", raw_page, "s")
        fig("first_page.ratio", page / raw_page if raw_page else 0.0, "x")

        ledger = svc.rows(OrderFilter(due=DUE_LATE, now=now))

        def overdue() -> None:  # the 超时台账: every id (for the count and scrolling), a page
            ids = ledger.fetch_ids(None, False)
            ledger.fetch_rows(list(ids[:PAGE]))

        late = _median(overdue, cfg.runs)
        raw_late_sql = (
            "SELECT w.id FROM work_order w WHERE w.late = {t} OR (w.state IN {o} AND "
            "(w.overdue = {t} OR (w.paused = {f} AND w.next_due_at < {m}))) ORDER BY w.id DESC"
        ).format(t="1" if db.is_sqlite else "true", f="0" if db.is_sqlite else "false",
                 o=_OPEN, m=mark)  # fmt: skip
        stamp = now.astimezone(UTC)
        param = (stamp.strftime("%Y-%m-%d %H:%M:%S.%f"),) if db.is_sqlite else (stamp,)

        def raw_overdue() -> None:
            _raw_page(db, _raw_ids(db, raw_late_sql, param)[:PAGE])

        raw_late = _median(raw_overdue, cfg.runs)
        fig("overdue.count", svc.rows(OrderFilter(due=DUE_LATE, now=now)).count(), "orders")
        fig("overdue", late, "s")
        fig("overdue.raw", raw_late, "s")
        fig("overdue.ratio", late / raw_late if raw_late else 0.0, "x")
        year = parse_period(str(now.year))
        fig("figures_year", _median(lambda: svc.figures(year), cfg.runs), "s")
    finally:
        ctx.close()
    return out


def svc_count(ctx) -> int:
    from station_app.domain.orders.listing import OrderFilter

    return ctx.services.orders.rows(OrderFilter()).count()


def bench_orders(cfg) -> list:
    from station_app.bench.base import Figure

    os.environ["STATION_HOME"] = str(cfg.home)
    folder = Path(getattr(cfg, "cache", None) or cfg.home)  # --cache DIR: built once, reused
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"orders-bench-{ORDERS}.sqlite3"
    marker = path.with_suffix(".ok")
    figures = _backend(cfg, "sqlite", f"sqlite:///{path}", Figure, marker)
    if cfg.db_url:
        figures += _backend(cfg, "pg", cfg.db_url, Figure)
    return figures
