"""The plan's set-based SQL (docs/areas/patrols.md §3): generating and regenerating a patrol
plan for a period in a handful of statements, whatever the size of the registry.

The service works out the windows in Python (a few dozen, from the rules and the working
calendar) and hands them here as :class:`PlanWindow` rows; everything per entity happens in
SQL, the same integer arithmetic as ``domain.patrols.schedule.spread`` (tests hold the two
to the same answers). Temporary tables live for the one transaction (PostgreSQL: ``ON
COMMIT DROP``; SQLite: dropped at the end). On PostgreSQL they are ``ANALYZE``d once filled:
autovacuum never looks at temporary tables and the planner would guess their sizes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from station_app.data.bulk import connection_of

ACTIVE_STATUS = "在营"
GRADES_SQL = "('A', 'B', 'C', 'D')"


@dataclass(frozen=True)
class PlanWindow:
    """One (rule, window) pair of the period: its grade and roster duty, the window's eligible
    days from ``max(start, today)`` and the first of them on or after the plan's floor."""

    window_id: int
    grade: str
    kind: str
    role: str
    start_on: date
    end_on: date
    days: tuple[date, ...]
    floor_day: date | None


@dataclass
class PlanCounts:
    added: int = 0
    updated: int = 0
    dropped: int = 0
    kept: int = 0
    history: int = 0
    later: int = 0
    ungraded: int = 0
    gaps: list[tuple[int | None, date, str]] = field(default_factory=list)


_TABLES = {
    "tmp_pw": "wid INTEGER PRIMARY KEY, window_id INTEGER NOT NULL, grade VARCHAR(1) NOT NULL, "
    "kind VARCHAR(10) NOT NULL, role VARCHAR(20) NOT NULL, n_days INTEGER NOT NULL, "
    "first_day DATE NOT NULL, floor_day DATE, end_on DATE NOT NULL, spills INTEGER NOT NULL",
    "tmp_pd": "wid INTEGER NOT NULL, idx INTEGER NOT NULL, day DATE NOT NULL, "
    "PRIMARY KEY (wid, idx)",
    "tmp_day": "day DATE PRIMARY KEY",
    "tmp_scope": "window_id INTEGER PRIMARY KEY",
    "tmp_cover_n": "grid_id INTEGER NOT NULL, day DATE NOT NULL, role VARCHAR(20) NOT NULL, "
    "n INTEGER NOT NULL, PRIMARY KEY (grid_id, day, role)",
    "tmp_cover": "grid_id INTEGER NOT NULL, day DATE NOT NULL, role VARCHAR(20) NOT NULL, "
    "k INTEGER NOT NULL, person_id INTEGER NOT NULL, PRIMARY KEY (grid_id, day, role, k)",
    "tmp_pe": "entity_id INTEGER PRIMARY KEY, grid_id INTEGER, grade VARCHAR(1) NOT NULL, "
    "registered_on DATE, rnk INTEGER NOT NULL",
    "tmp_grid_n": "gkey INTEGER PRIMARY KEY, cnt INTEGER NOT NULL",
}


class _Sql:
    """The connection, its dialect, and date binding (SQLite stores ISO text)."""

    def __init__(self, s: Session | Connection) -> None:
        self.con = connection_of(s)
        self.pg = self.con.dialect.name == "postgresql"
        #: code-point order for the street order, as Python sorts (SQLite's default)
        self.binary = ' COLLATE "C"' if self.pg else ""

    def d(self, day: date | None) -> Any:
        return day if self.pg or day is None else day.isoformat()

    def run(self, sql: str, params: dict[str, Any] | Sequence[dict[str, Any]] | None = None):
        return self.con.execute(text(sql), params or {})

    def scalar(self, sql: str, params: dict[str, Any] | None = None) -> int:
        return int(self.run(sql, params).scalar() or 0)

    def create_temp(self) -> None:
        for name, columns in _TABLES.items():
            self.run(f"DROP TABLE IF EXISTS {name}")
            tail = " ON COMMIT DROP" if self.pg else ""
            self.run(f"CREATE TEMPORARY TABLE {name} ({columns}){tail}")

    def drop_temp(self) -> None:
        if not self.pg:
            for name in _TABLES:
                self.run(f"DROP TABLE IF EXISTS {name}")

    def analyze(self, *names: str) -> None:
        if self.pg:
            for name in names:
                self.run(f"ANALYZE {name}")


