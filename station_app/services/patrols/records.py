"""巡查记录 / 现场检查 (docs/areas/patrols.md §5): a visit with its checklist answers, the
plan task it fulfils, its hazards with their rectification deadlines and re-check tasks, and
the entity's grade recomputed, all in one unit of work. ``record_in`` is the same inside
another area's transaction (work orders #14 open a check here)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from station_app.data.models import (
    ChecklistVersion,
    Entity,
    Hazard,
    PatrolRecord,
    PatrolRecordInspector,
    PatrolTask,
)
from station_app.data.repo import patrols as repo
from station_app.domain.patrols import checklists as C
from station_app.domain.patrols import hazards as H
from station_app.domain.patrols import records as D
from station_app.domain.patrols.rules import CHECK, PATROL, REVIEW, rules_on
from station_app.domain.patrols.schedule import Window, next_eligible
from station_app.errors import NotFoundError, ValidationError
from station_app.services.base import Changes, Service, Tx
from station_app.services.calendar import work_calendar
from station_app.services.patrols.grading import regrade_in
from station_app.services.patrols.rules import stored_versions
from station_app.services.patrols.scope import check_may_record

KIND_RECORD, KIND_HAZARD, KIND_TASK = "patrol_record", "hazard", "patrol_task"
KIND_CHECKLIST = "checklist"
PERMISSION_OF_KIND = {
    PATROL: "patrols.record",
    REVIEW: "patrols.check",
    CHECK: "patrols.check",
    "recheck": "patrols.check",
}


@dataclass(frozen=True)
class HazardView:
    id: int
    record_id: int
    entity_id: int
    category: str
    severity: str
    description: str
    mode: str
    state: str
    state_label: str
    found_at: datetime
    deadline: date | None
    recheck_due: date | None
    rechecks: int
    version: int


@dataclass(frozen=True)
class RecordView:
    id: int
    entity_id: int
    entity: str  # USCC, else the id
    entity_name: str
    at: datetime
    kind: str
    source: str
    reference: str
    result: str
    result_label: str
    inspectors: tuple[str, ...]
    checklist: str
    answers: dict[str, str]
    task_id: int | None
    late: bool
    present_party: str
    hazards: tuple[HazardView, ...]
    version: int
    voided: bool = False
    void_reason: str = ""


def checklist_version(tx: Tx, code_or_name: str, day: date) -> tuple[int, C.Checklist]:
    """The version of a template in force on ``day`` (its id and items). A default template
    (``DEFAULT_CHECKLISTS``) not stored yet is stored as version 1 first (audited)."""
    text = (code_or_name or "").strip()
    row = repo.checklist_by_code(tx.s, text) or repo.checklist_by_name(tx.s, text)
    if row is None:
        default = C.DEFAULT_BY_CODE.get(text) or next(
            (c for c in C.DEFAULT_CHECKLISTS if c.name == text), None
        )
        if default is None:
            names = "、".join(c.name for c in C.DEFAULT_CHECKLISTS)
            raise ValidationError(f"没有名为“{text}”的检查表。可选：{names}。", field="checklist")
        industries = "、".join(default.industries)
        args = (default.code, default.name, industries, default.items_json())
        created = repo.seed_checklist(tx.s, *args, default.effective_from)
        row = repo.checklist_by_code(tx.s, default.code)
        assert row is not None  # just stored, by this call or a concurrent one
        if created:
            tx.created(KIND_CHECKLIST, row.id, {"code": row.code, "name": row.name, "version": 1})
    versions = repo.checklist_versions(tx.s, row.id)
    current = [v for v in versions if v.effective_from <= day] or versions[:1]
    v = current[-1]
    kinds = [i for i in row.industries.split("、") if i]
    return v.id, C.Checklist.from_json(row.code, v.name, kinds, v.items, v.number)


def _checklist_code(tx: Tx, entity: Entity, kind: str, day: date, asked: str | None) -> str:
    if asked:
        return asked
    rule = rules_on(stored_versions(tx.s), day).get(entity.local_grade or "", kind)
    if rule is not None and rule.checklist:
        return rule.checklist
    return C.checklist_for(repo.entity_industries(tx.s, entity.id), entity.name)


def default_inspectors(tx: Tx, entity: Entity, kind: str, day: date) -> list[int]:
    """Who made a visit when the caller names nobody: the grid's holder of the duty that day
    (a 现场检查 or 复查 its specialists; fewer than two is the usual clear refusal)."""
    role = "grid_worker" if kind == PATROL else "specialist"
    people = repo.holders(tx.s, entity.grid_id, role, day)
    return people[: 2 if kind in (CHECK, "recheck") else 1]


class PatrolRecords(Service):
    """Records and their hazards. Any thread; writes on the writer."""

    def record(
        self,
        draft: D.RecordDraft,
        *,
        task_id: int | None = None,
        checklist: str | None = None,
        assume_yes: bool = False,
    ) -> tuple[RecordView, Changes]:
        """登记 one visit (``patrols record``): checked, then the record, its task, hazards,
        re-check tasks and the entity's grade in one transaction. ``assume_yes``: a draft
        without answers means every item 是 (the command line without ``--answer``)."""
        permission = PERMISSION_OF_KIND.get(draft.kind, "patrols.check")
        record_id, changes = self._transact(
            permission,
            lambda tx: self.record_in(
                tx, draft, task_id=task_id, checklist=checklist, assume_yes=assume_yes
            ),
        )
        return self.get(record_id), changes

    def record_in(
        self,
        tx: Tx,
        draft: D.RecordDraft,
        *,
        task_id: int | None = None,
        checklist: str | None = None,
        assume_yes: bool = False,
    ) -> int:
        """:meth:`record` inside the caller's unit of work (work orders #14, campaigns #18:
        source ``order``/``campaign`` with the order's number as ``reference``). Returns the
        record id; the caller's transaction carries the audit rows."""
        entity = tx.s.get(Entity, draft.entity_id)
        if entity is None:
            raise NotFoundError("该经营主体不存在（可能已被删除），未登记。")
        day = D.local(draft.at).date()
        check_may_record(tx.s, tx.actor, draft.kind, entity.grid_id, day, entity.name)
        if not draft.inspectors:
            people = tuple(default_inspectors(tx, entity, draft.kind, day))
            draft = replace(draft, inspectors=people)
        code = _checklist_code(tx, entity, draft.kind, day, checklist)
        version_id, items = checklist_version(tx, code, day)
        if assume_yes and not draft.answers and draft.result != D.CLOSED_DOOR:
            draft = replace(draft, answers=C.answers_from_marks(items, []))
        checked = D.check_record(
            draft, now=self._clock.now(), entity_name=entity.name, entity_status=entity.status,
            status_on=entity.status_on, checklist=items,
        )  # fmt: skip
        row = self._insert(tx, entity, checked, version_id)
        task = self._fulfil(tx, row, checked, task_id)
        self._hazards(tx, entity, row, checked)
        after = _snap(row) | {"inspectors": list(checked.inspectors)}
        tx.created(KIND_RECORD, row.id, after)
        if task is not None:
            tx.touch(KIND_TASK, [task.id])
        if checked.findings:
            regrade_in(tx, entity.id, "巡查发现隐患")
        return row.id

    def _insert(
        self, tx: Tx, entity: Entity, checked: D.CheckedRecord, version_id: int
    ) -> PatrolRecord:
        d = checked.draft
        row = PatrolRecord(
            entity_id=entity.id, at=d.at, day=d.at.date(), kind=d.kind, source=d.source,
            reference=d.reference, checklist_version_id=version_id,
            answers=C.answers_json(checked.answers), result=checked.result,
            present_party=d.present_party, grid_id=entity.grid_id,
            entered_by=tx.actor.username, note=d.note,
        )  # fmt: skip
        tx.s.add(row)
        tx.s.flush()
        for n, person_id in enumerate(checked.inspectors, 1):
            tx.s.add(PatrolRecordInspector(record_id=row.id, position=n, person_id=person_id))
        return row

    def _fulfil(
        self, tx: Tx, row: PatrolRecord, checked: D.CheckedRecord, task_id: int | None
    ) -> PatrolTask | None:
        """The plan task the visit answers: given, or the entity's open one of the kind whose
        window holds the day. Completed → done; 闭门未遇 → an attempt. None: 自主巡查."""
        if row.source != D.PLAN:
            return None
        if task_id is not None:
            task = tx.s.get(PatrolTask, task_id)
            if task is None or task.entity_id != row.entity_id:
                raise NotFoundError(f"计划任务 {task_id} 不存在或不属于该经营主体。")
            if task.status == "done":
                raise ValidationError(f"计划任务 {task_id} 已经完成，不能重复登记。", field="task")
        else:
            task = repo.open_task_for(tx.s, row.entity_id, row.kind, row.day)
        if task is None:
            row.source = D.SELF
            return None
        start = repo.window_start(tx.s, task.window_id, task.due_on)
        row.late = D.check_task_fit(task.kind, start, task.end_on, row.kind, row.day)
        row.task_id = task.id
        if checked.completed:
            if not repo.complete_task(tx.s, task.id, row.id):
                raise ValidationError(
                    f"计划任务 {task.id} 刚由另一条记录完成，未重复登记。请刷新后再看。",
                    field="task",
                )
        else:
            task.attempts += 1
            task.status = "attempted"
            task.due_on = next_try(tx, task, row.day)
        tx.s.flush()
        return task

    def _hazards(self, tx: Tx, entity: Entity, row: PatrolRecord, checked: D.CheckedRecord) -> None:
        cal = None
        for f in checked.findings:
            state = H.transition(None, f.event)
            hazard = Hazard(
                record_id=row.id, entity_id=entity.id, category=f.category, severity=f.severity,
                description=f.description, item_key=f.item_key, found_at=row.at,
                found_on=row.day, mode=f.mode, state=state, deadline=f.deadline, rechecks=0,
            )  # fmt: skip
            if state == H.FIXED:
                hazard.closed_at, hazard.closed_record_id = row.at, row.id
            tx.s.add(hazard)
            tx.s.flush()
            if f.mode == H.ORDERED and f.deadline is not None:
                cal = cal or work_calendar(tx.s)
                hazard.recheck_task_id = schedule_recheck(tx, entity, f.deadline, cal, row)
            tx.created(KIND_HAZARD, hazard.id, _hazard_snap(hazard))

    # -- reading -----------------------------------------------------------------------------
    def get(self, record_id: int) -> RecordView:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(PatrolRecord, record_id)
            if row is None:
                raise NotFoundError("该巡查记录不存在。")
            return record_view(s, row)


