"""The step forms of an order: one :class:`~station_app.ui.widgets.forms.FormDialog` spec per
step (the time, and the reason, text or choices the step needs) and the service call it
makes. A refused step shows its Chinese message at the field and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from station_app.domain.complaints import CLAIMS
from station_app.domain.orders import kinds as k
from station_app.domain.orders.timing import fmt_time, parse_time
from station_app.ui.screens.orders import labels as L
from station_app.ui.widgets.forms import Field, FormDialog, options

AT = Field("at", L.F_AT, placeholder=L.F_AT_HINT)
REASON = Field("reason", L.F_REASON_REQUIRED, "multiline", height=60)
NOTE = Field("reason", L.F_REASON, "multiline", height=60)
TEXT = Field("text", L.F_TEXT, "multiline", height=80)
SAT = options(k.SATISFACTION)

FIELDS: dict[str, tuple[Field, ...]] = {
    k.DISPATCH: (AT, Field("to", L.F_TO, placeholder=L.F_TO_HINT), NOTE),
    k.RETURN: (AT, REASON),
    k.RESPOND: (AT, NOTE),
    k.ONSITE: (AT, NOTE),
    k.HANDLE: (
        AT,
        Field("way", L.F_WAY, "combo", options(k.HANDLING_WAYS)),
        Field("department", L.F_DEPARTMENT),
        TEXT,
    ),
    k.DECIDE: (AT, Field("decision", L.F_DECISION, "combo", options(k.DECISIONS)), NOTE),
    k.EXTEND: (AT, REASON),
    k.NOTIFY: (AT,),
    k.FEEDBACK: (AT, TEXT),
    k.CONFIRM: (AT,),
    k.REJECT: (AT, REASON),
    k.CLOSE: (AT,),
    k.VISIT: (
        AT,
        Field("process", L.F_PROCESS, "combo", SAT),
        Field("result", L.F_RESULT, "combo", SAT),
        Field("reasonable", L.F_REASONABLE, "choice", L.YES_NO),
        Field("way", L.F_VISIT_WAY, "combo", options(k.VISIT_WAYS)),
    ),
    k.PAUSE: (AT, REASON),
    k.RESUME: (AT,),
    k.SUPERVISE: (
        AT,
        Field("station_side", L.F_STATION_SIDE),
        Field("community_side", L.F_COMMUNITY_SIDE),
        NOTE,
    ),
    k.REWORK: (
        AT,
        Field("count", L.F_COUNT),
        Field("deadline", L.F_DEADLINE, placeholder=L.F_AT_HINT),
    ),
    k.VOID_STEP: (AT, REASON),
    k.LINK_CASE: (
        AT,
        Field("case", L.F_CASE_NO, placeholder=L.F_CASE_HINT),
        Field("complainant_address", L.F_COMPLAINANT_ADDRESS),
        Field("respondent_name", L.F_RESPONDENT),
        Field("respondent_address", L.F_RESPONDENT_ADDRESS),
        Field("claim", L.F_CLAIM, "combo", options(CLAIMS)),
        Field("facts", L.F_FACTS, "multiline", height=80),
    ),
}
#: 到场 at a registry entity records a patrol check: its result
CHECK_RESULT = Field("result", L.F_CHECK_RESULT, "combo", L.CHECK_RESULTS)


def _call(svc: Any, step: str, no: str, version: int, v: dict) -> Callable[[], object]:
    """The service call of ``step`` with the form's values (``at`` parsed, Beijing time)."""
    at = parse_time(v.get("at", ""), "at", L.TIME_LABEL)
    r = (v.get("reason") or "").strip()
    calls: dict[str, Callable[[], object]] = {
        k.DISPATCH: lambda: svc.dispatch(no, at, to=v.get("to", ""), reason=r, version=version),
        k.RETURN: lambda: svc.return_(no, at, reason=r, version=version),
        k.RESPOND: lambda: svc.respond(no, at, note=r, version=version),
        k.ONSITE: lambda: svc.onsite(
            no, at, note=r, version=version, result=v.get("result") or "clear"
        ),
        k.HANDLE: lambda: svc.handle(
            no, v["way"], v.get("text", ""), at, v.get("department", ""), version=version
        ),
        k.DECIDE: lambda: svc.decide(no, v["decision"], r, at, version=version),
        k.EXTEND: lambda: svc.extend(no, r, at, version=version),
        k.NOTIFY: lambda: svc.notify(no, at, version=version),
        k.FEEDBACK: lambda: svc.feedback(no, v.get("text", ""), at, version=version),
        k.CONFIRM: lambda: svc.confirm(no, at, version=version),
        k.REJECT: lambda: svc.reject(no, r, at, version=version),
        k.CLOSE: lambda: svc.close(no, at, version=version),
        k.VISIT: lambda: svc.visit(
            no,
            v["process"],
            v["result"],
            bool(v.get("reasonable")),
            v["way"],
            at=at,
            version=version,
        ),
        k.PAUSE: lambda: svc.pause(no, r, at, version=version),
        k.RESUME: lambda: svc.resume(no, at, version=version),
        k.SUPERVISE: lambda: svc.supervise(
            no,
            v.get("station_side", ""),
            v.get("community_side", ""),
            at,
            note=r,
            version=version,
        ),
        k.REWORK: lambda: svc.rework(
            no, _count(v.get("count", "")), at, _optional_time(v.get("deadline", "")), version
        ),
        k.VOID_STEP: lambda: svc.void(no, r, at, version=version),
        k.LINK_CASE: lambda: _mediate(svc, no, at, version, v),
    }
    return calls[step]


