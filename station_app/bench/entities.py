"""``entities`` bench: the registry at scale (issue 5 targets), each figure beside a raw-SQL
baseline measured in the same run and their ratio.

``python -m station_app.bench --only entities --entities 1000000 [--pg URL]``. Figures, per
backend (``sqlite``, and ``pg`` when a PostgreSQL URL is given):

* ``demo_load`` — ``station-app demo --entities N`` in process (target ≤ 120 s at 1,000,000);
* ``first_page.<kind>`` — first page of the list shown (first ids + 256 rows), for the
  unfiltered list and each search kind, beside ``.raw`` (the same SQL through the bare DB-API
  cursor) and ``.ratio`` (targets: list ≤ 300 ms, searches ≤ 150 ms and ≤ 2× raw);
* ``all_ids.<kind>`` — the full ordered id list behind it (fetched in the background);
* ``sort.<column>`` — the full id list ordered by name, grid or date (target ≤ 1 s);
* ``import_rows_per_s`` — a 25,000-row ledger with validation and commit (target ≥ 5,000/s),
  beside ``import_read_only_rows_per_s`` (reading the file with calamine alone);
* ``export_100k`` — 100,000 rows to XLSX (target ≤ 15 s) beside ``export_100k.raw``
  (the same rows by a raw cursor into openpyxl);
* ``rss_list_open_mb`` — resident memory of a GUI process with the list open (≤ 500 MB).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEARCHES = (
    ("list", ""),
    ("cjk_1", "餐"),
    ("cjk_2", "张三"),
    ("cjk_3", "张三记"),
    ("pinyin", "zsj"),
    ("code", "MA00012"),
    ("phone", "1381234"),
)
SORTS = (("name", "name"), ("grid", "grid"), ("date", "registered_on"))
RSS_SCRIPT = r"""
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from station_app.ui.app import create_application
from station_app.settings import Preferences
from station_app.bootstrap import open_context
from station_app.domain.auth import ADMIN, Actor
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QEventLoop
app = create_application()
ctx = open_context(sys.argv[1], actor=Actor(None, "bench", ADMIN, "bench"), create=True)
from station_app.ui.main_window import build_main_window
w, ui = build_main_window(ctx, Preferences())
w.resize(1280, 800); w.show_page("entities"); w.show()
page = w.current_page()
import time
t0 = time.time()
while page.model.is_loading and time.time() - t0 < 60:
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
for _ in range(10):
    QApplication.processEvents()
with open("/proc/self/status") as fh:
    rss = next(int(l.split()[1]) for l in fh if l.startswith("VmRSS"))
