"""Roster, the trainings (培训): sessions with their attendance lists, and the year's totals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from station_app.data import audit
from station_app.data.models import Training
from station_app.data.repo import roster as repo
from station_app.data.types import utc_now
from station_app.domain import roster_rules as rules
from station_app.errors import NotFoundError
from station_app.services.base import Changes, Conflict, Tx
from station_app.services.roster.base import EDIT, KIND_TRAINING, RosterBase

GONE = "该培训记录已被删除。"


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
        keys = ("held_on", "topic", "lecturer", "hours", "location", "note")
        return replace(self, **rules.check_training({k: getattr(self, k) for k in keys}))


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


def _dto(t: Training) -> TrainingData:
    return TrainingData(
        t.held_on, t.topic, t.lecturer, t.hours_tenths / 10, t.location, t.note, t.id, t.version
    )


def _audit(t: TrainingData) -> dict[str, Any]:
    return {f.name: getattr(t, f.name) for f in fields(t) if f.name not in ("id", "version")}


class Trainings(RosterBase):
    def get_training(self, training_id: int) -> tuple[TrainingData, list[int]]:
        """The training and its attendees' person ids."""
        self._auth.require("data.view")
        with self._db.session() as s:
            t = s.get(Training, training_id)
            if t is None:
                raise NotFoundError(GONE)
            return _dto(t), repo.attendee_ids(s, training_id)

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

    def save_training(
        self, data: TrainingData, attendee_ids: Iterable[int] | None = None
    ) -> tuple[TrainingData, Changes]:
        """Create or update a training; with ``attendee_ids`` its attendance list is replaced."""
        self._auth.require(EDIT)
        data = data.validate()

        def save(tx: Tx) -> TrainingData:
            if data.version:
                row = tx.load(Training, data.id, data.version, missing=GONE)
                before: dict[str, Any] | None = _audit(_dto(row))
                old = set(repo.attendee_ids(tx.s, row.id))
            else:
                row, before, old = Training(held_on=data.held_on, topic=data.topic), None, set()
                tx.s.add(row)
            row.held_on, row.topic, row.lecturer = data.held_on, data.topic, data.lecturer
            row.hours_tenths = rules.validate_hours(data.hours)
            row.location, row.note = data.location, data.note
            changes = audit.diff(before, _audit(data))
            new = set(attendee_ids) if attendee_ids is not None else old
            if new != old:
                row.updated_at = utc_now()  # bump the version: only the attendance changed
                tx.s.flush()
                repo.set_attendees(tx.s, row.id, new)
                changes["attendance"] = [len(old), len(new)]
            tx.s.flush()
            if changes or not before:
                tx.record(audit.UPDATE if before else audit.CREATE, KIND_TRAINING, row.id, changes)
            return _dto(row)

        conflict = Conflict(
            "培训记录", lambda: self.get_training(data.id)[0] if data.id else None, data
        )
        return self._transact(EDIT, save, conflict=conflict)

    def delete_training(self, training_id: int, version: int, reason: str = "") -> Changes:
        def delete(tx: Tx) -> None:
            row = tx.load(Training, training_id, version, missing=GONE)
            before = _audit(_dto(row))
            before["attendance"] = len(repo.attendee_ids(tx.s, training_id))
            tx.s.delete(row)
            tx.s.flush()
            tx.deleted(KIND_TRAINING, training_id, before, reason)

        return self._transact("records.delete", delete, conflict=Conflict("培训记录"))[1]
