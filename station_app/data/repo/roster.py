"""Roster queries used by the roster service (each takes a Session)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import and_, case, column, delete, func, insert, inspect, or_, select, table
from sqlalchemy.orm import Session

from station_app.data.models import (
    Community,
    Grid,
    GridAssignment,
    Person,
    Training,
    grid_community,
    training_attendance,
)


def communities(s: Session) -> list[Community]:
    return list(s.execute(select(Community).order_by(Community.name)).scalars())


def community_by_name(s: Session, name: str) -> Community | None:
    return s.execute(select(Community).where(Community.name == name)).scalar_one_or_none()


def grids(s: Session, *, active_only: bool = False) -> list[Grid]:
    q = select(Grid).order_by(Grid.code)
    if active_only:
        q = q.where(Grid.active.is_(True))
    return list(s.execute(q).scalars())


def grid_labels(s: Session) -> dict[int, str]:
    """Grid id → "GZ01 东关一网格", the way every list and report names a grid."""
    return {
        gid: f"{code} {name}"
        for gid, code, name in s.execute(select(Grid.id, Grid.code, Grid.name))
    }


def grid_by_code(s: Session, code: str) -> Grid | None:

    return s.execute(select(Grid).where(Grid.code == code)).scalar_one_or_none()


def grid_community_names(s: Session, grid_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
    q = (
        select(grid_community.c.grid_id, Community.name)
        .join(Community, Community.id == grid_community.c.community_id)
        .order_by(grid_community.c.grid_id, Community.name)
    )
    if grid_ids is not None:
        q = q.where(grid_community.c.grid_id.in_(list(grid_ids)))
    out: dict[int, list[str]] = defaultdict(list)
    for gid, name in s.execute(q):
        out[gid].append(name)
    return out


def assignments(
    s: Session,
    *,
    grid_ids: Iterable[int] | None = None,
    person_id: int | None = None,
    on: date | None = None,
    open_only: bool = False,
) -> list[tuple[GridAssignment, Person]]:
    """Assignments with their person; ``on`` keeps those covering that day."""
    q = select(GridAssignment, Person).join(Person, Person.id == GridAssignment.person_id)
    if grid_ids is not None:
        q = q.where(GridAssignment.grid_id.in_(list(grid_ids)))
    if person_id is not None:
        q = q.where(GridAssignment.person_id == person_id)
    if on is not None:
        q = q.where(
            GridAssignment.start_on <= on,
            or_(GridAssignment.end_on.is_(None), GridAssignment.end_on > on),
        )
    if open_only:
        q = q.where(GridAssignment.end_on.is_(None))
    q = q.order_by(GridAssignment.grid_id, GridAssignment.start_on, GridAssignment.id)
    return [(a, p) for a, p in s.execute(q)]


def grid_assignment_count(s: Session, grid_id: int) -> int:
    return s.execute(
        select(func.count()).select_from(GridAssignment).where(GridAssignment.grid_id == grid_id)
    ).scalar_one()


def person_by_identity(s: Session, name: str, phone: str, id_number: str) -> Person | None:
    """The person an imported row means: same ID number, else same name and phone."""
    if id_number:
        found = s.execute(select(Person).where(Person.id_number == id_number)).scalars().first()
        if found is not None:
            return found
    if phone:
        return (
            s.execute(select(Person).where(Person.name == name, Person.phone == phone))
            .scalars()
            .first()
        )
    return (
        s.execute(select(Person).where(Person.name == name, Person.phone == "")).scalars().first()
    )


def people(s: Session, ids: Sequence[int] | None = None, *, active_only: bool = False) -> list:
    q = select(Person).order_by(Person.name_pinyin, Person.id)
    if ids is not None:
        q = q.where(Person.id.in_(list(ids)))
    if active_only:
        q = q.where(Person.active.is_(True))
    return list(s.execute(q).scalars())


def search_people(s: Session, text: str, *, role: str = "", limit: int = 50) -> list[Person]:
    q = select(Person).where(Person.active.is_(True))
    if role:
        q = q.where(Person.roles.like(f"%{role}%"))
    if text:
        q = q.where(person_match(text))
    return list(s.execute(q.order_by(Person.name_pinyin, Person.id).limit(limit)).scalars())


def person_match(text: str):
    """Name, pinyin initials or full pinyin, or phone digits."""
    text = text.strip()
    low = text.lower()
    conds = [Person.name.like(f"%{text}%")]
    if low.isascii() and low.isalpha():
        conds += [
            Person.name_initials.like(f"{low}%"),  # initials from the first character,
            Person.name_initials.like(f"% {low}%"),  # of any polyphonic variant,
            Person.name_pinyin.like(f"{low}%"),  # or the full pinyin's beginning
        ]
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) >= 3:
        conds.append(Person.phone.like(f"%{digits}%"))
    return or_(*conds)


def attendee_ids(s: Session, training_id: int) -> list[int]:
    return list(
        s.execute(
            select(training_attendance.c.person_id).where(
                training_attendance.c.training_id == training_id
            )
        ).scalars()
    )


def set_attendees(s: Session, training_id: int, person_ids: Iterable[int]) -> None:
    s.execute(delete(training_attendance).where(training_attendance.c.training_id == training_id))
    rows = [{"training_id": training_id, "person_id": pid} for pid in sorted(set(person_ids))]
    if rows:
        s.execute(insert(training_attendance), rows)


def attendance_counts(s: Session, training_ids: Iterable[int] | None = None) -> dict[int, int]:
    q = select(training_attendance.c.training_id, func.count()).group_by(
        training_attendance.c.training_id
    )
    if training_ids is not None:
        q = q.where(training_attendance.c.training_id.in_(list(training_ids)))
    return dict(s.execute(q).all())


def training_totals(s: Session, start: date | None, end: date | None) -> tuple[int, int, int, int]:
    """(sessions, attendances, hours in tenths, distinct people) for trainings in [start, end)."""
    conds = []
    if start is not None:
        conds.append(Training.held_on >= start)
    if end is not None:
        conds.append(Training.held_on < end)
    where = and_(True, *conds)
    sessions, tenths = s.execute(
        select(func.count(), func.coalesce(func.sum(Training.hours_tenths), 0)).where(where)
    ).one()
    att, people_n = s.execute(
        select(func.count(), func.count(func.distinct(training_attendance.c.person_id)))
        .select_from(training_attendance)
        .join(Training, Training.id == training_attendance.c.training_id)
        .where(where)
    ).one()
    return int(sessions), int(att), int(tenths), int(people_n)


def person_training_count(s: Session, person_id: int) -> int:
    return s.execute(
        select(func.count())
        .select_from(training_attendance)
        .where(training_attendance.c.person_id == person_id)
    ).scalar_one()


def trainings(s: Session, ids: Sequence[int] | None = None) -> list[Training]:
    q = select(Training).order_by(Training.held_on.desc(), Training.id.desc())
    if ids is not None:
        q = q.where(Training.id.in_(list(ids)))
    return list(s.execute(q).scalars())


def entity_counts_by_grid(
    s: Session, grid_ids: Sequence[int] | None = None
) -> dict[int, tuple[int, int]]:
    """ENTITY COUNT HOOK for the grid list: ``{grid_id: (entities, C/D entities)}``.

    Counts rows of the entity registry's ``entity`` table (``grid_id``, ``local_grade``; and
    leaves out 注销/吊销 entities when it has ``status``) once that table exists; before the
    registry is installed the dict is empty and every grid shows 0. A lightweight ``table()``
    construct, so the roster does not depend on the registry's models."""
    insp = inspect(s.connection())
    if not insp.has_table("entity"):
        return {}
    names = {c["name"] for c in insp.get_columns("entity")}
    if not {"grid_id", "local_grade"} <= names:
        return {}
    entity = table("entity", column("grid_id"), column("local_grade"), column("status"))
    q = (
        select(
            entity.c.grid_id,
            func.count(),
            func.sum(case((entity.c.local_grade.in_(("C", "D")), 1), else_=0)),
        )
        .where(entity.c.grid_id.is_not(None))
        .group_by(entity.c.grid_id)
    )
    if "status" in names:
        q = q.where(entity.c.status.not_in(CLOSED_STATUSES))
    if grid_ids is not None:
        q = q.where(entity.c.grid_id.in_(list(grid_ids)))
    return {gid: (int(n), int(cd or 0)) for gid, n, cd in s.execute(q).all()}


CLOSED_STATUSES = ("注销", "吊销")  # entities no longer supervised in a grid
