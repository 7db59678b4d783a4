"""The steps of an order after registration, each one use case (``OrdersCore._step``):
派单 (to the grid's specialist that day, or another with a reason), 退单, 响应, 到场, 处置, 立案决定,
延期, 告知举报人, 反馈, 确认 (the double sign-off: two different people, each signed in as
themselves), 不认可, 办结, 回访, 挂起/恢复, 督办 (双督办, numbered), 作废, and the minute timer's
``catch_up`` that freezes breached deadlines."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from station_app.data.models import OrderSupervision
from station_app.data.repo import complaints as complaints_repo
from station_app.data.repo import orders as repo
from station_app.data.repo import station as station_repo
from station_app.domain import complaints as complaint_rules
from station_app.domain.auth import GRIDWORKER
from station_app.domain.complaints import doc_number
from station_app.domain.orders import flow
from station_app.domain.orders import kinds as k
from station_app.domain.orders.timing import day_of
from station_app.errors import ValidationError
from station_app.services.base import Changes, Tx
from station_app.services.orders import views as v
from station_app.services.orders.core import Loaded, snapshot
from station_app.services.orders.registration import Registration, assignee_data

Result = tuple[v.OrderView, Changes]
SUPERVISION_COUNTER = "工单督办"


class Steps(Registration):
    """Every step of an order, each ``(view, Changes)``; ``at`` defaults to now, ``version``
    (the window's) makes a stale step a conflict. Any thread."""

    def dispatch(
        self, number: str, at: datetime | None = None, to: str = "", reason: str = "",
        version: int | None = None,
    ) -> Result:  # fmt: skip
        """派单 to ``to`` (a user name) or, by default, the specialist covering the order's grid
        on that day; anyone else than that specialist needs a reason."""

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            proposed = repo.covering(tx.s, o.row.grid_id, day_of(when)) if o.row.grid_id else []
            first = proposed[0] if proposed else None
            person, user = first, repo.user_of_person(tx.s, first.id) if first else None
            if to.strip():
                user = repo.user_by_name(tx.s, to)
                if user is None:
                    raise ValidationError(f"用户“{to.strip()}”不存在。", field="to")
                person = repo.person_of_user(tx.s, user.id)
            flow.check_dispatch(
                first.id if first else None, first.name if first else "",
                person.id if person else None, user.id if user else None, reason,
            )  # fmt: skip
            return assignee_data(person, user)

        return self._step(number, k.DISPATCH, at, reason=reason, version=version, check=check)

    def return_(self, number: str, at: datetime | None = None, reason: str = "", version=None):
        """退单 back to the dispatcher with the reason (reassigned by the next 派单)."""
        return self._step(number, k.RETURN, at, reason=reason, version=version)

    def respond(self, number: str, at: datetime | None = None, note: str = "", version=None):
        return self._step(number, k.RESPOND, at, version=version, note=note.strip())

    def onsite(
        self, number: str, at: datetime | None = None, note: str = "", version=None,
        result: str = "clear",
    ) -> Result:  # fmt: skip
        """到场; at a registry entity also a patrol record (``result``: clear 未发现问题 or
        closed 闭门未遇) in the same unit of work, so the check counts in patrol coverage."""
        from station_app.services.orders.mediation import onsite_record

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            return onsite_record(self, tx, o, when, result, note)

        return self._step(number, k.ONSITE, at, version=version, check=check, note=note.strip())

    def handle(
        self, number: str, way: str, note: str, at: datetime | None = None,
        department: str = "", version: int | None = None,
    ) -> Result:  # fmt: skip
        """处置 by a way (现场核查, 调解, 举报核查, 移送 with the department, 答复, 责令整改)."""
        way, department, note = flow.check_handle(way, department, note)

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            if way == k.WAY_MEDIATION and o.row.kind == k.COMPLAINT:
                raise ValidationError(
                    "12315投诉的调解请用“转调解”：登记投诉调解案件，工单随案件办结。", field="way"
                )
            return {"way": way, "department": department}

        def after(tx: Tx, o: Loaded, when: datetime) -> None:
            if department:
                o.row.department = department

        return self._step(
            number, k.HANDLE, at, version=version, check=check, after=after, note=note
        )

    def decide(
        self, number: str, decision: str, reason: str = "", at: datetime | None = None,
        version: int | None = None,
    ) -> Result:  # fmt: skip
        """举报: 立案 / 不予立案 (stops the 核查 clock; starts the 告知 clock of a real-name one)."""

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            return {"decision": flow.check_decide(o.facts, decision, reason)}

        return self._step(number, k.DECIDE, at, version=version, check=check, note=reason.strip())

    def extend(self, number: str, reason: str, at: datetime | None = None, version=None):
        """延期 of a 举报's 核查 by 15 working days, approved by the head (once, before expiry)."""

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            clock = flow.check_extend(o.facts, o.clocks(when), when)
            return {"clock": clock.clock}

        return self._step(number, k.EXTEND, at, reason=reason, version=version, check=check)

    def notify(self, number: str, at: datetime | None = None, version=None) -> Result:
        """告知举报人 of the decision (real-name reports, within 5 working days)."""

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            flow.check_notify(o.facts)
            return {}

        return self._step(number, k.NOTIFY, at, version=version, check=check)

    def feedback(self, number: str, text: str, at: datetime | None = None, version=None):
        """反馈 the result (a feedback dated before the dispatch is refused by the log)."""

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            flow.check_feedback(o.facts, text)
            return {}

        return self._step(number, k.FEEDBACK, at, version=version, check=check, note=text.strip())

    def confirm(self, number: str, at: datetime | None = None, version=None) -> Result:
        """确认 one side of the double sign-off as the signed-in user (never twice by one
        person, never for a side that is not theirs)."""

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            signer = self._signer(tx, o, when)
            side = flow.check_confirm(o.facts, signer)
            return {"side": side, "name": signer.label, "person_id": signer.person_id}

        return self._step(number, k.CONFIRM, at, version=version, check=check)

    def _signer(self, tx: Tx, o: Loaded, when: datetime) -> flow.Signer:
        actor = tx.actor
        if actor.user_id is None:
            raise ValidationError("确认须由本人登录自己的账号进行。", field="confirm")
        person = repo.person_of_user(tx.s, actor.user_id)
        pid = person.id if person else None
        grid_worker = pid is not None and repo.is_grid_worker(
            tx.s, pid, o.row.grid_id, day_of(when)
        )
        reporter_user = repo.user_of_person(tx.s, o.facts.reporter_person_id)
        return flow.Signer(
            actor.user_id, actor.username, actor.label, pid,
            reviewer=actor.role != GRIDWORKER, grid_worker=grid_worker,
            reporter_has_user=reporter_user is not None,
        )  # fmt: skip

    def reject(self, number: str, reason: str, at: datetime | None = None, version=None):
        """不认可 the result: back to 处置中, the confirmations of the round cleared."""
        return self._step(number, k.REJECT, at, reason=reason, version=version)

    def close(self, number: str, at: datetime | None = None, version=None) -> Result:
        """办结 after both confirmations (a real-name report: after the notice)."""

        def case_closed_first(tx: Tx, o: Loaded) -> None:
            brief = repo.case_brief(tx.s, o.row.case_id)
            if brief is not None and brief["status"] != complaint_rules.CLOSED:
                from station_app.services.orders.mediation import case_open_message

                raise ValidationError(case_open_message(o, brief), field="case")

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            flow.check_close(o.facts)
            return {}

        return self._step(
            number, k.CLOSE, at, version=version, check=check, first=case_closed_first
        )

    def visit(
        self, number: str, process: str, result: str, reasonable: bool, way: str = "电话",
        note: str = "", at: datetime | None = None, version: int | None = None,
    ) -> Result:  # fmt: skip
        """回访: process and result satisfaction, whether the demand was reasonable."""

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            flow.check_visit(o.facts, process, result, way)
            return {"process": process, "result": result, "reasonable": reasonable, "way": way}

        def after(tx: Tx, o: Loaded, when: datetime) -> None:
            o.row.process_satisfaction, o.row.result_satisfaction = process, result
            o.row.reasonable = reasonable

        return self._step(number, k.VISIT, at, version=version, check=check, after=after, note=note)

    def pause(self, number: str, reason: str, at: datetime | None = None, version=None):
        """挂起 with the reason (waiting for a test, the party unreachable): not counted."""
        return self._step(number, k.PAUSE, at, reason=reason, version=version)

    def resume(self, number: str, at: datetime | None = None, version=None) -> Result:
        return self._step(number, k.RESUME, at, version=version)

    def void(self, number: str, reason: str, at: datetime | None = None, version=None):
        """作废 a mistaken order with the reason (nothing is deleted)."""
        return self._step(number, k.VOID_STEP, at, reason=reason, version=version)

    def rework(
        self, number: str, count: int, at: datetime | None = None,
        deadline: datetime | None = None, version: int | None = None,
    ) -> Result:  # fmt: skip
        """重办: the platform sent the order back; the lead escalates with the count."""
        now = self._now()
        when = at or now

        def operation(tx: Tx) -> None:
            o = self._load(tx, number, version)
            self.apply_rework(tx, o, count, deadline, when, now)

        _, changes = self._transact("orders.dispatch", operation)
        return self.show(number), changes

    def supervise(
        self, number: str, station_side: str, community_side: str, at: datetime | None = None,
        level: str = "督办", note: str = "", version: int | None = None,
    ) -> Result:  # fmt: skip
        """督办 an overdue order: the station's and the community's supervisors (双督办), a
        numbered 督办通知单 (〔年〕N号)."""
        station_side, community_side, note = flow.check_supervisors(
            station_side, community_side, note
        )
        if level not in k.SUPERVISION_LEVELS:
            raise ValidationError(
                f"督办级别可选：{'、'.join(k.SUPERVISION_LEVELS)}。", field="level"
            )

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            flow.check_supervise(o.clocks(when), when)
            year = day_of(when).year
            n = complaints_repo.allocate_number(tx.s, SUPERVISION_COUNTER, year)
            profile = station_repo.profile_row(tx.s.connection())
            prefix = (profile.doc_prefix if profile is not None else "") or "市监"
            number_text = doc_number(prefix, "督", year, n)
            tx.s.add(
                OrderSupervision(
                    order_id=o.row.id, doc_number=number_text, level=level,
                    station_side=station_side, community_side=community_side, note=note,
                    at=when, username=tx.actor.username,
                )
            )  # fmt: skip
            return {"doc_number": number_text, "station": station_side,
                    "community": community_side, "level": level}  # fmt: skip

        return self._step(number, k.SUPERVISE, at, version=version, check=check, note=note)

    # -- the minute timer -------------------------------------------------------------------

    def catch_up(self, now: datetime | None = None) -> Changes:
        """Freeze the deadlines of every open order breached by now (start-up: office PCs are
        off at night; the GUI's minute timer), rewriting their cached columns."""
        moment = now or self._now()

        def operation(tx: Tx) -> None:
            for number in repo.due_order_numbers(tx.s, moment):
                o = self._load(tx, number)
                before = snapshot(o.row, len(o.log))
                if self._freeze(tx, o, moment):
                    self._write_cache(tx, o, moment)
                    tx.s.flush()
                    tx.updated(v.KIND, o.row.id, before, snapshot(o.row, len(o.log)), "超时")

        _, changes = self._transact("data.view", operation)
        return changes
