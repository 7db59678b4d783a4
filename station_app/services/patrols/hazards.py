"""隐患 → 责令整改 → 复查 (docs/areas/patrols.md §6): a re-check is a record of its own that
closes a hazard only when it passes; a failure sets a new deadline (and a new re-check) or
transfers the case (移送立案)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from station_app.data.models import Entity, Hazard, HazardRecheck, PatrolRecord, PatrolTask
from station_app.data.repo import patrols as repo
from station_app.domain.patrols import hazards as H
from station_app.domain.patrols import records as D
from station_app.domain.patrols.lists import HazardFilter
from station_app.domain.patrols.rules import RECHECK
from station_app.errors import NotFoundError
from station_app.queries.patrols import HazardRows
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.calendar import work_calendar
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
from station_app.services.patrols.scope import grid_scope


@dataclass(frozen=True)
class RecheckDraft:
    """A re-check of one hazard: when, by whom (empty: the original record's officers),
    passed or not; a failure needs ``new_deadline`` or ``transfer``."""

    hazard_id: int
    at: datetime
    passed: bool
    new_deadline: date | None = None
    transfer: bool = False
    inspectors: tuple[int | None, ...] = ()
    note: str = ""
    version: int | None = None


class PatrolHazards(Service):
    """Hazards, re-checks and the hazards list. Any thread; writes on the writer."""

    def recheck(self, draft: RecheckDraft) -> tuple[RecordView, Changes]:
        """复查 one hazard (``patrols recheck``): a record of kind 复查 linked to the record
        that found it; the hazard closed on a pass, a new deadline or 移送 on a failure."""
        conflict = Conflict("隐患", lambda: self.hazard(draft.hazard_id))
        record_id, changes = self._transact(
            "patrols.check", lambda tx: self.recheck_in(tx, draft), conflict=conflict
        )
        with self._db.session() as s:
            return record_view(s, s.get(PatrolRecord, record_id)), changes

    def recheck_in(self, tx: Tx, draft: RecheckDraft) -> int:
        """:meth:`recheck` inside the caller's unit of work (a campaign's 回头看 of a problem
        shop, #18). Returns the re-check record's id."""
        hazard = tx.load(Hazard, draft.hazard_id, draft.version, missing="该隐患不存在。")
        entity = tx.load(Entity, hazard.entity_id, missing="该经营主体不存在。")
        at = D.check_time(draft.at, self._clock.now())
        D.check_entity_open(entity.name, entity.status, entity.status_on, at.date())
        state = H.check_recheck(
            hazard.state, D.local(hazard.found_at), at, draft.passed, draft.new_deadline,
            draft.transfer,
        )  # fmt: skip
        people = draft.inspectors or tuple(repo.record_inspectors(tx.s, hazard.record_id))
        inspectors = D.check_inspectors(RECHECK, people)
        row = self._record(tx, hazard, entity, at, inspectors, draft)
        before = _hazard_snap(hazard)
        self._apply(tx, hazard, entity, row, state, draft)
        tx.s.add(
            HazardRecheck(
                record_id=row.id,
                hazard_id=hazard.id,
                passed=draft.passed,
                new_deadline=draft.new_deadline,
                transferred=draft.transfer,
                note=draft.note,
            )
        )
        tx.s.flush()
        tx.created(KIND_RECORD, row.id, _snap(row) | {"inspectors": list(inspectors)})
        why = H.EVENT_LABELS[H.RECHECK_PASS if draft.passed else H.RECHECK_FAIL]
        tx.updated(KIND_HAZARD, hazard.id, before, _hazard_snap(hazard), why)
        return row.id

    def _record(self, tx: Tx, hazard: Hazard, entity: Entity, at, inspectors, draft):
        row = PatrolRecord(
            entity_id=entity.id, at=at, day=at.date(), kind=RECHECK, source=D.RECHECK_SOURCE,
            reference=str(hazard.id), parent_id=hazard.record_id, answers="{}",
            result=D.CLEAR if draft.passed else D.FOUND, grid_id=entity.grid_id,
            entered_by=tx.actor.username, note=draft.note, task_id=hazard.recheck_task_id,
        )  # fmt: skip
        tx.s.add(row)
        tx.s.flush()
        from station_app.data.models import PatrolRecordInspector

        for n, person_id in enumerate(inspectors, 1):
            tx.s.add(PatrolRecordInspector(record_id=row.id, position=n, person_id=person_id))
        return row

    def _apply(self, tx: Tx, hazard: Hazard, entity: Entity, row, state: str, draft) -> None:
        """The hazard's new state; its re-check task done when no open hazard is left on it;
        a new deadline gets its own re-check task."""
        old_task = hazard.recheck_task_id
        hazard.state = state
        hazard.rechecks += 1
        if state != H.OPEN:
            hazard.closed_at, hazard.closed_record_id = row.at, row.id
        if state == H.OPEN and draft.new_deadline is not None:
            hazard.deadline = draft.new_deadline
            cal = work_calendar(tx.s)
            hazard.recheck_task_id = schedule_recheck(tx, entity, draft.new_deadline, cal, row)
        tx.s.flush()
        if old_task is not None and not repo.open_hazards_of_task(tx.s, old_task):
            task = tx.s.get(PatrolTask, old_task)
            if task is not None and task.status != "done":
                repo.complete_task(tx.s, old_task, row.id)
                tx.touch(KIND_TASK, [old_task])

    # -- reading -----------------------------------------------------------------------------
    def hazard(self, hazard_id: int) -> HazardView:
        self._auth.require("data.view")
        with self._db.session() as s:
            h = s.get(Hazard, hazard_id)
            if h is None:
                raise NotFoundError("该隐患不存在。")
            return hazard_view(s, h)

    def hazard_rows(self, flt: HazardFilter | None = None) -> HazardRows:
        """The hazards list under ``flt`` (``services.base.Rows``); a grid worker's narrowed
        to the grids their roster person covers today."""
        actor = self._auth.require("data.view")
        flt = flt or HazardFilter()
        with self._db.session() as s:
            grids = grid_scope(s, actor, self._clock.today())
        if grids is not None:
            flt = replace(flt, grid_ids=grids)
        return HazardRows(self._db, flt, self._clock.today)

    def overdue(self) -> list[HazardView]:
        """Open hazards past their deadline (整改逾期, the home page tile)."""
        rows = self.hazard_rows(HazardFilter(state="overdue"))
        ids = list(rows.fetch_ids("deadline", False))
        with self._db.session() as s:
            return [hazard_view(s, s.get(Hazard, i)) for i in ids]
