"""Roster, the printouts and the workbook: 网格花名册 (PDF, A4 landscape), the handover sheet
(交接单) and the roster workbook (花名册 in the import layout, 网格汇总, 培训). Phones and ID
numbers are masked unless ``unmasked`` (needs ``personal.unmasked``; logged as an export)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_app.data.models import Grid, GridAssignment, Person
from station_app.data.repo import roster as repo
from station_app.domain import roster_rules as rules
from station_app.domain.masking import mask_id_card, mask_phone
from station_app.domain.roster_sheet import RosterSheet, SheetGrid, SheetMember, SheetVolunteer
from station_app.queries import roster as queries
from station_app.services.audit import printed_at
from station_app.services.roster.assignments import Assignments
from station_app.services.roster.base import KIND_PERSON

if TYPE_CHECKING:
    from station_app.data.orm import Session

Show = Callable[[str], str]


def _same(value: str) -> str:
    return value


def _group_order(group: str) -> int:
    return rules.DEFAULT_GROUPS.index(group) if group in rules.DEFAULT_GROUPS else 99


def _role_rank(label: str) -> int:
    for code, text in rules.GRID_ROLES.items():
        if text == label:
            return rules.GRID_ROLE_ORDER[code]
    return 9


def _sheet_member(a: GridAssignment, p: Person, show: Show) -> SheetMember:
    cert = p.cert_no
    if p.cert_no and p.cert_expiry:
        cert = f"{p.cert_no}\n有效期至 {p.cert_expiry:%Y-%m-%d}"
    role = rules.GRID_ROLES.get(a.role, a.role)
    return SheetMember(role, p.name, p.gender, p.organisation, show(p.phone), cert, a.start_on)


def _sheet_grid(row: tuple, members: list[tuple[GridAssignment, Person]], show: Show) -> SheetGrid:
    ordered = sorted(
        members, key=lambda ap: (rules.GRID_ROLE_ORDER.get(ap[0].role, 9), ap[1].name_pinyin)
    )
    return SheetGrid(
        code=row[0],
        name=row[1],
        communities=row[2],
        supervision_group=row[3],
        members=tuple(_sheet_member(a, p, show) for a, p in ordered),
        warnings=tuple(w for w in row[9].split("；") if w),
        entities=row[7],
        cd_entities=row[8],
    )


def _export_row(p: Person, show_phone: Show, show_id: Show) -> dict[str, Any]:
    return {
        "name": p.name,
        "gender": p.gender,
        "phone": show_phone(p.phone),
        "id_number": show_id(p.id_number),
        "organisation": p.organisation,
        "roles": rules.role_labels(p.roles),
        "cert_no": p.cert_no,
        "cert_expiry": p.cert_expiry,
        "supervision_group": p.supervision_group,
        "note": p.note,
    }


def _duty_row(a: GridAssignment, g: Grid, communities: list[str]) -> dict[str, Any]:
    return {
        "grid_code": g.code,
        "grid_name": g.name,
        "communities": "、".join(communities),
        "grid_role": rules.GRID_ROLES.get(a.role, a.role),
        "start_on": a.start_on,
    }


class Sheets(Assignments):
    def _log_unmasked(self, unmasked: bool, what: str) -> None:
        """An unmasked printout or workbook is an export of personal data: logged."""
        if unmasked:
            self._transact(
                "personal.unmasked",
                lambda tx: tx.exported(KIND_PERSON, "*", {"fields": [what]}),
            )

    def roster_sheet(self, on: date | None = None, *, unmasked: bool = False) -> RosterSheet:
        """Everything the 网格花名册 shows, on ``on`` (default today)."""
        self._auth.require("data.view")
        on = on or self.today()
        show: Show = _same if unmasked else mask_phone
        with self._db.session() as s:
            summaries = queries.grid_summaries(s, on, self.rule)
            grids = {g.id: g for g in repo.grids(s)}
            by_grid: dict[int, list[tuple[GridAssignment, Person]]] = defaultdict(list)
            person_grids: dict[int, list[str]] = defaultdict(list)
            for a, p in repo.assignments(s, on=on):
                by_grid[a.grid_id].append((a, p))
                person_grids[p.id].append(grids[a.grid_id].code)
            sheet_grids = [_sheet_grid(row, by_grid[gid], show) for gid, row in summaries.items()]
            volunteers = [
                SheetVolunteer(
                    p.supervision_group or "（未分组）",
                    p.name,
                    p.gender,
                    p.organisation,
                    show(p.phone),
                    "、".join(sorted(set(person_grids.get(p.id, [])))),
                )
                for p in repo.people(s, active_only=True)
                if rules.VOLUNTEER in rules.role_codes(p.roles)
            ]
        volunteers.sort(
            key=lambda v: (v.group not in rules.DEFAULT_GROUPS, _group_order(v.group), v.group)
        )
        sheet = RosterSheet(
            station=self._station_name(),
            printed_on=self.today(),
            on=on,
            grids=tuple(sheet_grids),
            volunteers=tuple(volunteers),
            masked=not unmasked,
        )
        self._log_unmasked(unmasked, "roster")
        return sheet

    def export_pdf(self, path: Path, *, unmasked: bool = False, on: date | None = None) -> Path:
        """网格花名册 PDF (A4 landscape)."""
        self._auth.require("data.export")
        from station_app.documents.roster_pdf import write_roster_pdf

        sheet = self.roster_sheet(on, unmasked=unmasked)
        with printed_at(self._db):
            return write_roster_pdf(sheet, Path(path))

    def handover_pdf(self, grid_id: int, path: Path, on: date | None = None) -> Path:
        self._auth.require("data.export")
        from station_app.documents.roster_pdf import write_handover_pdf

        sheet = self.handover_sheet(grid_id, on)
        with printed_at(self._db):
            return write_handover_pdf(sheet, Path(path))

    def export_xlsx(self, path: Path, *, unmasked: bool = False) -> Path:
        """The roster workbook: 花名册 (the import layout), 网格汇总, 培训. Masked by default."""
        self._auth.require("data.export")
        from station_app.exports.roster_xlsx import write_roster_xlsx

        on = self.today()
        show_phone: Show = _same if unmasked else mask_phone
        show_id: Show = _same if unmasked else mask_id_card
        with self._db.session() as s:
            rows = self._workbook_rows(s, on, show_phone, show_id)
            counts = repo.attendance_counts(s)
            training_rows = [
                (
                    t.held_on,
                    t.topic,
                    t.lecturer,
                    t.hours_tenths / 10,
                    t.location,
                    counts.get(t.id, 0),
                )
                for t in repo.trainings(s)
            ]
        summaries = [
            (
                g.code,
                g.name,
                g.communities,
                g.supervision_group,
                g.specialist,
                g.workers,
                g.people,
                g.entities,
                g.cd_entities,
                "；".join(g.warnings),
            )
            for g in self.list_grids(on)
        ]
        self._log_unmasked(unmasked, "roster.xlsx")
        return write_roster_xlsx(
            Path(path),
            rows,
            summaries=summaries,
            trainings=training_rows,
            station=self._station_name(),
            printed_on=on,
            masked=not unmasked,
        )

    @staticmethod
    def _workbook_rows(s: Session, on: date, show_phone: Show, show_id: Show) -> list[dict]:
        """The 花名册 sheet: one row per duty on ``on`` by grid and role, then the people
        without a duty. Grids nobody covers are only on the summary sheet (a row without a
        person would not import)."""
        grids = {g.id: g for g in repo.grids(s)}
        names = repo.grid_community_names(s)
        rows, assigned = [], set()
        for a, p in repo.assignments(s, on=on):
            g = grids[a.grid_id]
            assigned.add(p.id)
            duty = _duty_row(a, g, names.get(g.id, []))
            rows.append(_export_row(p, show_phone, show_id) | duty)
        rows.sort(key=lambda r: (r["grid_code"], _role_rank(r["grid_role"])))
        for p in repo.people(s, active_only=True):
            if p.id not in assigned:
                rows.append(_export_row(p, show_phone, show_id))
        return rows

    def write_template(self, path: Path) -> Path:
        """The import template: headers, notes and two example rows."""
        from station_app.exports.roster_xlsx import write_template

        return write_template(Path(path))