def ensure_windows(
    s: Session | Connection, keys: Iterable[tuple[str, str, date, date]]
) -> dict[tuple[str, str, date, date], int]:
    """Ids of the ``patrol_window`` rows ``(kind, performer, start, end)``, created if new."""
    sql = _Sql(s)
    out: dict[tuple[str, str, date, date], int] = {}
    for kind, performer, start, end in sorted(set(keys)):
        params = {"k": kind, "p": performer, "s": sql.d(start), "e": sql.d(end)}
        find = (
            "SELECT id FROM patrol_window WHERE kind = :k AND performer = :p "
            "AND start_on = :s AND end_on = :e"
        )
        found = sql.run(find, params).scalar()
        if found is None:
            sql.run(
                "INSERT INTO patrol_window (kind, performer, start_on, end_on) "
                "VALUES (:k, :p, :s, :e)",
                params,
            )
            found = sql.run(find, params).scalar()
        out[(kind, performer, start, end)] = int(found)
    return out


def run_plan(
    s: Session | Connection,
    windows: Sequence[PlanWindow],
    *,
    floor: date,
    last: date,
    today: date,
    grid_id: int | None = None,
) -> PlanCounts:
    """Generate or regenerate the plan of the scope (``windows``; one grid or all) in the
    caller's transaction; see the module docstring and ``domain.patrols.plan``."""
    sql = _Sql(s)
    counts = PlanCounts()
    sql.create_temp()
    try:
        scope_ids = sorted({w.window_id for w in windows})
        if scope_ids:
            sql.run("INSERT INTO tmp_scope VALUES (:w)", [{"w": w} for w in scope_ids])
        span = _span(windows, floor, last)
        windows = [w for w in windows if w.days]
        _fill_windows(sql, windows, floor, last)
        _fill_cover(sql)
        _fill_entities(sql, grid_id)
        sql.analyze(*_TABLES)
        if scope_ids:
            _diff(sql, counts, floor=floor, last=last, today=today, grid_id=grid_id, span=span)
        counts.ungraded = _ungraded(sql, grid_id)
    finally:
        sql.drop_temp()
    return counts


def _span(windows: Sequence[PlanWindow], floor: date, last: date) -> tuple[date, date]:
    """The due days the scope's stored tasks can have: the windows' extent."""
    starts = [w.start_on for w in windows]
    ends = [w.end_on for w in windows]
    return min([floor, *starts]), max([last, *ends])


def _fill_windows(sql: _Sql, windows: Sequence[PlanWindow], floor: date, last: date) -> None:
    rows: list[dict[str, Any]] = []
    days: list[dict[str, Any]] = []
    for wid, w in enumerate(windows, 1):
        rows.append(
            {
                "wid": wid,
                "window_id": w.window_id,
                "grade": w.grade,
                "kind": w.kind,
                "role": w.role,
                "n": len(w.days),
                "first": sql.d(w.days[0]),
                "floor_day": sql.d(w.floor_day),
                "end": sql.d(w.end_on),
                "spills": int(w.days[-1] > last),
            }
        )
        days.extend({"wid": wid, "idx": i, "day": sql.d(d)} for i, d in enumerate(w.days))
    if rows:
        sql.run(
            "INSERT INTO tmp_pw VALUES (:wid, :window_id, :grade, :kind, :role, :n, :first, "
            ":floor_day, :end, :spills)",
            rows,
        )
        sql.run("INSERT INTO tmp_pd VALUES (:wid, :idx, :day)", days)
    start = min([floor, *(w.days[0] for w in windows)])
    last = max([last, *(w.days[0] for w in windows)])  # a first day after a closing weekend
    span = [start + timedelta(days=k) for k in range((last - start).days + 1)]
    sql.run("INSERT INTO tmp_day VALUES (:day)", [{"day": sql.d(d)} for d in span])