def _mediate(svc: Any, no: str, at, version: int, v: dict) -> object:
    """转调解: link the case whose number was typed, or open a new one from the order."""
    from station_app.services.orders import MediationInput

    case = (v.get("case") or "").strip()
    if case:
        return svc.link_case(no, case, at, version=version)
    data = MediationInput(
        v.get("complainant_address", ""), v.get("claim") or CLAIMS[-1], facts=v.get("facts", ""),
        respondent_name=v.get("respondent_name", ""),
        respondent_address=v.get("respondent_address", ""),
    )  # fmt: skip
    return svc.mediate(no, data, at, version=version)


def _count(text: str) -> int:
    from station_app.domain.orders.flow import check_rework_count

    return check_rework_count(k.HOTLINE, text)


def _optional_time(text: str):
    return parse_time(text, "deadline", L.DEADLINE_LABEL) if text.strip() else None


def step_form(ui, view, step: str, now, parent, on_done: Callable[[object], None]) -> FormDialog:
    """The form of ``step`` on the order ``view`` (time defaults to ``now``)."""
    svc = ui.services.orders
    title = L.STEP_TITLE.format(k.EVENT_LABELS[step], view.number)
    values: dict[str, object] = {"at": fmt_time(now)}
    if step == k.SUPERVISE and ui.app.auth.actor is not None:
        values["station_side"] = ui.app.auth.actor.label
    if step == k.REWORK:
        values["count"] = str(view.rework + 1)
    fields = FIELDS[step]
    if step == k.ONSITE and view.entity_id is not None:
        fields = (*fields, CHECK_RESULT)
    if step == k.LINK_CASE:
        values.update(claim=CLAIMS[-1], facts=view.text, respondent_name=view.subject,
                      respondent_address=view.subject_address)  # fmt: skip

    def submit(v: dict) -> None:
        form.run_save(
            ui.ops, lambda: _call(svc, step, view.number, view.version, v)(), on_done=on_done
        )

    form = FormDialog(
        title, fields, submit=submit, parent=parent, values=values, name=f"step_{step}",
        ask_before_discard=False,
    )  # fmt: skip
    return form
