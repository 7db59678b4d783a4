"""The small queries the work-order use cases need (take a Session): an order and its log,
appending to the log, the roster's answer to "who covers this grid on that day", users and
the roster persons linked to them, grids, entities."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.data.models import (
    Entity,
    Grid,
    GridAssignment,
    OrderEvent,
    OrderSupervision,
    Person,
    PersonUser,
    User,
    WorkOrder,
)
from station_app.domain.orders.log import Event
from station_app.domain.orders.timing import aware
from station_app.domain.roster_rules import GRID_WORKER, SPECIALIST, VOLUNTEER


def order_by_number(s: Session, number: str) -> WorkOrder | None:
    """By the station's number (``GD2026-000123``) or, failing that, a platform's number."""
    text = (number or "").strip().upper()
    row = s.scalars(select(WorkOrder).where(WorkOrder.number == text)).first()
    if row is None:
        row = s.scalars(
            select(WorkOrder).where(WorkOrder.platform_no == text).order_by(WorkOrder.id)
        ).first()
    return row


def order_by_platform(s: Session, kind: str, platform_no: str) -> WorkOrder | None:
    return s.scalars(
        select(WorkOrder).where(WorkOrder.kind == kind, WorkOrder.platform_no == platform_no)
    ).first()


def events(s: Session, order_id: int) -> list[Event]:
    rows = s.scalars(
        select(OrderEvent).where(OrderEvent.order_id == order_id).order_by(OrderEvent.seq)
    )
    return [event_of(r) for r in rows]


def events_of(s: Session, order_ids: Sequence[int]) -> dict[int, list[Event]]:
    out: dict[int, list[Event]] = {i: [] for i in order_ids}
    if not order_ids:
        return out
    rows = s.scalars(
        select(OrderEvent)
        .where(OrderEvent.order_id.in_(list(order_ids)))
        .order_by(OrderEvent.order_id, OrderEvent.seq)
    )
    for r in rows:
        out[r.order_id].append(event_of(r))
    return out


def event_of(r: OrderEvent) -> Event:
    return Event(
        r.step, aware(r.at), r.username, r.user_id, json.loads(r.data or "{}"), r.seq, r.note
    )


def append_event(s: Session, order_id: int, e: Event) -> OrderEvent:
    """Append ``e`` after the last step of the order's log (``seq`` is unique per order: two
    writers that both passed the version check cannot both append the same step)."""
    last = s.execute(
        select(func.max(OrderEvent.seq)).where(OrderEvent.order_id == order_id)
    ).scalar()
    row = OrderEvent(
        order_id=order_id,
        seq=(last or 0) + 1,
        step=e.step,
        at=e.at,
        user_id=e.user_id,
        username=e.by,
        data=json.dumps(dict(e.data), ensure_ascii=False, sort_keys=True),
        note=e.note,
    )
    s.add(row)
    s.flush()
    return row


def insert_events(s: Session, rows: list[dict[str, Any]]) -> None:
    """Log rows in one executemany (the demo's bulk path; ``data`` already JSON text)."""
    from sqlalchemy import insert

    if rows:
        s.execute(insert(OrderEvent.__table__), rows)


def set_counter(s: Session, kind: str, year: int, last: int) -> None:
    """The yearly number counter of ``kind`` set to ``last`` (after a bulk load)."""
    from station_app.data.models import DocCounter

    s.merge(DocCounter(kind=kind, year=year, last_number=last))
    s.flush()


def supervisions(s: Session, order_id: int) -> list[OrderSupervision]:
    return list(
        s.scalars(
            select(OrderSupervision)
            .where(OrderSupervision.order_id == order_id)
            .order_by(OrderSupervision.id)
        )
    )


def due_order_numbers(s: Session, now: datetime) -> list[str]:
    """Open orders whose cached next deadline has passed by ``now`` (to freeze)."""
    from station_app.domain.orders.kinds import OPEN_STATES

    q = select(WorkOrder.number).where(
        WorkOrder.state.in_(list(OPEN_STATES)), WorkOrder.next_due_at <= now
    )
    return list(s.scalars(q.order_by(WorkOrder.id)))


# ---- the roster ----------------------------------------------------------------------------


def grid_by_code(s: Session, code: str) -> Grid | None:
    return s.scalars(select(Grid).where(Grid.code == code.strip())).first()


def grid_code(s: Session, grid_id: int | None) -> tuple[str, str]:
    if grid_id is None:
        return "", ""
    g = s.get(Grid, grid_id)
    return (g.code, g.name) if g else ("", "")


def covering(s: Session, grid_id: int, on: date, role: str = SPECIALIST) -> list[Person]:
    """The people of ``role`` (``roster_rules`` grid duty) covering ``grid_id`` on ``on``."""
    q = (
        select(Person)
        .join(GridAssignment, GridAssignment.person_id == Person.id)
        .where(
            GridAssignment.grid_id == grid_id,
            GridAssignment.role == role,
            GridAssignment.start_on <= on,
            (GridAssignment.end_on.is_(None)) | (GridAssignment.end_on > on),
        )
        .order_by(GridAssignment.start_on, GridAssignment.id)
    )
    return list(s.scalars(q))


def grids_of_person(s: Session, person_id: int, on: date) -> list[int]:
    q = select(GridAssignment.grid_id).where(
        GridAssignment.person_id == person_id,
        GridAssignment.start_on <= on,
        (GridAssignment.end_on.is_(None)) | (GridAssignment.end_on > on),
    )
    return sorted(set(s.scalars(q)))


def is_grid_worker(s: Session, person_id: int, grid_id: int | None, on: date) -> bool:
    if grid_id is None:
        return False
    q = (
        select(func.count())
        .select_from(GridAssignment)
        .where(
            GridAssignment.person_id == person_id,
            GridAssignment.grid_id == grid_id,
            GridAssignment.role.in_([GRID_WORKER, VOLUNTEER]),
            GridAssignment.start_on <= on,
            (GridAssignment.end_on.is_(None)) | (GridAssignment.end_on > on),
        )
    )
    return bool(s.execute(q).scalar_one())


def person_of_user(s: Session, user_id: int | None) -> Person | None:
    if user_id is None:
        return None
    pid = s.execute(select(PersonUser.person_id).where(PersonUser.user_id == user_id)).scalar()
    return s.get(Person, pid) if pid is not None else None


def user_of_person(s: Session, person_id: int | None) -> User | None:
    if person_id is None:
        return None
    uid = s.execute(select(PersonUser.user_id).where(PersonUser.person_id == person_id)).scalar()
    return s.get(User, uid) if uid is not None else None


def user_by_name(s: Session, username: str) -> User | None:
    return s.scalars(select(User).where(User.username == username.strip())).first()


def link(s: Session, person_id: int, user_id: int) -> None:
    for row in s.scalars(
        select(PersonUser).where(
            (PersonUser.person_id == person_id) | (PersonUser.user_id == user_id)
        )
    ):
        s.delete(row)
    s.flush()
    s.add(PersonUser(person_id=person_id, user_id=user_id))
    s.flush()


def person_names(s: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = [i for i in set(ids) if i is not None]
    if not wanted:
        return {}
    return dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(wanted))).all())


