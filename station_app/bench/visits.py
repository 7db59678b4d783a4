"""``visits`` bench (issue #20, docs/areas/visits.md §16): the entity card with every section
(the entity and its grade facts, the 走访 and 执法 sections) beside the raw SQL of the same
queries, ``visits figures`` for a year beside its GROUP BYs, and the violation list's first
page beside one raw query. ``python -m station_app.bench --only visits --entities 10000``.

The demo gives each station's share of visits, requests, annual reports and violations; the
card is measured on the entity with the most visits and violations (the worst card)."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from station_app.bench.base import BenchConfig, Figure

RAW_CARD = (
    ("SELECT * FROM entity WHERE id = :e", False),
    ("SELECT * FROM licence WHERE entity_id = :e", False),
    ("SELECT kind_id, status FROM list_entry WHERE entity_id = :e", False),
    ("SELECT count(*) FROM complaint WHERE entity_id = :e AND received_on > :y1", False),
    ("SELECT count(*) FROM violation WHERE entity_id = :e AND voided = 0 "
     "AND decision IN ('penalty','lighter','mitigated') AND decided_on > :y2", False),
    ("SELECT count(*) FROM hazard WHERE entity_id = :e AND found_on > :y1", False),
    ("SELECT count(*) FROM sampling WHERE entity_id = :e AND qualified = 0 "
     "AND sampled_on > :y1", False),
    ("SELECT * FROM entity_grade WHERE entity_id = :e ORDER BY at DESC", False),
    ("SELECT * FROM visit WHERE entity_id = :e AND voided = 0 ORDER BY at DESC LIMIT 50", True),
    ("SELECT m.* FROM visit_member m JOIN visit v ON v.id = m.visit_id WHERE v.entity_id = :e",
     False),
    ("SELECT r.* FROM visit_request r JOIN visit v ON v.id = r.visit_id WHERE v.entity_id = :e",
     False),
    ("SELECT count(*) FROM visit WHERE entity_id = :e AND voided = 0", False),
    ("SELECT * FROM annual_report WHERE entity_id = :e ORDER BY year DESC", False),
    ("SELECT v.*, e.name, e.uscc, e.address FROM violation v JOIN entity e ON e.id = v.entity_id "
     "WHERE v.entity_id = :e AND v.voided = 0 ORDER BY v.found_on DESC LIMIT 50", False),
    ("SELECT * FROM interview WHERE entity_id = :e ORDER BY at DESC", False),
    ("SELECT * FROM guidance WHERE entity_id = :e ORDER BY issued_on DESC", False),
)  # fmt: skip
RAW_FIGURES = (
    "SELECT count(*), count(DISTINCT entity_id) FROM visit WHERE day BETWEEN :a AND :b "
    "AND voided = 0",
    "SELECT count(*), sum(CASE WHEN r.outcome = 'solved' THEN 1 ELSE 0 END) FROM visit_request r "
    "JOIN visit v ON v.id = r.visit_id WHERE v.day BETWEEN :a AND :b AND v.voided = 0",
    "SELECT v.grid_id, count(*), count(DISTINCT v.entity_id) FROM visit v "
    "WHERE v.day BETWEEN :a AND :b AND v.voided = 0 GROUP BY v.grid_id",
    "SELECT v.team_name, count(*), count(DISTINCT v.entity_id) FROM visit v "
    "WHERE v.day BETWEEN :a AND :b AND v.voided = 0 GROUP BY v.team_name",
    "SELECT topics, count(*) FROM visit WHERE day BETWEEN :a AND :b AND voided = 0 GROUP BY topics",
)
RAW_VIOLATIONS_PAGE = (
    "SELECT v.id, v.found_on, e.name, v.type_name, v.source, v.rectified_on, v.decision, "
    "v.fine_fen, v.decision_no FROM violation v JOIN entity e ON e.id = v.entity_id "
    "WHERE v.voided = 0 ORDER BY v.found_on DESC, v.id DESC LIMIT 50"
)


def _time(fn, runs: int) -> float:
    fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


def _raw(con: sqlite3.Connection, statements, params: dict) -> None:
    for sql in statements:
        con.execute(sql, params).fetchall()


def bench_visits(cfg: BenchConfig) -> list[Figure]:
    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url
    from station_app.demo import DemoOptions
    from station_app.domain.auth import ADMIN, Actor
    from station_app.domain.periods import parse_period
    from station_app.domain.violations.rules import ViolationFilter

    n = cfg.entities or 10_000
    path = Path(tempfile.mkdtemp(prefix="bench-visits-")) / "bench.sqlite3"
    ctx = open_context(sqlite_url(path), actor=Actor(None, "bench", ADMIN, "bench"), create=True)
    ctx.services.demo.build(DemoOptions(seed=7, entities=n))
    ctx.auth.sign_in(Actor(None, "bench", ADMIN, "bench"))
    s = ctx.services
    today = ctx.clock.today()
    year = parse_period(str(today.year))
    with sqlite3.connect(path) as con:
        eid = con.execute(
            "SELECT entity_id FROM (SELECT entity_id, count(*) AS n FROM visit WHERE entity_id "
            "IS NOT NULL GROUP BY entity_id UNION ALL SELECT entity_id, count(*) FROM violation "
            "GROUP BY entity_id) GROUP BY entity_id ORDER BY sum(n) DESC LIMIT 1"
        ).fetchone()[0]
        card_params = {"e": eid, "y1": today.replace(year=today.year - 1).isoformat(),
                       "y2": today.replace(year=today.year - 2).isoformat()}  # fmt: skip
        card_sql = [sql for sql, _ in RAW_CARD]
        raw_card = _time(lambda: _raw(con, card_sql, card_params), cfg.runs)
        fig_params = {"a": year.start.isoformat(), "b": year.last.isoformat()}
        raw_fig = _time(lambda: _raw(con, RAW_FIGURES, fig_params), cfg.runs)
        raw_page = _time(lambda: con.execute(RAW_VIOLATIONS_PAGE).fetchall(), cfg.runs)
        counts = con.execute(
            "SELECT (SELECT count(*) FROM visit), (SELECT count(*) FROM visit_request), "
            "(SELECT count(*) FROM violation), (SELECT count(*) FROM annual_report)"
        ).fetchone()

    def card() -> None:
        s.entities.get(eid)
        s.visits.entity_section(eid)
        s.violations.entity_section(eid)

    def page() -> None:
        rows = s.violations.rows(ViolationFilter())
        rows.fetch_rows(rows.fetch_ids("found_on", True)[:50])

    card_t = _time(card, cfg.runs)
    fig_t = _time(lambda: s.visits.figures(year), cfg.runs)
    page_t = _time(page, cfg.runs)
    ctx.close()
    return [
        Figure(f"visits.rows.{n}", float(counts[0]), "visits"),
        Figure(f"visits.requests.{n}", float(counts[1]), "requests"),
        Figure(f"visits.violations.{n}", float(counts[2]), "violations"),
        Figure(f"visits.annual_reports.{n}", float(counts[3]), "reports"),
        Figure(f"entity_card.{n}", card_t, "s"),
        Figure(f"entity_card.{n}.raw", raw_card, "s"),
        Figure(f"entity_card.{n}.ratio", card_t / raw_card if raw_card else 0.0, "x"),
        Figure(f"visits_figures_year.{n}", fig_t, "s"),
        Figure(f"visits_figures_year.{n}.raw", raw_fig, "s"),
        Figure(f"visits_figures_year.{n}.ratio", fig_t / raw_fig if raw_fig else 0.0, "x"),
        Figure(f"violation_page.{n}", page_t, "s"),
        Figure(f"violation_page.{n}.raw", raw_page, "s"),
        Figure(f"violation_page.{n}.ratio", page_t / raw_page if raw_page else 0.0, "x"),
    ]
