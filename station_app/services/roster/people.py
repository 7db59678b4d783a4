"""Roster, the people (人员): specialists, enforcement officers, grid workers, volunteers and
mediators; their editor, search, leaving (离任) and certificate alerts.

Phone and ID number leave this service masked; the full values only with ``unmasked`` (needs
``personal.unmasked``, the view is logged). The audit trail itself never holds them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from station_app.data import audit
from station_app.data.models import Grid, Person
from station_app.data.repo import roster as repo
from station_app.domain import roster_rules as rules
from station_app.domain.masking import mask_id_card, mask_phone
from station_app.errors import NotFoundError, ValidationError
from station_app.services.base import Changes, Conflict, Tx
from station_app.services.roster.base import (
    EDIT,
    KIND_ASSIGNMENT,
    KIND_GRID,
    KIND_PERSON,
    Member,
    RosterBase,
    duty_text,
    member,
)

GONE = "该人员已被删除。"


@dataclass(frozen=True)
class PersonData:
    name: str
    roles: tuple[str, ...] = ()
    gender: str = ""
    phone: str = ""
    id_number: str = ""
    organisation: str = ""
    cert_no: str = ""
    cert_expiry: date | None = None
    supervision_group: str = ""
    note: str = ""
    active: bool = True
    left_on: date | None = None
    id: int = 0
    version: int = 0

    @property
    def role_labels(self) -> str:
        return rules.role_labels(self.roles)

    def validate(self) -> PersonData:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return replace(self, **rules.check_person(values))


@dataclass(frozen=True)
class PersonBrief:
    id: int
    name: str
    roles: str  # labels
    organisation: str
    phone: str  # masked


@dataclass(frozen=True)
class LeaveResult:
    person: PersonData
    ended: tuple[Member, ...]
    uncovered: tuple[rules.UncoveredGrid, ...]


@dataclass(frozen=True)
class CertAlert:
    person_id: int
    name: str
    cert_no: str
    expiry: date
    message: str


def person_dto(p: Person) -> PersonData:
    return PersonData(
        name=p.name,
        roles=tuple(rules.role_codes(p.roles)),
        gender=p.gender,
        phone=p.phone,
        id_number=p.id_number,
        organisation=p.organisation,
        cert_no=p.cert_no,
        cert_expiry=p.cert_expiry,
        supervision_group=p.supervision_group,
        note=p.note,
        active=p.active,
        left_on=p.left_on,
        id=p.id,
        version=p.version,
    )


def masked(data: PersonData) -> PersonData:
    return replace(data, phone=mask_phone(data.phone), id_number=mask_id_card(data.id_number))


def person_audit(data: PersonData) -> dict[str, Any]:
    return {
        "name": data.name,
        "gender": data.gender,
        "phone": mask_phone(data.phone),  # the audit trail itself never holds personal data
        "id_number": mask_id_card(data.id_number),
        "organisation": data.organisation,
        "roles": rules.role_labels(data.roles),
        "cert_no": data.cert_no,
        "cert_expiry": data.cert_expiry,
        "supervision_group": data.supervision_group,
        "note": data.note,
        "active": data.active,
        "left_on": data.left_on,
    }


def _pinyin_keys(name: str) -> tuple[str, str]:
    from station_app.domain import pinyin

    return pinyin.initials_variants(name), pinyin.full(name)


_STORED = (
    "name",
    "gender",
    "phone",
    "id_number",
    "organisation",
    "cert_no",
    "cert_expiry",
    "supervision_group",
    "note",
)


def write_person(tx: Tx, row: Person | None, data: PersonData) -> PersonData:
    """Insert (``row`` None) or update a person from validated ``data``; not audited here."""
    if row is None:
        row = Person(name=data.name)
        tx.s.add(row)
    if row.name != data.name or not row.name_initials:
        row.name_initials, row.name_pinyin = _pinyin_keys(data.name)
    for key in _STORED:
        setattr(row, key, getattr(data, key))
    row.roles = rules.roles_text(data.roles)
    if row.active is None:
        row.active = True
    tx.s.flush()
    return person_dto(row)


def _keep_masked(data: PersonData, row: Person) -> PersonData:
    """A phone or ID number left as its masked form keeps the stored value."""
    if data.phone and data.phone == mask_phone(row.phone) and "*" in data.phone:
        data = replace(data, phone=row.phone)
    if data.id_number and data.id_number == mask_id_card(row.id_number):
        data = replace(data, id_number=row.id_number)
    return data


class People(RosterBase):
    def get_person(self, person_id: int, *, unmasked: bool = False) -> PersonData:
        """Phone and ID number masked unless ``unmasked`` (needs ``personal.unmasked``; the
        view is logged)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            p = s.get(Person, person_id)
            if p is None:
                raise NotFoundError(GONE)
            data = person_dto(p)
        if not unmasked:
            return masked(data)
        shown = [k for k in ("phone", "id_number") if getattr(data, k)]

        def log(tx: Tx) -> None:
            if shown:
                tx.viewed(KIND_PERSON, person_id, shown)

        self._transact("personal.unmasked", log)
        return data

    def _get_person_or_none(self, person_id: int) -> PersonData | None:
        try:
            return self.get_person(person_id)
        except NotFoundError:
            return None

    def search_people(self, text: str = "", role: str = "", limit: int = 50) -> list[PersonBrief]:
        self._auth.require("data.view")
        with self._db.session() as s:
            rows = repo.search_people(s, text, role=role, limit=limit)
            return [
                PersonBrief(
                    p.id, p.name, rules.role_labels(p.roles), p.organisation, mask_phone(p.phone)
                )
                for p in rows
            ]

    def person_assignments(self, person_id: int) -> list[Member]:
        self._auth.require("data.view")
        with self._db.session() as s:
            codes = {g.id: g.code for g in repo.grids(s)}
            rows = [
                member(a, p, codes.get(a.grid_id, ""))
                for a, p in repo.assignments(s, person_id=person_id)
            ]
        return sorted(rows, key=lambda m: m.start_on, reverse=True)

    def cert_alerts(
        self, on: date | None = None, days: int = rules.CERT_WARNING_DAYS
    ) -> list[CertAlert]:
        """Active enforcement officers whose certificate expires within ``days`` (or has)."""
        self._auth.require("data.view")
        on = on or self.today()
        out = []
        with self._db.session() as s:
            for p in repo.people(s, active_only=True):
                message = rules.cert_warning(p.cert_expiry, on, days)
                if message and p.cert_expiry is not None:
                    out.append(CertAlert(p.id, p.name, p.cert_no, p.cert_expiry, message))
        return sorted(out, key=lambda a: a.expiry)

    # -- writing -------------------------------------------------------------------------------
    def save_person(self, data: PersonData, reason: str = "") -> tuple[PersonData, Changes]:
        """Create or update. A phone or ID number left as its masked form keeps the stored
        value (a clerk without ``personal.unmasked`` edits the rest of the record)."""

        def save(tx: Tx) -> PersonData:
            row = tx.load(Person, data.id, data.version, missing=GONE) if data.version else None
            clean = (_keep_masked(data, row) if row is not None else data).validate()
            before = person_audit(person_dto(row)) if row is not None else None
            saved = write_person(tx, row, clean)
            tx.saved(KIND_PERSON, saved.id, before, person_audit(saved), reason)
            return masked(saved)

        conflict = Conflict("人员", lambda: self._get_person_or_none(data.id), data)
        return self._transact(EDIT, save, conflict=conflict)

    def delete_person(self, person_id: int, version: int, reason: str = "") -> Changes:
        """Only a person entered by mistake (no duty, no training) may be deleted; anyone
        else is marked as left, so the history stays."""

        def delete(tx: Tx) -> None:
            p = tx.load(Person, person_id, version, missing=GONE)
            if repo.assignments(tx.s, person_id=person_id) or repo.person_training_count(
                tx.s, person_id
            ):
                raise ValidationError(
                    f"{p.name} 有网格任职或培训记录，不能删除（历史要保留）。"
                    "如已不在岗，请用“离任”。"
                )
            before = person_audit(person_dto(p))
            tx.s.delete(p)
            tx.s.flush()
            tx.deleted(KIND_PERSON, person_id, before, reason)

        conflict = Conflict("人员", lambda: self._get_person_or_none(person_id))
        return self._transact("records.delete", delete, conflict=conflict)[1]

    def person_leaves(
        self, person_id: int, on: date, version: int, reason: str = ""
    ) -> tuple[LeaveResult, Changes]:
        """Mark a person as left on ``on``: their open assignments end that day; the grids
        that then break the staffing rule are returned (uncovered from ``on``)."""

        def leave(tx: Tx) -> LeaveResult:
            p = tx.load(Person, person_id, version, missing=GONE)
            if not p.active:
                raise ValidationError(f"{p.name} 已于 {p.left_on or ''} 离任。")
            before = person_audit(person_dto(p))
            grids = {g.id: g for g in repo.grids(tx.s)}
            ended = self._end_duties(tx, p, on, grids, reason or f"{p.name} 离任")
            p.active, p.left_on = False, on
            tx.s.flush()
            after = person_dto(p)
            tx.updated(KIND_PERSON, p.id, before, person_audit(after), reason or "离任")
            uncovered = self._uncovered(tx, {m.grid_id for m in ended}, grids, on)
            return LeaveResult(masked(after), tuple(ended), tuple(uncovered))

        conflict = Conflict("人员", lambda: self._get_person_or_none(person_id))
        return self._transact(EDIT, leave, conflict=conflict)

    @staticmethod
    def _end_duties(
        tx: Tx, p: Person, on: date, grids: dict[int, Grid], reason: str
    ) -> list[Member]:
        """End every open duty of ``p`` on ``on`` (not before it started), each audited on the
        grid's history."""
        ended = []
        for a, _p in repo.assignments(tx.s, person_id=p.id, open_only=True):
            end = max(on, a.start_on)
            a.end_on = end
            ended.append(member(a, p, grids[a.grid_id].code))
            change = {
                "member": [
                    duty_text(a.role, p.name, a.start_on),
                    duty_text(a.role, p.name, a.start_on, end),
                ]
            }
            tx.record(audit.UPDATE, KIND_GRID, a.grid_id, change, reason)
            tx.touch(KIND_ASSIGNMENT, [a.id])
        return ended

    def _uncovered(
        self, tx: Tx, grid_ids: set[int], grids: dict[int, Grid], on: date
    ) -> list[rules.UncoveredGrid]:
        out = []
        for gid in sorted(grid_ids, key=lambda g: grids[g].code):
            remaining = [
                rules.Duty(a.role, a.start_on, a.end_on)
                for a, _p in repo.assignments(tx.s, grid_ids=[gid], on=on)
            ]
            grid = grids[gid]
            hit = rules.leaving_warnings(f"{grid.code} {grid.name}", remaining, on, self.rule)
            if hit is not None and grid.active:
                out.append(hit)
        return out
