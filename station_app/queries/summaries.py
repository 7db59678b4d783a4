"""Counts for the county report and the dashboard that no module list query already gives.

Period arguments are ``[start, end)`` calendar dates (Beijing dates: the columns counted here are
local dates); timestamps are compared with the period's UTC bounds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select

from station_app.data.engine import Database
from station_app.data.models import (
    Complaint,
    ComplaintMediator,
    Entity,
    ListEntry,
    ListKind,
    ServiceStation,
    Training,
    training_attendance,
)
from station_app.data.repo import roster as roster_repo

ACTIVE = "在营"
NO_GRADE, NO_GRID = "未分级", "未划入网格"


@dataclass(frozen=True)
class EntityState:
    """The registry as it is now (not as of a period), from one pass over the entity table."""

    active: int  # 在营
    grade_cd: int  # 在营 with local grade C or D
    by_type: list[tuple[str, int]]  # 在营 by type, by local grade, by grid (label)
    by_grade: list[tuple[str, int]]
    by_grid: list[tuple[str, int]]
    grid_counts: dict[int, tuple[int, int]]  # as repo.roster.entity_counts_by_grid counts


def entity_state(db: Database) -> EntityState:
    """One GROUP BY over every entity (status, type, grade, grid) answers the current figures,
    the breakdowns and the roster's per-grid counts (entities not 注销/吊销 and their C/D)."""
    from station_app.data.repo.roster import CLOSED_STATUSES

    keys = (Entity.status, Entity.entity_type, Entity.local_grade, Entity.grid_id)
    with db.session() as s:
        rows = s.execute(select(*keys, func.count()).group_by(*keys)).all()
        grids = roster_repo.grid_labels(s)
    by_type: Counter[str] = Counter()
    by_grade: Counter[str | None] = Counter()
    by_grid: Counter[int | None] = Counter()
    grid_counts: dict[int, tuple[int, int]] = {}
    for status, kind, grade, grid_id, count in rows:
        if grid_id is not None and status not in CLOSED_STATUSES:
            n, cd = grid_counts.get(grid_id, (0, 0))
            grid_counts[grid_id] = (n + count, cd + (count if grade in ("C", "D") else 0))
        if status != ACTIVE:
            continue
        by_type[kind] += count
        by_grade[grade] += count
        by_grid[grid_id if grid_id in grids else None] += count
    # 未分级 and 未划入网格 first, as SQLite orders NULL
    grades = sorted(by_grade, key=lambda g: (g is not None, g or ""))
    grid_ids = sorted(by_grid, key=lambda g: (g is not None, grids.get(g, "") if g else ""))
    return EntityState(
        active=sum(by_type.values()),
        grade_cd=by_grade["C"] + by_grade["D"],
        by_type=sorted(by_type.items()),
        by_grade=[(g or NO_GRADE, by_grade[g]) for g in grades],
        by_grid=[(grids[g] if g is not None else NO_GRID, by_grid[g]) for g in grid_ids],
        grid_counts=grid_counts,
    )


