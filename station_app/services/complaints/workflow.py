"""投诉调解, the workflow after registration: decide (受理 / 不予受理), mediate (mediators,
sessions), record the result (调解成功 with numbered terms / 终止调解), tell the parties, follow
up the performance, visit, close; and recompute deadlines after the holiday table changed.

Every step is :meth:`Cases._step`: one transaction with a version check and an audit row.
Deadlines are computed with the working calendar by the rule version in force on the day the
complaint was received, and stored.
"""

from __future__ import annotations

from datetime import date

from station_app.data import audit
from station_app.data.models import AgreementTerm, Complaint, ComplaintMediator, MediationSession
from station_app.data.repo import complaints as repo
from station_app.domain import complaints as rules
from station_app.domain.calendar import WorkCalendar
from station_app.domain.complaints import TermInput
from station_app.errors import ValidationError
from station_app.services.base import Changes, Tx
from station_app.services.calendar import work_calendar
from station_app.services.complaints.cases import EDIT, KIND, MEDIATE, Cases, ComplaintView

Result = tuple[ComplaintView, Changes]


def _status(row: Complaint, *allowed: str, action: str) -> None:
    rules.require_status(row.number, row.status, *allowed, action=action)


def _date(tx: Tx, value: date, not_before: date | None, field: str, label: str, other: str) -> None:
    rules.check_date(value, not_before, tx.today, field, label, other)


