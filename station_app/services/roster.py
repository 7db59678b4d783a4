"""Grid roster (网格花名册): grids and communities, people, assignments over time, trainings,
the staffing rule's warnings, printouts, spreadsheet export and import.

Every change needs ``roster.edit`` and leaves audit rows: grids and people each have their own
history; an assignment is recorded on both the grid's and the person's history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path

from station_app.data import audit
from station_app.data.engine import Database
from station_app.data.models import Community, Grid, GridAssignment, Person, Training
from station_app.data.orm import conflict_guard, expect_version
from station_app.data.repo import roster as repo
from station_app.domain import roster_rules as rules
from station_app.domain.auth import Actor
from station_app.domain.masking import mask_id_card, mask_phone
from station_app.domain.roster_sheet import (
    HandoverSheet,
    RosterSheet,
    RowError,
    SheetGrid,
    SheetMember,
    SheetRow,
    SheetVolunteer,
)
from station_app.errors import NotFoundError, ValidationError
from station_app.queries import roster as queries
from station_app.services.audit import printed_at
from station_app.services.auth import Auth
from station_app.services.base import Changes, NullProgress, Progress, check_cancel

KIND_GRID, KIND_PERSON, KIND_ASSIGNMENT, KIND_TRAINING, KIND_COMMUNITY = (
    "grid",
    "person",
    "grid_assignment",
    "training",
    "community",
)
ROSTER_KINDS = (KIND_GRID, KIND_PERSON, KIND_ASSIGNMENT, KIND_TRAINING, KIND_COMMUNITY)


def today() -> date:
    return date.today()


# -- DTOs -------------------------------------------------------------------------------------
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
        name = rules.clean(self.name)
        if not name:
            raise ValidationError("请填写网格名称。", field="name")
        if len(name) > 60:
            raise ValidationError("网格名称不能超过 60 个字。", field="name")
        communities = tuple(
            dict.fromkeys(c for c in (rules.clean(x) for x in self.communities) if c)
        )
        if not communities:
            raise ValidationError("请至少填写一个覆盖的社区或村。", field="communities")
        for c in communities:
            if len(c) > 60:
                raise ValidationError(f"社区名称“{c}”过长（不超过 60 个字）。", field="communities")
        return replace(
            self,
            code=rules.validate_grid_code(self.code),
            name=name,
            communities=communities,
            boundary=self.boundary.strip(),
            supervision_group=rules.clean(self.supervision_group),
            note=self.note.strip(),
        )


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
        cert_no = rules.clean(self.cert_no)
        codes = rules.validate_roles(self.roles, cert_no, self.cert_expiry)
        return replace(
            self,
            name=rules.validate_name(self.name),
            gender=rules.validate_gender(self.gender),
            phone=rules.validate_optional_phone(self.phone),
            id_number=rules.validate_optional_id(self.id_number),
            organisation=rules.clean(self.organisation),
            roles=tuple(codes),
            cert_no=cert_no,
            cert_expiry=self.cert_expiry if cert_no or rules.ENFORCER in codes else None,
            supervision_group=rules.clean(self.supervision_group),
            note=self.note.strip(),
        )


@dataclass(frozen=True)
class PersonBrief:
    id: int
    name: str
    roles: str  # labels
    organisation: str
    phone: str  # masked


@dataclass(frozen=True)
class Member:
    """An assignment of a person to a grid."""

    assignment_id: int
    grid_id: int
    grid_code: str
    person_id: int
    name: str
    role: str
    phone: str  # masked
    start_on: date
    end_on: date | None
    note: str
    version: int

    @property
    def role_label(self) -> str:
        return rules.GRID_ROLES.get(self.role, self.role)


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


@dataclass(frozen=True)
class TrainingData:
    held_on: date
    topic: str
    lecturer: str = ""
    hours: float = 1.0
    location: str = ""
    note: str = ""
    id: int = 0
    version: int = 0

    def validate(self) -> TrainingData:
        topic = rules.clean(self.topic)
        if not topic:
            raise ValidationError("请填写培训主题。", field="topic")
        if len(topic) > 200:
            raise ValidationError("培训主题不能超过 200 个字。", field="topic")
        if self.held_on is None:
            raise ValidationError("请填写培训日期。", field="held_on")
        rules.validate_hours(self.hours)
        return replace(
            self,
            topic=topic,
            lecturer=rules.clean(self.lecturer),
            location=rules.clean(self.location),
            note=self.note.strip(),
        )


@dataclass(frozen=True)
class TrainingTotals:
    sessions: int
    attendances: int
    hours: float
    people: int

    @property
    def text(self) -> str:
        return (
            f"培训 {self.sessions} 期，参训 {self.attendances} 人次（{self.people} 人），"
            f"共 {self.hours:g} 学时"
        )


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


class _DryRun(Exception):
    def __init__(self, report: ImportReport) -> None:
        self.report = report


# -- helpers ----------------------------------------------------------------------------------
def _person_dto(p: Person) -> PersonData:
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


def _masked(data: PersonData) -> PersonData:
    return replace(data, phone=mask_phone(data.phone), id_number=mask_id_card(data.id_number))


def _person_audit(data: PersonData) -> dict:
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


def _grid_dto(g: Grid, communities: list[str]) -> GridData:
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


def _grid_audit(data: GridData) -> dict:
    out = {f.name: getattr(data, f.name) for f in fields(data) if f.name not in ("id", "version")}
    out["communities"] = "、".join(data.communities)
    return out


def _member(a: GridAssignment, p: Person, grid_code: str = "") -> Member:
    return Member(
        a.id,
        a.grid_id,
        grid_code,
        p.id,
        p.name,
        a.role,
        mask_phone(p.phone),
        a.start_on,
        a.end_on,
        a.note,
        a.version,
    )


def _duty_text(role: str, name: str, start_on: date, end_on: date | None = None) -> str:
    text = f"{rules.GRID_ROLES.get(role, role)} {name}，{start_on:%Y-%m-%d} 起"
    return text + (f"，{end_on:%Y-%m-%d} 离任" if end_on else "")


def _pinyin_keys(name: str) -> tuple[str, str]:
    from station_app.domain import pinyin

    return pinyin.initials_variants(name), pinyin.full(name)


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


class RosterService:
    """The roster's use cases. Any thread; each call opens its own Session."""

    def __init__(
        self,
        db: Database,
        auth: Auth,
        rule: rules.StaffingRule = rules.DEFAULT_RULE,
        clock: Callable[[], date] = today,
    ) -> None:
        self._db = db
        self._auth = auth
        self.rule = rule
        self._today = clock

    def today(self) -> date:
        return self._today()

    # -- communities -----------------------------------------------------------------------
    def list_communities(self) -> list[str]:
        self._auth.require("data.view")
        with self._db.session() as s:
            return [c.name for c in repo.communities(s)]

    def supervision_groups(self) -> list[str]:
        """The 4 default groups plus any other name in use."""
        with self._db.session() as s:
            used = {p.supervision_group for p in repo.people(s)} | {
                g.supervision_group for g in repo.grids(s)
            }
        return list(rules.DEFAULT_GROUPS) + sorted(u for u in used - set(rules.DEFAULT_GROUPS) if u)

    def _ensure_communities(
        self, s, actor: Actor, names: Iterable[str], entries: list[audit.AuditEntry]
    ) -> tuple[list[Community], int]:
        out, created = [], 0
        for name in names:
            row = repo.community_by_name(s, name)
            if row is None:
                kind = "村" if name.endswith("村") else "社区"
                row = Community(name=name, kind=kind, note="")
                s.add(row)
                s.flush()
                created += 1
                entries.append(
                    audit.AuditEntry(
                        audit.CREATE,
                        KIND_COMMUNITY,
                        row.id,
                        {"name": [None, name], "kind": [None, kind]},
                    )
                )
            out.append(row)
        return out, created

    # -- grids ---------------------------------------------------------------------------------
    def grid_source(self) -> queries.GridRows:
        self._auth.require("data.view")
        return queries.GridRows(self._db, self._today, self.rule)

    def list_grids(
        self, on: date | None = None, entity_counts: dict[int, tuple[int, int]] | None = None
    ) -> list[GridSummary]:
        """Grids covering ``on``; ``entity_counts`` as in ``queries.grid_summaries``."""
        self._auth.require("data.view")
        on = on or self._today()
        with self._db.session() as s:
            rows = queries.grid_summaries(s, on, self.rule, entity_counts=entity_counts)
        return [self._summary(gid, row) for gid, row in rows.items()]

    def get_grid_summary(self, grid_id: int, on: date | None = None) -> GridSummary:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = queries.grid_summaries(s, on or self._today(), self.rule, [grid_id]).get(grid_id)
        if row is None:
            raise NotFoundError("该网格已被删除。")
        return self._summary(grid_id, row)

    @staticmethod
    def _summary(gid: int, row: tuple) -> GridSummary:
        return GridSummary(gid, *row[:9], tuple(w for w in row[9].split("；") if w))

    def get_grid(self, grid_id: int) -> GridData:
        self._auth.require("data.view")
        with self._db.session() as s:
            g = s.get(Grid, grid_id)
            if g is None:
                raise NotFoundError("该网格已被删除。")
            return _grid_dto(g, repo.grid_community_names(s, [grid_id]).get(grid_id, []))

    def _get_grid_or_none(self, grid_id: int) -> GridData | None:
        try:
            return self.get_grid(grid_id)
        except NotFoundError:
            return None

    def save_grid(self, data: GridData, reason: str = "") -> tuple[GridData, Changes]:
        """Create (``version`` 0) or update a grid with the communities it covers (new
        community names are created)."""
        actor = self._auth.require("roster.edit")
        data = data.validate()
        reload = lambda: self._get_grid_or_none(data.id)  # noqa: E731
        with conflict_guard("网格", reload, mine=data), self._db.uow() as s:
            entries: list[audit.AuditEntry] = []
            same_code = repo.grid_by_code(s, data.code)
            if same_code is not None and same_code.id != data.id:
                raise ValidationError(
                    f"网格编号 {data.code} 已被“{same_code.name}”使用，请换一个编号。", field="code"
                )
            if data.version:
                row = s.get(Grid, data.id)
                if row is None:
                    raise NotFoundError("该网格已被删除。")
                expect_version(row.version, data.version)
                before = _grid_audit(
                    _grid_dto(row, repo.grid_community_names(s, [row.id]).get(row.id, []))
                )
            else:
                row, before = Grid(code=data.code, name=data.name), None
                s.add(row)
            communities, _n = self._ensure_communities(s, actor, data.communities, entries)
            if before is not None and set(row.communities) != set(communities):
                # only the communities may change: the grid row must still move its version
                row.updated_at = datetime.now().astimezone()
            for key in ("code", "name", "boundary", "supervision_group", "active", "note"):
                setattr(row, key, getattr(data, key))
            row.communities = communities
            s.flush()
            saved = _grid_dto(row, list(data.communities))
            entries.append(
                audit.AuditEntry(
                    audit.UPDATE if before else audit.CREATE,
                    KIND_GRID,
                    row.id,
                    audit.diff(before, _grid_audit(saved)),
                    reason,
                )
            )
            audit.append(s, actor, entries)
        return saved, Changes.of(KIND_GRID, [saved.id]) | Changes.of(KIND_COMMUNITY)

    def delete_grid(self, grid_id: int, version: int, reason: str = "") -> Changes:
        """Only a grid nobody was ever assigned to may be deleted; others are set inactive."""
        actor = self._auth.require("records.delete")
        with conflict_guard("网格", lambda: self._get_grid_or_none(grid_id)), self._db.uow() as s:
            row = s.get(Grid, grid_id)
            if row is None:
                raise NotFoundError("该网格已被删除。")
            expect_version(row.version, version)
            if repo.grid_assignment_count(s, grid_id):
                raise ValidationError(
                    f"网格 {row.code} 已有任职记录，不能删除（历史要保留）。可在编辑网格时取消“启用”将其停用。"
                )
            before = _grid_audit(
                _grid_dto(row, repo.grid_community_names(s, [grid_id]).get(grid_id, []))
            )
            s.delete(row)
            s.flush()
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.DELETE, KIND_GRID, grid_id, audit.diff(before, None), reason
                    )
                ],
            )
        return Changes.of(KIND_GRID, [grid_id])

    def grid_members(self, grid_id: int, on: date | None = None) -> list[Member]:
        """Who covers the grid on ``on`` (default today), specialist first."""
        return self.who_covered(grid_id, on or self._today())

    def who_covered(self, grid_id: int, on: date) -> list[Member]:
        """History: who covered grid ``grid_id`` on date ``on``."""
        self._auth.require("data.view")
        with self._db.session() as s:
            grid = s.get(Grid, grid_id)
            code = grid.code if grid else ""
            rows = [_member(a, p, code) for a, p in repo.assignments(s, grid_ids=[grid_id], on=on)]
        return sorted(
            rows, key=lambda m: (rules.GRID_ROLE_ORDER.get(m.role, 9), m.start_on, m.name)
        )

    def grid_history(self, grid_id: int) -> list[Member]:
        """Every assignment the grid ever had, newest first."""
        self._auth.require("data.view")
        with self._db.session() as s:
            grid = s.get(Grid, grid_id)
            code = grid.code if grid else ""
            rows = [_member(a, p, code) for a, p in repo.assignments(s, grid_ids=[grid_id])]
        return sorted(rows, key=lambda m: (m.start_on, m.assignment_id), reverse=True)

    def grid_warnings(self, grid_id: int, on: date | None = None) -> list[str]:
        return list(self.get_grid_summary(grid_id, on).warnings)

    def all_warnings(self, on: date | None = None) -> dict[str, list[str]]:
        """``{"GZ07 名称": [warnings]}`` for grids out of rule (for the dashboard)."""
        return {g.label: list(g.warnings) for g in self.list_grids(on) if g.warnings}

    # -- people --------------------------------------------------------------------------------
    def people_source(self) -> queries.PersonRows:
        self._auth.require("data.view")
        return queries.PersonRows(self._db, self._today)

    def get_person(self, person_id: int, *, unmasked: bool = False) -> PersonData:
        """Phone and ID number masked unless ``unmasked`` (needs ``personal.unmasked``; the
        view is logged)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            p = s.get(Person, person_id)
            if p is None:
                raise NotFoundError("该人员已被删除。")
            data = _person_dto(p)
        if not unmasked:
            return _masked(data)
        self._auth.require("personal.unmasked")
        shown = [k for k in ("phone", "id_number") if getattr(data, k)]
        if shown:
            from station_app.services.audit import AuditService

            AuditService(self._db, self._auth).record_view(KIND_PERSON, person_id, shown)
        return data

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

    def save_person(self, data: PersonData, reason: str = "") -> tuple[PersonData, Changes]:
        """Create or update. A phone or ID number left as its masked form keeps the stored
        value (a clerk without ``personal.unmasked`` edits the rest of the record)."""
        actor = self._auth.require("roster.edit")
        reload = lambda: self._get_person_or_none(data.id)  # noqa: E731
        with conflict_guard("人员", reload, mine=data), self._db.uow() as s:
            row = s.get(Person, data.id) if data.version else None
            if data.version and row is None:
                raise NotFoundError("该人员已被删除。")
            if row is not None:
                expect_version(row.version, data.version)
                if data.phone and data.phone == mask_phone(row.phone) and "*" in data.phone:
                    data = replace(data, phone=row.phone)
                if data.id_number and data.id_number == mask_id_card(row.id_number):
                    data = replace(data, id_number=row.id_number)
            data = data.validate()
            before = _person_audit(_person_dto(row)) if row is not None else None
            saved = self._write_person(s, row, data)
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.UPDATE if before else audit.CREATE,
                        KIND_PERSON,
                        saved.id,
                        audit.diff(before, _person_audit(saved)),
                        reason,
                    )
                ],
            )
        return _masked(saved), Changes.of(KIND_PERSON, [saved.id])

    @staticmethod
    def _write_person(s, row: Person | None, data: PersonData) -> PersonData:
        if row is None:
            row = Person(name=data.name)
            s.add(row)
        if row.name != data.name or not row.name_initials:
            row.name_initials, row.name_pinyin = _pinyin_keys(data.name)
        for key in (
            "name",
            "gender",
            "phone",
            "id_number",
            "organisation",
            "cert_no",
            "cert_expiry",
            "supervision_group",
            "note",
        ):
            setattr(row, key, getattr(data, key))
        row.roles = rules.roles_text(data.roles)
        if row.active is None:
            row.active = True
        s.flush()
        return _person_dto(row)

    def _get_person_or_none(self, person_id: int) -> PersonData | None:
        try:
            return self.get_person(person_id)
        except NotFoundError:
            return None

    def person_assignments(self, person_id: int) -> list[Member]:
        self._auth.require("data.view")
        with self._db.session() as s:
            codes = {g.id: g.code for g in repo.grids(s)}
            rows = [
                _member(a, p, codes.get(a.grid_id, ""))
                for a, p in repo.assignments(s, person_id=person_id)
            ]
        return sorted(rows, key=lambda m: m.start_on, reverse=True)

    def delete_person(self, person_id: int, version: int, reason: str = "") -> Changes:
        """Only a person entered by mistake (no duty, no training) may be deleted; anyone
        else is marked as left, so the history stays."""
        actor = self._auth.require("records.delete")
        reload = lambda: self._get_person_or_none(person_id)  # noqa: E731
        with conflict_guard("人员", reload), self._db.uow() as s:
            p = s.get(Person, person_id)
            if p is None:
                raise NotFoundError("该人员已被删除。")
            expect_version(p.version, version)
            if repo.assignments(s, person_id=person_id) or repo.person_training_count(s, person_id):
                raise ValidationError(
                    f"{p.name} 有网格任职或培训记录，不能删除（历史要保留）。"
                    "如已不在岗，请用“离任”。"
                )
            before = _person_audit(_person_dto(p))
            s.delete(p)
            s.flush()
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.DELETE, KIND_PERSON, person_id, audit.diff(before, None), reason
                    )
                ],
            )
        return Changes.of(KIND_PERSON, [person_id])

    def person_leaves(
        self, person_id: int, on: date, version: int, reason: str = ""
    ) -> tuple[LeaveResult, Changes]:
        """Mark a person as left on ``on``: their open assignments end that day; the grids
        that then break the staffing rule are returned (uncovered from ``on``)."""
        actor = self._auth.require("roster.edit")
        reload = lambda: self._get_person_or_none(person_id)  # noqa: E731
        with conflict_guard("人员", reload), self._db.uow() as s:
            p = s.get(Person, person_id)
            if p is None:
                raise NotFoundError("该人员已被删除。")
            expect_version(p.version, version)
            if not p.active:
                raise ValidationError(f"{p.name} 已于 {p.left_on or ''} 离任。")
            before = _person_audit(_person_dto(p))
            entries: list[audit.AuditEntry] = []
            ended, grid_ids = [], set()
            codes = {g.id: g for g in repo.grids(s)}
            for a, _p in repo.assignments(s, person_id=person_id, open_only=True):
                end = max(on, a.start_on)
                a.end_on = end
                grid = codes[a.grid_id]
                ended.append(_member(a, p, grid.code))
                grid_ids.add(a.grid_id)
                entries.append(
                    audit.AuditEntry(
                        audit.UPDATE,
                        KIND_GRID,
                        a.grid_id,
                        {
                            "member": [
                                _duty_text(a.role, p.name, a.start_on),
                                _duty_text(a.role, p.name, a.start_on, end),
                            ]
                        },
                        reason or f"{p.name} 离任",
                    )
                )
            p.active, p.left_on = False, on
            s.flush()
            after = _person_dto(p)
            entries.append(
                audit.AuditEntry(
                    audit.UPDATE,
                    KIND_PERSON,
                    p.id,
                    audit.diff(before, _person_audit(after)),
                    reason or "离任",
                )
            )
            uncovered = []
            for gid in sorted(grid_ids, key=lambda g: codes[g].code):
                remaining = [
                    rules.Duty(a.role, a.start_on, a.end_on)
                    for a, _p in repo.assignments(s, grid_ids=[gid], on=on)
                ]
                grid = codes[gid]
                hit = rules.leaving_warnings(f"{grid.code} {grid.name}", remaining, on, self.rule)
                if hit is not None and grid.active:
                    uncovered.append(hit)
            audit.append(s, actor, entries)
        changes = Changes.of(KIND_PERSON, [person_id]) | Changes.of(KIND_GRID, grid_ids)
        changes |= Changes.of(KIND_ASSIGNMENT, [m.assignment_id for m in ended])
        return LeaveResult(_masked(after), tuple(ended), tuple(uncovered)), changes

    def cert_alerts(
        self, on: date | None = None, days: int = rules.CERT_WARNING_DAYS
    ) -> list[CertAlert]:
        """Active enforcement officers whose certificate expires within ``days`` (or has)."""
        self._auth.require("data.view")
        on = on or self._today()
        out = []
        with self._db.session() as s:
            for p in repo.people(s, active_only=True):
                message = rules.cert_warning(p.cert_expiry, on, days)
                if message:
                    out.append(CertAlert(p.id, p.name, p.cert_no, p.cert_expiry, message))
        return sorted(out, key=lambda a: a.expiry)

    # -- assignments ---------------------------------------------------------------------------
    def assign(
        self, grid_id: int, person_id: int, role: str, start_on: date, note: str = ""
    ) -> tuple[Member, Changes]:
        """Put a person on a grid in ``role`` from ``start_on``. Warnings of the staffing rule
        never block: the grid list shows them."""
        actor = self._auth.require("roster.edit")
        with self._db.uow() as s:
            member = self._assign_in(s, actor, grid_id, person_id, role, start_on, note)
        return member, self._assignment_changes(grid_id, person_id, member.assignment_id)

    def _assign_in(
        self, s, actor: Actor, grid_id: int, person_id: int, role: str, start_on: date, note: str
    ) -> Member:
        if role not in rules.GRID_ROLES:
            raise ValidationError("请选择网格职务。", field="role")
        rules.validate_period(start_on, None)
        grid, p = s.get(Grid, grid_id), s.get(Person, person_id)
        if grid is None:
            raise NotFoundError("该网格已被删除。")
        if p is None:
            raise NotFoundError("该人员已被删除。")
        if not p.active:
            raise ValidationError(f"{p.name} 已离任，不能再安排到网格。", field="person")
        need = rules.GRID_ROLE_NEEDS.get(role)
        if need and need not in rules.role_codes(p.roles):
            raise ValidationError(
                f"{p.name} 的人员类别中没有“{rules.PERSON_ROLES[need]}”，"
                f"不能任{rules.GRID_ROLES[role]}。请先在“人员”中编辑其人员类别。",
                field="role",
            )
        for a, _p in repo.assignments(s, grid_ids=[grid_id], person_id=person_id):
            if a.role == role and (a.end_on is None or a.end_on > start_on):
                raise ValidationError(
                    f"{p.name} 已是网格 {grid.code} 的{rules.GRID_ROLES[role]}"
                    f"（{a.start_on:%Y-%m-%d} 起）。",
                    field="person",
                )
        a = GridAssignment(
            grid_id=grid_id, person_id=person_id, role=role, start_on=start_on, note=note.strip()
        )
        s.add(a)
        s.flush()
        text = _duty_text(role, p.name, start_on)
        audit.append(
            s,
            actor,
            [
                audit.AuditEntry(audit.UPDATE, KIND_GRID, grid_id, {"member": [None, text]}, note),
                audit.AuditEntry(
                    audit.UPDATE,
                    KIND_PERSON,
                    person_id,
                    {"grid": [None, f"{grid.code} {text}"]},
                    note,
                ),
            ],
        )
        return _member(a, p, grid.code)

    @staticmethod
    def _assignment_changes(grid_id: int, person_id: int, assignment_id: int) -> Changes:
        return (
            Changes.of(KIND_GRID, [grid_id])
            | Changes.of(KIND_PERSON, [person_id])
            | Changes.of(KIND_ASSIGNMENT, [assignment_id])
        )

    def end_assignment(
        self, assignment_id: int, end_on: date, version: int, reason: str = ""
    ) -> tuple[Member, Changes]:
        """The person stops covering the grid from ``end_on`` on."""
        actor = self._auth.require("roster.edit")
        with conflict_guard("任职记录", lambda: None), self._db.uow() as s:
            member = self._end_in(s, actor, assignment_id, end_on, version, reason)
        return member, self._assignment_changes(member.grid_id, member.person_id, assignment_id)

    def _end_in(
        self, s, actor: Actor, assignment_id: int, end_on: date, version: int, reason: str
    ) -> Member:
        a = s.get(GridAssignment, assignment_id)
        if a is None:
            raise NotFoundError("该任职记录已被删除。")
        expect_version(a.version, version)
        rules.validate_period(a.start_on, end_on)
        p, grid = s.get(Person, a.person_id), s.get(Grid, a.grid_id)
        before = _duty_text(a.role, p.name, a.start_on, a.end_on)
        a.end_on = end_on
        s.flush()
        after = _duty_text(a.role, p.name, a.start_on, end_on)
        audit.append(
            s,
            actor,
            [
                audit.AuditEntry(
                    audit.UPDATE, KIND_GRID, grid.id, {"member": [before, after]}, reason
                ),
                audit.AuditEntry(
                    audit.UPDATE,
                    KIND_PERSON,
                    p.id,
                    {"grid": [f"{grid.code} {before}", f"{grid.code} {after}"]},
                    reason,
                ),
            ],
        )
        return _member(a, p, grid.code)

    def replace_specialist(
        self, grid_id: int, person_id: int, on: date, reason: str = ""
    ) -> tuple[HandoverSheet, Changes]:
        """The grid's specialist changes on ``on``: the current one's duty ends and the new
        one's starts, in one transaction. Returns the handover sheet (交接单) data."""
        actor = self._auth.require("roster.edit")
        reason = reason or "更换监管专员"
        current = [m for m in self.who_covered(grid_id, on) if m.role == rules.SPECIALIST]
        if any(m.person_id == person_id for m in current):
            raise ValidationError("此人已是该网格的监管专员。", field="person")
        changes = Changes()
        with conflict_guard("任职记录", lambda: None), self._db.uow() as s:
            for m in current:
                self._end_in(s, actor, m.assignment_id, on, m.version, reason)
                changes |= self._assignment_changes(grid_id, m.person_id, m.assignment_id)
            new = self._assign_in(s, actor, grid_id, person_id, rules.SPECIALIST, on, reason)
            changes |= self._assignment_changes(grid_id, person_id, new.assignment_id)
        return self.handover_sheet(grid_id, on), changes

    def handover_sheet(self, grid_id: int, on: date | None = None) -> HandoverSheet:
        """交接单 for the grid's latest specialist change (or the one on ``on``)."""
        self._auth.require("data.view")
        history = [m for m in self.grid_history(grid_id) if m.role == rules.SPECIALIST]
        if on is None:
            starts = sorted({m.start_on for m in history}, reverse=True)
            on = starts[0] if starts else self._today()
        incoming = next((m for m in history if rules.covers(m.start_on, m.end_on, on)), None)
        ended = [m for m in history if m.end_on is not None and m.end_on <= on]
        outgoing = max(ended, key=lambda m: m.end_on) if ended else None
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

    # -- trainings -----------------------------------------------------------------------------
    def training_source(self) -> queries.TrainingRows:
        self._auth.require("data.view")
        return queries.TrainingRows(self._db)

    def get_training(self, training_id: int) -> tuple[TrainingData, list[int]]:
        """The training and its attendees' person ids."""
        self._auth.require("data.view")
        with self._db.session() as s:
            t = s.get(Training, training_id)
            if t is None:
                raise NotFoundError("该培训记录已被删除。")
            return self._training_dto(t), repo.attendee_ids(s, training_id)

    @staticmethod
    def _training_dto(t: Training) -> TrainingData:
        return TrainingData(
            t.held_on, t.topic, t.lecturer, t.hours_tenths / 10, t.location, t.note, t.id, t.version
        )

    @staticmethod
    def _training_audit(t: TrainingData) -> dict:
        return {f.name: getattr(t, f.name) for f in fields(t) if f.name not in ("id", "version")}

    def save_training(
        self, data: TrainingData, attendee_ids: Iterable[int] | None = None
    ) -> tuple[TrainingData, Changes]:
        """Create or update a training; with ``attendee_ids`` its attendance list is replaced."""
        actor = self._auth.require("roster.edit")
        data = data.validate()
        reload = lambda: self.get_training(data.id)[0] if data.id else None  # noqa: E731
        with conflict_guard("培训记录", reload, mine=data), self._db.uow() as s:
            if data.version:
                row = s.get(Training, data.id)
                if row is None:
                    raise NotFoundError("该培训记录已被删除。")
                expect_version(row.version, data.version)
                before = self._training_audit(self._training_dto(row))
                old_attendees = set(repo.attendee_ids(s, row.id))
            else:
                row, before, old_attendees = (
                    Training(held_on=data.held_on, topic=data.topic),
                    None,
                    set(),
                )
                s.add(row)
            row.held_on, row.topic, row.lecturer = data.held_on, data.topic, data.lecturer
            row.hours_tenths = rules.validate_hours(data.hours)
            row.location, row.note = data.location, data.note
            changes = audit.diff(before, self._training_audit(data))
            if attendee_ids is not None:
                new = set(attendee_ids)
                if new != old_attendees:
                    row.updated_at = datetime.now().astimezone()  # bump the version
                    s.flush()
                    repo.set_attendees(s, row.id, new)
                    changes["attendance"] = [len(old_attendees), len(new)]
            s.flush()
            saved = self._training_dto(row)
            if changes or not before:
                audit.append(
                    s,
                    actor,
                    [
                        audit.AuditEntry(
                            audit.UPDATE if before else audit.CREATE, KIND_TRAINING, row.id, changes
                        )
                    ],
                )
        return saved, Changes.of(KIND_TRAINING, [saved.id])

    def delete_training(self, training_id: int, version: int, reason: str = "") -> Changes:
        actor = self._auth.require("records.delete")
        with conflict_guard("培训记录", lambda: None), self._db.uow() as s:
            row = s.get(Training, training_id)
            if row is None:
                raise NotFoundError("该培训记录已被删除。")
            expect_version(row.version, version)
            before = self._training_audit(self._training_dto(row))
            before["attendance"] = len(repo.attendee_ids(s, training_id))
            s.delete(row)
            s.flush()
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.DELETE, KIND_TRAINING, training_id, audit.diff(before, None), reason
                    )
                ],
            )
        return Changes.of(KIND_TRAINING, [training_id])

    def training_totals(self, year: int = 0) -> TrainingTotals:
        """Sessions, attendances (人次), hours and distinct people, of one year or all (0)."""
        self._auth.require("data.view")
        start = date(year, 1, 1) if year else None
        end = date(year + 1, 1, 1) if year else None
        with self._db.session() as s:
            sessions, att, tenths, people = repo.training_totals(s, start, end)
        return TrainingTotals(sessions, att, tenths / 10, people)

    def training_years(self) -> list[int]:
        with self._db.session() as s:
            return sorted({t.held_on.year for t in repo.trainings(s)}, reverse=True)

    # -- printouts and spreadsheets ------------------------------------------------------------
    def _station_name(self) -> str:
        from station_app.services.station import StationService

        profile = StationService(self._db, self._auth).get_profile()
        return profile.name if profile else "（未设置所名称）"

    def _check_unmasked(self, unmasked: bool, what: str) -> None:
        if unmasked:
            self._auth.require("personal.unmasked")
            from station_app.services.audit import AuditService

            AuditService(self._db, self._auth).record_view(KIND_PERSON, "*", [what], export=True)

    def roster_sheet(self, on: date | None = None, *, unmasked: bool = False) -> RosterSheet:
        """Everything the 网格花名册 shows, on ``on`` (default today); phones masked unless
        ``unmasked`` (needs ``personal.unmasked``; logged as an export)."""
        self._auth.require("data.view")
        on = on or self._today()
        show = (lambda v: v) if unmasked else mask_phone
        with self._db.session() as s:
            summaries = queries.grid_summaries(s, on, self.rule)
            grids = {g.id: g for g in repo.grids(s)}
            by_grid: dict[int, list] = defaultdict(list)
            person_grids: dict[int, list[str]] = defaultdict(list)
            for a, p in repo.assignments(s, on=on):
                by_grid[a.grid_id].append((a, p))
                person_grids[p.id].append(grids[a.grid_id].code)
            sheet_grids = []
            for gid, row in summaries.items():
                members = sorted(
                    by_grid[gid],
                    key=lambda ap: (rules.GRID_ROLE_ORDER.get(ap[0].role, 9), ap[1].name_pinyin),
                )
                sheet_grids.append(
                    SheetGrid(
                        code=row[0],
                        name=row[1],
                        communities=row[2],
                        supervision_group=row[3],
                        members=tuple(
                            SheetMember(
                                rules.GRID_ROLES.get(a.role, a.role),
                                p.name,
                                p.gender,
                                p.organisation,
                                show(p.phone),
                                f"{p.cert_no}\n有效期至 {p.cert_expiry:%Y-%m-%d}"
                                if p.cert_no and p.cert_expiry
                                else p.cert_no,
                                a.start_on,
                            )
                            for a, p in members
                        ),
                        warnings=tuple(w for w in row[9].split("；") if w),
                        entities=row[7],
                        cd_entities=row[8],
                    )
                )
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
            printed_on=self._today(),
            on=on,
            grids=tuple(sheet_grids),
            volunteers=tuple(volunteers),
            masked=not unmasked,
        )
        self._check_unmasked(unmasked, "roster")
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

        on = self._today()
        show_phone = (lambda v: v) if unmasked else mask_phone
        show_id = (lambda v: v) if unmasked else mask_id_card
        rows: list[dict] = []
        with self._db.session() as s:
            grids = {g.id: g for g in repo.grids(s)}
            names = repo.grid_community_names(s)
            assigned: set[int] = set()
            for a, p in repo.assignments(s, on=on):
                g = grids[a.grid_id]
                assigned.add(p.id)
                rows.append(
                    self._export_row(p, show_phone, show_id)
                    | {
                        "grid_code": g.code,
                        "grid_name": g.name,
                        "communities": "、".join(names.get(g.id, [])),
                        "grid_role": rules.GRID_ROLES.get(a.role, a.role),
                        "start_on": a.start_on,
                    }
                )
            rows.sort(key=lambda r: (r["grid_code"], _role_rank(r["grid_role"])))
            for p in repo.people(s, active_only=True):
                if p.id not in assigned:
                    rows.append(self._export_row(p, show_phone, show_id))
            # grids nobody covers still travel, as a row without a person would be invalid:
            # they are listed on the summary sheet.
            training_rows = []
            counts = repo.attendance_counts(s)
            for t in repo.trainings(s):
                training_rows.append(
                    (
                        t.held_on,
                        t.topic,
                        t.lecturer,
                        t.hours_tenths / 10,
                        t.location,
                        counts.get(t.id, 0),
                    )
                )
        summaries = self.list_grids(on)
        self._check_unmasked(unmasked, "roster.xlsx")
        return write_roster_xlsx(
            Path(path),
            rows,
            summaries=[
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
                for g in summaries
            ],
            trainings=training_rows,
            station=self._station_name(),
            printed_on=on,
            masked=not unmasked,
        )

    @staticmethod
    def _export_row(p: Person, show_phone, show_id) -> dict:
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

    def write_template(self, path: Path) -> Path:
        """The import template: headers, notes and two example rows."""
        from station_app.exports.roster_xlsx import write_template

        return write_template(Path(path))

    def import_xlsx(
        self, path: Path, *, dry_run: bool = False, progress: Progress | None = None
    ) -> tuple[ImportReport, Changes]:
        """Import a roster sheet (the template's layout). Every row is checked first; with any
        error nothing is written. ``dry_run`` checks and counts without writing."""
        actor = self._auth.require("roster.edit")
        progress = progress or NullProgress()
        from station_app.exports.roster_xlsx import read_roster_xlsx

        sheet_rows, header_errors = read_roster_xlsx(Path(path))
        if header_errors:
            return ImportReport(
                len(sheet_rows), dry_run, False, errors=tuple(header_errors)
            ), Changes()
        try:
            with self._db.uow() as s:
                report = self._import_rows(s, actor, sheet_rows, dry_run, progress)
                if dry_run or report.errors:
                    raise _DryRun(report)
        except _DryRun as stop:
            return stop.report, Changes()
        kinds = Changes()
        for kind in (KIND_GRID, KIND_PERSON, KIND_ASSIGNMENT, KIND_COMMUNITY):
            kinds |= Changes.of(kind)
        return report, kinds

    def _import_rows(
        self, s, actor: Actor, sheet_rows: list[SheetRow], dry_run: bool, progress: Progress
    ) -> ImportReport:
        errors: list[RowError] = []
        counts = defaultdict(int)
        entries: list[audit.AuditEntry] = []
        on_default = self._today()
        seen_people: dict[tuple, Person] = {}
        for done, row in enumerate(sheet_rows):
            if done % 50 == 0:
                check_cancel(progress)
                progress.report(done, len(sheet_rows), "正在检查和导入花名册…")
            try:
                self._import_row(s, actor, row, on_default, counts, entries, seen_people)
            except ValidationError as exc:
                header = _header_for(exc.field)
                errors.append(RowError(row.row_no, header, exc.message))
        if not errors and not dry_run:
            audit.append(s, actor, entries)
        return ImportReport(
            rows=len(sheet_rows),
            dry_run=dry_run,
            applied=not dry_run and not errors,
            grids_created=counts["grids"],
            communities_created=counts["communities"],
            people_created=counts["people_created"],
            people_updated=counts["people_updated"],
            assignments_created=counts["assignments"],
            errors=tuple(errors),
        )

    def _import_row(
        self, s, actor, row: SheetRow, on_default, counts, entries, seen_people
    ) -> None:
        v = {
            k: _cell(val) if k not in ("cert_expiry", "start_on") else val
            for k, val in row.values.items()
        }
        grid_code = v.get("grid_code", "")
        grid_role = rules.parse_grid_role(v.get("grid_role", ""))
        roles = rules.parse_role_labels(v.get("roles", ""))
        if grid_role and not roles and grid_role in rules.GRID_ROLE_NEEDS:
            roles = [rules.GRID_ROLE_NEEDS[grid_role]]
        if grid_role in rules.GRID_ROLE_NEEDS and rules.GRID_ROLE_NEEDS[grid_role] not in roles:
            roles = [*roles, rules.GRID_ROLE_NEEDS[grid_role]]
        if grid_role == rules.MEDIATOR and rules.MEDIATOR not in roles:
            roles = [*roles, rules.MEDIATOR]
        data = PersonData(
            name=v.get("name", ""),
            roles=tuple(roles),
            gender=v.get("gender", ""),
            phone=v.get("phone", ""),
            id_number=v.get("id_number", ""),
            organisation=v.get("organisation", ""),
            cert_no=v.get("cert_no", ""),
            cert_expiry=_parse_date(v.get("cert_expiry"), "cert_expiry"),
            supervision_group=v.get("supervision_group", ""),
            note=v.get("note", ""),
        ).validate()
        start_on = _parse_date(v.get("start_on"), "start_on") or on_default
        if grid_code and not grid_role:
            raise ValidationError(
                "填了网格编号，请同时填写网格职务（如 网格员）。", field="grid_role"
            )
        if grid_role and not grid_code:
            raise ValidationError("填了网格职务，请同时填写网格编号。", field="grid_code")
        grid = None
        if grid_code:
            code = rules.validate_grid_code(grid_code)
            grid = repo.grid_by_code(s, code)
            if grid is None:
                gdata = GridData(
                    code=code,
                    name=v.get("grid_name", ""),
                    communities=tuple(x for x in split_names(v.get("communities", ""))),
                    supervision_group=data.supervision_group
                    if grid_role == rules.VOLUNTEER
                    else "",
                ).validate()
                grid = Grid(
                    code=gdata.code,
                    name=gdata.name,
                    boundary="",
                    supervision_group=gdata.supervision_group,
                    active=True,
                    note="",
                )
                s.add(grid)
                communities, created = self._ensure_communities(
                    s, actor, gdata.communities, entries
                )
                counts["communities"] += created
                grid.communities = communities
                s.flush()
                counts["grids"] += 1
                entries.append(
                    audit.AuditEntry(
                        audit.CREATE,
                        KIND_GRID,
                        grid.id,
                        audit.diff(None, _grid_audit(gdata)),
                        "导入花名册",
                    )
                )
        key = (data.name, data.phone, data.id_number)
        person = seen_people.get(key) or repo.person_by_identity(
            s, data.name, data.phone, data.id_number
        )
        if person is None:
            saved = self._write_person(s, None, data)
            person = s.get(Person, saved.id)
            counts["people_created"] += 1
            entries.append(
                audit.AuditEntry(
                    audit.CREATE,
                    KIND_PERSON,
                    person.id,
                    audit.diff(None, _person_audit(saved)),
                    "导入花名册",
                )
            )
        elif key not in seen_people:
            merged = _person_dto(person)
            merged = replace(
                merged,
                roles=tuple(rules.role_codes(" ".join((*merged.roles, *data.roles)))),
                gender=data.gender or merged.gender,
                organisation=data.organisation or merged.organisation,
                cert_no=data.cert_no or merged.cert_no,
                cert_expiry=data.cert_expiry or merged.cert_expiry,
                supervision_group=data.supervision_group or merged.supervision_group,
                id_number=data.id_number or merged.id_number,
            )
            before = _person_audit(_person_dto(person))
            saved = self._write_person(s, person, merged)
            diff = audit.diff(before, _person_audit(saved))
            if diff:
                counts["people_updated"] += 1
                entries.append(
                    audit.AuditEntry(audit.UPDATE, KIND_PERSON, person.id, diff, "导入花名册")
                )
        seen_people[key] = person
        if grid is not None:
            if not person.active:
                raise ValidationError(f"{person.name} 已离任，不能安排到网格。", field="name")
            for a, _p in repo.assignments(s, grid_ids=[grid.id], person_id=person.id):
                if a.role == grid_role and (a.end_on is None or a.end_on > start_on):
                    return  # already there
            a = GridAssignment(
                grid_id=grid.id, person_id=person.id, role=grid_role, start_on=start_on, note=""
            )
            s.add(a)
            s.flush()
            counts["assignments"] += 1
            text = _duty_text(grid_role, person.name, start_on)
            entries.append(
                audit.AuditEntry(
                    audit.UPDATE, KIND_GRID, grid.id, {"member": [None, text]}, "导入花名册"
                )
            )
            entries.append(
                audit.AuditEntry(
                    audit.UPDATE,
                    KIND_PERSON,
                    person.id,
                    {"grid": [None, f"{grid.code} {text}"]},
                    "导入花名册",
                )
            )


def split_names(text: str) -> list[str]:
    import re

    return [p for p in (x.strip() for x in re.split(r"[、,，;；/]+", text or "")) if p]


def _header_for(field_name: str) -> str:
    from station_app.domain.roster_sheet import KEY_TO_HEADER

    aliases = {
        "code": "grid_code",
        "communities": "communities",
        "person": "name",
        "role": "grid_role",
    }
    return KEY_TO_HEADER.get(aliases.get(field_name, field_name), "")


def _group_order(group: str) -> int:
    return rules.DEFAULT_GROUPS.index(group) if group in rules.DEFAULT_GROUPS else 99


def _role_rank(label: str) -> int:
    for code, text in rules.GRID_ROLES.items():
        if text == label:
            return rules.GRID_ROLE_ORDER[code]
    return 9


__all__ = [
    "CertAlert",
    "GridData",
    "GridSummary",
    "ImportReport",
    "LeaveResult",
    "Member",
    "PersonBrief",
    "PersonData",
    "RosterService",
    "TrainingData",
    "TrainingTotals",
]