def _fill_cover(sql: _Sql) -> None:
    """Who holds each duty in each grid each day: the k-th of n (person-id order)."""
    holders = (
        "SELECT DISTINCT a.grid_id, d.day, a.role, a.person_id FROM tmp_day d "
        "JOIN grid_assignment a ON a.start_on <= d.day AND (a.end_on IS NULL OR a.end_on > d.day) "
        "JOIN person p ON p.id = a.person_id "
        "WHERE a.role IN ('grid_worker', 'specialist') "
        "AND (p.left_on IS NULL OR p.left_on > d.day)"
    )
    sql.run(
        "INSERT INTO tmp_cover (grid_id, day, role, k, person_id) "
        "SELECT grid_id, day, role, "
        "row_number() OVER (PARTITION BY grid_id, day, role ORDER BY person_id) - 1, person_id "
        f"FROM ({holders}) h"
    )
    sql.run(
        "INSERT INTO tmp_cover_n (grid_id, day, role, n) "
        "SELECT grid_id, day, role, count(*) FROM tmp_cover GROUP BY grid_id, day, role"
    )


def _fill_entities(sql: _Sql, grid_id: int | None) -> None:
    """The graded 在营 entities in scope, ranked in street order within their grid, and each
    grid's count (key ``COALESCE(grid_id, 0)``: entities outside any grid rank together)."""
    where = f"status = :active AND local_grade IN {GRADES_SQL}"
    params: dict[str, Any] = {"active": ACTIVE_STATUS}
    if grid_id is not None:
        where += " AND grid_id = :grid"
        params["grid"] = grid_id
    sql.run(
        "INSERT INTO tmp_pe (entity_id, grid_id, grade, registered_on, rnk) "
        "SELECT id, grid_id, local_grade, registered_on, "
        f"row_number() OVER (PARTITION BY grid_id ORDER BY address{sql.binary}, id) - 1 "
        f"FROM entity WHERE {where}",
        params,
    )
    sql.run(
        "INSERT INTO tmp_grid_n (gkey, cnt) "
        "SELECT COALESCE(grid_id, 0), count(*) FROM tmp_pe GROUP BY COALESCE(grid_id, 0)"
    )


def _wanted(columns: str = "*") -> str:
    """Every applicable (window, entity) with its due day (``schedule.spread``): ``n0`` people
    on the window's first eligible day (1 when none), person ``k0 = ⌊rnk·n0/cnt⌋``, whose
    stretch ``[s, e)`` is laid over the window's days; a day before the floor moves up to the
    window's first day on or after it (``floor_day``; NULL: no day left). SQLite: the CROSS
    JOINs fix the order (entities drive, windows and days are looked up by key)."""
    s = "((x.k0 * x.cnt + x.n0 - 1) / x.n0)"
    e = "(((x.k0 + 1) * x.cnt + x.n0 - 1) / x.n0)"
    return (
        "SELECT x.window_id, x.entity_id, x.kind, x.end_on, x.grade, x.grid_id, x.rnk, x.cnt, "
        "x.role, x.spills, CASE WHEN d.day < :floor THEN x.floor_day ELSE d.day END AS due "
        "FROM (SELECT pw.window_id, pw.kind, pw.end_on, pw.role, pw.n_days, pw.floor_day, "
        "pw.wid, pw.spills, pe.entity_id, pe.grade, pe.grid_id, pe.rnk, g.cnt, "
        "COALESCE(c0.n, 1) AS n0, (pe.rnk * COALESCE(c0.n, 1)) / g.cnt AS k0 "
        "FROM tmp_pe pe CROSS JOIN tmp_grid_n g CROSS JOIN tmp_pw pw "
        "LEFT JOIN tmp_cover_n c0 ON c0.grid_id = pe.grid_id AND c0.day = pw.first_day "
        "AND c0.role = pw.role "
        "WHERE g.gkey = COALESCE(pe.grid_id, 0) AND pw.grade = pe.grade "
        "AND (pe.registered_on IS NULL OR pe.registered_on <= pw.end_on)) x "
        "CROSS JOIN tmp_pd d "
        f"WHERE d.wid = x.wid AND d.idx = ((x.rnk - {s}) * x.n_days) / ({e} - {s})"
    )