class Workflow(Cases):
    """The steps of a case, each ``(view, Changes)``. Any thread."""

    # -- acceptance ----------------------------------------------------------------------------

    def accept(self, complaint_id: int, decided_on: date, version: int) -> Result:
        """受理: the mediation deadline starts from the decision date."""

        def accept(tx: Tx, row: Complaint) -> None:
            _status(row, rules.REGISTERED, action="受理")
            _date(tx, decided_on, row.received_on, "decided_on", "受理日期", "收到日期")
            cal = work_calendar(tx.s)
            deadline = rules.mediation_deadline(cal, row.received_on, decided_on)
            row.status, row.decided_on = rules.MEDIATING, decided_on
            row.refusal_ground, row.refusal_note = "", ""
            row.mediation_due = deadline.due
            row.deadline_warning = deadline.warning
            row.rules_name = deadline.rules.name

        return self._step(complaint_id, version, EDIT, accept)

    def refuse(
        self, complaint_id: int, decided_on: date, ground: str, note: str, version: int
    ) -> Result:
        """不予受理 with a ground of Art.15."""
        rules.check_refusal(ground, note)

        def refuse(tx: Tx, row: Complaint) -> None:
            _status(row, rules.REGISTERED, action="作出不予受理决定")
            _date(tx, decided_on, row.received_on, "decided_on", "决定日期", "收到日期")
            row.status, row.decided_on = rules.REFUSED, decided_on
            row.refusal_ground, row.refusal_note = ground, note.strip()

        return self._step(complaint_id, version, EDIT, refuse)

    # -- mediation -----------------------------------------------------------------------------

    def add_mediator(
        self, complaint_id: int, name: str, related_to_party: bool | None, version: int
    ) -> Result:
        """Add a mediator. The recusal question must have been asked: ``None`` (not answered)
        and ``True`` (related to a party, Art.19) are refused."""
        name = rules.check_mediator(name, related_to_party)

        def add(tx: Tx, row: Complaint) -> None:
            _status(row, rules.MEDIATING, action="指派调解人员")
            if any(m.name == name for m in row.mediators):
                raise ValidationError(f"{name}已是本案调解人员。", field="mediator_name")
            user_id = repo.user_names(tx.s).get(name)
            row.mediators.append(
                ComplaintMediator(name=name, user_id=user_id, related_to_party=False)
            )

        reason = f"指派调解人员{name}（已确认无须回避）"
        return self._step(complaint_id, version, MEDIATE, add, reason=reason)

    def remove_mediator(
        self, complaint_id: int, mediator_id: int, version: int, reason: str
    ) -> Result:
        """Take a mediator off the case while it is being mediated (a ground for recusal came
        to light, the mediator is away…). The reason is required and kept in the audit trail
        beside the before/after list of mediators."""
        reason = reason.strip()
        if not reason:
            raise ValidationError(
                "请写明移除该调解人员的原因（如发现应当回避、工作调整）。", field="reason"
            )

        def remove(tx: Tx, row: Complaint) -> None:
            _status(row, rules.MEDIATING, action="调整调解人员")
            for m in list(row.mediators):
                if m.id == mediator_id:
                    row.mediators.remove(m)
                    return
            raise ValidationError(
                "该调解人员已不在本案中（可能已被他人移除），请关闭后重新打开本案。",
                field="mediator_id",
            )

        return self._step(complaint_id, version, MEDIATE, remove, reason=f"移除调解人员：{reason}")

    def add_session(
        self, complaint_id: int, held_on: date, way: str, place: str, notes: str, version: int
    ) -> Result:
        rules.check_way(way)
        if not notes.strip():
            raise ValidationError("请填写本次调解的经过和双方意见。", field="notes")

        def add(tx: Tx, row: Complaint) -> None:
            _status(row, rules.MEDIATING, action="记录调解")
            start = row.decided_on or row.received_on
            _date(tx, held_on, start, "held_on", "调解日期", "受理日期")
            session = MediationSession(
                held_on=held_on, way=way, place=place.strip(), notes=notes.strip()
            )
            row.sessions.append(session)
            row.mediation_way = way

        return self._step(complaint_id, version, MEDIATE, add)

    def succeed(
        self,
        complaint_id: int,
        result_on: date,
        terms: list[TermInput],
        version: int,
        *,
        performance_method: str = "",
        performed_on_spot: bool = False,
        money_recovered_fen: int | None = None,
        way: str = "",
    ) -> Result:
        """调解成功 with numbered terms; each term needs a performance deadline."""
        clean = rules.check_terms(terms, result_on)
        if way:
            rules.check_way(way)
        recovered = money_recovered_fen
        if recovered is None:
            recovered = sum(t.amount_fen or 0 for t in clean if t.kind in ("退款", "赔偿"))
        rules.check_money(recovered)
        method = performance_method.strip() or "；".join(t.method for t in clean if t.method)

        def succeed(tx: Tx, row: Complaint) -> None:
            _status(row, rules.MEDIATING, action="记录调解成功")
            if not row.mediators:
                raise ValidationError(
                    "请先指派调解人员（调解书须由调解人员签字）。", field="mediators"
                )
            start = row.decided_on or row.received_on
            _date(tx, result_on, start, "result_on", "调解成功日期", "受理日期")
            row.mediation_way = way or row.mediation_way
            if not row.mediation_way:
                raise ValidationError("请选择调解方式：现场、电话或网络。", field="way")
            _replace_terms(tx, row, clean)
            row.status, row.result_on = rules.SUCCEEDED, result_on
            row.termination_reason, row.termination_note, row.notice_due = "", "", None
            row.performance_method = method
            row.performed_on_spot = performed_on_spot
            row.money_recovered_fen = recovered
            if performed_on_spot:
                row.performance_status, row.performance_checked_on = "已履行", result_on

        return self._step(complaint_id, version, MEDIATE, succeed)

    def terminate(
        self, complaint_id: int, decided_on: date, reason: str, note: str, version: int
    ) -> Result:
        """终止调解 with a reason of Art.21; the notice deadline follows from the decision."""
        rules.check_termination(reason, note)

        def terminate(tx: Tx, row: Complaint) -> None:
            _status(row, rules.MEDIATING, action="终止调解")
            start = row.decided_on or row.received_on
            _date(tx, decided_on, start, "result_on", "终止调解日期", "受理日期")
            deadline = rules.notice_deadline(work_calendar(tx.s), row.received_on, decided_on)
            row.status, row.result_on = rules.TERMINATED, decided_on
            row.termination_reason, row.termination_note = reason, note.strip()
            row.notice_due = deadline.due
            if deadline.warning:
                row.deadline_warning = deadline.warning

        return self._step(complaint_id, version, MEDIATE, terminate)

    def record_notice(self, complaint_id: int, notice_on: date, version: int) -> Result:
        """Both parties were told that mediation ended."""

        def notice(tx: Tx, row: Complaint) -> None:
            _status(row, rules.TERMINATED, action="登记告知日期")
            _date(tx, notice_on, row.result_on, "notice_on", "告知日期", "终止调解日期")
            row.notice_on = notice_on

        return self._step(complaint_id, version, MEDIATE, notice)

    # -- after the result ----------------------------------------------------------------------

    def follow_up(
        self,
        complaint_id: int,
        status: str,
        note: str,
        checked_on: date,
        version: int,
        *,
        money_recovered_fen: int | None = None,
    ) -> Result:
        """履行情况: whether the agreement was performed."""
        if status not in rules.PERFORMANCE:
            raise ValidationError(
                "请选择履行情况：未履行、部分履行或已履行。", field="performance_status"
            )

        def follow_up(tx: Tx, row: Complaint) -> None:
            _status(row, rules.SUCCEEDED, action="登记履行情况")
            field, other = "performance_checked_on", "调解成功日期"
            _date(tx, checked_on, row.result_on, field, "核查日期", other)
            row.performance_status, row.performance_note = status, note.strip()
            row.performance_checked_on = checked_on
            if money_recovered_fen is not None:
                rules.check_money(money_recovered_fen)
                row.money_recovered_fen = money_recovered_fen

        return self._step(complaint_id, version, EDIT, follow_up)

    def return_visit(
        self,
        complaint_id: int,
        visit_on: date,
        way: str,
        process: str,
        result: str,
        note: str,
        version: int,
    ) -> Result:
        """回访 (Order 121): process and result satisfaction."""
        rules.check_visit(way, process, result, note)

        def visit(tx: Tx, row: Complaint) -> None:
            _status(row, rules.SUCCEEDED, rules.TERMINATED, rules.REFUSED, action="登记回访")
            start = row.result_on or row.decided_on
            _date(tx, visit_on, start, "visit_on", "回访日期", "处理结果日期")
            row.visit_on, row.visit_way = visit_on, way
            row.visit_process, row.visit_result, row.visit_note = process, result, note.strip()

        return self._step(complaint_id, version, EDIT, visit)

    def close(self, complaint_id: int, closed_on: date, version: int) -> Result:
        """办结. A terminated case must have its notice recorded first."""

        def close(tx: Tx, row: Complaint) -> None:
            _status(row, rules.SUCCEEDED, rules.TERMINATED, rules.REFUSED, action="办结")
            if row.status == rules.TERMINATED and row.notice_on is None:
                raise ValidationError("请先登记终止调解告知双方的日期，再办结。", field="notice_on")
            start = row.result_on or row.decided_on
            _date(tx, closed_on, start, "closed_on", "办结日期", "处理结果日期")
            row.closed_on = closed_on
            row.status = rules.CLOSED
            self._close_orders(tx, row)

        return self._step(complaint_id, version, EDIT, close)

    def _close_orders(self, tx: Tx, row: Complaint) -> None:
        """The work orders handled by this case (转调解, #14) close with it, in this unit of
        work (``services.orders.case_hook``)."""
        from station_app.services.orders.case_hook import CaseHook

        tx.s.flush()
        CaseHook(self._db, self._auth, clock=self._clock).on_case_closed(tx, row.id)

    # -- deadlines -----------------------------------------------------------------------------

    def recompute_deadlines(self) -> Changes:
        """After the holiday table changed: recompute the deadlines of open cases."""

        def recompute(tx: Tx) -> None:
            cal = work_calendar(tx.s)
            for row in repo.open_rows(tx.s):
                before = (row.acceptance_due, row.mediation_due, row.notice_due)
                warning = row.deadline_warning
                _recompute(cal, row)
                after = (row.acceptance_due, row.mediation_due, row.notice_due)
                if (before, warning) != (after, row.deadline_warning):
                    changes = {"deadlines": [str(before), str(after)]}
                    tx.record(audit.UPDATE, KIND, row.id, changes, "节假日调整后重新计算期限")

        return self._transact("settings.edit", recompute)[1]


def _replace_terms(tx: Tx, row: Complaint, terms: list[TermInput]) -> None:
    row.terms.clear()
    tx.s.flush()
    for seq, t in enumerate(terms, start=1):
        row.terms.append(
            AgreementTerm(
                seq=seq,
                kind=t.kind,
                description=t.description,
                amount_fen=t.amount_fen,
                method=t.method,
                due_on=t.due_on,
            )
        )


def _recompute(cal: WorkCalendar, row: Complaint) -> None:
    acc = rules.acceptance_deadline(cal, row.received_on)
    row.acceptance_due, warning = acc.due, acc.warning
    if row.decided_on and not row.refusal_ground:
        med = rules.mediation_deadline(cal, row.received_on, row.decided_on)
        row.mediation_due, warning = med.due, med.warning or warning
    if row.termination_reason and row.result_on:
        note = rules.notice_deadline(cal, row.received_on, row.result_on)
        row.notice_due, warning = note.due, note.warning or warning
    row.deadline_warning = warning
