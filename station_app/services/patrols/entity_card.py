"""The entity card's 巡查 section (docs/areas/patrols.md §11): the grade's rules, the open
plan tasks (overdue first), recent records, open hazards (overdue marked) and samplings.
Reads only; any role that may view data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from station_app.data.models import Entity
from station_app.data.repo import patrol_home as repo
from station_app.data.repo import patrols as patrols_repo
from station_app.domain.patrols import hazards as H
from station_app.domain.patrols.records import RESULT_LABELS
from station_app.domain.patrols.rules import KIND_LABELS, rules_on
from station_app.errors import NotFoundError
from station_app.services.base import Service
from station_app.services.patrols.rules import stored_versions


@dataclass(frozen=True)
class CardTask:
    id: int
    kind: str  # 日常巡查 …
    due_on: date
    end_on: date
    status: str  # 待完成 / 闭门未遇 / 已逾期
    person: str
    overdue: bool


@dataclass(frozen=True)
class CardRecord:
    id: int
    at: datetime
    kind: str
    result: str
    inspectors: str
    hazards: int
    late: bool
    voided: bool


@dataclass(frozen=True)
class CardHazard:
    id: int
    category: str
    description: str
    found_on: date
    deadline: date | None
    overdue: bool


@dataclass(frozen=True)
class CardSampling:
    sampled_on: date
    product: str
    batch: str
    qualified: bool
    failed_items: str


@dataclass(frozen=True)
class EntityPatrols:
    grade: str
    rules: str  # "网格员每月日常巡查 1 次；…"
    tasks: tuple[CardTask, ...]
    records: tuple[CardRecord, ...]
    record_count: int
    hazards: tuple[CardHazard, ...]
    samplings: tuple[CardSampling, ...]

    @property
    def overdue_hazards(self) -> int:
        return sum(h.overdue for h in self.hazards)


def _status(status: str, end_on: date, today: date) -> tuple[str, bool]:
    if end_on < today:
        return "已逾期", True
    return ("闭门未遇，待再访" if status == "attempted" else "待完成"), False


class PatrolEntityCard(Service):
    def entity_section(self, entity_id: int) -> EntityPatrols:
        """Everything the card's 巡查 tab shows of one entity."""
        self._auth.require("data.view")
        today = self._clock.today()
        with self._db.session() as s:
            entity = s.get(Entity, entity_id)
            if entity is None:
                raise NotFoundError("该经营主体不存在（可能已被删除）。")
            grade = entity.local_grade or ""
            rules = rules_on(stored_versions(s), today).describe(grade) if grade else "尚未分级"
            tasks = repo.entity_tasks(s, entity_id, today)
            records = repo.entity_records(s, entity_id)
            people = patrols_repo.person_names(s, [t[5] for t in tasks if t[5]])
            inspectors = {r.id: patrols_repo.record_inspectors(s, r.id) for r in records}
            names = patrols_repo.person_names(s, [p for ids in inspectors.values() for p in ids])
            counts = repo.hazard_counts(s, [r.id for r in records])
            card_tasks = tuple(_task(t, people, today) for t in tasks)
            card_records = tuple(
                CardRecord(
                    r.id,
                    r.at,
                    KIND_LABELS.get(r.kind, r.kind),
                    RESULT_LABELS.get(r.result, r.result),
                    "、".join(names.get(p, "") for p in inspectors[r.id]),
                    counts.get(r.id, 0),
                    r.late,
                    r.voided,
                )
                for r in records
            )
            hazards = tuple(
                CardHazard(h.id, h.category, h.description, h.found_on, h.deadline,
                           H.is_overdue(h.state, h.deadline, today))
                for h in repo.entity_open_hazards(s, entity_id)
            )  # fmt: skip
            samplings = tuple(
                CardSampling(x.sampled_on, x.product, x.batch, x.qualified, x.failed_items)
                for x in repo.entity_samplings(s, entity_id)
            )
            total = repo.entity_record_count(s, entity_id)
        tasks_sorted = tuple(sorted(card_tasks, key=lambda t: (not t.overdue, t.due_on)))
        return EntityPatrols(grade, rules, tasks_sorted, card_records, total, hazards, samplings)


def _task(row: tuple, people: dict[int, str], today: date) -> CardTask:
    tid, kind, due, end, status, person = row
    label, overdue = _status(status, end, today)
    who = people.get(person, "（未分配）") if person else "（未分配）"
    return CardTask(tid, KIND_LABELS.get(kind, kind), due, end, label, who, overdue)