def entity_period_counts(
    db: Database, start: date, end: date, utc_start: datetime, utc_end: datetime
) -> dict[str, int]:
    """Entities registered (成立日期) in ``[start, end)`` and street-sweep entries created in
    the UTC range."""
    with db.session() as s:

        def count(*where) -> int:
            return s.execute(select(func.count()).select_from(Entity).where(*where)).scalar_one()

        return {
            "entities.new": count(Entity.registered_on >= start, Entity.registered_on < end),
            "entities.swept": count(
                Entity.source == "扫街纳管",
                Entity.created_at >= utc_start,
                Entity.created_at < utc_end,
            ),
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


# -- complaints ---------------------------------------------------------------------------------
NO_STATION = "所本部（未经服务站）"  # complaints not received through a service station
COMPLAINT_COUNT_KEYS = (
    "received",
    "accepted",
    "refused",
    "decided",
    "decided_on_time",
    "mediated",
    "mediation_ended",
    "succeeded",
    "terminated",
    "ended_on_time",
    "notified_on_time",
    "visited",
    "visit_satisfied",
    "visit_process_satisfied",
)


@dataclass(frozen=True)
class ComplaintGroup:
    """One service station or mediator: what it received, ended and had visited in a period
    (mediators never count ``received``: a complaint is received by a station)."""

    name: str
    received: int
    succeeded: int
    terminated: int
    money_recovered_fen: int
    visited: int
    satisfied: int


@dataclass(frozen=True)
class ComplaintCounts:
    counts: dict[str, int]  # COMPLAINT_COUNT_KEYS
    by_channel: dict[str, int]  # every channel of the rules, in their order, then any other
    terminated_by_reason: dict[str, int]  # by reason code, sorted
    satisfaction: dict[str, int]
    money_recovered_fen: int
    amount_involved_fen: int
    per_station: tuple[ComplaintGroup, ...]  # sorted by name
    per_mediator: tuple[ComplaintGroup, ...]


def complaint_counts(
    db: Database,
    start: date,
    end: date,
    channels: tuple[str, ...] = (),
    satisfaction: tuple[str, ...] = (),
) -> ComplaintCounts:
    """The complaint figures of ``[start, end)`` as a few GROUP BY queries (no rows are loaded).

    Each event counts in the period of its own date: received (``received_on``), acceptance
    decided (``decided_on``; on time when not after ``acceptance_due``), mediation ended
    (``result_on``, not for refused complaints; on time when not after ``mediation_due``),
    return visit (``visit_on`` with a result). A station or mediator is listed when one of its
    complaints had any of these dates in the period."""
    c = Complaint
    with db.session() as s:

        def in_period(col):
            return and_(col >= start, col < end)

        def n(cond):
            return func.sum(case((cond, 1), else_=0))

        c_counts: dict[str, int] = dict.fromkeys(COMPLAINT_COUNT_KEYS, 0)
        by_channel = dict.fromkeys(channels, 0)
        amount = 0
        rows = s.execute(
            select(c.channel, func.count(), func.sum(c.amount_fen), func.min(c.id))
            .where(in_period(c.received_on))
            .group_by(c.channel)
        ).all()
        for channel, count, fen, _first in sorted(rows, key=lambda r: r[3]):
            by_channel[channel] = by_channel.get(channel, 0) + count
            c_counts["received"] += count
            amount += int(fen or 0)

        decided, on_time, refused = s.execute(
            select(func.count(), n(c.decided_on <= c.acceptance_due), n(c.refusal_ground != ""))
            .select_from(c)
            .where(in_period(c.decided_on))
        ).one()
        c_counts["decided"] = decided
        c_counts["decided_on_time"] = int(on_time or 0)
        c_counts["refused"] = int(refused or 0)
        c_counts["accepted"] = decided - c_counts["refused"]

        ended = and_(in_period(c.result_on), c.refusal_ground == "")
        money = 0
        by_reason: dict[str, int] = {}
        for reason, count, ended_on_time, notified, fen in s.execute(
            select(
                c.termination_reason,
                func.count(),
                n(and_(c.mediation_due.is_not(None), c.result_on <= c.mediation_due)),
                n(
                    and_(
                        c.notice_on.is_not(None),
                        c.notice_due.is_not(None),
                        c.notice_on <= c.notice_due,
                    )
                ),
                func.sum(c.money_recovered_fen),
            )
            .where(ended)
            .group_by(c.termination_reason)
        ):
            c_counts["mediation_ended"] += count
            c_counts["ended_on_time"] += int(ended_on_time or 0)
            if reason:
                c_counts["terminated"] += count
                c_counts["notified_on_time"] += int(notified or 0)
                by_reason[reason] = count
            else:
                c_counts["succeeded"] += count
                money += int(fen or 0)
        c_counts["mediated"] = c_counts["mediation_ended"]

        visits = dict.fromkeys(satisfaction, 0)
        visited = and_(in_period(c.visit_on), c.visit_result != "")
        for result, count in s.execute(
            select(c.visit_result, func.count()).where(visited).group_by(c.visit_result)
        ):
            visits[result] = count
            c_counts["visited"] += count
            c_counts["visit_satisfied"] += count if result in ("满意", "基本满意") else 0
        c_counts["visit_process_satisfied"] = int(
            s.execute(
                select(func.count())
                .select_from(c)
                .where(visited, c.visit_process.in_(("满意", "基本满意")))
            ).scalar_one()
        )

        succeeded = and_(ended, c.termination_reason == "")
        group_columns = (
            n(in_period(c.received_on)),
            n(succeeded),
            n(and_(ended, c.termination_reason != "")),
            func.sum(case((succeeded, c.money_recovered_fen), else_=0)),
            n(visited),
            n(and_(visited, c.visit_result.in_(("满意", "基本满意")))),
        )
        active = or_(
            in_period(c.received_on),
            in_period(c.decided_on),
            in_period(c.result_on),
            in_period(c.visit_on),
        )
        stations = s.execute(
            select(ServiceStation.name, *group_columns)
            .select_from(c)
            .outerjoin(ServiceStation, ServiceStation.id == c.service_station_id)
            .where(active)
            .group_by(ServiceStation.name)
        ).all()
        mediators = s.execute(
            select(ComplaintMediator.name, *group_columns[1:])
            .select_from(c)
            .join(ComplaintMediator, ComplaintMediator.complaint_id == c.id)
            .where(active)
            .group_by(ComplaintMediator.name)
        ).all()
    return ComplaintCounts(
        counts=c_counts,
        by_channel=by_channel,
        terminated_by_reason=dict(sorted(by_reason.items())),
        satisfaction=visits,
        money_recovered_fen=money,
        amount_involved_fen=amount,
        per_station=_groups((name or NO_STATION, *v) for name, *v in stations),
        per_mediator=_groups((name, 0, *v) for name, *v in mediators),
    )


def _groups(rows) -> tuple[ComplaintGroup, ...]:
    return tuple(
        sorted(
            (ComplaintGroup(name, *(int(v or 0) for v in values)) for name, *values in rows),
            key=lambda g: g.name,
        )
    )


# -- detail rows (明细) of the county report; personal data is masked by the caller -------------
def complaint_details(db: Database, start: date, end: date) -> list[tuple]:
    """Complaints received in ``[start, end)``, oldest first: number, received, channel,
    respondent, goods, claim, status, refusal ground, termination reason, result date, money
    recovered (fen), complainant's name and phone (unmasked: the caller masks them)."""
    c = Complaint
    with db.session() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(
                    c.number,
                    c.received_on,
                    c.channel,
                    c.respondent_name,
                    c.goods,
                    c.claim,
                    c.status,
                    c.refusal_ground,
                    c.termination_reason,
                    c.result_on,
                    c.money_recovered_fen,
                    c.complainant_name,
                    c.complainant_phone,
                )
                .where(c.received_on >= start, c.received_on < end)
                .order_by(c.received_on, c.id)
            )
        ]


