"""Changing what was recorded (docs/areas/patrols.md §5, §6): 延期 of a rectification
deadline (approved by the head, before it passes; the re-check task moves with it) and 作废
of a record (with a reason; nothing deleted; its plan task open again, its hazards voided
with their re-check tasks, the entity regraded).

A record whose hazards were already re-checked is not voided: the re-check record is a
visit of its own that changed the hazard, and voiding the first would leave it pointing at
nothing. Re-check records themselves are not voided here either (the hazard's state came
from them); both refusals say so."""

from __future__ import annotations

from datetime import date

from station_app.data.models import Entity, Hazard, HazardExtension, PatrolRecord, PatrolTask
from station_app.data.repo import patrols as repo
from station_app.domain.patrols import hazards as H
from station_app.domain.patrols import notices as N
from station_app.domain.patrols import records as D
from station_app.domain.patrols.lists import RecordFilter
from station_app.errors import ValidationError
from station_app.queries.patrols_records import RecordRows
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.calendar import work_calendar
from station_app.services.patrols.grading import regrade_in
from station_app.services.patrols.records import (
    KIND_HAZARD,
    KIND_RECORD,
    KIND_TASK,
    HazardView,
    RecordView,
    _hazard_snap,
    _snap,
    hazard_view,
    record_view,
    schedule_recheck,
)

KIND_EXTENSION = "hazard_extension"
HAZARD_GONE, RECORD_GONE = "该隐患不存在。", "该巡查记录不存在。"


def drop_recheck_task(tx: Tx, task_id: int | None) -> None:
    """Delete a re-check task no open hazard needs any more (still pending, never visited);
    a task already visited or done stays as history."""
    if task_id is None or repo.open_hazards_of_task(tx.s, task_id):
        return
    task = tx.s.get(PatrolTask, task_id)
    if task is not None and task.status == "pending" and not task.attempts:
        tx.s.delete(task)
        tx.s.flush()
        tx.touch(KIND_TASK, [task_id])


