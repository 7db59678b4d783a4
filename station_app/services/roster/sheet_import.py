"""Roster, the import of a roster sheet (the template's layout, read by ``exports.roster_xlsx``):
grids, communities, people and their duties. Every row is checked first; with any error
nothing is written. A dry run checks and counts without writing."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from station_app.data import audit
from station_app.data.models import Grid, GridAssignment, Person
from station_app.data.repo import roster as repo
from station_app.domain import roster_rules as rules
from station_app.domain.roster_sheet import KEY_TO_HEADER, RowError, SheetRow
from station_app.errors import ValidationError
from station_app.services.base import Changes, NullProgress, Progress, Tx, check_cancel
from station_app.services.roster.base import EDIT, KIND_GRID, KIND_PERSON, RosterBase, duty_text
from station_app.services.roster.communities import ensure_communities
from station_app.services.roster.grids import GridData, grid_audit
from station_app.services.roster.people import PersonData, person_audit, person_dto, write_person

REASON = "导入花名册"


@dataclass(frozen=True)
class ImportReport:
    rows: int
    dry_run: bool
    applied: bool
    grids_created: int = 0
    communities_created: int = 0
    people_created: int = 0
    people_updated: int = 0
    assignments_created: int = 0
    errors: tuple[RowError, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return (
                f"共 {self.rows} 行，发现 {len(self.errors)} 处错误，未导入任何数据。"
                "请改正后重新导入。"
            )
        verb = "可导入" if self.dry_run else "已导入"
        return (
            f"共 {self.rows} 行，{verb}：新建网格 {self.grids_created} 个、社区 "
            f"{self.communities_created} 个、人员 {self.people_created} 人，更新人员 "
            f"{self.people_updated} 人，新增任职 {self.assignments_created} 条。"
            + ("（试导入，未写入数据库）" if self.dry_run else "")
        )


def split_names(text: str) -> list[str]:
    return [p for p in (x.strip() for x in re.split(r"[、,，;；/]+", text or "")) if p]


def _parse_date(value: object, column: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(f"日期“{value}”看不懂，请写成 2026-03-01 这样。", field=column)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header_for(field_name: str | None) -> str:
    aliases = {
        "code": "grid_code",
        "communities": "communities",
        "person": "name",
        "role": "grid_role",
    }
    name = field_name or ""
    return KEY_TO_HEADER.get(aliases.get(name, name), "")


def _roles(v: dict[str, Any], grid_role: str) -> list[str]:
    """The person's roles: those typed, plus what the duty needs (a specialist's duty makes
    them a specialist, and so on)."""
    roles = rules.parse_role_labels(v.get("roles", ""))
    need = rules.GRID_ROLE_NEEDS.get(grid_role)
    if grid_role and not roles and need:
        roles = [need]
    if need and need not in roles:
        roles = [*roles, need]
    if grid_role == rules.MEDIATOR and rules.MEDIATOR not in roles:
        roles = [*roles, rules.MEDIATOR]
    return roles


class _Import:
    """One import's rows, written into ``tx`` (rolled back unless every row is good)."""

    def __init__(self, tx: Tx, on_default: date) -> None:
        self.tx, self.on_default = tx, on_default
        self.counts: dict[str, int] = defaultdict(int)
        self.seen: dict[tuple, Person] = {}

    def row(self, row: SheetRow) -> None:
        v: dict[str, Any] = {
            k: _cell(val) if k not in ("cert_expiry", "start_on") else val
            for k, val in row.values.items()
        }
        grid_code, grid_role = v.get("grid_code", ""), rules.parse_grid_role(v.get("grid_role", ""))
        data = PersonData(
            name=v.get("name", ""),
            roles=tuple(_roles(v, grid_role)),
            gender=v.get("gender", ""),
            phone=v.get("phone", ""),
            id_number=v.get("id_number", ""),
            organisation=v.get("organisation", ""),
            cert_no=v.get("cert_no", ""),
            cert_expiry=_parse_date(v.get("cert_expiry"), "cert_expiry"),
            supervision_group=v.get("supervision_group", ""),
            note=v.get("note", ""),
        ).validate()
        start_on = _parse_date(v.get("start_on"), "start_on") or self.on_default
        if grid_code and not grid_role:
            raise ValidationError(
                "填了网格编号，请同时填写网格职务（如 网格员）。", field="grid_role"
            )
        if grid_role and not grid_code:
            raise ValidationError("填了网格职务，请同时填写网格编号。", field="grid_code")
        grid = self._grid(v, data, grid_role) if grid_code else None
        person = self._person(data)
        if grid is not None:
            self._duty(grid, person, grid_role, start_on)

    def _grid(self, v: dict[str, Any], data: PersonData, grid_role: str) -> Grid:
        code = rules.validate_grid_code(v.get("grid_code", ""))
        grid = repo.grid_by_code(self.tx.s, code)
        if grid is not None:
            return grid
        gdata = GridData(
            code=code,
            name=v.get("grid_name", ""),
            communities=tuple(split_names(v.get("communities", ""))),
            supervision_group=data.supervision_group if grid_role == rules.VOLUNTEER else "",
        ).validate()
        grid = Grid(
            code=gdata.code,
            name=gdata.name,
            boundary="",
            supervision_group=gdata.supervision_group,
            active=True,
            note="",
        )
        self.tx.s.add(grid)
        communities, created = ensure_communities(self.tx, gdata.communities)
        self.counts["communities"] += created
        grid.communities = communities
        self.tx.s.flush()
        self.counts["grids"] += 1
        self.tx.created(KIND_GRID, grid.id, grid_audit(gdata), REASON)
        return grid

    def _person(self, data: PersonData) -> Person:
        key = (data.name, data.phone, data.id_number)
        s = self.tx.s
        person = self.seen.get(key) or repo.person_by_identity(
            s, data.name, data.phone, data.id_number
        )
        if person is None:
            saved = write_person(self.tx, None, data)
            person = s.get(Person, saved.id)
            assert person is not None
            self.counts["people_created"] += 1
            self.tx.created(KIND_PERSON, person.id, person_audit(saved), REASON)
        elif key not in self.seen:
            self._merge(person, data)
        self.seen[key] = person
        return person

    def _merge(self, person: Person, data: PersonData) -> None:
        """A person already on the roster: what the sheet adds is merged in."""
        stored = person_dto(person)
        merged = replace(
            stored,
            roles=tuple(rules.role_codes(" ".join((*stored.roles, *data.roles)))),
            gender=data.gender or stored.gender,
            organisation=data.organisation or stored.organisation,
            cert_no=data.cert_no or stored.cert_no,
            cert_expiry=data.cert_expiry or stored.cert_expiry,
            supervision_group=data.supervision_group or stored.supervision_group,
            id_number=data.id_number or stored.id_number,
        )
        before = person_audit(stored)
        saved = write_person(self.tx, person, merged)
        if before != person_audit(saved):
            self.counts["people_updated"] += 1
            self.tx.updated(KIND_PERSON, person.id, before, person_audit(saved), REASON)

    def _duty(self, grid: Grid, person: Person, grid_role: str, start_on: date) -> None:
        if not person.active:
            raise ValidationError(f"{person.name} 已离任，不能安排到网格。", field="name")
        for a, _p in repo.assignments(self.tx.s, grid_ids=[grid.id], person_id=person.id):
            if a.role == grid_role and (a.end_on is None or a.end_on > start_on):
                return  # already there
        a = GridAssignment(
            grid_id=grid.id, person_id=person.id, role=grid_role, start_on=start_on, note=""
        )
        self.tx.s.add(a)
        self.tx.s.flush()
        self.counts["assignments"] += 1
        text = duty_text(grid_role, person.name, start_on)
        self.tx.record(audit.UPDATE, KIND_GRID, grid.id, {"member": [None, text]}, REASON)
        self.tx.record(
            audit.UPDATE, KIND_PERSON, person.id, {"grid": [None, f"{grid.code} {text}"]}, REASON
        )


