"""The workflow steps of a complaint as specs: each step is a form (fields, intro, defaults) and
the one service call that records it. The case window turns a :class:`Step` into a
:class:`~station_app.ui.widgets.forms.FormDialog`; ``STEPS[key](view)`` builds the step for a
complaint as it is now (its id and version are in the call)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QPushButton

from station_app.domain import complaints as rules
from station_app.errors import StationError
from station_app.services.complaints import PERSONAL_FIELDS, ComplaintView
from station_app.ui.errors import show_error
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.forms import Field, FormDialog, options

from . import labels as L
from .register import add_respondent_picker, input_from, register_fields
from .terms import TermsEditor

CaseDialog = Any  # case_dialog.CaseDialog, which imports this module: not imported back

Setup = Callable[[FormDialog, "CaseDialog"], None]


@dataclass(frozen=True)
class Step:
    """``call(service, values)`` records the step; ``setup(form, case)`` adds what a spec
    cannot say (a completer, the terms editor, the respondent picker)."""

    title: str
    fields: Sequence[Field]
    call: Callable[[Any, dict], object]
    intro: str = ""
    values: Mapping[str, object] = field(default_factory=dict)
    setup: Setup | None = None


# which steps each status offers, in button order
STEPS_BY_STATUS = {
    rules.REGISTERED: ("accept", "refuse", "edit"),
    rules.MEDIATING: ("mediator", "unmediator", "session", "succeed", "terminate", "edit"),
    rules.SUCCEEDED: ("follow", "visit", "close"),
    rules.TERMINATED: ("notice", "visit", "close"),
    rules.REFUSED: ("visit", "close"),
    rules.CLOSED: (),
}
MEDIATION_STEPS = frozenset({"mediator", "unmediator", "session", "succeed", "terminate", "notice"})


def steps_for(v: ComplaintView) -> tuple[str, ...]:
    """The steps offered now (removing a mediator only once there is one)."""
    steps = STEPS_BY_STATUS[v.status]
    return tuple(s for s in steps if s != "unmediator" or v.mediators)


def permission_for(step: str) -> str:
    return "mediation.edit" if step in MEDIATION_STEPS else "complaints.edit"


def _numbered(reasons: Mapping[str, str]) -> tuple:
    """``(（一）text, key)`` choices after a 请选择 blank."""
    numbered = ((L.NUMBERED.format(rules.cn_index(int(k)), t), k) for k, t in reasons.items())
    return ((L.CHOOSE, ""), *numbered)


def accept(v: ComplaintView) -> Step:
    return Step(
        L.S_ACCEPT,
        (Field("decided_on", L.F_ACCEPT_ON, "date"),),
        lambda svc, x: svc.accept(v.id, x["decided_on"], v.version),
        intro=L.ACCEPT_INTRO.format(v.rules_name),
    )


def refuse(v: ComplaintView) -> Step:
    fields = (
        Field("decided_on", L.F_DECIDED_ON, "date"),
        Field("refusal_ground", L.F_REFUSAL_GROUND, "combo", _numbered(rules.REFUSAL_GROUNDS)),
        Field("refusal_note", L.F_NOTE, "multiline"),
    )

    def call(svc, x: dict) -> object:
        return svc.refuse(v.id, x["decided_on"], x["refusal_ground"], x["refusal_note"], v.version)

    return Step(L.S_REFUSE, fields, call)


def _mediator_completer(form: FormDialog, case: CaseDialog) -> None:
    completer = QCompleter(case.svc.mediator_names(), form)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    form.widgets["mediator_name"].setCompleter(completer)


def mediator(v: ComplaintView) -> Step:
    fields = (
        Field("mediator_name", L.F_MEDIATOR_NAME),
        Field("related_to_party", L.RECUSAL_QUESTION, "choice", (L.RECUSAL_YES, L.RECUSAL_NO)),
    )

    def call(svc, x: dict) -> object:
        return svc.add_mediator(v.id, x["mediator_name"], x["related_to_party"], v.version)

    return Step(L.S_MEDIATOR, fields, call, L.MEDIATOR_INTRO, setup=_mediator_completer)


def unmediator(v: ComplaintView) -> Step:
    fields = (
        Field("mediator_id", L.F_MEDIATOR, "combo", tuple((m.name, m.id) for m in v.mediators)),
        Field("reason", L.F_REMOVE_REASON, "multiline", placeholder=L.F_REMOVE_REASON_HINT),
    )

    def call(svc, x: dict) -> object:
        return svc.remove_mediator(v.id, x["mediator_id"], v.version, x["reason"])

    return Step(L.S_UNMEDIATOR, fields, call, L.UNMEDIATOR_INTRO)


def session(v: ComplaintView) -> Step:
    fields = (
        Field("held_on", L.F_SESSION_ON, "date"),
        Field("way", L.F_WAY, "combo", options(rules.WAYS)),
        Field("place", L.F_SESSION_PLACE),
        Field("notes", L.F_SESSION_NOTES, "multiline"),
    )

    def call(svc, x: dict) -> object:
        return svc.add_session(v.id, x["held_on"], x["way"], x["place"], x["notes"], v.version)

    return Step(L.S_SESSION, fields, call)


def succeed(v: ComplaintView) -> Step:
    terms = TermsEditor()
    fields = (
        Field("result_on", L.F_SUCCEEDED_ON, "date"),
        Field("way", L.F_WAY, "combo", options(rules.WAYS)),
        Field("performed_on_spot", L.F_ON_SPOT, "check"),
        Field("performance_method", L.F_PERFORMANCE_METHOD),
    )

    def call(svc, x: dict) -> object:
        return svc.succeed(
            v.id,
            x["result_on"],
            terms.terms(),
            v.version,
            way=x["way"],
            performed_on_spot=x["performed_on_spot"],
            performance_method=x["performance_method"],
        )

    def setup(form: FormDialog, _case: CaseDialog) -> None:
        form.extra.addWidget(terms)
        form.terms_editor = terms  # type: ignore[attr-defined]
        terms.add_term_for_claim(v.claim)
        form.resize(900, 560)
        form.pre_save = terms.terms

    values = {"way": v.mediation_way} if v.mediation_way else {}
    return Step(L.S_SUCCEED, fields, call, values=values, setup=setup)


def terminate(v: ComplaintView) -> Step:
    fields = (
        Field("result_on", L.F_TERMINATED_ON, "date"),
        Field("termination_reason", L.F_TERMINATION, "combo", _numbered(rules.TERMINATION_REASONS)),
        Field("termination_note", L.F_NOTE, "multiline"),
    )

    def call(svc, x: dict) -> object:
        reason, note = x["termination_reason"], x["termination_note"]
        return svc.terminate(v.id, x["result_on"], reason, note, v.version)

    return Step(L.S_TERMINATE, fields, call)


def notice(v: ComplaintView) -> Step:
    return Step(
        L.S_NOTICE,
        (Field("notice_on", L.F_NOTICE_ON, "date"),),
        lambda svc, x: svc.record_notice(v.id, x["notice_on"], v.version),
        intro=L.NOTICE_INTRO.format(format_date(v.notice_due)),
    )


def follow(v: ComplaintView) -> Step:
    fields = (
        Field("performance_status", L.F_PERFORMANCE, "combo", options(rules.PERFORMANCE)),
        Field("performance_checked_on", L.F_CHECKED_ON, "date"),
        Field("performance_note", L.F_NOTE, "multiline"),
    )

    def call(svc, x: dict) -> object:
        status, note = x["performance_status"], x["performance_note"]
        return svc.follow_up(v.id, status, note, x["performance_checked_on"], v.version)

    values = {"performance_status": v.performance_status or rules.PERFORMANCE[-1]}
    return Step(L.S_FOLLOW, fields, call, values=values)


def visit(v: ComplaintView) -> Step:
    satisfaction = options(rules.SATISFACTION, L.CHOOSE)
    fields = (
        Field("visit_on", L.F_VISIT_ON, "date"),
        Field("visit_way", L.F_VISIT_WAY, "combo", options(L.VISIT_WAYS)),
        Field("visit_process", L.F_VISIT_PROCESS, "combo", satisfaction),
        Field("visit_result", L.F_VISIT_RESULT, "combo", satisfaction),
        Field("visit_note", L.F_VISIT_NOTE, "multiline"),
    )

    def call(svc, x: dict) -> object:
        way, process, result = x["visit_way"], x["visit_process"], x["visit_result"]
        return svc.return_visit(
            v.id, x["visit_on"], way, process, result, x["visit_note"], v.version
        )

    return Step(L.S_VISIT, fields, call)


def close(v: ComplaintView) -> Step:
    return Step(
        L.S_CLOSE,
        (Field("closed_on", L.F_CLOSED_ON, "date"),),
        lambda svc, x: svc.close(v.id, x["closed_on"], v.version),
    )


def edit(v: ComplaintView, stations: list) -> Step:
    fields = register_fields(stations)
    picker: dict = {}

    def call(svc, x: dict) -> object:
        entity_id = picker["picker"].entity_id
        return svc.update_registration(v.id, input_from(x, v.version, entity_id))

    def setup(form: FormDialog, case: CaseDialog) -> None:
        picker["picker"] = add_respondent_picker(case.ui, form, v.entity_id)
        add_personal_editing(form, case, v)
        form.resize(640, 760)

    values = {f.key: getattr(v, f.key) for f in fields}
    return Step(L.EDIT_TITLE, fields, call, values=values, setup=setup)


def add_personal_editing(form: FormDialog, case: CaseDialog, v: ComplaintView) -> None:
    """The editor shows personal fields masked. Left as they are, they keep the stored
    values; typing a new value replaces one. A user allowed to see unmasked data may load
    the full values to correct them (one audited service call)."""
    if not any(getattr(v, k) for k in PERSONAL_FIELDS):
        return
    row = QHBoxLayout()
    note = QLabel(L.MASKED_IN_EDITOR, form)
    note.setObjectName("maskedNote")
    note.setWordWrap(True)
    row.addWidget(note, 1)
    if case.ui.app.auth.can("personal.unmasked"):
        row.addWidget(_reveal_button(form, case, v, note))
    form.extra.addLayout(row)


def _reveal_button(form: FormDialog, case: CaseDialog, v: ComplaintView, note: QLabel):
    button = QPushButton(L.SHOW_FULL_FOR_EDIT, form)
    button.setObjectName("revealForEdit")
    button.setToolTip(L.REVEAL_TIP)

    def load_full() -> None:
        try:
            full = case.svc.get(v.id, unmasked=True)
        except StationError as exc:
            show_error(form, exc)
            return
        for k in PERSONAL_FIELDS:
            if k in form.widgets and form.value(k) == getattr(v, k):  # not retyped
                form.set_value(k, getattr(full, k))
        button.hide()
        note.setText(L.FULL_IN_EDITOR)

    button.clicked.connect(load_full)
    return button


STEPS: dict[str, Callable[[ComplaintView], Step]] = {
    "accept": accept,
    "refuse": refuse,
    "mediator": mediator,
    "unmediator": unmediator,
    "session": session,
    "succeed": succeed,
    "terminate": terminate,
    "notice": notice,
    "follow": follow,
    "visit": visit,
    "close": close,
}
