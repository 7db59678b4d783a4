"""Read side of 双随机 draws: the pools a draw is run on (a few set queries, however large the
registry) and the draw list's id lists and row pages.

Pools: the objects are the entity list's filter (``EntityQuery``'s conditions, so a saved
常用筛选 selects here exactly what it shows in the registry); the inspectors the roster people
with a 执法证; recusals are three set queries (the conflict register, the grid specialists on
the day, the previous draw of the same item); the left-out objects one query over the results
entered in the window.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from station_app.data.engine import Database
from station_app.data.models import (
    Draw,
    DrawConflict,
    DrawInspector,
    DrawObject,
    Entity,
    Grid,
    GridAssignment,
    Person,
)
from station_app.data.repo.campaigns import target_conditions
from station_app.domain.campaign_targets import TargetFilter
from station_app.domain.draw_inputs import CLEAR, FIXED_ON_SPOT, FOUND, DrawFilter
from station_app.domain.entities import EntityFilter
from station_app.domain.roster_rules import SPECIALIST
from station_app.queries.entities import EntityQuery

# ---- pools ----------------------------------------------------------------------------------


def object_rows(
    db: Database, s: Session, flt: EntityFilter | TargetFilter, day: date
) -> list[tuple]:
    """``(id, uscc, credit_class, local_grade, grid code, name)`` of the entities ``flt``
    selects (the entity list's filter, or a campaign target filter), one query."""
    if isinstance(flt, TargetFilter):
        conds = target_conditions(flt, day)
    else:
        conds = EntityQuery(db, flt, today=day).conditions()
    stmt = (
        select(
            Entity.id,
            Entity.uscc,
            Entity.credit_class,
            Entity.local_grade,
            Grid.code,
            Entity.name,
        )
        .outerjoin(Grid, Grid.id == Entity.grid_id)
        .where(*conds)
    )
    return [tuple(r) for r in s.execute(stmt)]


def people_with_cert(s: Session) -> list[Person]:
    """Roster people with a 执法证号 recorded (validity on the day is a domain rule)."""
    return list(s.execute(select(Person).where(Person.cert_no != "").order_by(Person.id)).scalars())


def conflicts_on(s: Session, day: date) -> list[tuple[int, int]]:
    """``(entity_id, person_id)`` of the conflicts in force on ``day``."""
    stmt = select(DrawConflict.entity_id, DrawConflict.person_id).where(
        DrawConflict.recorded_on <= day,
        or_(DrawConflict.ended_on.is_(None), DrawConflict.ended_on > day),
    )
    return [(r[0], r[1]) for r in s.execute(stmt)]


def specialists_on(s: Session, day: date) -> list[tuple[str, int]]:
    """``(grid code, person_id)`` of the specialists covering each grid on ``day``."""
    stmt = (
        select(Grid.code, GridAssignment.person_id)
        .join(Grid, Grid.id == GridAssignment.grid_id)
        .where(
            GridAssignment.role == SPECIALIST,
            GridAssignment.start_on <= day,
            or_(GridAssignment.end_on.is_(None), GridAssignment.end_on > day),
        )
    )
    return [(r[0], r[1]) for r in s.execute(stmt)]


def previous_draw(s: Session, item_id: int, exclude: Iterable[int] = ()) -> Draw | None:
    """The item's latest draw that was not redrawn (its inspectors are recused next time)."""
    stmt = (
        select(Draw)
        .where(Draw.item_id == item_id, Draw.state != "superseded", Draw.id.not_in(list(exclude)))
        .order_by(Draw.drawn_at.desc(), Draw.id.desc())
        .limit(1)
    )
    return s.execute(stmt).scalars().first()


def inspectors_of(s: Session, draw_id: int) -> list[tuple[int, int, str]]:
    """``(entity_id, person_id, inspector key)`` of a stored draw, in position order."""
    stmt = (
        select(DrawInspector.entity_id, DrawInspector.person_id, DrawInspector.key)
        .where(DrawInspector.draw_id == draw_id)
        .order_by(DrawInspector.entity_id, DrawInspector.position)
    )
    return [(r[0], r[1], r[2]) for r in s.execute(stmt)]


def latest_results(s: Session, since: date, until: date) -> dict[int, tuple[date, str]]:
    """Entity id → (day, result) of its latest completed 现场检查 or 季度复核 (patrol records of
    #15, not voided) in ``[since, until]``; the result as a draw prints it (未发现问题 …)."""
    from station_app.data.models import PatrolRecord

    labels = {"clear": CLEAR, "found": FOUND, "fixed": FIXED_ON_SPOT}
    r = PatrolRecord
    stmt = (
        select(r.entity_id, r.day, r.result)
        .where(
            r.kind.in_(("check", "review")),
            ~r.voided,
            r.result.in_(sorted(labels)),
            r.day >= since,
            r.day <= until,
        )
        .order_by(r.day, r.at)
    )
    out: dict[int, tuple[date, str]] = {}
    for entity_id, day, result in s.execute(stmt):
        out[entity_id] = (day, labels[result])
    return out


def open_draw(s: Session, item_id: int) -> Draw | None:
    """The item's draw that is still open (drawn, no result entered): drawing the item again
    is a redraw."""
    has_result = (
        select(DrawObject.draw_id).where(DrawObject.draw_id == Draw.id, DrawObject.result != "")
    ).exists()
    stmt = (
        select(Draw)
        .where(Draw.item_id == item_id, Draw.state == "drawn", ~has_result)
        .order_by(Draw.id.desc())
        .limit(1)
    )
    return s.execute(stmt).scalars().first()


# ---- the list -------------------------------------------------------------------------------

SORT_COLUMNS: dict[str, Any] = {
    "number": (Draw.year, Draw.seq),
    "item": (Draw.item_name,),
    "drawn_at": (Draw.drawn_at,),
    "state": (Draw.state,),
}


def _conditions(flt: DrawFilter) -> list:
    conds: list = []
    text = (flt.text or "").strip()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds.append(
            or_(Draw.number.like(pattern, escape="\\"), Draw.item_name.like(pattern, escape="\\"))
        )
    if flt.year:
        conds.append(Draw.year == flt.year)
    if flt.state:
        conds.append(Draw.state == flt.state)
    return conds


class DrawRows:
    """The draw list (``DrawService.rows``), a ``services.base.Rows``. Any thread; rows in
    ``domain.draw_inputs.LIST_COLUMNS`` order, then the state code (for colouring)."""

    def __init__(self, db: Database, flt: DrawFilter | None = None) -> None:
        self.db = db
        self.filter = flt or DrawFilter()

    def with_filter(self, flt: DrawFilter) -> DrawRows:
        self.filter = flt
        return self

    def _id_select(self, sort_key: str | None, descending: bool):
        columns = SORT_COLUMNS.get(sort_key or "")
        stmt = select(Draw.id).where(*_conditions(self.filter))
        if columns is None:  # newest first
            return stmt.order_by(Draw.id if descending else Draw.id.desc())
        if descending:
            return stmt.order_by(*(c.desc() for c in columns), Draw.id.desc())
        return stmt.order_by(*columns, Draw.id)

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        with self.db.session() as s:
            return array("q", s.execute(self._id_select(sort_key, descending)).scalars())

    def count(self) -> int:
        stmt = select(func.count()).select_from(Draw).where(*_conditions(self.filter))
        with self.db.session() as s:
            return int(s.execute(stmt).scalar_one())

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        import json

        from station_app.domain.draw_inputs import STATE_LABELS
        from station_app.domain.periods import SHANGHAI

        if not ids:
            return {}
        entered = (
            select(DrawObject.draw_id, func.count())
            .where(DrawObject.draw_id.in_(list(ids)), DrawObject.result != "")
            .group_by(DrawObject.draw_id)
        )
        d = Draw
        stmt = select(
            d.id, d.number, d.item_name, d.drawn_at, d.pool_sizes, d.sizes, d.state, d.witness_name
        ).where(d.id.in_(list(ids)))
        with self.db.session() as s:
            done = {r[0]: r[1] for r in s.execute(entered)}
            rows = s.execute(stmt).all()
        out = {}
        for r in rows:
            drawn = sum(json.loads(r[5]).values())
            out[r[0]] = (
                r[1],
                r[2],
                r[3].astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"),
                sum(json.loads(r[4]).values()),
                drawn,
                f"{done.get(r[0], 0)}/{drawn}",
                STATE_LABELS.get(r[6], r[6]),
                r[7],
                r[6],
            )
        return out


def results_by_draw(s: Session, draw_id: int) -> dict[int, tuple[str, date | None]]:
    stmt = select(DrawObject.entity_id, DrawObject.result, DrawObject.checked_on).where(
        DrawObject.draw_id == draw_id
    )
    return {r[0]: (r[1], r[2]) for r in s.execute(stmt)}


def entity_names(s: Session, ids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
    ids = list(ids)
    if not ids:
        return {}
    out: dict[int, tuple[str, str | None]] = {}
    for i in range(0, len(ids), 5000):
        chunk = ids[i : i + 5000]
        stmt = select(Entity.id, Entity.name, Entity.uscc).where(Entity.id.in_(chunk))
        out.update({r[0]: (r[1], r[2]) for r in s.execute(stmt)})
    return out
