"""Counts for the county report and the dashboard that no module list query already gives.

Period arguments are ``[start, end)`` calendar dates (Beijing dates: the columns counted here are
local dates); timestamps are compared with the period's UTC bounds.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from station_app.data.engine import Database
from station_app.data.models import Entity, Grid, ListEntry, ListKind, Training, training_attendance


def entity_counts(
    db: Database, start: date, end: date, utc_start: datetime, utc_end: datetime
) -> dict[str, int]:
    with db.session() as s:

        def count(*where) -> int:
            return s.execute(select(func.count()).select_from(Entity).where(*where)).scalar_one()

        return {
            "entities.active": count(Entity.status == "在营"),
            "entities.new": count(Entity.registered_on >= start, Entity.registered_on < end),
            "entities.swept": count(
                Entity.source == "扫街纳管",
                Entity.created_at >= utc_start,
                Entity.created_at < utc_end,
            ),
            "entities.grade_cd": count(Entity.status == "在营", Entity.local_grade.in_(("C", "D"))),
        }


def entity_breakdowns(db: Database) -> dict[str, list[tuple[str, int]]]:
    """Current active entities by type, by local grade and by grid."""
    with db.session() as s:
        active = Entity.status == "在营"
        by_type = s.execute(
            select(Entity.entity_type, func.count())
            .where(active)
            .group_by(Entity.entity_type)
            .order_by(Entity.entity_type)
        ).all()
        by_grade = s.execute(
            select(func.coalesce(Entity.local_grade, "未分级"), func.count())
            .where(active)
            .group_by(Entity.local_grade)
            .order_by(Entity.local_grade)
        ).all()
        by_grid = s.execute(
            select(func.coalesce(Grid.code + " " + Grid.name, "未划入网格"), func.count())
            .select_from(Entity)
            .outerjoin(Grid, Grid.id == Entity.grid_id)
            .where(active)
            .group_by(Grid.code, Grid.name)
            .order_by(Grid.code)
        ).all()
    return {
        "type": [tuple(r) for r in by_type],
        "grade": [tuple(r) for r in by_grade],
        "grid": [tuple(r) for r in by_grid],
    }


def list_counts(db: Database, start: date, end: date) -> dict[str, int]:
    with db.session() as s:

        def count(*where) -> int:
            return s.execute(
                select(func.count()).select_from(ListEntry).join(ListKind).where(*where)
            ).scalar_one()

        approved = ListEntry.status.in_(("listed", "removed"))
        return {
            "lists.red_added": count(
                approved,
                ListKind.colour == "red",
                ListEntry.listed_on >= start,
                ListEntry.listed_on < end,
            ),
            "lists.black_added": count(
                approved,
                ListKind.colour == "black",
                ListEntry.listed_on >= start,
                ListEntry.listed_on < end,
            ),
            "lists.removed": count(ListEntry.removed_on >= start, ListEntry.removed_on < end),
            "lists.red_current": count(ListEntry.status == "listed", ListKind.colour == "red"),
            "lists.black_current": count(ListEntry.status == "listed", ListKind.colour == "black"),
        }


def list_breakdown(db: Database, start: date, end: date) -> list[tuple[str, int, int, int]]:
    """Per kind: added in the period, removed in the period, listed now."""
    with db.session() as s:
        kinds = s.execute(select(ListKind.id, ListKind.name).order_by(ListKind.sort_order)).all()
        rows = []
        for kind_id, name in kinds:

            def count(*where, kind_id=kind_id) -> int:
                return s.execute(
                    select(func.count())
                    .select_from(ListEntry)
                    .where(ListEntry.kind_id == kind_id, *where)
                ).scalar_one()

            rows.append(
                (
                    name,
                    count(
                        ListEntry.status.in_(("listed", "removed")),
                        ListEntry.listed_on >= start,
                        ListEntry.listed_on < end,
                    ),
                    count(ListEntry.removed_on >= start, ListEntry.removed_on < end),
                    count(ListEntry.status == "listed"),
                )
            )
    return rows


def training_counts(db: Database, start: date, end: date) -> dict[str, int]:
    with db.session() as s:
        in_period = (Training.held_on >= start, Training.held_on < end)
        sessions = s.execute(
            select(func.count()).select_from(Training).where(*in_period)
        ).scalar_one()
        attendances = s.execute(
            select(func.count())
            .select_from(training_attendance)
            .join(Training, Training.id == training_attendance.c.training_id)
            .where(*in_period)
        ).scalar_one()
    return {"training.sessions": sessions, "training.attendances": attendances}


def licences_expiring(db: Database, today: date, until: date) -> int:
    """Licences of active entities expiring in [today, until] (already expired ones are the
    registry's own list)."""
    from station_app.data.models import Licence

    with db.session() as s:
        return s.execute(
            select(func.count())
            .select_from(Licence)
            .join(Entity, Entity.id == Licence.entity_id)
            .where(
                Entity.status == "在营", Licence.expires_on >= today, Licence.expires_on <= until
            )
        ).scalar_one()
