"""Paper out (docs/areas/patrols.md §13): the daily patrol sheets per grid worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from station_app.data.repo import patrols as repo
from station_app.data.repo import roster as roster_repo
from station_app.domain.patrols import checklists as C
from station_app.domain.patrols.rules import PATROL
from station_app.domain.patrols.sheet import PatrolSheet, SheetLegend, SheetLine
from station_app.errors import ValidationError
from station_app.services.audit import printed_at
from station_app.services.base import Service
from station_app.services.patrols.plans import grid_id_of

UNASSIGNED = "（未分配）"


@dataclass(frozen=True)
class SheetOutput:
    path: Path
    pages: int
    people: int


def _checklist(s, code: str) -> C.Checklist:
    """The template's version in force (stored), else the default (not stored yet)."""
    row = repo.checklist_by_code(s, code)
    if row is None:
        return C.DEFAULT_BY_CODE.get(code) or C.DEFAULT_BY_CODE[C.GENERAL_CODE]
    v = repo.checklist_versions(s, row.id)[-1]
    return C.Checklist.from_json(row.code, v.name, (), v.items, v.number)


class PatrolSheets(Service):
    """The sheets' use cases. Any thread; reads only (a print is stamped with the 日志校验码)."""

    def daily_sheets(self, day: date, grid: str, person: str | None = None) -> list[PatrolSheet]:
        """One sheet per grid worker with patrols in ``grid`` on ``day`` (street order)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            grid_id = grid_id_of(s, grid)
            if grid_id is None:
                raise ValidationError("请指定网格编号。", field="grid")
            label = roster_repo.grid_labels(s).get(grid_id, grid)
            rows = [r for r in repo.tasks_on(s, day, grid_id, None) if r[1] == PATROL]
            names = repo.person_names(s, [r[6] for r in rows if r[6]])
            profile = repo.station_name(s)
            by_person: dict[str, list[SheetLine]] = {}
            used: dict[str, C.Checklist] = {}
            for r in rows:
                who = names.get(r[6], UNASSIGNED)
                if person and who != person.strip():
                    continue
                code = C.checklist_for(repo.entity_industries(s, r[8]), r[10])
                cl = used.setdefault(code, _checklist(s, code))
                line = SheetLine(r[0], r[10], r[11], r[2], cl.name, len(cl.items))
                by_person.setdefault(who, []).append(line)
        if person and not by_person:
            raise ValidationError(f"{person} 在 {day} 没有日常巡查任务。", field="person")
        legends = tuple(SheetLegend(c.name, tuple(i.text for i in c.items)) for c in used.values())
        return [
            PatrolSheet(profile, label, who, day, tuple(lines), legends)
            for who, lines in sorted(by_person.items(), key=lambda kv: kv[0] == UNASSIGNED)
        ] or [PatrolSheet(profile, label, person or UNASSIGNED, day, (), ())]

    def print_sheets(
        self, day: date, grid: str, path: Path | str, person: str | None = None
    ) -> SheetOutput:
        """``print patrol-sheet``: the day's sheets of a grid as one A4 PDF."""
        self._auth.require("data.export")
        from station_app.documents.patrol_sheet import write_patrol_sheets

        sheets = self.daily_sheets(day, grid, person)
        with printed_at(self._db):
            pages = write_patrol_sheets(sheets, Path(path))
        return SheetOutput(Path(path), pages, len(sheets))