print(f"BENCH_RSS {rss / 1024:.1f} {page.model.rowCount()}")
ui.ops.shutdown()
"""


def _median(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _raw(db, stmt, limit_rows: bool = True):
    """Run a compiled SQLAlchemy statement through the bare DB-API cursor."""
    from station_app.queries.entities import _sqlite_param

    with db.engine.connect() as con:
        compiled = stmt.compile(dialect=con.dialect, compile_kwargs={"render_postcompile": True})
        if db.is_sqlite:
            args = tuple(_sqlite_param(compiled.params[k]) for k in compiled.positiontup or ())
        else:
            args = compiled.params
        cur = con.connection.dbapi_connection.cursor()
        cur.execute(str(compiled), args)
        rows = cur.fetchall()
        cur.close()
        return rows


def _row_page_sql(db, ids):
    from sqlalchemy import select

    from station_app.data.models import Entity

    return select(
        Entity.id,
        Entity.name,
        Entity.uscc,
        Entity.entity_type,
        Entity.legal_rep,
        Entity.phone,
        Entity.address,
        Entity.grid_id,
        Entity.status,
        Entity.registered_on,
        Entity.credit_class,
        Entity.local_grade,
    ).where(Entity.id.in_(ids))


def _backend(cfg, label: str, url: str, n: int, Figure) -> list:
    from station_app.bootstrap import open_context
    from station_app.demo import DemoOptions
    from station_app.domain.auth import ADMIN, Actor
    from station_app.domain.entities import EntityFilter
    from station_app.queries.entities import EntityQuery, EntityRows

    out = []

    def fig(name, value, unit):
        return out.append(Figure(f"entities.{label}.{name}", round(value, 4), unit))

    ctx = open_context(url, actor=Actor(None, "bench", ADMIN, "bench"), create=True)
    try:
        t0 = time.perf_counter()
        ctx.services.demo.build(DemoOptions(seed=5, entities=n))
        fig("demo_load", time.perf_counter() - t0, "s")
        db = ctx.db
        for kind, text in SEARCHES:
            rows = EntityRows(db, EntityFilter(text=text), mask=True)

            def ours(rows=rows):
                ids = rows.fetch_first_ids(None, False)
                rows.fetch_rows(ids.tolist())

            def raw(text=text):
                stmt = EntityQuery(db, EntityFilter(text=text)).id_select(None, False).limit(256)
                ids = [r[0] for r in _raw(db, stmt)]
                if ids:
                    _raw(db, _row_page_sql(db, ids))

            a, b = _median(ours, cfg.runs), _median(raw, cfg.runs)
            fig(f"first_page.{kind}", a * 1000, "ms")
            fig(f"first_page.{kind}.raw", b * 1000, "ms")
            fig(f"first_page.{kind}.ratio", a / b if b else 0, "x")
            fig(
                f"all_ids.{kind}",
                _median(lambda r=rows: r.fetch_ids(None, False), cfg.runs) * 1000,
                "ms",
            )
        rows = EntityRows(db, EntityFilter())
        for name, key in SORTS:
            fig(
                f"sort.{name}",
                _median(lambda k=key: rows.fetch_ids(k, False), max(1, cfg.runs // 2)),
                "s",
            )
        out += _import_export(cfg, ctx, label, Figure)
        if label == "sqlite":
            out += _rss(url, label, Figure)
    finally:
        ctx.close()
    return out


def _ledger(path: Path, count: int) -> Path:
    from openpyxl import Workbook

    from station_app.demo.entities import _uscc

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(["东平县经营主体台账"])
    ws.append(
        ["名称", "统一社会信用代码", "法定代表人", "联系电话", "经营地址", "成立日期", "行业"]
    )
    for i in range(count):
        ws.append(
            [
                f"城关镇测试{i}号便利店",
                _uscc("2", 5_000_000 + i),
                "张三",
                f"138{i:08d}",
                f"东平县城关镇人民路{i}号",
                "2023年5月1日",
                "食品销售",
            ]
        )
    wb.save(path)
    return path


def _import_export(cfg, ctx, label: str, Figure) -> list:
    from sqlalchemy import select

    from station_app.data.models import Entity
    from station_app.exports.ledger_reader import read_sheet
    from station_app.exports.ledger_writer import ENTITY_HEADERS, write_rows

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = _ledger(Path(tmp) / "ledger.xlsx", 25_000)
        t0 = time.perf_counter()
        read_sheet(path)
        read = time.perf_counter() - t0
        t0 = time.perf_counter()
        result, _ = ctx.services.entity_import.run(path)
        took = time.perf_counter() - t0
        assert result.committed and result.inserted == 25_000, result.message
        out.append(Figure(f"entities.{label}.import_rows_per_s", round(25_000 / took, 1), "rows/s"))
        out.append(
            Figure(
                f"entities.{label}.import_read_only_rows_per_s", round(25_000 / read, 1), "rows/s"
            )
        )
        ids = ctx.services.entities.rows().fetch_ids(None, False)[:100_000].tolist()
        t0 = time.perf_counter()
        ctx.services.entities.export(Path(tmp) / "out.xlsx", ids=ids)
        ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        stmt = select(
            Entity.name,
            Entity.uscc,
            Entity.entity_type,
            Entity.legal_rep,
            Entity.phone,
            Entity.address,
            Entity.grid_id,
            Entity.status,
            Entity.status,
            Entity.registered_on,
            Entity.credit_class,
            Entity.local_grade,
        ).where(Entity.id <= max(ids))
        write_rows(Path(tmp) / "raw.xlsx", "raw", ENTITY_HEADERS, _raw(ctx.db, stmt))
        raw = time.perf_counter() - t0
        out += [
            Figure(f"entities.{label}.export_100k", round(ours, 3), "s"),
            Figure(f"entities.{label}.export_100k.raw", round(raw, 3), "s"),
            Figure(f"entities.{label}.export_100k.ratio", round(ours / raw, 2), "x"),
        ]
    return out


def _rss(url: str, label: str, Figure) -> list:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", RSS_SCRIPT, url],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH_RSS "):
            return [Figure(f"entities.{label}.rss_list_open_mb", float(line.split()[1]), "MB")]
    return [Figure(f"entities.{label}.rss_list_open_mb", -1, "MB")]


def bench_entities(cfg) -> list:
    from station_app.bench.base import Figure

    n = getattr(cfg, "entities", None) or 100_000
    os.environ["STATION_HOME"] = str(cfg.home)
    figures = _backend(cfg, "sqlite", f"sqlite:///{cfg.home / 'entities-bench.sqlite3'}", n, Figure)
    if cfg.db_url:
        figures += _backend(cfg, "pg", cfg.db_url, n, Figure)
    return figures
