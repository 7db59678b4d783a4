"""The machinery every work-order use case shares: the limit table and leads (station
settings), loading an order with its log, freezing breached deadlines, appending a step and
rewriting the row's cache from the log, in one unit of work (``transact``).

The log is the truth; after every step the row's state, assignee, timestamps, next deadline
and flags are recomputed from it (``fold`` + ``order_clocks``) so lists and figures run in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from station_app.data.models import WorkOrder
from station_app.data.repo import orders as repo
from station_app.data.repo import settings as settings_repo
from station_app.data.repo import users as users_repo
from station_app.data.types import utc_now
from station_app.domain.calendar import WorkCalendar
from station_app.domain.orders import clocks as ck
from station_app.domain.orders import escalation as esc
from station_app.domain.orders import flow
from station_app.domain.orders import kinds as k
from station_app.domain.orders.limits import LimitTable
from station_app.domain.orders.log import Event, OrderFacts, fold
from station_app.domain.orders.timing import aware, fmt_time, iso
from station_app.errors import NotFoundError
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.calendar import work_calendar
from station_app.services.orders import views as v

LIMITS_KEY = "orders.limits"
LEADS_KEY = "orders.leads"
SYSTEM_USER = "system"


def limit_table(tx_s: Any) -> LimitTable:
    row = settings_repo.setting(tx_s, LIMITS_KEY)
    return LimitTable.from_station_json(row.value if row else None)


def lead_rules(tx_s: Any) -> dict[int, esc.LeadRule]:
    row = settings_repo.setting(tx_s, LEADS_KEY)
    return esc.leads_from_json(row.value if row else None)


@dataclass
class Loaded:
    """One order inside a unit of work: its row, its log, what the log amounts to, and the
    rules it is judged by."""

    row: WorkOrder
    log: list[Event]
    facts: OrderFacts
    table: LimitTable
    cal: WorkCalendar

    def clocks(self, at: datetime) -> tuple[ck.ClockState, ...]:
        return ck.order_clocks(self.facts, self.table, self.cal, at)

    def refold(self) -> None:
        self.facts = fold(self.row.kind, self.log)


def snapshot(row: WorkOrder, log_length: int) -> dict[str, Any]:
    """What the audit row compares before and after a step (the cache and the log's length)."""
    return {
        "state": row.state,
        "assignee": row.assignee_name,
        "paused": row.paused,
        "overdue": row.overdue,
        "rework": row.rework,
        "lead_level": row.lead_level,
        "next_due_at": iso(row.next_due_at),
        "log": log_length,
    }


class OrdersCore(Service):
    """Loading, stepping and caching (the parts' base). Any thread."""

    def _now(self) -> datetime:
        return aware(self._clock.now())

    def now(self) -> datetime:
        """The station clock's moment (Beijing time): what deadlines are judged from."""
        return self._now()

    # -- inside a unit of work --------------------------------------------------------------

    @staticmethod
    def _load(tx: Tx, number: str, version: int | None = None) -> Loaded:
        row = repo.order_by_number(tx.s, number)
        if row is None:
            raise NotFoundError(f"未找到工单“{number}”（请核对本所工单编号或平台工单编号）。")
        if version is not None:
            tx.expect(row.version, version)
        log = repo.events(tx.s, row.id)
        return Loaded(row, log, fold(row.kind, log), limit_table(tx.s), work_calendar(tx.s))

    @staticmethod
    def _append(
        tx: Tx, o: Loaded, step: str, at: datetime, data: Mapping[str, Any], note=""
    ) -> Event:
        actor = tx.actor
        by = SYSTEM_USER if step in (k.BREACH,) else actor.username
        uid = None if step == k.BREACH else actor.user_id
        e = Event(step, aware(at), by, uid, dict(data), len(o.log) + 1, note)
        stored = repo.append_event(tx.s, o.row.id, e)
        o.log.append(Event(e.step, e.at, e.by, e.user_id, e.data, stored.seq, e.note))
        o.refold()
        return e

    def _freeze(self, tx: Tx, o: Loaded, at: datetime) -> int:
        """Append a 超时 event for each deadline breached by ``at`` (running past due, or
        met late) and not yet frozen; returns how many."""
        found = ck.to_freeze(o.clocks(at))
        for clock, due in found:
            self._append(tx, o, k.BREACH, due, {"clock": clock, "due": iso(due)})
        return len(found)

    def _write_cache(self, tx: Tx, o: Loaded, now: datetime) -> None:
        write_cache(o, now)

    def _step(
        self,
        number: str,
        step: str,
        at: datetime | None,
        *,
        permission: str | None = None,
        reason: str = "",
        version: int | None = None,
        check: Callable[[Tx, Loaded, datetime], Mapping[str, Any]] | None = None,
        after: Callable[[Tx, Loaded, datetime], None] | None = None,
        note: str = "",
        first: Callable[[Tx, Loaded], None] | None = None,
    ) -> tuple[v.OrderView, Changes]:
        """One step of an order as one use case: load (version check), freeze what was
        breached before it, check it (``first`` before the state machine's checks, then
        ``flow`` + ``check``, which returns the event's data),
        append it, freeze what it leaves breached, rewrite the cache, audit before/after."""
        from station_app.domain.orders.machine import step as step_row

        row_def = step_row(step)
        now = self._now()
        when = aware(at) if at is not None else now

        def operation(tx: Tx) -> int:
            o = self._load(tx, number, version)
            before = snapshot(o.row, len(o.log))
            self._freeze(tx, o, min(when, now))
            if first is not None:
                first(tx, o)
            flow.check_step(o.facts, step, when, now, reason=reason)
            data = dict(check(tx, o, when) if check else {})
            if reason.strip():
                data.setdefault("reason", reason.strip())
            self._append(tx, o, step, when, data, note or reason.strip())
            if after is not None:
                after(tx, o, when)
            self._freeze(tx, o, min(when, now))  # a clock this step stopped late
            self._write_cache(tx, o, now)
            tx.s.flush()
            label = f"{row_def.label}（{fmt_time(when)}）"
            tx.updated(v.KIND, o.row.id, before, snapshot(o.row, len(o.log)), label)
            return o.row.id

        conflict = Conflict("工单", lambda: self.show(number))
        _, changes = self._transact(permission or row_def.action, operation, conflict=conflict)
        return self.show(number), changes

    # -- reading ----------------------------------------------------------------------------

    def show(self, number: str, *, now: datetime | None = None) -> v.OrderView:
        """The order by its number or its platform number, with its clocks judged at ``now``
        (default: the clock's now), its timeline and the steps that may follow."""
        moment = aware(now) if now is not None else self._now()
        actor = self._auth.require("data.view")
        with self._db.session() as s:
            row = repo.order_by_number(s, number)
            if row is None or not _may_see(s, actor, row, self._clock.today()):
                raise NotFoundError(f"未找到工单“{number}”（请核对本所工单编号或平台工单编号）。")
            log = repo.events(s, row.id)
            o = Loaded(row, log, fold(row.kind, log), limit_table(s), work_calendar(s))
            return self._view(s, o, moment)

    def _view(self, s: Any, o: Loaded, now: datetime) -> v.OrderView:
        row, f = o.row, o.facts
        clocks = o.clocks(now)
        grid_code, grid_name = repo.grid_code(s, row.grid_id)
        entity = repo.entity_brief(s, row.entity_id)
        subject = entity["name"] if entity else row.subject_name
        address = entity["address"] if entity else row.subject_address
        level = esc.lead_level(f.rework)
        names = users_repo.display_names(s)
        sups = tuple(
            v.SupervisionView(
                x.id, x.doc_number, x.level, x.station_side, x.community_side, x.note,
                x.at, x.username,
            )
            for x in repo.supervisions(s, row.id)
        )  # fmt: skip
        return v.OrderView(
            id=row.id,
            version=row.version,
            number=row.number,
            kind=row.kind,
            state=f.state,
            channel=row.channel,
            category=row.category,
            platform_no=row.platform_no or "",
            subject=subject,
            subject_address=address,
            entity_id=row.entity_id,
            grid_id=row.grid_id,
            grid=f"{grid_code} {grid_name}".strip(),
            text=row.text,
            requester=v.requester_text(row.kind, row.requester_name, row.requester_phone),
            received_at=f.received_at,
            timestamps={
                key: (f.received_at if st == k.REGISTER else f.done.get(st))
                for key, st in k.TIMESTAMPS.items()
            },
            paused=f.paused,
            pause_reason=f.pause_reason,
            overdue=ck.overdue(clocks),
            late=ck.late(clocks),
            rework=f.rework,
            lead_level=level,
            lead=v.lead_of(level, self._lead_name(s, level)),
            assignee=f.assignee_name,
            department=row.department,
            decision=f.decision,
            confirmations=tuple(
                (k.SIDE_LABELS[c.side], c.username, names.get(c.username) or c.name, c.at)
                for c in f.confirmations
            ),
            missing_sides=tuple(k.SIDE_LABELS[x] for x in f.missing_sides()),
            clocks=tuple(v.clock_view(c, now) for c in clocks),
            timeline=tuple(v.event_view(e, names) for e in o.log),
            possible=v.possible_steps(f),
            supervisions=sups,
            now=now,
            **_case_fields(repo.case_brief(s, row.case_id)),
            patrol_records=tuple(
                int(e.data["record_id"]) for e in o.log if e.data.get("record_id") is not None
            ),
        )

    @staticmethod
    def _lead_name(s: Any, level: int) -> str:
        if level == 0:
            return ""
        rule = lead_rules(s).get(level)
        if rule is None:
            return ""
        if rule.username:
            user = repo.user_by_name(s, rule.username)
            return (user.display_name or user.username) if user else rule.username
        from station_app.domain.auth import role_label

        return role_label(rule.role)


def _case_fields(brief: dict[str, Any] | None) -> dict[str, Any]:
    if brief is None:
        return {}
    return {"case_id": brief["id"], "case_number": brief["number"], "case_status": brief["status"]}


def write_cache(o: Loaded, now: datetime) -> None:
    """The row's cached columns from the log, as judged at ``now`` (no I/O)."""
    row, f = o.row, o.facts
    clocks = o.clocks(now)
    nxt = ck.next_due(clocks)
    row.state, row.paused = f.state, f.paused
    row.overdue, row.late = ck.overdue(clocks), ck.late(clocks)
    row.next_clock = nxt.clock if nxt else ""
    row.next_due_at = nxt.due if nxt else None
    row.rework, row.lead_level = f.rework, esc.lead_level(f.rework)
    row.assignee_user_id, row.assignee_person_id = f.assignee_user_id, f.assignee_person_id
    row.assignee_name = f.assignee_name
    for key, step in k.TIMESTAMPS.items():
        if key != "received_at":
            setattr(row, key, f.done.get(step))
    row.response_24h = ck.response_within_24h(f, now)
    row.on_time = ck.finished_on_time(f, clocks)
    row.same_day = ck.handled_same_day(f)
    row.visited_at = f.done.get(k.VISIT)
    row.updated_at = utc_now()  # the version moves with every step (a stale window conflicts)


def _may_see(s: Any, actor: Any, row: WorkOrder, today: Any) -> bool:
    """A grid worker sees only the orders of the grids their roster person covers today."""
    from station_app.domain.auth import GRIDWORKER

    if actor.role != GRIDWORKER:
        return True
    person = repo.person_of_user(s, actor.user_id)
    return person is not None and row.grid_id in repo.grids_of_person(s, person.id, today)
