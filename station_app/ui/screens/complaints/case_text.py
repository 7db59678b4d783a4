"""What the case window says about a complaint, as text: the header (number, status, running
deadline), the rows of 详情, and the 调解与结果 summary. Pure functions of the
:class:`ComplaintView` (no Qt), so the window only places them."""

from __future__ import annotations

from collections.abc import Callable

from station_app.domain import complaints as rules
from station_app.services.complaints import ComplaintView
from station_app.ui.widgets.dates import format_date

from . import labels as L

DUE_COLOURS = {"overdue": "#b00020", "soon": "#b26a00"}
DUE_OK_COLOUR = "#1b7f3b"


def header_html(v: ComplaintView, due_state: str) -> str:
    """``due_state`` is the state of ``v.current_due`` (``overdue``/``soon``/other)."""
    due = v.current_due
    due_text = ""
    if due:
        colour = DUE_COLOURS.get(due_state, DUE_OK_COLOUR)
        word = L.DUE_WORDS.get(due_state, "")
        due_text = L.HEADER_DUE.format(colour=colour, due=due.isoformat(), word=word)
    warn = ""
    if v.deadline_warning and due is not None:  # only while a deadline runs
        warn = L.HEADER_WARNING.format(v.deadline_warning)
    return L.HEADER.format(
        number=v.number,
        status=v.status,
        due=due_text,
        channel=v.channel,
        received=v.received_on.isoformat(),
        respondent=v.respondent_name,
        claim=v.claim,
        amount=rules.yuan(v.amount_fen),
        warn=warn,
    )


def _decision(v: ComplaintView) -> str:
    if v.refusal_ground:
        word = L.REFUSED_BECAUSE + rules.REFUSAL_GROUNDS.get(v.refusal_ground, "")
    else:
        word = L.ACCEPTED if v.decided_on else ""
    return f"{format_date(v.decided_on)} {word}"


def detail_rows(v: ComplaintView, personal: Callable[[str], object]) -> list[tuple[str, object]]:
    """(label, value) rows of 详情; ``personal(field)`` makes the masked-value widget of a
    personal field (revealed only through the audited service call)."""
    agent: list[tuple[str, object]] = [
        (L.D_AGENT, L.AGENT_AUTHORISED.format(v.agent_name) if v.agent_name else L.NONE)
    ]
    if v.agent_phone:
        agent.append((L.D_AGENT_PHONE, personal("agent_phone")))
    uscc = L.IN_BRACKETS.format(v.respondent_uscc) if v.respondent_uscc else ""
    id_number = personal("complainant_id_number") if v.complainant_id_number else L.NOT_RECORDED
    return [
        (L.D_COMPLAINANT, v.complainant_name),
        (L.D_COMPLAINANT_PHONE, personal("complainant_phone")),
        (L.D_ADDRESS, personal("complainant_address")),
        (L.D_ID, id_number),
        *agent,
        (L.D_RESPONDENT, v.respondent_name + uscc),
        (L.D_RESPONDENT_ADDRESS, v.respondent_address),
        (L.D_CONTACT, f"{v.respondent_contact} {v.respondent_phone}".strip()),
        (L.D_GOODS, v.goods),
        (L.D_OCCURRED, f"{format_date(v.occurred_on)} {v.place}".strip()),
        (L.D_CLAIM, f"{v.claim} {v.claim_detail}".strip()),
        (L.D_FACTS, v.facts),
        (L.D_STATION, v.station_name or L.NO_STATION),
        (L.D_ACCEPTANCE_DUE, format_date(v.acceptance_due)),
        (L.D_DECISION, _decision(v)),
        (L.D_MEDIATION_DUE, format_date(v.mediation_due)),
        (L.D_RULES, v.rules_name),
    ]


def _sessions(v: ComplaintView) -> list[str]:
    if not v.sessions:
        return []
    items = [L.M_SESSION.format(s.held_on.isoformat(), s.way, s.place, s.notes) for s in v.sessions]
    return [L.M_SESSIONS, *items, "</ul>"]


def _term(t) -> str:
    shown = t.amount_fen and rules.yuan(t.amount_fen) not in t.description
    amount = L.M_TERM_AMOUNT.format(rules.yuan(t.amount_fen)) if shown else ""
    return L.M_TERM.format(t.kind, t.description, amount, t.method, t.due_on.isoformat())


def _terms(v: ComplaintView) -> list[str]:
    if not v.terms:
        return []
    spot = L.M_ON_SPOT if v.performed_on_spot else ""
    recovered = L.M_RECOVERED.format(rules.yuan(v.money_recovered_fen), spot)
    return [L.M_SUCCEEDED.format(format_date(v.result_on)), *map(_term, v.terms), recovered]


def _termination(v: ComplaintView) -> list[str]:
    if not v.termination_reason:
        return []
    return [
        L.M_TERMINATED.format(
            day=format_date(v.result_on),
            reason=rules.TERMINATION_REASONS[v.termination_reason],
            due=format_date(v.notice_due),
            on=format_date(v.notice_on) or L.NOT_NOTIFIED,
        )
    ]


def _after(v: ComplaintView) -> list[str]:
    out = []
    if v.performance_status:
        checked = format_date(v.performance_checked_on)
        out.append(L.M_PERFORMANCE.format(v.performance_status, checked, v.performance_note))
    if v.visit_on:
        out.append(
            L.M_VISIT.format(
                format_date(v.visit_on), v.visit_way, v.visit_process, v.visit_result, v.visit_note
            )
        )
    if v.closed_on:
        out.append(L.M_CLOSED.format(format_date(v.closed_on)))
    return out


def mediation_html(v: ComplaintView) -> str:
    """调解与结果: mediators, sessions, the agreement or the termination, what followed."""
    mediators = L.NAME_SEP.join(m.name for m in v.mediators) or L.NO_MEDIATOR
    parts = [L.M_MEDIATORS.format(mediators, v.mediation_way or L.DASH)]
    for section in (_sessions, _terms, _termination, _after):
        parts += section(v)
    return "".join(parts)