def next_try(tx: Tx, task: PatrolTask, visited: date) -> date:
    """闭门未遇: the task's next eligible day after ``visited`` in its window, by the
    calendar of the rule that planned it (a daily task's window has none: it stays on its
    day, attempted; the next day has its own task). A re-check keeps its day too."""
    if task.window_id is None:
        return task.due_on
    start = repo.window_start(tx.s, task.window_id, task.due_on)
    rule = rules_on(stored_versions(tx.s), start).get(task.grade, task.kind)
    calendar = rule.calendar if rule is not None else "workdays"
    after = max(visited, task.due_on)
    later = next_eligible(Window(start, task.end_on), after, calendar, work_calendar(tx.s))
    return later or task.due_on


def schedule_recheck(tx: Tx, entity: Entity, deadline: date, cal, row: PatrolRecord) -> int:
    """The re-check task of a hazard due ``deadline``: shared by the entity's hazards due
    that day, given to the grid's specialist (else the record's lead inspector)."""
    due = H.recheck_day(deadline, cal)
    task = repo.open_hazards_due(tx.s, entity.id, due)
    if task is None:
        people = repo.holders(tx.s, entity.grid_id, "specialist", due)
        lead = repo.record_inspectors(tx.s, row.id)[:1]
        task = PatrolTask(
            window_id=None, entity_id=entity.id, kind="recheck", due_on=due,
            end_on=H.recheck_window_end(due, cal), grade=entity.local_grade or "",
            grid_id=entity.grid_id, person_id=next(iter(people or lead), None), status="pending",
            attempts=0,
        )  # fmt: skip
        tx.s.add(task)
        tx.s.flush()
    tx.touch(KIND_TASK, [task.id])
    return task.id


