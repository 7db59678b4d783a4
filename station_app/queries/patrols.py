"""Read side of patrols (日常巡查): the plan tasks and hazards lists for the lazy table.

``patrol_task`` is big (a month at 1,000,000 entities is ~2 million rows): a list is always
bounded by due dates (the filter's ``first``/``last``), which the covering index
``(due_on, grid_id, person_id, grade, status, end_on)`` serves; names come from ``entity``
and ``person`` by primary key for the page shown only.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from datetime import date
from typing import ClassVar

from sqlalchemy import and_, func, or_, select

from station_app.data.engine import Database
from station_app.data.models import Entity, Hazard, PatrolTask, Person, RectificationNotice
from station_app.domain.patrols.hazards import OPEN, STATE_LABELS
from station_app.domain.patrols.lists import HazardFilter, TaskFilter
from station_app.domain.patrols.plan import (
    ATTEMPTED,
    DONE,
    OVERDUE_LABEL,
    PENDING,
    TASK_STATUS_LABELS,
)
from station_app.domain.patrols.rules import KIND_LABELS, PERFORMER_LABELS
from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.queries.common import GridLabelCache

ROLE_OF_KIND = {"patrol": "grid_worker", "review": "specialist", "check": "station"}
ROLE_OF_KIND["recheck"] = "station"


def _like(text: str) -> str | None:
    q = remove_spaces(to_halfwidth(text or ""))
    if not q:
        return None
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _entity_text(pattern: str):
    return or_(
        Entity.name.like(pattern, escape="\\"),
        Entity.address.like(pattern, escape="\\"),
        Entity.uscc.like(pattern, escape="\\"),
    )


def task_status_label(status: str, end_on: date, today: date) -> str:
    if status != DONE and end_on < today:
        return OVERDUE_LABEL
    return TASK_STATUS_LABELS.get(status, status)


class TaskRows(GridLabelCache):
    """The plan tasks list (``PatrolService.task_rows``). Rows in ``TASK_COLUMNS`` order,
    then the entity id, the status code and whether it is overdue. Any thread."""

    SORT: ClassVar[dict] = {
        "due_on": PatrolTask.due_on,
        "grid": PatrolTask.grid_id,
        "person": PatrolTask.person_id,
        "status": PatrolTask.status,
        "grade": PatrolTask.grade,
        "kind": PatrolTask.kind,
        "window_end": PatrolTask.end_on,
    }

    def __init__(self, db: Database, flt: TaskFilter | None, today: Callable[[], date]) -> None:
        self.db = db
        self.filter = flt or TaskFilter()
        self._today = today
        self._grid_labels: dict[int, str] | None = None

    def with_filter(self, flt: TaskFilter) -> TaskRows:
        self.filter = flt
        return self

    def _conditions(self) -> tuple[list, bool]:
        f, t = self.filter, PatrolTask
        conds: list = []
        if f.first is not None:
            conds.append(t.due_on >= f.first)
        if f.last is not None:
            conds.append(t.due_on <= f.last)
        for col, value in ((t.grid_id, f.grid_id), (t.person_id, f.person_id)):
            if value is not None:
                conds.append(col == value)
        if f.kind:
            conds.append(t.kind == f.kind)
        if f.entity_id is not None:
            conds.append(t.entity_id == f.entity_id)
        if f.grid_ids is not None:
            conds.append(t.grid_id.in_(sorted(f.grid_ids)))
        today = self._today()
        if f.status == "overdue":
            conds += [t.status != DONE, t.end_on < today]
        elif f.status == "open":
            conds.append(t.status != DONE)
        elif f.status in (PENDING, DONE, ATTEMPTED):
            conds.append(t.status == f.status)
        pattern = _like(f.text)
        if pattern:
            conds.append(_entity_text(pattern))
        return conds, bool(pattern)

    def _select(self, what, sort_key: str | None = None, descending: bool = False):
        conds, join = self._conditions()
        stmt = select(what).select_from(PatrolTask)
        if join:
            stmt = stmt.join(Entity, Entity.id == PatrolTask.entity_id)
        stmt = stmt.where(*conds)
        if sort_key is None and what is not PatrolTask.id:
            return stmt
        column = self.SORT.get(sort_key or "", PatrolTask.due_on)
        if sort_key == "entity":
            if not join:
                stmt = stmt.join(Entity, Entity.id == PatrolTask.entity_id)
            column = Entity.name
        if descending:
            return stmt.order_by(column.desc(), PatrolTask.id.desc())
        return stmt.order_by(column.asc(), PatrolTask.id)

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        with self.db.session() as s:
            return array(
                "q", s.execute(self._select(PatrolTask.id, sort_key, descending)).scalars()
            )

    def fetch_first_ids(self, sort_key: str | None, descending: bool, limit: int = 256) -> array:
        stmt = self._select(PatrolTask.id, sort_key, descending).limit(limit)
        with self.db.session() as s:
            return array("q", s.execute(stmt).scalars())

    def count(self) -> int:
        with self.db.session() as s:
            return int(s.execute(self._select(func.count())).scalar_one())

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        grids, today, t = self.grid_labels(), self._today(), PatrolTask
        stmt = (
            select(
                t.id,
                t.due_on,
                t.kind,
                Entity.name,
                Entity.address,
                t.grade,
                t.grid_id,
                Person.name,
                t.status,
                t.end_on,
                t.entity_id,
            )
            .join(Entity, Entity.id == t.entity_id)
            .outerjoin(Person, Person.id == t.person_id)
            .where(t.id.in_(list(ids)))
        )
        with self.db.session() as s:
            rows = s.execute(stmt).all()
        out = {}
        for r in rows:
            role = ROLE_OF_KIND.get(r[2], "")
            overdue = r[8] != DONE and r[9] < today
            out[r[0]] = (
                r[1], KIND_LABELS.get(r[2], r[2]), r[3], r[4], r[5], grids.get(r[6], ""),
                r[7] or "（未分配）", PERFORMER_LABELS.get(role, "").split("（")[0],
                task_status_label(r[8], r[9], today), r[9], r[10], r[8], overdue,
            )  # fmt: skip
        return out


class HazardRows(GridLabelCache):
    """The hazards list (``PatrolService.hazard_rows``). Rows in ``HAZARD_COLUMNS`` order,
    then the entity id, the state code and whether the rectification is overdue."""

    SORT: ClassVar[dict] = {
        "found_on": Hazard.found_on,
        "category": Hazard.category,
        "severity": Hazard.severity,
        "state": Hazard.state,
        "deadline": Hazard.deadline,
        "rechecks": Hazard.rechecks,
    }

    def __init__(self, db: Database, flt: HazardFilter | None, today: Callable[[], date]) -> None:
        self.db = db
        self.filter = flt or HazardFilter()
        self._today = today
        self._grid_labels: dict[int, str] | None = None

    def with_filter(self, flt: HazardFilter) -> HazardRows:
        self.filter = flt
        return self

    def _conditions(self) -> list:
        f, h = self.filter, Hazard
        conds: list = []
        if f.state == "open":
            conds.append(h.state == OPEN)
        elif f.state == "overdue":
            conds += [h.state == OPEN, h.deadline < self._today()]
        elif f.state == "closed":
            conds.append(h.state != OPEN)
        if f.category:
            conds.append(h.category == f.category)
        if f.grid_id is not None:
            conds.append(Entity.grid_id == f.grid_id)
        if f.grid_ids is not None:
            conds.append(Entity.grid_id.in_(sorted(f.grid_ids)))
        if f.entity_id is not None:
            conds.append(h.entity_id == f.entity_id)
        if f.first is not None:
            conds.append(h.found_on >= f.first)
        if f.last is not None:
            conds.append(h.found_on <= f.last)
        pattern = _like(f.text)
        if pattern:
            conds.append(or_(_entity_text(pattern), h.description.like(pattern, escape="\\")))
        return conds

    def _select(self, what):
        return (
            select(what)
            .select_from(Hazard)
            .join(Entity, Entity.id == Hazard.entity_id)
            .where(*self._conditions())
        )

    def _ordered(self, sort_key: str | None, descending: bool):
        column = Entity.name if sort_key == "entity" else self.SORT.get(sort_key or "")
        if column is None:  # newest first
            order = [Hazard.id] if descending else [Hazard.id.desc()]
        elif descending:
            order = [column.desc(), Hazard.id.desc()]
        else:
            order = [column.asc(), Hazard.id]
        return self._select(Hazard.id).order_by(*order)

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        with self.db.session() as s:
            return array("q", s.execute(self._ordered(sort_key, descending)).scalars())

    def fetch_first_ids(self, sort_key: str | None, descending: bool, limit: int = 256) -> array:
        with self.db.session() as s:
            stmt = self._ordered(sort_key, descending).limit(limit)
            return array("q", s.execute(stmt).scalars())

    def count(self) -> int:
        with self.db.session() as s:
            return int(s.execute(self._select(func.count())).scalar_one())

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        grids, today, h = self.grid_labels(), self._today(), Hazard
        stmt = (
            select(
                h.id,
                h.found_on,
                Entity.name,
                h.category,
                h.severity,
                h.description,
                h.state,
                h.deadline,
                h.rechecks,
                Entity.grid_id,
                RectificationNotice.number,
                h.entity_id,
            )
            .join(Entity, Entity.id == h.entity_id)
            .outerjoin(RectificationNotice, and_(RectificationNotice.id == h.notice_id))
            .where(h.id.in_(list(ids)))
        )
        with self.db.session() as s:
            rows = s.execute(stmt).all()
        out = {}
        for r in rows:
            overdue = r[6] == OPEN and r[7] is not None and r[7] < today
            state = "整改逾期" if overdue else STATE_LABELS.get(r[6], r[6])
            out[r[0]] = (
                r[1], r[2], r[3], r[4], r[5], state, r[7] or "",
                r[8], grids.get(r[9], ""), r[10] or "", r[11], r[6], overdue,
            )  # fmt: skip
        return out
