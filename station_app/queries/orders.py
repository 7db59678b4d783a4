"""Read side of work orders (工单): the list's ids and row pages for the lazy table, the
超时台账, and the figures' counts (GROUP BY in SQL over the cached columns the services
rewrite from each order's log).

Time left is judged at the filter's ``now`` from the cached next deadline; the reporter of a
举报 is never in a row (FACTS §2.8): the list has no requester column at all.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select

from station_app.clock import now as clock_now
from station_app.data.engine import Database
from station_app.data.models import Entity, WorkOrder
from station_app.domain.orders import clocks as ck
from station_app.domain.orders import escalation as esc
from station_app.domain.orders import kinds as k
from station_app.domain.orders import listing as L
from station_app.domain.orders.limits import CLOCK_LABELS
from station_app.domain.orders.timing import aware, end_of_day, fmt_duration, start_of_day
from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.queries.common import GridLabelCache

W = WorkOrder
SORT_COLUMNS = {
    "number": W.number,
    "kind": W.kind,
    "received_at": W.received_at,
    "grid": W.grid_id,
    "state": W.state,
    "due": W.next_due_at,
    "rework": W.rework,
}
_OPEN = list(k.OPEN_STATES)


def overdue_condition(now: datetime):
    """Open and past a deadline: frozen breaches (cached) or the next due passed while running."""
    return and_(
        W.state.in_(_OPEN),
        or_(W.overdue.is_(True), and_(W.paused.is_(False), W.next_due_at < now)),
    )


def _conditions(flt: L.OrderFilter, now: datetime) -> list:
    conds: list = []
    q = remove_spaces(to_halfwidth(flt.text or ""))
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        cols = (W.number, W.platform_no, W.subject_name, W.subject_address, W.text)
        conds.append(or_(*(c.like(pattern, escape="\\") for c in cols)))
    if flt.kind:
        conds.append(W.kind == flt.kind)
    if flt.state:
        conds.append(W.state == flt.state)
    if flt.grid_id is not None:
        conds.append(W.grid_id == flt.grid_id)
    if flt.grid_ids is not None:
        conds.append(W.grid_id.in_(sorted(flt.grid_ids)))
    if flt.assignee_person_id is not None:
        conds.append(W.assignee_person_id == flt.assignee_person_id)
    if flt.start is not None:
        conds.append(W.received_at >= start_of_day(flt.start))
    if flt.end is not None:
        conds.append(W.received_at <= end_of_day(flt.end))
    conds.extend(_due_conditions(flt, now))
    return conds


def _due_conditions(flt: L.OrderFilter, now: datetime) -> list:
    running = and_(W.state.in_(_OPEN), W.paused.is_(False), W.overdue.is_(False))
    if flt.within_minutes is not None:
        limit = now + timedelta(minutes=flt.within_minutes)
        return [running, W.next_due_at >= now, W.next_due_at <= limit]
    due = flt.due
    if due == L.DUE_OPEN:
        return [W.state.in_(_OPEN)]
    if due == L.DUE_OVERDUE:
        return [overdue_condition(now)]
    if due in (L.DUE_HOUR, L.DUE_DAY):
        limit = now + (ck.HOUR if due == L.DUE_HOUR else ck.DAY)
        return [running, W.next_due_at >= now, W.next_due_at <= limit]
    if due == L.DUE_PAUSED:
        return [W.state.in_(_OPEN), W.paused.is_(True)]
    if due == L.DUE_LATE:
        return [or_(W.late.is_(True), overdue_condition(now))]
    return []


class OrderRows(GridLabelCache):
    """The 工单 list (``OrdersService.rows``): a ``RowSource`` under one
    :class:`~station_app.domain.orders.listing.OrderFilter`. Any thread; rows in
    ``listing.LIST_COLUMNS`` order plus the urgency (``clocks.U_*``) after them."""

    def __init__(self, db: Database, flt: L.OrderFilter | None = None) -> None:
        self.db = db
        self.filter = flt or L.OrderFilter()
        self._grid_labels: dict[int, str] | None = None

    def with_filter(self, flt: L.OrderFilter) -> OrderRows:
        self.filter = flt
        return self

    def _now(self) -> datetime:
        return aware(self.filter.now) if self.filter.now is not None else clock_now()

    def _id_select(self, sort_key: str | None, descending: bool):
        column = SORT_COLUMNS.get(sort_key or "")
        stmt = select(W.id).where(*_conditions(self.filter, self._now()))
        if column is None:  # newest first by default
            order = [W.id] if descending else [W.id.desc()]
        elif descending:
            order = [column.desc(), W.id.desc()]
        else:
            order = [column.asc(), W.id]
        return stmt.order_by(*order)

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        with self.db.session() as s:
            return array("q", s.execute(self._id_select(sort_key, descending)).scalars())

    def fetch_first_ids(self, sort_key: str | None, descending: bool, limit: int = 256) -> array:
        # Core, not the ORM: the first page is what the user waits for (bench --only orders)
        with self.db.core_read() as con:
            return array(
                "q", con.execute(self._id_select(sort_key, descending).limit(limit)).scalars()
            )

    def count(self) -> int:
        stmt = select(func.count()).select_from(W).where(*_conditions(self.filter, self._now()))
        with self.db.session() as s:
            return int(s.execute(stmt).scalar_one())

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        grids = self.grid_labels()
        now = self._now()
        stmt = (
            select(
                W.id, W.number, W.kind, W.received_at, W.platform_no, W.subject_name,
                Entity.name, W.grid_id, W.category, W.state, W.assignee_name, W.next_clock,
                W.next_due_at, W.paused, W.overdue, W.late, W.rework, W.lead_level,
            )
            .outerjoin(Entity, Entity.id == W.entity_id)
            .where(W.id.in_(list(ids)))
        )  # fmt: skip
        with self.db.core_read() as con:
            rows = con.execute(stmt).all()
        return {r[0]: _row(r, grids, now) for r in rows}


def _row(r, grids: dict[int, str], now: datetime) -> tuple:
    (_, number, kind, received, platform_no, subject, entity_name, grid_id, category, state,
     assignee, clock, due, paused, overdue, late, rework, level) = r  # fmt: skip
    left, urgency = time_left(state, clock, due, paused, overdue, late, now)
    return (
        number,
        kind,
        aware(received),
        platform_no or "",
        entity_name or subject,
        grids.get(grid_id, "") if grid_id is not None else "",
        category,
        state,
        assignee,
        left,
        aware(due) if due is not None else None,
        rework,
        esc.LEVEL_LABELS[level] if level else "",
        urgency,
    )


def time_left(
    state: str, clock: str, due: datetime | None, paused: bool, overdue: bool, late: bool,
    now: datetime,
) -> tuple[str, str]:  # fmt: skip
    """What the 剩余时间 column says and its colour, from the cached columns."""
    if state not in k.OPEN_STATES:
        if state == k.VOID:
            return "", ck.U_DONE
        return ("超时办结" if late else "按时办结"), ck.U_DONE
    if due is None:
        return "", ck.U_DONE
    name = CLOCK_LABELS.get(clock, "").removesuffix("时限")
    delta = aware(due) - now
    if paused and not overdue:
        return f"挂起 · {name}剩 {fmt_duration(delta)}", ck.U_PAUSED
    if overdue or delta < timedelta(0):
        return f"{name} 超时 {fmt_duration(delta)}", ck.U_OVERDUE
    urgency = ck.U_HOUR if delta <= ck.HOUR else ck.U_DAY if delta <= ck.DAY else ck.U_OK
    return f"{name} 剩 {fmt_duration(delta)}", urgency


# ---- figures -------------------------------------------------------------------------------


def figure_counts(db: Database, start: datetime, end: datetime, now: datetime) -> dict[str, int]:
    """The counts of ``domain/orders/figures.COUNT_LABELS`` for [start, end) (aware), in SQL:
    receipt for what was received, the close for what was closed, the 回访 for satisfaction;
    voided orders nowhere."""
    return period_figures(db, start, end, now)[0]


def period_figures(
    db: Database, start: datetime, end: datetime, now: datetime
) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """The counts (as :func:`figure_counts`) and 受理量 by kind, channel, grid (code) and
    specialist, in four set-based queries: each reads only its own rows (received, closed,
    visited in the period — indexed — and the open ones for the present state) and counts
    them grouped, so no row is tested against every figure's condition (200,000 orders:
    ``bench --only orders``)."""
    with db.session() as s:
        counts, by = _received_counts(s, start, end)
        counts.update(_closed_counts(s, start, end))
        counts.update(_visited_counts(s, start, end))
        counts.update(_present_counts(s, now))
    return counts, by


def _received_counts(s, start: datetime, end: datetime):
    from station_app.data.models import Grid

    closed = func.cast(W.state == k.CLOSED, _int())
    hot = func.cast(W.kind.in_(list(k.REWORK_KINDS)), _int())
    stmt = (
        select(
            W.kind, W.channel, func.coalesce(Grid.code, ""), W.assignee_name, func.count(),
            func.count(W.response_24h), func.sum(func.cast(W.response_24h.is_(True), _int())),
            func.sum(closed), func.sum(func.cast(W.same_day.is_(True), _int())), func.sum(hot),
            func.sum(func.cast(and_(W.kind.in_(list(k.REWORK_KINDS)), W.rework >= 1), _int())),
        )
        .outerjoin(Grid, Grid.id == W.grid_id)
        .where(W.state != k.VOID, W.received_at >= start, W.received_at < end)
        .group_by(W.kind, W.channel, Grid.code, W.assignee_name)
    )  # fmt: skip
    keys = ("received", "response_judged", "responded_24h", "received_closed",
            "handled_same_day", "hotline_received", "reworked")  # fmt: skip
    counts = dict.fromkeys(keys, 0)
    by: dict[str, dict[str, int]] = {"kind": {}, "channel": {}, "grid": {}, "assignee": {}}
    for kind, channel, grid, assignee, *values in s.execute(stmt):
        for key, value in zip(keys, values, strict=True):
            counts[key] += int(value or 0)
        for name, label in (("kind", kind), ("channel", channel), ("grid", grid),
                            ("assignee", assignee)):  # fmt: skip
            group = by[name]
            group[str(label or "")] = group.get(str(label or ""), 0) + int(values[0])
    return counts, by


def _closed_counts(s, start: datetime, end: datetime) -> dict[str, int]:
    stmt = select(func.count(), func.sum(func.cast(W.on_time.is_(True), _int()))).where(
        W.state != k.VOID, W.closed_at >= start, W.closed_at < end
    )
    closed, on_time = s.execute(stmt).one()
    return {"closed": int(closed or 0), "closed_on_time": int(on_time or 0)}


def _visited_counts(s, start: datetime, end: datetime) -> dict[str, int]:
    stmt = (
        select(W.process_satisfaction, W.result_satisfaction, W.reasonable, func.count())
        .where(W.state != k.VOID, W.visited_at >= start, W.visited_at < end)
        .group_by(W.process_satisfaction, W.result_satisfaction, W.reasonable)
    )
    out = dict.fromkeys(
        ("visited", "process_satisfied", "result_satisfied", "visited_reasonable",
         "reasonable_satisfied"), 0,
    )  # fmt: skip
    for process, result, reasonable, n in s.execute(stmt):
        out["visited"] += n
        out["process_satisfied"] += n if process in k.SATISFIED else 0
        out["result_satisfied"] += n if result in k.SATISFIED else 0
        out["visited_reasonable"] += n if reasonable else 0
        out["reasonable_satisfied"] += n if reasonable and result in k.SATISFIED else 0
    return out


def _present_counts(s, now: datetime) -> dict[str, int]:
    stmt = select(
        func.count(), func.sum(func.cast(overdue_condition(now), _int())),
        func.sum(func.cast(W.paused.is_(True), _int())),
    ).where(W.state.in_(_OPEN))  # fmt: skip
    _, overdue, paused = s.execute(stmt).one()
    return {"overdue_now": int(overdue or 0), "paused_now": int(paused or 0)}


def received_by(db: Database, start: datetime, end: datetime, column: str) -> dict[str, int]:
    """受理量 by ``kind``, ``channel``, ``grid`` (code) or ``assignee`` in [start, end)."""
    return period_figures(db, start, end, clock_now())[1][column]


def _int():
    from sqlalchemy import Integer

    return Integer


GROUP_KEYS = ("received", "responded_24h", "response_judged", "closed", "closed_on_time",
              "overdue_now")  # fmt: skip


def group_counts(
    db: Database, start: datetime, end: datetime, now: datetime, column: str
) -> list[tuple[str, dict[str, int]]]:
    """By ``grid`` (code and name) or ``assignee`` (承办人): received, responded within 24 h
    (and judged), closed and closed on time in [start, end), overdue now — over the orders
    received or closed in the period, sorted by name. Voided orders nowhere."""
    from station_app.data.models import Grid

    live = W.state != k.VOID
    got = and_(W.received_at >= start, W.received_at < end)
    closed = and_(W.closed_at >= start, W.closed_at < end)

    def n(cond):
        return func.coalesce(func.sum(func.cast(cond, _int())), 0)

    grid_key = func.coalesce(Grid.code + " " + Grid.name, "")
    key = grid_key if column == "grid" else W.assignee_name
    stmt = (
        select(
            key,
            n(got),
            n(and_(got, W.response_24h.is_(True))),
            n(and_(got, W.response_24h.is_not(None))),
            n(closed),
            n(and_(closed, W.on_time.is_(True))),
            n(overdue_condition(now)),
        )
        .select_from(W)
        .outerjoin(Grid, Grid.id == W.grid_id)
        .where(live, or_(got, closed))
        .group_by(key)
        .order_by(key)
    )
    with db.session() as s:
        return [
            (str(name or ""), dict(zip(GROUP_KEYS, (int(x or 0) for x in rest), strict=True)))
            for name, *rest in s.execute(stmt)
        ]


def detail_rows(db: Database, start: datetime, end: datetime) -> list[tuple]:
    """The county report's 工单明细: one row per order received in [start, end), in receipt
    order — number, kind, channel, received, category, subject, grid, assignee, state,
    responded within 24 h, closed at, on time, rework, result satisfaction. No requester
    column (诉求人/举报人 never leave the station in a report package, FACTS §2.8)."""
    from station_app.data.models import Grid

    stmt = (
        select(
            W.number,
            W.kind,
            W.channel,
            W.received_at,
            W.category,
            func.coalesce(Entity.name, W.subject_name),
            func.coalesce(Grid.code, ""),
            W.assignee_name,
            W.state,
            W.response_24h,
            W.closed_at,
            W.on_time,
            W.rework,
            W.result_satisfaction,
        )
        .select_from(W)
        .outerjoin(Entity, Entity.id == W.entity_id)
        .outerjoin(Grid, Grid.id == W.grid_id)
        .where(W.received_at >= start, W.received_at < end)
        .order_by(W.received_at, W.id)
    )
    with db.session() as s:
        return [tuple(r) for r in s.execute(stmt)]
