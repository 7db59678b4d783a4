"""Roster, the assignments (任职) of people to grids over time: assign, end, replace a grid's
specialist (with its handover sheet, 交接单). Each is recorded on the grid's and on the
person's history. Warnings of the staffing rule never block: the grid list shows them."""

from __future__ import annotations

from datetime import date

from station_app.data import audit
from station_app.data.models import Grid, GridAssignment, Person
from station_app.data.repo import roster as repo
from station_app.domain import roster_rules as rules
from station_app.domain.roster_sheet import HandoverSheet, SheetMember
from station_app.errors import ValidationError
from station_app.services.base import Changes, Conflict, Tx
from station_app.services.roster.base import (
    EDIT,
    KIND_ASSIGNMENT,
    KIND_GRID,
    KIND_PERSON,
    Member,
    duty_text,
    member,
)
from station_app.services.roster.grids import Grids


def _record_duty(
    tx: Tx, a: GridAssignment, grid: Grid, p: Person, before: str | None, reason: str
) -> None:
    """The duty's change on the grid's history and on the person's."""
    after = duty_text(a.role, p.name, a.start_on, a.end_on)
    was = f"{grid.code} {before}" if before else None
    tx.record(audit.UPDATE, KIND_GRID, grid.id, {"member": [before, after]}, reason)
    tx.record(audit.UPDATE, KIND_PERSON, p.id, {"grid": [was, f"{grid.code} {after}"]}, reason)
    tx.touch(KIND_ASSIGNMENT, [a.id])


def assign_in(tx: Tx, grid_id: int, person_id: int, role: str, start_on: date, note: str) -> Member:
    """Put a person on a grid inside ``tx`` (also used by the roster import's rules)."""
    if role not in rules.GRID_ROLES:
        raise ValidationError("请选择网格职务。", field="role")
    rules.validate_period(start_on, None)
    grid = tx.load(Grid, grid_id, missing="该网格已被删除。")
    p = tx.load(Person, person_id, missing="该人员已被删除。")
    if not p.active:
        raise ValidationError(f"{p.name} 已离任，不能再安排到网格。", field="person")
    need = rules.GRID_ROLE_NEEDS.get(role)
    if need and need not in rules.role_codes(p.roles):
        raise ValidationError(
            f"{p.name} 的人员类别中没有“{rules.PERSON_ROLES[need]}”，"
            f"不能任{rules.GRID_ROLES[role]}。请先在“人员”中编辑其人员类别。",
            field="role",
        )
    for a, _p in repo.assignments(tx.s, grid_ids=[grid_id], person_id=person_id):
        if a.role == role and (a.end_on is None or a.end_on > start_on):
            raise ValidationError(
                f"{p.name} 已是网格 {grid.code} 的{rules.GRID_ROLES[role]}"
                f"（{a.start_on:%Y-%m-%d} 起）。",
                field="person",
            )
    a = GridAssignment(
        grid_id=grid_id, person_id=person_id, role=role, start_on=start_on, note=note.strip()
    )
    tx.s.add(a)
    tx.s.flush()
    _record_duty(tx, a, grid, p, None, note)
    return member(a, p, grid.code)


def _end_in(tx: Tx, assignment_id: int, end_on: date, version: int, reason: str) -> Member:
    a = tx.load(GridAssignment, assignment_id, version, missing="该任职记录已被删除。")
    rules.validate_period(a.start_on, end_on)
    p, grid = tx.s.get(Person, a.person_id), tx.s.get(Grid, a.grid_id)
    assert p is not None and grid is not None  # an assignment keeps its grid and person
    before = duty_text(a.role, p.name, a.start_on, a.end_on)
    a.end_on = end_on
    tx.s.flush()
    _record_duty(tx, a, grid, p, before, reason)
    return member(a, p, grid.code)


class Assignments(Grids):
    def assign(
        self, grid_id: int, person_id: int, role: str, start_on: date, note: str = ""
    ) -> tuple[Member, Changes]:
        """Put a person on a grid in ``role`` from ``start_on``."""
        return self._transact(
            EDIT, lambda tx: assign_in(tx, grid_id, person_id, role, start_on, note)
        )

    def end_assignment(
        self, assignment_id: int, end_on: date, version: int, reason: str = ""
    ) -> tuple[Member, Changes]:
        """The person stops covering the grid from ``end_on`` on."""
        return self._transact(
            EDIT,
            lambda tx: _end_in(tx, assignment_id, end_on, version, reason),
            conflict=Conflict("任职记录"),
        )

    def replace_specialist(
        self, grid_id: int, person_id: int, on: date, reason: str = ""
    ) -> tuple[HandoverSheet, Changes]:
        """The grid's specialist changes on ``on``: the current one's duty ends and the new
        one's starts, in one transaction. Returns the handover sheet (交接单) data."""
        self._auth.require(EDIT)
        reason = reason or "更换监管专员"
        current = [m for m in self.who_covered(grid_id, on) if m.role == rules.SPECIALIST]
        if any(m.person_id == person_id for m in current):
            raise ValidationError("此人已是该网格的监管专员。", field="person")

        def handover(tx: Tx) -> None:
            for m in current:
                _end_in(tx, m.assignment_id, on, m.version, reason)
            assign_in(tx, grid_id, person_id, rules.SPECIALIST, on, reason)

        _, changes = self._transact(EDIT, handover, conflict=Conflict("任职记录"))
        return self.handover_sheet(grid_id, on), changes

    def handover_sheet(self, grid_id: int, on: date | None = None) -> HandoverSheet:
        """交接单 for the grid's latest specialist change (or the one on ``on``)."""
        self._auth.require("data.view")
        history = [m for m in self.grid_history(grid_id) if m.role == rules.SPECIALIST]
        if on is None:
            starts = sorted({m.start_on for m in history}, reverse=True)
            on = starts[0] if starts else self.today()
        incoming = next((m for m in history if rules.covers(m.start_on, m.end_on, on)), None)
        ended = [m for m in history if m.end_on is not None and m.end_on <= on]
        outgoing = max(ended, key=lambda m: m.end_on or on) if ended else None
        summary = self.get_grid_summary(grid_id, on)
        members = self.who_covered(grid_id, on)
        grid = self.get_grid(grid_id)
        return HandoverSheet(
            station=self._station_name(),
            grid_code=grid.code,
            grid_name=grid.name,
            communities="、".join(grid.communities),
            supervision_group=grid.supervision_group,
            handover_on=on,
            outgoing=outgoing.name if outgoing else "",
            outgoing_phone=outgoing.phone if outgoing else "",
            incoming=incoming.name if incoming else "",
            incoming_phone=incoming.phone if incoming else "",
            members=tuple(
                SheetMember(m.role_label, m.name, phone=m.phone, since=m.start_on) for m in members
            ),
            entities=summary.entities,
            cd_entities=summary.cd_entities,
            warnings=summary.warnings,
        )

    def _station_name(self) -> str:
        from station_app.services.station import StationService

        profile = StationService(self._db, self._auth).get_profile()
        return profile.name if profile else "（未设置所名称）"
