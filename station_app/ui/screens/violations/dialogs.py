"""The violation dialog (登记违法行为) and the decision dialog (作出处理决定), both
``FormDialog``s; the decision dialog shows the 首违不罚 check as its introduction and the
override reason field the rules require when the decision goes against it."""

from __future__ import annotations

from station_app.domain.violations import rules
from station_app.domain.violations.decisions import DecisionDraft
from station_app.errors import NotFoundError, ValidationError
from station_app.services.violations import ViolationInput
from station_app.ui.widgets.forms import Field, FormDialog

from . import labels as L

SOURCE_CHOICES = tuple((label, code) for code, label in rules.SOURCES.items())
HARM_CHOICES = tuple((label, code) for code, label in rules.HARMS.items())
DECISION_CHOICES = tuple((label, code) for code, label in rules.DECISIONS.items())


def _add_fields(types: tuple[str, ...]) -> tuple[Field, ...]:
    return (
        Field("entity", L.F_ENTITY, placeholder=L.F_ENTITY_HINT),
        Field("type", L.F_TYPE, "edit_combo", types),
        Field("found_on", L.F_FOUND_ON, "date"),
        Field("source", L.F_SOURCE, "combo", SOURCE_CHOICES),
        Field("reference", L.F_REFERENCE),
        Field("harm", L.F_HARM, "combo", HARM_CHOICES),
        Field("deadline", L.F_DEADLINE, "optdate"),
        Field("rectified_on", L.F_RECTIFIED, "optdate"),
        Field("facts", L.F_FACTS, "multiline", height=70),
        Field("hazard", L.F_HAZARD, placeholder=L.F_HAZARD_HINT),
    )


def violation_dialog(ui, parent=None) -> FormDialog:
    svc = ui.services.violations
    types = tuple(t.type.name for t in svc.types())

    def record(values: dict):
        try:
            entity_id = ui.services.visits.resolve_entity(values["entity"].strip() or "?")
        except NotFoundError as exc:
            raise ValidationError(exc.message, field="entity") from None
        hazard = values["hazard"].strip()
        if hazard and not hazard.isdigit():
            raise ValidationError(L.BAD_NUMBER.format(hazard), field="hazard")
        return svc.add(ViolationInput(
            entity_id, values["type"], values["found_on"], values["source"], values["reference"],
            values["facts"], values["harm"], None, values["deadline"], values["rectified_on"],
            hazard_id=int(hazard) if hazard else None,
        ))  # fmt: skip

    form = FormDialog(L.ADD_TITLE, _add_fields(types),
                      lambda values: form.run_save(ui.ops, lambda: record(values)), parent,
                      {"found_on": ui.services.clock.today()}, L.ADD_INTRO,
                      name="violationDialog")  # fmt: skip
    form.open()
    return form


DECISION_FIELDS = (
    Field("decision", L.F_DECISION, "combo", DECISION_CHOICES),
    Field("ground", L.F_GROUND, "combo", L.GROUND_CHOICES),
    Field("decided_on", L.F_DECIDED_ON, "date"),
    Field("fine", L.F_FINE, "money"),
    Field("warning", L.F_WARNING, "check", placeholder=L.F_WARNING_TEXT),
    Field("number", L.F_NUMBER, placeholder=L.F_NUMBER_HINT),
    Field("transfer_to", L.F_TRANSFER, "edit_combo", L.TRANSFER_CHOICES),
    Field("reason", L.F_REASON, "multiline", height=50),
    Field("override_reason", L.F_OVERRIDE, "multiline", placeholder=L.F_OVERRIDE_HINT, height=60),
)


def _intro(check) -> str:
    lines = [check.summary()]
    lines += [L.CRITERION.format(mark=L.MET[c.met], label=c.label, text=c.text)
              for c in check.criteria]  # fmt: skip
    return "\n".join(lines)


def decision_dialog(ui, violation_id: int, parent=None) -> FormDialog:
    """The decision on the version shown; the check is recomputed by the service on save."""
    svc = ui.services.violations
    v = svc.violation(violation_id)
    check = svc.leniency(violation_id)

    def submit(values: dict) -> None:
        draft = DecisionDraft(
            values["decision"], values["decided_on"], values["fine"] or None,
            bool(values["warning"]), values["number"], values["ground"], values["transfer_to"],
            values["reason"], values["override_reason"],
        )  # fmt: skip
        form.run_save(ui.ops, lambda: svc.decide(violation_id, v.version, draft))

    start = {"decided_on": ui.services.clock.today(),
             "decision": rules.NO_PENALTY if check.eligible else rules.PENALTY}  # fmt: skip
    form = FormDialog(L.DECIDE_TITLE, DECISION_FIELDS, submit, parent, start, _intro(check),
                      name="decisionDialog")  # fmt: skip
    form.resize(640, 720)
    form.open()
    return form


def _guidance_fields() -> tuple[Field, ...]:
    return (
        Field("matters", L.F_MATTERS, "multiline", height=60),
        Field("advice", L.F_ADVICE, "multiline", placeholder=L.F_ADVICE_HINT, height=90),
        Field("basis", L.F_BASIS),
        Field("issued_on", L.F_ISSUED_ON, "date"),
        Field("reply_by", L.F_REPLY_BY, "optdate"),
    )


def guidance_dialog(ui, violation_id: int, parent=None, on_issued=None) -> FormDialog:
    """签发行政指导书 for the violation's entity (matters from its facts, the basis from its
    type's provision); ``on_issued(view)`` after the save (the page prints it)."""
    from station_app.domain.outreach import GuidanceDraft

    svc = ui.services.violations
    v = svc.violation(violation_id)

    def submit(values: dict) -> None:
        advice = tuple(a.strip() for a in values["advice"].splitlines() if a.strip())
        draft = GuidanceDraft(v.entity_id, values["issued_on"], values["matters"], advice,
                              values["basis"], values["reply_by"], v.id)  # fmt: skip
        form.run_save(ui.ops, lambda: svc.add_guidance(draft)[0], on_done=on_issued)

    start = {"matters": L.MATTERS_START.format(type=v.type_name, facts=v.facts).rstrip(L.STOP)
             + L.STOP,
             "basis": v.provision, "issued_on": ui.services.clock.today()}  # fmt: skip
    form = FormDialog(L.GUIDANCE_TITLE, _guidance_fields(), submit, parent, start,
                      L.GUIDANCE_INTRO.format(entity=v.entity_name), name="guidanceDialog")  # fmt: skip
    form.resize(600, 560)
    form.open()
    return form