def new_entity_details(db: Database, start: date, end: date) -> list[tuple]:
    """Entities registered (成立日期) in ``[start, end)``: name, USCC, type, legal
    representative, address, grid, registered on, source, status."""
    with db.session() as s:
        grids = roster_repo.grid_labels(s)
        rows = s.execute(
            select(
                Entity.name,
                Entity.uscc,
                Entity.entity_type,
                Entity.legal_rep,
                Entity.address,
                Entity.grid_id,
                Entity.registered_on,
                Entity.source,
                Entity.status,
            )
            .where(Entity.registered_on >= start, Entity.registered_on < end)
            .order_by(Entity.registered_on, Entity.id)
        ).all()
    return [
        (name, uscc or "", kind, rep, address, grids.get(grid, NO_GRID), on, source, status)
        for name, uscc, kind, rep, address, grid, on, source, status in rows
    ]


def list_change_details(db: Database, start: date, end: date) -> list[tuple]:
    """Red/black list entries listed (approved) or removed in ``[start, end)``, by date: date,
    change (列入/移出), list, entity name, USCC, public summary or removal way, decision no."""
    with db.session() as s:
        cols = (
            ListKind.name.label("kind"),
            ListKind.sort_order,
            Entity.name.label("entity"),
            Entity.uscc,
            ListEntry.id,
            ListEntry.listed_on,
            ListEntry.public_summary,
            ListEntry.decision_no,
            ListEntry.removed_on,
            ListEntry.removal_way,
        )
        base = select(*cols).join(ListKind).join(Entity, Entity.id == ListEntry.entity_id)
        listed = s.execute(
            base.where(
                ListEntry.status.in_(("listed", "removed")),
                ListEntry.listed_on >= start,
                ListEntry.listed_on < end,
            )
        ).all()
        removed = s.execute(
            base.where(ListEntry.removed_on >= start, ListEntry.removed_on < end)
        ).all()
    out = [
        (
            r.listed_on,
            "列入",
            r.sort_order,
            r.id,
            r.kind,
            r.entity,
            r.uscc,
            r.public_summary,
            r.decision_no,
        )
        for r in listed
    ]
    out += [
        (
            r.removed_on,
            "移出",
            r.sort_order,
            r.id,
            r.kind,
            r.entity,
            r.uscc,
            r.removal_way or "",
            "",
        )
        for r in removed
    ]
    out.sort(key=lambda r: r[:4])
    return [(r[0], r[1], r[4], r[5], r[6] or "", r[7], r[8]) for r in out]