def _cover_join(grid: str, day: str, role: str, rank: str, count: str) -> str:
    """The holder of ``role`` in ``grid`` on ``day`` for the entity at ``rank`` of ``count``
    (``schedule.person_index``); NULL when nobody holds it."""
    return (
        f"LEFT JOIN tmp_cover_n cn ON cn.grid_id = {grid} AND cn.day = {day} AND cn.role = {role} "
        f"LEFT JOIN tmp_cover c ON c.grid_id = {grid} AND c.day = {day} AND c.role = {role} "
        f"AND c.k = ({rank} * cn.n) / {count}"
    )


PENDING, ATTEMPTED, DONE = "pending", "attempted", "done"
NO_TASK = (
    "NOT EXISTS (SELECT 1 FROM patrol_task t WHERE t.entity_id = w.entity_id "
    "AND t.window_id = w.window_id)"
)
APPLICABLE = (
    "EXISTS (SELECT 1 FROM entity e JOIN tmp_pw w ON w.grade = e.local_grade "
    "AND w.window_id = t.window_id WHERE e.id = t.entity_id AND e.status = :active "
    "AND (e.registered_on IS NULL OR e.registered_on <= w.end_on))"
)


def _scope(grid_id: int | None) -> str:
    """The stored tasks the plan looks at: its windows (by the due-day range the covering
    index serves, then the window), and with a grid the tasks of that grid or its entities."""
    where = "t.due_on BETWEEN :lo AND :hi AND t.window_id IN (SELECT window_id FROM tmp_scope)"
    if grid_id is not None:
        where += " AND (t.grid_id = :grid OR t.entity_id IN (SELECT entity_id FROM tmp_pe))"
    return where


def _diff(
    sql: _Sql,
    counts: PlanCounts,
    *,
    floor: date,
    last: date,
    today: date,
    grid_id: int | None,
    span: tuple[date, date],
) -> None:
    p: dict[str, Any] = {
        "floor": sql.d(floor),
        "last": sql.d(last),
        "today": sql.d(today),
        "lo": sql.d(span[0]),
        "hi": sql.d(span[1]),
        "grid": grid_id,
        "active": ACTIVE_STATUS,
    }
    scope = _scope(grid_id)
    open_now = f"t.status = '{PENDING}' AND t.due_on >= :today"
    in_range = "t.due_on BETWEEN :floor AND :last"
    groups = sql.run(
        f"SELECT CASE WHEN {open_now} THEN 1 ELSE 0 END, "
        f"CASE WHEN {in_range} THEN 1 ELSE 0 END, count(*) FROM patrol_task t "
        f"WHERE {scope} GROUP BY 1, 2",
        p,
    ).all()
    stored = sum(n for _o, _r, n in groups)
    counts.history = sum(n for o, _r, n in groups if not o)
    open_in_range = sum(n for o, r, n in groups if o and r)
    if open_in_range:
        _drop_and_update(sql, counts, p, f"{scope} AND {open_now} AND {in_range}")
    counts.kept = open_in_range - counts.dropped - counts.updated
    fresh = f" AND {NO_TASK}" if stored else ""
    counts.added = sql.run(
        "INSERT INTO patrol_task (window_id, entity_id, kind, due_on, end_on, grade, grid_id, "
        "person_id, status, attempts) "
        "SELECT w.window_id, w.entity_id, w.kind, w.due, w.end_on, w.grade, w.grid_id, "
        f"c.person_id, '{PENDING}', 0 FROM ({_wanted()}) w "
        f"{_cover_join('w.grid_id', 'w.due', 'w.role', 'w.rnk', 'w.cnt')} "
        f"WHERE w.due IS NOT NULL AND w.due <= :last{fresh}",
        p,
    ).rowcount
    counts.later = _later(sql, p)
    gaps = sql.run(
        "SELECT DISTINCT t.grid_id, t.due_on, pw.role FROM patrol_task t "
        "JOIN tmp_pw pw ON pw.window_id = t.window_id AND pw.grade = t.grade "
        f"WHERE {scope} AND {open_now} AND {in_range} AND t.person_id IS NULL",
        p,
    )
    counts.gaps = [
        (g, d if isinstance(d, date) else date.fromisoformat(d), role) for g, d, role in gaps
    ]


