"""Roster, the grids (网格): the list with its staffing warnings, the editor, who covered a grid
on a day, its history of duties."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from station_app import clock
from station_app.data.models import Grid
from station_app.data.repo import roster as repo
from station_app.domain import roster_rules as rules
from station_app.errors import NotFoundError, ValidationError
from station_app.queries import roster as queries
from station_app.services.base import Changes, Conflict, Tx
from station_app.services.roster.base import EDIT, KIND_GRID, Member, member
from station_app.services.roster.communities import Communities, ensure_communities

GONE = "该网格已被删除。"


@dataclass(frozen=True)
class GridData:
    code: str
    name: str
    communities: tuple[str, ...] = ()
    boundary: str = ""
    supervision_group: str = ""
    active: bool = True
    note: str = ""
    id: int = 0
    version: int = 0  # 0 = new

    def validate(self) -> GridData:
        keys = ("code", "name", "communities", "boundary", "supervision_group", "note")
        return replace(self, **rules.check_grid({k: getattr(self, k) for k in keys}))


@dataclass(frozen=True)
class GridSummary:
    id: int
    code: str
    name: str
    communities: str
    supervision_group: str
    specialist: str
    workers: int
    people: int
    entities: int
    cd_entities: int
    warnings: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def grid_dto(g: Grid, communities: list[str]) -> GridData:
    return GridData(
        code=g.code,
        name=g.name,
        communities=tuple(communities),
        boundary=g.boundary,
        supervision_group=g.supervision_group,
        active=g.active,
        note=g.note,
        id=g.id,
        version=g.version,
    )


def grid_audit(data: GridData) -> dict[str, Any]:
    out = {f.name: getattr(data, f.name) for f in fields(data) if f.name not in ("id", "version")}
    out["communities"] = "、".join(data.communities)
    return out


def _stored(tx: Tx, row: Grid) -> dict[str, Any]:
    names = repo.grid_community_names(tx.s, [row.id]).get(row.id, [])
    return grid_audit(grid_dto(row, names))


def _summary(gid: int, row: tuple) -> GridSummary:
    code, name, communities, group, specialist, workers, people, entities, cd, warnings = row
    found = tuple(w for w in warnings.split("；") if w)
    return GridSummary(
        gid, code, name, communities, group, specialist, workers, people, entities, cd, found
    )


class Grids(Communities):
    # -- reading -------------------------------------------------------------------------------
    def list_grids(
        self, on: date | None = None, entity_counts: dict[int, tuple[int, int]] | None = None
    ) -> list[GridSummary]:
        """Grids covering ``on``; ``entity_counts`` as in ``queries.grid_summaries``."""
        self._auth.require("data.view")
        on = on or self.today()
        with self._db.session() as s:
            rows = queries.grid_summaries(s, on, self.rule, entity_counts=entity_counts)
        return [_summary(gid, row) for gid, row in rows.items()]

    def get_grid_summary(self, grid_id: int, on: date | None = None) -> GridSummary:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = queries.grid_summaries(s, on or self.today(), self.rule, [grid_id]).get(grid_id)
        if row is None:
            raise NotFoundError(GONE)
        return _summary(grid_id, row)

    def get_grid(self, grid_id: int) -> GridData:
        self._auth.require("data.view")
        with self._db.session() as s:
            g = s.get(Grid, grid_id)
            if g is None:
                raise NotFoundError(GONE)
            return grid_dto(g, repo.grid_community_names(s, [grid_id]).get(grid_id, []))

    def _get_grid_or_none(self, grid_id: int) -> GridData | None:
        try:
            return self.get_grid(grid_id)
        except NotFoundError:
            return None

    def grid_members(self, grid_id: int, on: date | None = None) -> list[Member]:
        """Who covers the grid on ``on`` (default today), specialist first."""
        return self.who_covered(grid_id, on or self.today())

    def who_covered(self, grid_id: int, on: date) -> list[Member]:
        """History: who covered grid ``grid_id`` on date ``on``."""
        self._auth.require("data.view")
        with self._db.session() as s:
            grid = s.get(Grid, grid_id)
            code = grid.code if grid else ""
            rows = [member(a, p, code) for a, p in repo.assignments(s, grid_ids=[grid_id], on=on)]
        return sorted(
            rows, key=lambda m: (rules.GRID_ROLE_ORDER.get(m.role, 9), m.start_on, m.name)
        )

    def grid_history(self, grid_id: int) -> list[Member]:
        """Every assignment the grid ever had, newest first."""
        self._auth.require("data.view")
        with self._db.session() as s:
            grid = s.get(Grid, grid_id)
            code = grid.code if grid else ""
            rows = [member(a, p, code) for a, p in repo.assignments(s, grid_ids=[grid_id])]
        return sorted(rows, key=lambda m: (m.start_on, m.assignment_id), reverse=True)

    def grid_warnings(self, grid_id: int, on: date | None = None) -> list[str]:
        return list(self.get_grid_summary(grid_id, on).warnings)

    def all_warnings(self, on: date | None = None) -> dict[str, list[str]]:
        """``{"GZ07 名称": [warnings]}`` for grids out of rule (for the dashboard)."""
        return {g.label: list(g.warnings) for g in self.list_grids(on) if g.warnings}

    # -- writing -------------------------------------------------------------------------------
    def save_grid(self, data: GridData, reason: str = "") -> tuple[GridData, Changes]:
        """Create (``version`` 0) or update a grid with the communities it covers (new
        community names are created)."""
        self._auth.require(EDIT)
        data = data.validate()

        def save(tx: Tx) -> GridData:
            same_code = repo.grid_by_code(tx.s, data.code)
            if same_code is not None and same_code.id != data.id:
                raise ValidationError(
                    f"网格编号 {data.code} 已被“{same_code.name}”使用，请换一个编号。", field="code"
                )
            if data.version:
                row = tx.load(Grid, data.id, data.version, missing=GONE)
                before = _stored(tx, row)
            else:
                row, before = Grid(code=data.code, name=data.name), None
                tx.s.add(row)
            communities, _n = ensure_communities(tx, data.communities)
            if before is not None and set(row.communities) != set(communities):
                # only the communities may change: the grid row must still move its version
                row.updated_at = clock.now()
            for key in ("code", "name", "boundary", "supervision_group", "active", "note"):
                setattr(row, key, getattr(data, key))
            row.communities = communities
            tx.s.flush()
            saved = grid_dto(row, list(data.communities))
            tx.saved(KIND_GRID, row.id, before, grid_audit(saved), reason)
            return saved

        conflict = Conflict("网格", lambda: self._get_grid_or_none(data.id), data)
        return self._transact(EDIT, save, conflict=conflict)

    def delete_grid(self, grid_id: int, version: int, reason: str = "") -> Changes:
        """Only a grid nobody was ever assigned to may be deleted; others are set inactive."""

        def delete(tx: Tx) -> None:
            row = tx.load(Grid, grid_id, version, missing=GONE)
            if repo.grid_assignment_count(tx.s, grid_id):
                raise ValidationError(
                    f"网格 {row.code} 已有任职记录，不能删除（历史要保留）。可在编辑网格时取消“启用”将其停用。"
                )
            before = _stored(tx, row)
            tx.s.delete(row)
            tx.s.flush()
            tx.deleted(KIND_GRID, grid_id, before, reason)

        conflict = Conflict("网格", lambda: self._get_grid_or_none(grid_id))
        return self._transact("records.delete", delete, conflict=conflict)[1]
