"""登记 of an order (each kind), a platform's re-send (重办: the count rises and the lead
escalates), and linking a roster person to a user (a grid worker signs in as themselves)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from station_app.data.models import Person, User, WorkOrder
from station_app.data.repo import complaints as complaints_repo
from station_app.data.repo import orders as repo
from station_app.domain.auth import GRIDWORKER
from station_app.domain.orders import flow
from station_app.domain.orders import kinds as k
from station_app.domain.orders.limits import EPOCH
from station_app.domain.orders.timing import day_of, fmt_time, iso
from station_app.errors import NotFoundError, ValidationError
from station_app.services.base import Changes, Tx
from station_app.services.calendar import work_calendar
from station_app.services.orders import views as v
from station_app.services.orders.core import Loaded, OrdersCore, limit_table, snapshot

NUMBER_COUNTER = "工单"


class Registration(OrdersCore):
    """``add`` (登记, or 重办 of a known platform number) and ``link_person``. Any thread."""

    def add(self, data: v.OrderInput) -> tuple[v.OrderView, Changes]:
        """登记 an order; a grid clue goes at once to the specialist covering its grid that
        day (the roster). A platform order whose number is already registered with a lower
        重办 count is a re-send: the count rises and the lead escalates (no new order)."""
        now = self._now()
        clean = self.clean(data, now)
        actor = self._auth.require("orders.register")
        if actor.role == GRIDWORKER and clean.kind != k.CLUE:
            raise ValidationError("网格员只能登记网格线索。", field="kind")

        def register(tx: Tx) -> str:
            if clean.platform_no:
                known = repo.order_by_platform(tx.s, clean.kind, clean.platform_no)
                if known is not None:
                    return self._resend(
                        tx, known, clean.rework, clean.platform_deadline, clean.received_at, now
                    )
            return self.register_in(tx, clean, now)

        number, changes = self._transact("orders.register", register)
        return self.show(number), changes

    @staticmethod
    def clean(data: v.OrderInput, now: datetime) -> v.OrderInput:
        """``data`` checked field by field (Chinese messages naming the field), trimmed."""
        kind = flow.check_kind(data.kind)
        received = flow.check_received(data.received_at, now, EPOCH)
        return replace(
            data,
            kind=kind,
            received_at=received,
            platform_no=flow.check_platform_number(kind, data.platform_no),
            rework=flow.check_rework_count(kind, data.rework),
            platform_deadline=flow.check_platform_deadline(kind, data.platform_deadline, received),
            category=flow.check_category(data.category),
            channel=flow.check_channel(kind, data.channel),
            text=flow.check_text(data.text) if data.text.strip() else "",
            requester_name=data.requester_name.strip(),
            requester_phone=data.requester_phone.strip(),
        )

    def register_in(self, tx: Tx, c: v.OrderInput, now: datetime) -> str:
        """A new order from cleaned input, in the caller's unit of work; its number."""
        entity_id, grid_id, subject, address = self._subject(tx, c)
        flow.check_grid_needed(c.kind, grid_id)
        year = day_of(c.received_at).year
        n = complaints_repo.allocate_number(tx.s, NUMBER_COUNTER, year)
        row = WorkOrder(
            number=k.order_number(year, n), kind=c.kind, channel=c.channel, category=c.category,
            platform_no=c.platform_no or None, entity_id=entity_id, subject_name=subject,
            subject_address=address, grid_id=grid_id, text=c.text,
            requester_name=c.requester_name, requester_phone=c.requester_phone,
            real_name=bool(c.real_name), reporter_person_id=c.reporter_person_id,
            received_at=c.received_at, rework=c.rework,
        )  # fmt: skip
        tx.s.add(row)
        tx.s.flush()
        o = Loaded(row, [], None, limit_table(tx.s), work_calendar(tx.s))  # type: ignore[arg-type]
        first = {
            "rework": c.rework,
            "platform_deadline": iso(c.platform_deadline),
            "reporter_person_id": c.reporter_person_id,
            "real_name": bool(c.real_name),
        }
        self._append(tx, o, k.REGISTER, c.received_at, first)
        if c.kind == k.CLUE and grid_id is not None:
            self._auto_dispatch(tx, o, grid_id, c.received_at)
        self._write_cache(tx, o, now)
        tx.s.flush()
        reason = f"登记{k.KIND_LABELS[c.kind]}（受理 {fmt_time(c.received_at)}）"
        tx.created(v.KIND, row.id, {"number": row.number, **snapshot(row, len(o.log))}, reason)
        return row.number

    def _resend(
        self,
        tx: Tx,
        row: WorkOrder,
        count: int,
        deadline: datetime | None,
        at: datetime,
        now: datetime,
    ) -> str:
        """A known platform number sent again: 重办 with the higher count, or refused."""
        o = self._load(tx, row.number)
        if kind_has_no_rework(row.kind) or count <= o.facts.rework:
            raise ValidationError(
                f"平台工单编号 {row.platform_no} 已登记为本所工单 {row.number}"
                f"（已记录重办 {o.facts.rework} 次）；重办须填写更大的重办次数。",
                field="platform_no",
            )
        from station_app.domain.auth import can

        if not can(tx.actor.role, "orders.dispatch"):
            raise ValidationError("登记重办须有派单权限。", field="rework")
        self.apply_rework(tx, o, count, deadline, max(at, o.facts.last_at or at), now)
        return row.number

    def apply_rework(
        self, tx: Tx, o: Loaded, count: int, deadline: datetime | None, at: datetime, now: datetime
    ) -> None:
        """Append the 重办 round (count checked) and rewrite the cache, audited."""
        before = snapshot(o.row, len(o.log))
        self._freeze(tx, o, min(at, now))
        flow.check_step(o.facts, k.REWORK, at, now)
        count = flow.check_rework(o.facts, count)
        data = {"count": count, "platform_deadline": iso(deadline)}
        self._append(tx, o, k.REWORK, at, data)
        self._write_cache(tx, o, now)
        tx.s.flush()
        reason = f"第{count}次重办，{v.lead_of(o.row.lead_level)}"
        tx.updated(v.KIND, o.row.id, before, snapshot(o.row, len(o.log)), reason)

    def _subject(self, tx: Tx, data: v.OrderInput) -> tuple[int | None, int | None, str, str]:
        entity_id, grid_id = None, data.grid_id
        subject, address = data.subject_name.strip(), data.subject_address.strip()
        if data.entity.strip():
            entity = repo.entity_by_key(tx.s, data.entity)
            if entity is None:
                raise ValidationError(
                    f"经营主体“{data.entity}”不存在（请填写统一社会信用代码或主体编号）。",
                    field="entity",
                )
            entity_id, subject, address = entity.id, entity.name, entity.address
            grid_id = grid_id if grid_id is not None else entity.grid_id
        if data.grid.strip():
            grid = repo.grid_by_code(tx.s, data.grid)
            if grid is None:
                raise ValidationError(
                    f"网格“{data.grid.strip()}”不存在，请填写网格花名册中的网格编号。",
                    field="grid",
                )
            grid_id = grid.id
        return entity_id, grid_id, subject, address

    def _auto_dispatch(self, tx: Tx, o: Loaded, grid_id: int, at: datetime) -> None:
        """A clue goes to the specialist covering the grid that day (Feicheng: the system
        dispatches); with nobody on the roster it waits for the dispatcher."""
        people = repo.covering(tx.s, grid_id, day_of(at))
        if not people:
            return
        person = people[0]
        user = repo.user_of_person(tx.s, person.id)
        self._append(tx, o, k.DISPATCH, at, assignee_data(person, user, "按网格花名册自动派单"))

    # -- roster person ↔ user ----------------------------------------------------------------

    def link_person(self, person_id: int, username: str) -> Changes:
        """Link a roster person to a user account (one each way), audited."""

        def link(tx: Tx) -> None:
            person = tx.s.get(Person, person_id)
            if person is None:
                raise NotFoundError("花名册中没有该人员。")
            user = repo.user_by_name(tx.s, username)
            if user is None:
                raise ValidationError(f"用户“{username}”不存在。", field="username")
            repo.link(tx.s, person.id, user.id)
            tx.saved("person_user", person.id, None, {"user": user.username, "person": person.name})

        _, changes = self._transact("users.manage", link)
        return changes


def kind_has_no_rework(kind: str) -> bool:
    return kind not in k.REWORK_KINDS


def assignee_data(person: Person | None, user: User | None, reason: str = "") -> dict[str, Any]:
    name = person.name if person else (user.display_name or user.username if user else "")
    out: dict[str, Any] = {
        "assignee_person_id": person.id if person else None,
        "assignee_user_id": user.id if user else None,
        "assignee_name": name,
    }
    if reason:
        out["reason"] = reason
    return out