def _later(sql: _Sql, p: dict[str, Any]) -> int:
    """Applicable pairs of the windows that run past the period still without a task: due
    later, for the next period's plan. Counted as pairs minus tasks (a window that runs past
    ``last`` always has a day on or after the floor, so none of its pairs lacks a due day)."""
    pairs = sql.scalar(
        "SELECT count(*) FROM tmp_pe pe JOIN tmp_pw pw ON pw.grade = pe.grade "
        "WHERE pw.spills = 1 AND (pe.registered_on IS NULL OR pe.registered_on <= pw.end_on)"
    )
    if not pairs:
        return 0
    have = sql.scalar(
        "SELECT count(*) FROM tmp_pe pe JOIN tmp_pw pw ON pw.grade = pe.grade "
        "JOIN patrol_task t ON t.entity_id = pe.entity_id AND t.window_id = pw.window_id "
        "WHERE pw.spills = 1 AND (pe.registered_on IS NULL OR pe.registered_on <= pw.end_on)",
        p,
    )
    return pairs - have


def _drop_and_update(sql: _Sql, counts: PlanCounts, p: dict[str, Any], target: str) -> None:
    """Regeneration: open tasks ahead no longer applicable go; the others get the grade, grid
    and person the plan gives them today."""
    counts.dropped = sql.run(
        "DELETE FROM patrol_task WHERE id IN "
        f"(SELECT t.id FROM patrol_task t WHERE {target} AND NOT {APPLICABLE})",
        p,
    ).rowcount
    counts.updated = sql.run(
        "UPDATE patrol_task SET grade = x.grade, grid_id = x.grid_id, person_id = x.person_id "
        "FROM (SELECT t.id AS task_id, pe.grade, pe.grid_id, c.person_id "
        "FROM tmp_pe pe JOIN tmp_grid_n g ON g.gkey = COALESCE(pe.grid_id, 0) "
        "JOIN patrol_task t ON t.entity_id = pe.entity_id "
        "JOIN tmp_pw pw ON pw.window_id = t.window_id AND pw.grade = pe.grade "
        f"{_cover_join('pe.grid_id', 't.due_on', 'pw.role', 'pe.rnk', 'g.cnt')} "
        f"WHERE {target} AND (pe.registered_on IS NULL OR pe.registered_on <= pw.end_on)) x "
        "WHERE patrol_task.id = x.task_id AND (patrol_task.grade <> x.grade "
        "OR COALESCE(patrol_task.grid_id, -1) <> COALESCE(x.grid_id, -1) "
        "OR COALESCE(patrol_task.person_id, -1) <> COALESCE(x.person_id, -1))",
        p,
    ).rowcount


def _ungraded(sql: _Sql, grid_id: int | None) -> int:
    where = "status = :active AND (local_grade IS NULL OR local_grade NOT IN " + GRADES_SQL + ")"
    params: dict[str, Any] = {"active": ACTIVE_STATUS}
    if grid_id is not None:
        where += " AND grid_id = :grid"
        params["grid"] = grid_id
    return sql.scalar(f"SELECT count(*) FROM entity WHERE {where}", params)