# ---- entities ------------------------------------------------------------------------------


def entity_by_key(s: Session, key: str) -> Entity | None:
    """By USCC (18 characters) or by id."""
    key = (key or "").strip().upper()
    if key.isdigit() and len(key) < 18:
        return s.get(Entity, int(key))
    return s.scalars(select(Entity).where(Entity.uscc == key)).first()


def entity_brief(s: Session, entity_id: int | None) -> dict[str, Any] | None:
    if entity_id is None:
        return None
    e = s.get(Entity, entity_id)
    if e is None:
        return None
    return {"id": e.id, "name": e.name, "address": e.address, "uscc": e.uscc or ""}


def cached_dues(s: Session, now: datetime) -> dict[str, int]:
    """Open orders due within the hour and overdue, by the cached columns (the home tile)."""
    from datetime import timedelta

    from station_app.domain.orders.kinds import OPEN_STATES

    base = select(func.count()).select_from(WorkOrder).where(WorkOrder.state.in_(OPEN_STATES))
    overdue = base.where(
        (WorkOrder.overdue.is_(True))
        | ((WorkOrder.paused.is_(False)) & (WorkOrder.next_due_at < now))
    )
    hour = base.where(
        WorkOrder.overdue.is_(False),
        WorkOrder.paused.is_(False),
        WorkOrder.next_due_at >= now,
        WorkOrder.next_due_at <= now + timedelta(hours=1),
    )
    paused = base.where(WorkOrder.paused.is_(True))
    return {
        "overdue": int(s.execute(overdue).scalar_one()),
        "due_within_hour": int(s.execute(hour).scalar_one()),
        "paused": int(s.execute(paused).scalar_one()),
    }


# ---- 转调解 (#14): the complaint case of a complaint order --------------------------------------


def orders_of_case(s: Session, case_id: int) -> list[str]:
    """The numbers of the orders linked to the complaint case ``case_id`` (oldest first)."""
    rows = s.execute(
        select(WorkOrder.number).where(WorkOrder.case_id == case_id).order_by(WorkOrder.id)
    )
    return list(rows.scalars())


def case_brief(s: Session, case_id: int | None) -> dict[str, Any] | None:
    """A complaint case as an order shows it: number, status, closed_on."""
    from station_app.data.models import Complaint

    if case_id is None:
        return None
    row = s.get(Complaint, case_id)
    if row is None:
        return None
    return {"id": row.id, "number": row.number, "status": row.status, "closed_on": row.closed_on}


def case_by_platform(s: Session, channel: str, platform_no: str) -> tuple[int, str] | None:
    """The complaint case imported under a platform number (id, number), if any."""
    from station_app.data.models import Complaint

    row = s.execute(
        select(Complaint.id, Complaint.number).where(
            Complaint.channel == channel, Complaint.platform_no == platform_no
        )
    ).first()
    return (row[0], row[1]) if row else None
