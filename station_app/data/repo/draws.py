"""Small queries of the draws area (``services/draws``): check items, a stored draw's rows,
the recusal register. Each takes the caller's Session."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from station_app.data.models import (
    CheckItem,
    Draw,
    DrawConflict,
    DrawInspector,
    DrawObject,
    DrawRecusal,
    Entity,
    Person,
)


def item_named(s: Session, name: str) -> CheckItem | None:
    return s.execute(select(CheckItem).where(CheckItem.name == name)).scalars().first()


def items(s: Session, *, include_inactive: bool = False) -> list[CheckItem]:
    stmt = select(CheckItem).order_by(CheckItem.id)
    if not include_inactive:
        stmt = stmt.where(CheckItem.active)
    return list(s.execute(stmt).scalars())


def insert_rows(s: Session, model: Any, rows: Sequence[dict], chunk: int = 20000) -> None:
    """Core inserts in chunks (a large draw stores thousands of objects)."""
    for i in range(0, len(rows), chunk):
        s.execute(insert(model), list(rows[i : i + chunk]))


def objects(s: Session, draw_id: int) -> list[DrawObject]:
    stmt = (
        select(DrawObject)
        .where(DrawObject.draw_id == draw_id)
        .order_by(DrawObject.grade, DrawObject.rank)
    )
    return list(s.execute(stmt).scalars())


def inspectors(s: Session, draw_id: int) -> list[DrawInspector]:
    stmt = (
        select(DrawInspector)
        .where(DrawInspector.draw_id == draw_id)
        .order_by(DrawInspector.entity_id, DrawInspector.position)
    )
    return list(s.execute(stmt).scalars())


def object_inspectors(s: Session, draw_id: int, entity_id: int) -> list[int]:
    """The roster ids of the inspectors drawn for one object, the lead first."""
    stmt = (
        select(DrawInspector.person_id)
        .where(DrawInspector.draw_id == draw_id, DrawInspector.entity_id == entity_id)
        .order_by(DrawInspector.position)
    )
    return list(s.execute(stmt).scalars())


def recusals(s: Session, draw_id: int) -> list[DrawRecusal]:
    stmt = (
        select(DrawRecusal)
        .where(DrawRecusal.draw_id == draw_id)
        .order_by(DrawRecusal.entity_id, DrawRecusal.key)
    )
    return list(s.execute(stmt).scalars())


def person_names(s: Session, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    stmt = select(Person.id, Person.name).where(Person.id.in_(sorted(set(ids))))
    return {r[0]: r[1] for r in s.execute(stmt)}


def redrawn_by(s: Session, draw_id: int) -> str | None:
    """The number of the draw that replaced this one, if any."""
    return s.execute(select(Draw.number).where(Draw.redraw_of_id == draw_id)).scalars().first()


def id_by_number(s: Session, number: str) -> int | None:
    return s.execute(select(Draw.id).where(Draw.number == number)).scalar()


def conflicts(s: Session, entity_id: int | None = None) -> list[tuple[DrawConflict, str, str]]:
    stmt = (
        select(DrawConflict, Person.name, Entity.name)
        .join(Person, Person.id == DrawConflict.person_id)
        .join(Entity, Entity.id == DrawConflict.entity_id)
        .order_by(DrawConflict.id.desc())
    )
    if entity_id is not None:
        stmt = stmt.where(DrawConflict.entity_id == entity_id)
    return [(c, p, e) for c, p, e in s.execute(stmt)]


def lock_item(s: Session, item_id: int) -> None:
    """Hold the check item's row until the transaction ends (``FOR UPDATE``; SQLite's writer
    lock already serialises): two PCs drawing one item decide "first draw or redraw" one
    after the other."""
    s.execute(select(CheckItem.id).where(CheckItem.id == item_id).with_for_update())
