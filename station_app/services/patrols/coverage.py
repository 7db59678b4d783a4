"""Coverage of a period (docs/areas/patrols.md §10): done / planned by grid, person and
grade; D 全覆盖 with the unchecked listed; A 无事不扰 with the over-visited listed; overdue per
grid worker; hazards and samplings. Counted in SQL; each figure carries its definition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.data.repo import patrols as repo
from station_app.data.repo import roster as roster_repo
from station_app.domain.patrols import coverage as K
from station_app.domain.patrols.records import WITH_CAUSE
from station_app.domain.periods import parse_period
from station_app.services.base import Service
from station_app.services.patrols.plans import grid_id_of
from station_app.services.patrols.rules import stored_versions

LIST_LIMIT = 500


@dataclass(frozen=True)
class EntityLine:
    id: int
    entity: str  # USCC, else the id
    name: str
    address: str
    grid: str
    visits: int = 0


@dataclass(frozen=True)
class Coverage:
    period: str
    first: date
    last: date
    planned: int
    done: int
    by_grid: tuple[K.CoverageLine, ...]
    by_person: tuple[K.CoverageLine, ...]
    by_grade: tuple[K.CoverageLine, ...]
    d_total: int
    d_unchecked_count: int
    d_unchecked: tuple[EntityLine, ...]
    a_allowed: int
    a_over: tuple[EntityLine, ...]
    hazards_found: int
    hazards_closed: int
    hazards_open: int
    hazards_overdue: int
    samplings: int
    samplings_failed: int
    definitions: tuple[str, ...]

    @property
    def d_checked(self) -> int:
        return self.d_total - self.d_unchecked_count


def _fold(groups, key_index: int, labels: dict) -> tuple[K.CoverageLine, ...]:
    acc: dict = {}
    for g in groups:
        key = g[key_index]
        line = acc.setdefault(key, [0, 0, 0, 0])
        line[0] += g[5]
        line[1] += g[5] if g[3] == "done" else 0
        line[2] += g[5] if g[3] == "attempted" else 0
        line[3] += g[5] if g[4] else 0
    out = [
        K.CoverageLine(str(k if k is not None else ""), labels.get(k, "（未分配）"), *v)
        for k, v in acc.items()
    ]
    return tuple(sorted(out, key=lambda c: (c.label == "（未分配）", c.label)))


class PatrolCoverage(Service):
    """``coverage(period)``. Any thread; reads only."""

    def coverage(self, period: str, grid: str | None = None) -> Coverage:
        """The figures of ``period`` (``2026-07``, ``2026Q3``, ``2026-07-01..2026-07-15``)."""
        self._auth.require("data.view")
        p = parse_period(period, ranges=True)
        first, last, today = p.start, p.last, self._clock.today()
        with self._db.session() as s:
            grid_id = grid_id_of(s, grid)
            groups = repo.task_groups(s, first, last, grid_id, today)
            grids = roster_repo.grid_labels(s)
            people = repo.person_names(s, [g[1] for g in groups if g[1]])
            d_rows, d_missing = repo.unchecked(s, "D", first, last, grid_id, LIST_LIMIT)
            d_total = repo.grade_entities(s, "D", grid_id)
            allowed = K.allowed_visits(stored_versions(s), "A", first, last)
            a_rows = repo.over_visited(s, "A", first, last, allowed, WITH_CAUSE, grid_id)
            hazards = repo.hazard_figures(s, first, last, grid_id, today)
            samplings = repo.sampling_figures(s, first, last)

        def line(r) -> EntityLine:
            visits = r[5] if len(r) > 5 else 0
            return EntityLine(r[0], r[1] or str(r[0]), r[2], r[3], grids.get(r[4], ""), visits)

        planned = sum(g[5] for g in groups)
        done = sum(g[5] for g in groups if g[3] == "done")
        return Coverage(
            p.label, first, last, planned, done,
            _fold(groups, 0, grids), _fold(groups, 1, people),
            _fold(groups, 2, {g: f"{g} 级" for g in "ABCD"}),
            d_total, d_missing, tuple(line(r) for r in d_rows), allowed,
            tuple(line(r) for r in a_rows), hazards[0], hazards[1], hazards[2], hazards[3],
            samplings[0], samplings[1],
            tuple(f.definition for f in K.COVERAGE_FORMULAS),
        )  # fmt: skip