class PatrolAmendments(Service):
    """延期 and 作废. Any thread; writes on the writer."""

    def extend(
        self, hazard_id: int, version: int | None, new_deadline: date, reason: str
    ) -> tuple[HazardView, Changes]:
        """延期 (``patrols extend``): the head approves a later deadline before the current
        one passes; the hazard's re-check task moves to the new deadline."""

        def extend(tx: Tx) -> None:
            hazard = tx.load(Hazard, hazard_id, version, missing=HAZARD_GONE)
            if hazard.deadline is None:
                raise ValidationError("当场整改的隐患没有整改期限，不能延期。", field="deadline")
            new = H.check_extension(hazard.state, hazard.deadline, new_deadline, tx.today, reason)
            before, old, old_task = _hazard_snap(hazard), hazard.deadline, hazard.recheck_task_id
            entity = tx.s.get(Entity, hazard.entity_id)
            record = tx.s.get(PatrolRecord, hazard.record_id)
            hazard.deadline, hazard.recheck_task_id = new, None
            tx.s.flush()
            hazard.recheck_task_id = schedule_recheck(tx, entity, new, work_calendar(tx.s), record)
            tx.s.flush()
            if old_task != hazard.recheck_task_id:
                drop_recheck_task(tx, old_task)
            text = reason.strip()
            ext = HazardExtension(
                hazard_id=hazard.id, old_deadline=old, new_deadline=new, reason=text,
                approved_by=tx.actor.username,
            )  # fmt: skip
            tx.s.add(ext)
            tx.s.flush()
            shown = {"hazard_id": hazard.id, "old_deadline": old.isoformat(),
                     "new_deadline": new.isoformat(), "reason": text}  # fmt: skip
            tx.created(KIND_EXTENSION, ext.id, shown)
            why = f"{H.EVENT_LABELS[H.EXTEND]}：{text}"
            tx.updated(KIND_HAZARD, hazard.id, before, _hazard_snap(hazard), why)

        conflict = Conflict("隐患", lambda: self._hazard_now(hazard_id))
        _, changes = self._transact("patrols.extend", extend, conflict=conflict)
        return self._hazard_now(hazard_id), changes

    def extensions(self, hazard_id: int) -> list[tuple[date, date, str, str]]:
        """The hazard's extensions, oldest first: (old, new deadline, reason, approved by)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            return repo.hazard_extensions(s, hazard_id)

    def void(self, record_id: int, version: int | None, reason: str) -> tuple[RecordView, Changes]:
        """作废 a record (``patrols void``): kept, marked voided with the reason; the plan
        task it fulfilled (or attempted) open again; its hazards voided and their re-check
        tasks removed; the entity's grade recomputed without them."""
        text = N.check_reason(reason, "巡查记录")

        def void(tx: Tx) -> None:
            row = tx.load(PatrolRecord, record_id, version, missing=RECORD_GONE)
            hazards = _check_voidable(tx, row)
            before = _snap(row) | {"voided": False}
            row.voided, row.void_reason = True, text
            tx.s.flush()
            tasks = []
            for h in hazards:
                hb = _hazard_snap(h)
                h.state, task_id, h.recheck_task_id = H.VOIDED, h.recheck_task_id, None
                tx.s.flush()
                tx.updated(KIND_HAZARD, h.id, hb, _hazard_snap(h), f"巡查记录作废：{text}")
                tasks.append(task_id)
            for task_id in dict.fromkeys(tasks):
                drop_recheck_task(tx, task_id)
            _reopen_task(tx, row)
            tx.updated(KIND_RECORD, row.id, before, _snap(row) | {"voided": True}, f"作废：{text}")
            if hazards:
                regrade_in(tx, row.entity_id, "巡查记录作废")

        conflict = Conflict("巡查记录", lambda: self._record_now(record_id))
        _, changes = self._transact("records.delete", void, conflict=conflict)
        return self._record_now(record_id), changes

    def record_rows(self, flt: RecordFilter | None = None) -> RecordRows:
        """The records list under ``flt`` (``services.base.Rows``), voided ones marked."""
        self._auth.require("data.view")
        return RecordRows(self._db, flt)

    def _hazard_now(self, hazard_id: int) -> HazardView:
        with self._db.session() as s:
            return hazard_view(s, s.get(Hazard, hazard_id))

    def _record_now(self, record_id: int) -> RecordView:
        with self._db.session() as s:
            return record_view(s, s.get(PatrolRecord, record_id))


def _check_voidable(tx: Tx, row: PatrolRecord) -> list[Hazard]:
    if row.voided:
        raise ValidationError("该巡查记录已经作废。", field="voided")
    if row.source == D.RECHECK_SOURCE:
        raise ValidationError(
            "复查记录不能作废：隐患的整改状态由它确定。复查有误的，请再次复查并在备注中说明。",
            field="voided",
        )
    hazards = repo.record_hazards(tx.s, row.id)
    rechecked = [str(h.id) for h in hazards if h.rechecks]
    if rechecked:
        raise ValidationError(
            f"该记录发现的隐患（编号 {'、'.join(rechecked)}）已经复查，记录不能作废。",
            field="voided",
        )
    return hazards


def _reopen_task(tx: Tx, row: PatrolRecord) -> None:
    """The plan task the record fulfilled is open again; an attempt (闭门未遇) is taken back."""
    task = tx.s.get(PatrolTask, row.task_id) if row.task_id else None
    if task is None or task.kind == "recheck":
        return
    if task.done_record_id == row.id:
        task.status, task.done_record_id = "pending", None
    elif row.result == D.CLOSED_DOOR and task.attempts:
        task.attempts -= 1
        if not task.attempts and task.status == "attempted":
            task.status = "pending"
    else:
        return
    tx.s.flush()
    tx.touch(KIND_TASK, [task.id])