def _snap(row: PatrolRecord) -> dict:
    return {
        "entity_id": row.entity_id, "at": row.at.isoformat(), "kind": row.kind,
        "source": row.source, "reference": row.reference, "result": row.result,
        "task_id": row.task_id, "late": row.late, "present_party": row.present_party,
        "checklist_version_id": row.checklist_version_id,
    }  # fmt: skip


def _hazard_snap(h: Hazard) -> dict:
    return {
        "record_id": h.record_id, "entity_id": h.entity_id, "category": h.category,
        "severity": h.severity, "description": h.description, "mode": h.mode,
        "state": h.state, "deadline": h.deadline.isoformat() if h.deadline else None,
        "rechecks": h.rechecks,
    }  # fmt: skip


def hazard_view(s, h: Hazard) -> HazardView:
    due = None
    if h.recheck_task_id and h.state == H.OPEN:
        task = s.get(PatrolTask, h.recheck_task_id)
        due = task.due_on if task is not None else None
    return HazardView(
        h.id, h.record_id, h.entity_id, h.category, h.severity, h.description, h.mode, h.state,
        H.STATE_LABELS.get(h.state, h.state), h.found_at, h.deadline, due, h.rechecks, h.version,
    )  # fmt: skip


def record_view(s, row: PatrolRecord) -> RecordView:
    entity = s.get(Entity, row.entity_id)
    ids = repo.record_inspectors(s, row.id)
    names = repo.person_names(s, ids)
    version = (
        s.get(ChecklistVersion, row.checklist_version_id) if row.checklist_version_id else None
    )
    answers = {
        k: C.ANSWER_LABELS.get(a.value, a.value)
        for k, a in C.answers_from_json(row.answers).items()
    }
    return RecordView(
        row.id, row.entity_id, entity.uscc or str(entity.id), entity.name, row.at, row.kind,
        row.source, row.reference, row.result, D.RESULT_LABELS.get(row.result, row.result),
        tuple(names.get(i, "") for i in ids),
        f"{version.name}（第 {version.number} 版）" if version else "", answers, row.task_id,
        row.late, row.present_party,
        tuple(hazard_view(s, h) for h in repo.record_hazards(s, row.id)), row.version,
        row.voided, row.void_reason,
    )  # fmt: skip