class SheetImport(RosterBase):
    def import_xlsx(
        self, path: Path, *, dry_run: bool = False, progress: Progress | None = None
    ) -> tuple[ImportReport, Changes]:
        """Import a roster sheet (the template's layout). Every row is checked first; with any
        error nothing is written. ``dry_run`` checks and counts without writing."""
        self._auth.require(EDIT)
        progress = progress or NullProgress()
        from station_app.exports.roster_xlsx import read_roster_xlsx

        sheet_rows, header_errors = read_roster_xlsx(Path(path))
        if header_errors:
            return ImportReport(
                len(sheet_rows), dry_run, False, errors=tuple(header_errors)
            ), Changes()

        def run(tx: Tx) -> ImportReport:
            job, errors = _Import(tx, self.today()), []
            for done, row in enumerate(sheet_rows):
                if done % 50 == 0:
                    check_cancel(progress)
                    progress.report(done, len(sheet_rows), "正在检查和导入花名册…")
                try:
                    job.row(row)
                except ValidationError as exc:
                    errors.append(RowError(row.row_no, _header_for(exc.field), exc.message))
            if dry_run or errors:
                tx.discard()
            c = job.counts
            return ImportReport(
                rows=len(sheet_rows),
                dry_run=dry_run,
                applied=not dry_run and not errors,
                grids_created=c["grids"],
                communities_created=c["communities"],
                people_created=c["people_created"],
                people_updated=c["people_updated"],
                assignments_created=c["assignments"],
                errors=tuple(errors),
            )

        return self._transact(EDIT, run)
