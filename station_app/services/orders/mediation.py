"""转调解 (#14): a 12315 complaint order, or a walk-in consultation that turned out to be a
complaint, is handled by a mediation case of the complaints area — opened from the order
(``mediate``) or an existing case linked to it (``link_case``) — and the order closes when the
case closes: the complaint workflow calls ``case_hook.CaseHook.on_case_closed`` inside the
case's own unit of work, so the case and the order never disagree. An order whose case is still open
cannot be closed by hand (``Steps.close``).

On site (到场) at a registry entity the order also records a patrol record (巡查记录, source
``order``, the order's number as its reference) through ``PatrolService.record_in`` in the
same unit of work, so the check counts in patrol coverage (:func:`onsite_record`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from station_app.data.repo import complaints as complaints_repo
from station_app.data.repo import orders as repo
from station_app.domain.orders import kinds as k
from station_app.domain.orders.timing import day_of
from station_app.domain.text import to_halfwidth
from station_app.errors import ValidationError
from station_app.services.base import Tx
from station_app.services.orders import views as v
from station_app.services.orders.core import Loaded, OrdersCore

#: the complaint channel a case opened from an order is registered under
CASE_CHANNEL = {k.COMPLAINT: "12315", k.CONSULT: "来访"}
DEFAULT_CLAIM = "其他"


@dataclass(frozen=True)
class MediationInput:
    """What a complaint case needs beyond the order (FACTS §2.3): the complainant's address,
    the claim (修理 … 赔偿损失, 其他 with its detail) and the facts (default: the order's text).
    Name and phone default to the order's requester, the respondent to the order's subject."""

    complainant_address: str = ""
    claim: str = DEFAULT_CLAIM
    claim_detail: str = ""
    facts: str = ""
    complainant_name: str = ""
    complainant_phone: str = ""
    respondent_name: str = ""  # default: the order's subject
    respondent_address: str = ""


class Mediation(OrdersCore):
    """``mediate`` and ``link_case`` (the case's close: ``case_hook.CaseHook``)."""

    def mediate(
        self,
        number: str,
        data: MediationInput | None = None,
        at: datetime | None = None,
        version: int | None = None,
    ) -> tuple[v.OrderView, Any]:
        """转调解: open a complaint case from the order (the complaint's registration rules
        apply: a missing address or claim is refused at its field) and link it; the order is
        handled by mediation from now on and closes with the case."""
        self._auth.require("complaints.edit")
        data = data or MediationInput()

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            check_linkable(tx, o)
            case = self._open_case(tx, o, data, when)
            return {"case_id": case[0], "case_number": case[1], "way": k.WAY_MEDIATION,
                    "opened": True}  # fmt: skip

        return self._step(number, k.LINK_CASE, at, version=version, check=check, after=_keep_case)

    def link_case(
        self, number: str, case: str, at: datetime | None = None, version: int | None = None
    ) -> tuple[v.OrderView, Any]:
        """关联 an existing complaint case (its number ``TS2026-0012``) to the order."""
        case_no = to_halfwidth(case or "").strip().upper()
        if not case_no:
            raise ValidationError("请填写要关联的投诉编号，例如 TS2026-0012。", field="case")

        def check(tx: Tx, o: Loaded, when: datetime) -> dict[str, Any]:
            check_linkable(tx, o)
            case_id = complaints_repo.id_by_number(tx.s, case_no)
            brief = repo.case_brief(tx.s, case_id)
            if brief is None:
                raise ValidationError(
                    f"未找到投诉“{case_no}”（投诉编号形如 TS2026-0012）。", field="case"
                )
            _check_case_free(tx, brief)
            return {"case_id": brief["id"], "case_number": brief["number"],
                    "way": k.WAY_MEDIATION, "opened": False}  # fmt: skip

        return self._step(number, k.LINK_CASE, at, version=version, check=check, after=_keep_case)

    def _open_case(
        self, tx: Tx, o: Loaded, data: MediationInput, when: datetime
    ) -> tuple[int, str]:
        from station_app.services.complaints import ComplaintInput, ComplaintService

        row = o.row
        platform_no = row.platform_no if row.kind == k.COMPLAINT else None
        channel = CASE_CHANNEL[row.kind]
        if platform_no:
            known = repo.case_by_platform(tx.s, channel, platform_no)
            if known is not None:
                raise ValidationError(
                    f"平台编号 {platform_no} 已登记为投诉 {known[1]}，请改用“关联已有投诉”"
                    f"（orders link-case {row.number} {known[1]}）。",
                    field="case",
                )
        claim = (data.claim or DEFAULT_CLAIM).strip()
        text = (data.facts or row.text).strip()
        detail = data.claim_detail.strip() or (text[:100] if claim == DEFAULT_CLAIM else "")
        received = day_of(row.received_at) if row.kind == k.COMPLAINT else day_of(when)
        case_input = ComplaintInput(
            channel=channel, received_on=received,
            complainant_name=data.complainant_name.strip() or row.requester_name,
            complainant_phone=data.complainant_phone.strip() or row.requester_phone,
            complainant_address=data.complainant_address, entity_id=row.entity_id,
            respondent_name=data.respondent_name.strip() or row.subject_name,
            respondent_address=data.respondent_address.strip() or row.subject_address,
            claim=claim, claim_detail=detail, facts=text,
        )  # fmt: skip
        complaints = ComplaintService(self._db, self._auth, clock=self._clock)
        case = complaints._register_in(tx, case_input, tx.today, platform_no)
        return case.id, case.number


def check_linkable(tx: Tx, o: Loaded) -> None:
    """An order takes one mediation case."""
    if o.facts.case_id is not None:
        brief = repo.case_brief(tx.s, o.facts.case_id)
        name = brief["number"] if brief else ""
        raise ValidationError(
            f"该工单已转调解（投诉 {name}），不能再转调解或关联其他投诉。", field="case"
        )


def _check_case_free(tx: Tx, brief: dict[str, Any]) -> None:
    from station_app.domain import complaints as rules

    if brief["status"] == rules.CLOSED:
        raise ValidationError(
            f"投诉 {brief['number']} 已办结，不能再关联工单（工单请按处置结果反馈、办结）。",
            field="case",
        )
    others = repo.orders_of_case(tx.s, brief["id"])
    if others:
        raise ValidationError(
            f"投诉 {brief['number']} 已关联工单 {others[0]}，一件投诉只关联一件工单。",
            field="case",
        )


def _keep_case(tx: Tx, o: Loaded, when: datetime) -> None:
    o.row.case_id = o.facts.case_id


def case_open_message(o: Loaded, brief: dict[str, Any]) -> str:
    return (
        f"该工单已转调解（投诉 {brief['number']}，{brief['status']}），"
        "随调解案件办结后自动办结，不能单独办结；请在投诉调解中办结该案件。"
    )


# ---- 到场 at a registry entity: a patrol record (#14 ↔ #15) ----------------------------------

ONSITE_RESULTS = ("clear", "closed")
"""What 到场 may record as the check's result: 未发现问题 (the checklist answered 是
throughout) or 闭门未遇. A check that found problems is entered on the patrol record itself
(巡查 page), where hazards, deadlines and re-checks belong."""


def onsite_record(
    service: OrdersCore, tx: Tx, o: Loaded, when: datetime, result: str, note: str
) -> dict[str, Any]:
    """The patrol record of a 到场 (``{}`` when the subject is not a registry entity): source
    线索/工单, the order's number as reference, the handler as the inspector."""
    if o.row.entity_id is None:
        return {}
    from station_app.domain.patrols import records as D
    from station_app.domain.patrols.rules import PATROL
    from station_app.services.patrols import PatrolService

    code = D.parse_result(result or "clear")
    if code not in ONSITE_RESULTS:
        raise ValidationError(
            "到场检查结果只能登记“未发现问题”或“闭门未遇”；发现问题的，请在巡查记录中登记隐患。",
            field="result",
        )
    person = o.facts.assignee_person_id
    draft = D.RecordDraft(
        entity_id=o.row.entity_id, at=when, kind=PATROL, source=D.ORDER,
        reference=o.row.number, inspectors=(person,) if person else (),
        result=code if code == D.CLOSED_DOOR else None, note=(note or "").strip()[:500],
    )  # fmt: skip
    patrols = PatrolService(service._db, service._auth, clock=service._clock)
    record_id = patrols.record_in(tx, draft, assume_yes=True)
    return {"record_id": record_id, "record_result": D.RESULT_LABELS[code]}
