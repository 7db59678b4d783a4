"""Entity registry (经营主体台账): register, edit, delete, grade, list and export entities.

A personal phone (``domain.entities.is_personal_phone``: any phone of a natural person, anyone's
mobile) leaves this service **masked** (``domain/masking.py``), in the list and on the card alike.
The full value is only obtained through :meth:`EntityService.reveal_personal`, which requires
``personal.unmasked`` and writes the view to the audit trail in the same transaction. An edit
that submits the masked form of the stored phone keeps the stored phone (as the complaint
editor does), so an entity is edited without anyone seeing its phone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from station_app.clock import Clock
from station_app.data import audit
from station_app.data.engine import Database
from station_app.data.models import Entity, Licence
from station_app.data.repo import entities as repo
from station_app.data.repo.grading_facts import GradeFacts, grade_facts
from station_app.data.repo.settings import grading_rules
from station_app.data.types import utc_now
from station_app.domain import grading
from station_app.domain.entities import (
    EntityFilter,
    check_licence,
    is_personal_phone,
    licence_state,
    normalise_entity,
    search_keys,
)
from station_app.domain.masking import MASK as MASK_CHAR
from station_app.domain.masking import mask_phone
from station_app.errors import NotFoundError, ValidationError
from station_app.queries.entities import EntityRows
from station_app.services.audit import reveal_personal_value
from station_app.services.base import (
    Auth,
    Changes,
    Conflict,
    NullProgress,
    Progress,
    Service,
    Tx,
    check_cancel,
)

KIND = "entity"
# Personal fields of an entity and how each is masked (the operator's name stays in full: it is
# the name the business is known by, as on the licence).
PERSONAL_FIELDS = {"phone": mask_phone}


@dataclass(frozen=True)
class LicenceData:
    kind: str
    number: str = ""
    issued_on: date | None = None
    expires_on: date | None = None
    issuer: str = ""

    def label(self) -> str:
        until = self.expires_on.isoformat() if self.expires_on else "长期"
        return f"{self.kind} {self.number}（至 {until}）".strip()


@dataclass(frozen=True)
class EntityData:
    """What a user edits. ``id`` 0 and ``version`` 0 mean a new entity."""

    name: str
    uscc: str = ""
    reg_no: str = ""
    entity_type: str = ""
    legal_rep: str = ""
    phone: str = ""
    address: str = ""
    grid_id: int | None = None
    registered_on: date | None = None
    status: str = "在营"
    credit_class: str | None = None
    credit_class_on: date | None = None
    source: str = "登记"
    note: str = ""
    industries: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    licences: tuple[LicenceData, ...] = ()
    id: int = 0
    version: int = 0

    def validate(self) -> EntityData:
        clean = normalise_entity({f.name: getattr(self, f.name) for f in fields(self)})
        for lic in self.licences:
            check_licence(lic.kind, lic.number, lic.issued_on, lic.expires_on)
        licences = tuple(
            replace(
                lic, kind=lic.kind.strip(), number=lic.number.strip(), issuer=lic.issuer.strip()
            )
            for lic in self.licences
        )
        clean["uscc"] = clean["uscc"] or ""
        clean["reg_no"] = clean["reg_no"] or ""
        clean["licences"] = licences
        return EntityData(**clean)


@dataclass(frozen=True)
class GradeHistoryRow:
    at: datetime
    grade: str
    score: int | None
    kind: str
    reason: str
    username: str


@dataclass(frozen=True)
class LicenceView:
    licence: LicenceData
    state: str  # 有效 | 临期 | 已过期 | 长期
    days_left: int | None


@dataclass(frozen=True)
class EntityCard:
    """The whole record as a screen shows it. ``data.phone`` holds the masked form when
    ``phone_masked`` (always, whatever the role: the full value comes from
    :meth:`EntityService.reveal_personal`)."""

    data: EntityData
    grid_label: str
    phone_masked: bool
    licences: tuple[LicenceView, ...]
    local_grade: str | None
    grade: grading.GradeResult
    grade_override: str | None
    grade_override_reason: str
    patrol_frequency: str
    grade_history: tuple[GradeHistoryRow, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class GridOption:
    id: int
    code: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class RecomputeResult:
    entities: int
    changed: int
    by_grade: dict[str, int] = field(default_factory=dict)


def _to_data(row: Entity) -> EntityData:
    return EntityData(
        id=row.id,
        version=row.version,
        name=row.name,
        uscc=row.uscc or "",
        reg_no=row.reg_no or "",
        entity_type=row.entity_type,
        legal_rep=row.legal_rep,
        phone=row.phone,
        address=row.address,
        grid_id=row.grid_id,
        registered_on=row.registered_on,
        status=row.status,
        credit_class=row.credit_class,
        credit_class_on=row.credit_class_on,
        source=row.source,
        note=row.note,
        industries=tuple(sorted(i.industry for i in row.industries)),
        tags=tuple(sorted(t.tag for t in row.tags)),
        licences=tuple(
            LicenceData(lic.kind, lic.number, lic.issued_on, lic.expires_on, lic.issuer)
            for lic in row.licences
        ),
    )


def _mask_personal(data: EntityData) -> tuple[EntityData, bool]:
    """``data`` with a personal phone masked, and whether it was."""
    if not is_personal_phone(data.entity_type, data.phone):
        return data, False
    return replace(data, phone=mask_phone(data.phone)), True


def _keep_masked(data: EntityData, row: Entity) -> EntityData:
    """A personal field submitted in the masked form of its stored value keeps the stored
    value: the editor shows masked values, and only a field the user retyped replaces one."""
    kept = {}
    for k, mask in PERSONAL_FIELDS.items():
        submitted, stored = (getattr(data, k) or "").strip(), getattr(row, k)
        if submitted and stored and MASK_CHAR in submitted and submitted == mask(stored):
            kept[k] = stored
    return replace(data, **kept) if kept else data


def _audit_fields(data: EntityData) -> dict:
    """Audit form: a personal phone masked (the audit trail is not a back door to it; the
    history shows that it changed, the full value stays with :meth:`reveal_personal`)."""
    out = {f.name: getattr(data, f.name) for f in fields(data) if f.name not in ("id", "version")}
    if is_personal_phone(data.entity_type, data.phone):
        out["phone"] = mask_phone(data.phone)
    out["industries"] = "、".join(data.industries)
    out["tags"] = "、".join(data.tags)
    out["licences"] = "；".join(lic.label() for lic in data.licences)
    return out


def pinyin_keys(name: str) -> dict[str, str]:
    initials, full = search_keys(name)
    return {"name_initials": initials, "name_pinyin": full}


def grade_inputs(
    licences: tuple[LicenceData, ...],
    today: date,
    facts: GradeFacts | None = None,
    entity_id: int | None = None,
) -> grading.GradeInputs:
    """Inputs of the local grade: licences from the registry; black/abnormal listings and
    complaints in the last 12 months from ``facts`` (lists and complaints modules). Penalties,
    sampling and patrol hazards read 0 until those modules exist (see ``GradeInputs``)."""
    valid = all(lic.expires_on is None or lic.expires_on >= today for lic in licences)
    if facts is None or entity_id is None:
        return grading.GradeInputs(licences_valid=valid)
    return grading.GradeInputs(
        licences_valid=valid,
        blacklisted=entity_id in facts.blacklisted,
        abnormal_listed=entity_id in facts.abnormal,
        complaints_12m=facts.complaints_12m.get(entity_id, 0),
    )


class EntityService(Service):
    """Any thread; each call opens its own session."""

    def __init__(
        self,
        db: Database,
        auth: Auth,
        rules: grading.GradingRules | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        """``rules`` fixes the grading rules (tests); by default every call reads the station's
        rules from the database (设置 → 分级规则), so a change on one PC applies on all."""
        super().__init__(db, auth, clock=clock)
        self._fixed_rules = rules

    def _rules(self, s) -> grading.GradingRules:
        return self._fixed_rules or grading_rules(s)

    # -- reading -------------------------------------------------------------------------------
    def rows(self, flt: EntityFilter | None = None) -> EntityRows:
        """The registry list under ``flt`` (see ``services.base.Rows``). Natural persons'
        phones are always masked in lists (issue 3: masked by default); the card reveals one
        with permission, audited."""
        self._auth.require("data.view")
        return EntityRows(self._db, flt, mask=True, today=self._clock.today)

    def grids(self) -> list[GridOption]:
        self._auth.require("data.view")
        with self._db.session() as s:
            return [GridOption(*g) for g in repo.grids(s)]

    def get(self, entity_id: int, today: date | None = None) -> EntityCard:
        self._auth.require("data.view")
        today = today or self._clock.today()
        with self._db.session() as s:
            row = repo.get(s, entity_id)
            if row is None:
                raise NotFoundError("该经营主体不存在（可能已被删除）。")
            data = _to_data(row)
            grid_label = ""
            if row.grid_id:
                grid_label = next((f"{c} {n}" for i, c, n in repo.grids(s) if i == row.grid_id), "")
            history = tuple(
                GradeHistoryRow(h.at, h.grade, h.score, h.kind, h.reason, h.username)
                for h in repo.grade_history(s, entity_id)
            )
            override, reason = row.grade_override, row.grade_override_reason
            local, created, updated = row.local_grade, row.created_at, row.updated_at
            facts = grade_facts(s, today, [entity_id])
            rules = self._rules(s)
        result = grading.compute_grade(grade_inputs(data.licences, today, facts, entity_id), rules)
        effective = override or local or result.grade
        data, masked = _mask_personal(data)
        return EntityCard(
            data=data,
            grid_label=grid_label,
            phone_masked=masked,
            licences=tuple(
                LicenceView(lic, st.label, st.days_left)
                for lic in data.licences
                for st in [licence_state(lic.expires_on, today)]
            ),
            local_grade=effective,
            grade=result,
            grade_override=override,
            grade_override_reason=reason,
            patrol_frequency=grading.PATROL_FREQUENCY[effective],
            grade_history=history,
            created_at=created,
            updated_at=updated,
        )

    def reveal_personal(self, entity_id: int, field_name: str) -> str:
        """The full value of one personal field (``PERSONAL_FIELDS``: the phone); needs
        ``personal.unmasked``, and the view is written to the audit trail."""
        if field_name not in PERSONAL_FIELDS:
            raise ValidationError("该字段不是个人信息字段。", field=field_name)
        return reveal_personal_value(
            self._db,
            self._auth,
            KIND,
            entity_id,
            field_name,
            lambda s: s.get(Entity, entity_id),
            "该经营主体不存在（可能已被删除）。",
        )

    def _reload(self, entity_id: int):
        def reload():
            try:
                return self.get(entity_id).data
            except NotFoundError:
                return None

        return reload

    # -- writing -------------------------------------------------------------------------------
    def save(self, data: EntityData, today: date | None = None) -> tuple[EntityCard, Changes]:
        """Create (``id`` 0) or update an entity. Validation errors name the field; a stale
        ``version`` raises ``ConflictError`` with both versions and writes nothing. A phone
        submitted in the masked form :meth:`get` gave keeps the stored phone."""

        def save(tx: Tx) -> int:
            day = today or tx.today
            rules = self._rules(tx.s)  # read before the row is added: no early autoflush
            row = repo.get(tx.s, data.id) if data.id else None
            clean = data
            if data.id:
                if row is None:
                    raise NotFoundError("该经营主体不存在（可能已被删除），未保存。")
                tx.expect(row.version, data.version)
                clean = _keep_masked(data, row)
            clean = clean.validate()
            _check_uscc(tx, clean.uscc, clean.id, "请核对，或打开那一户修改。")
            before = _audit_fields(_to_data(row)) if row is not None else None
            if row is None:
                row = Entity(name=clean.name)
                tx.s.add(row)
            if self._apply(row, clean) and before is not None:
                # only industries, tags or licences changed: the entity row must still be
                # updated, so its version moves and a stale window gets a conflict
                row.updated_at = utc_now()
            facts = grade_facts(tx.s, day, [clean.id]) if clean.id else None
            result = grading.compute_grade(
                grade_inputs(clean.licences, day, facts, clean.id), rules
            )
            regraded = row.grade_computed != result.grade or row.grade_score != result.score
            if regraded:
                row.grade_computed, row.grade_score = result.grade, result.score
                row.local_grade = row.grade_override or result.grade
            tx.s.flush()
            if regraded:
                name = tx.actor.username
                repo.add_grade_history(tx.s, row.id, result.grade, result.score, "计算", "", name)
            tx.saved(KIND, row.id, before, _audit_fields(_to_data(row)))
            return row.id

        conflict = Conflict("该经营主体", self._reload(data.id), mine=data)
        entity_id, changes = self._transact("entities.edit", save, conflict=conflict)
        return self.get(entity_id, today), changes

    def _apply(self, row: Entity, data: EntityData) -> bool:
        """Copy ``data`` onto ``row``; True when its industries, tags or licences changed."""
        for key in repo.DATA_COLUMNS:
            value = getattr(data, key)
            if key in ("uscc", "reg_no"):
                value = value or None
            setattr(row, key, value)
        for key, value in pinyin_keys(data.name).items():
            setattr(row, key, value)
        from station_app.data.models import EntityIndustry, EntityTag

        children = False
        if sorted(i.industry for i in row.industries) != sorted(data.industries):
            row.industries = [EntityIndustry(industry=i) for i in data.industries]
            children = True
        if sorted(t.tag for t in row.tags) != sorted(data.tags):
            row.tags = [EntityTag(tag=t) for t in data.tags]
            children = True
        current = [
            LicenceData(lic.kind, lic.number, lic.issued_on, lic.expires_on, lic.issuer)
            for lic in row.licences
        ]
        if current != list(data.licences):
            row.licences = [
                Licence(
                    kind=lic.kind,
                    number=lic.number,
                    issued_on=lic.issued_on,
                    expires_on=lic.expires_on,
                    issuer=lic.issuer,
                )
                for lic in data.licences
            ]
            children = True
        return children

    def create_in(self, tx: Tx, data: EntityData, today: date) -> int:
        """Insert a new entity inside the caller's transaction ``tx`` and return its id: the
        same cleaning, fields, grade and audit row as :meth:`save`. For services that must
        create an entity and record something about it atomically (扫街纳管 registers a
        capture as a new entity and links it in one transaction). The caller checks
        ``entities.edit``."""
        data = data.validate()
        rules = self._rules(tx.s)  # read before the row is added: no early autoflush
        _check_uscc(tx, data.uscc, None, "请改为关联那一户。")
        row = Entity(name=data.name)
        tx.s.add(row)
        self._apply(row, data)
        result = grading.compute_grade(grade_inputs(data.licences, today), rules)
        row.grade_computed, row.grade_score = result.grade, result.score
        row.local_grade = result.grade
        tx.s.flush()
        name = tx.actor.username
        repo.add_grade_history(tx.s, row.id, result.grade, result.score, "计算", "", name)
        tx.created(KIND, row.id, _audit_fields(_to_data(row)))
        return row.id

    def delete(self, entity_id: int, version: int, reason: str = "") -> Changes:
        """Delete an entity the user saw at ``version``: a stale version (someone saved it
        meanwhile) raises ``ConflictError`` and deletes nothing."""

        def delete(tx: Tx) -> None:
            row = repo.get(tx.s, entity_id)
            if row is None:
                raise NotFoundError("该经营主体不存在（可能已被删除）。")
            tx.expect(row.version, version)
            before = _audit_fields(_to_data(row))
            repo.delete_entity(tx.s, entity_id, version)
            tx.deleted(KIND, entity_id, before, reason)

        conflict = Conflict("该经营主体", self._reload(entity_id))
        return self._transact("records.delete", delete, conflict=conflict)[1]

    def override_grade(
        self,
        entity_id: int,
        grade: str | None,
        reason: str,
        version: int,
        today: date | None = None,
    ) -> tuple[EntityCard, Changes]:
        """Set (or with ``grade`` None clear) the manual grade of the entity the user saw at
        ``version``; the reason is audited. A stale version raises ``ConflictError``."""
        self._auth.require("entities.grade_override")
        grade, reason = grading.check_override(grade, reason)

        def override(tx: Tx) -> None:
            row = repo.get(tx.s, entity_id)
            if row is None:
                raise NotFoundError("该经营主体不存在（可能已被删除）。")
            tx.expect(row.version, version)
            before = {"grade_override": row.grade_override, "local_grade": row.local_grade}
            row.grade_override = grade
            row.grade_override_reason = reason if grade else ""
            row.local_grade = grade or row.grade_computed
            row.updated_at = utc_now()  # clearing an override may change nothing else: the
            # version must still move, so a window holding the old one gets a conflict
            kind = "人工调整" if grade else "取消调整"
            repo.add_grade_history(
                tx.s,
                entity_id,
                row.local_grade or "",
                row.grade_score,
                kind,
                reason,
                tx.actor.username,
            )
            after = {"grade_override": row.grade_override, "local_grade": row.local_grade}
            tx.updated(KIND, entity_id, before, after, reason)

        conflict = Conflict("该经营主体", self._reload(entity_id))
        _, changes = self._transact("entities.grade_override", override, conflict=conflict)
        return self.get(entity_id, today), changes

    def recompute_grades(
        self, progress: Progress | None = None, today: date | None = None
    ) -> tuple[RecomputeResult, Changes]:
        """Recompute every entity's local grade (``station-app grade recompute``)."""
        progress = progress or NullProgress()

        def recompute(tx: Tx) -> RecomputeResult:
            result = self._regrade(tx, today or tx.today, progress)
            tx.touch(KIND)
            if result.changed:
                changed = {"changed": [None, result.changed]}
                tx.record(audit.UPDATE, "entity_grades", "recompute", changed, "重新计算本所分级")
            return result

        result, changes = self._transact("entities.edit", recompute)
        progress.report(result.entities, result.entities, "分级已重新计算")
        return result, changes

    def _regrade(self, tx: Tx, today: date, progress: Progress) -> RecomputeResult:
        """Every entity's grade in one pass: the usual entity gets one of two precomputed
        results (licences valid or not); listed or complained-about ones are computed one by
        one."""
        rules = self._rules(tx.s)
        ok = grading.compute_grade(grade_inputs((), today), rules)
        expired = grading.compute_grade(grading.GradeInputs(licences_valid=False), rules)
        bad = repo.entity_ids_with_expired_licence(tx.s, today)
        facts = grade_facts(tx.s, today)
        special = facts.blacklisted | facts.abnormal | set(facts.complaints_12m)
        rows = repo.grade_rows(tx.s)
        changes = []
        counts: dict[str, int] = {}
        for n, (eid, computed, override, score) in enumerate(rows):
            if n % 50_000 == 0:
                check_cancel(progress)
                progress.report(n, len(rows), "正在重新计算分级…")
            if eid in special:
                licences = (LicenceData(kind="", expires_on=today - timedelta(days=1)),)
                inputs = grade_inputs(licences if eid in bad else (), today, facts, eid)
                result = grading.compute_grade(inputs, rules)
            else:
                result = expired if eid in bad else ok
            effective = override or result.grade
            counts[effective] = counts.get(effective, 0) + 1
            if computed != result.grade or score != result.score:
                changes.append((eid, result.grade, result.score, override))
        repo.set_computed_grades(tx.s, changes, tx.actor.username)
        return RecomputeResult(len(rows), len(changes), counts)

    # -- export --------------------------------------------------------------------------------
    def export(
        self,
        path: Path,
        flt: EntityFilter | None = None,
        ids: list[int] | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Write the filtered entities (or exactly ``ids``, in that order) to an XLSX ledger.
        Phones of natural persons are masked unless the user may see them (then the export is
        logged)."""
        self._auth.require("data.export")
        progress = progress or NullProgress()
        rows = self.rows(flt)
        if ids is None:
            ids = rows.fetch_ids("name", False).tolist()
        from station_app.exports.ledger_writer import ENTITY_HEADERS, write_rows

        def generate():
            for n, row in enumerate(rows.iter_rows(ids)):
                if n % 5000 == 0:
                    check_cancel(progress)
                    progress.report(n, len(ids), "正在导出…")
                yield row

        count = write_rows(Path(path), "经营主体", ENTITY_HEADERS, generate())
        what = {"rows": count, "file": Path(path).name, "masked": rows.mask}
        self._transact("data.export", lambda tx: tx.exported(KIND, "list", what))
        progress.report(count, count, "导出完成")
        return count


def _check_uscc(tx: Tx, uscc: str, own_id: int | None, advice: str) -> None:
    """A USCC names one entity: refuse it when another entity has it."""
    if uscc and (other := repo.uscc_exists(tx.s, uscc, exclude_id=own_id or None)):
        raise ValidationError(
            f"统一社会信用代码 {uscc} 已登记在另一户经营主体（编号 {other}）名下，{advice}",
            field="uscc",
        )