@dataclass(frozen=True)
class PersonOption:
    id: int
    name: str


@dataclass(frozen=True)
class RecordForm:
    """What the record dialog shows before anything is entered: the entity, the task, the
    checklist version in force with its items, the default inspectors and who may be one."""

    entity_id: int
    entity_name: str
    address: str
    grade: str
    kind: str
    task_id: int | None
    checklist: C.Checklist
    inspectors: tuple[int, ...]
    people: tuple[PersonOption, ...]


class PatrolRecordForms(Service):
    def record_form(
        self, entity_id: int, kind: str, day: date, task_id: int | None = None
    ) -> RecordForm:
        """The record dialog's starting point (reads only: a default checklist not stored
        yet is shown from the defaults and stored with the first record)."""
        self._auth.require("data.view")
        from station_app.services.patrols.sheets import _checklist

        with self._db.session() as s:
            entity = s.get(Entity, entity_id)
            if entity is None:
                raise NotFoundError("该经营主体不存在（可能已被删除）。")
            rule = rules_on(stored_versions(s), day).get(entity.local_grade or "", kind)
            code = (rule.checklist if rule is not None else "") or C.checklist_for(
                repo.entity_industries(s, entity.id), entity.name
            )
            role = "grid_worker" if kind == PATROL else "specialist"
            defaults = repo.holders(s, entity.grid_id, role, day)[: 1 if kind == PATROL else 2]
            people = tuple(PersonOption(i, n) for i, n in repo.active_people(s))
            return RecordForm(
                entity.id, entity.name, entity.address, entity.local_grade or "", kind,
                task_id, _checklist(s, code), tuple(defaults), people,
            )  # fmt: skip
