"""The plan dialog (period, grid, preview) and the re-check dialog of one hazard."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtWidgets import QMessageBox

from station_app.errors import ValidationError
from station_app.services.patrols import RecheckDraft
from station_app.ui.screens.patrols import labels as L
from station_app.ui.widgets.forms import Field, FormDialog


def plan_dialog(ui, parent) -> FormDialog:
    """生成巡查计划: the rest of this month by default; 只预览 runs it as a dry run."""
    today = ui.services.clock.today()
    month_end = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    grids = ((L.ALL_GRIDS, None), *((f"{g.code} {g.name}", g.code) for g in _grids(ui)))
    fields = [
        Field("first", L.PLAN_FIRST, "date"),
        Field("last", L.PLAN_LAST, "date"),
        Field("grid", L.PLAN_GRID, "combo", grids),
        Field("dry_run", "", "check", placeholder=L.PLAN_DRY),
    ]
    values = {"first": today, "last": month_end, "grid": None, "dry_run": False}
    form = FormDialog(L.PLAN_TITLE, fields, None, parent, values, L.PLAN_INTRO, name="patrolPlan")
    form.ask_before_discard = False

    def submit(v: dict) -> None:
        call = lambda: ui.services.patrols.generate(  # noqa: E731
            v["first"], v["last"], v["grid"], dry_run=v["dry_run"]
        )
        form.run_save(ui.ops, call, on_done=lambda result: _say_plan(parent, result[0]))

    form._submit = submit
    return form


def _grids(ui):
    return ui.services.entities.grids()


def _say_plan(parent, result) -> None:
    text = result.summary
    if result.warnings:
        text += "\n\n" + L.PLAN_WARNINGS + "\n" + "\n".join(result.warnings)
    box = QMessageBox(QMessageBox.Icon.Information, L.PLAN_DONE_TITLE, text, parent=parent)
    box.setObjectName("planResult")
    box.open()
    parent.plan_result = box


def recheck_dialog(ui, hazard_id: int, entity: str, parent) -> FormDialog:
    """复查 one hazard: time, pass or fail; a failure needs a new deadline or 移送立案."""
    svc = ui.services.patrols
    h = svc.hazard(hazard_id)
    now = ui.services.clock.now().replace(tzinfo=None)
    fields = [
        Field("at", L.RECHECK_AT, placeholder=L.AT_HINT),
        Field("passed", L.RECHECK_PASSED, "choice", L.RECHECK_ANSWERS),
        Field("deadline", L.RECHECK_DEADLINE, "optdate"),
        Field("transfer", "", "check", placeholder=L.RECHECK_TRANSFER),
    ]
    intro = L.RECHECK_INTRO.format(
        entity=entity, category=h.category, description=h.description, deadline=h.deadline or ""
    )
    values = {"at": now.strftime("%Y-%m-%d %H:%M")}
    form = FormDialog(L.RECHECK_TITLE, fields, None, parent, values, intro, name="patrolRecheck")

    def submit(v: dict) -> None:
        try:
            at = datetime.strptime((v["at"] or "").strip(), "%Y-%m-%d %H:%M")
        except ValueError:
            form.show_validation(ValidationError(L.AT_INVALID.format(v["at"]), field="at"))
            return
        if v["passed"] is None:
            form.show_validation(ValidationError(L.RECHECK_CHOOSE, field="passed"))
            return
        draft = RecheckDraft(
            hazard_id, at, passed=bool(v["passed"]), new_deadline=v["deadline"],
            transfer=bool(v["transfer"]), version=h.version,
        )  # fmt: skip
        form.run_save(ui.ops, lambda: svc.recheck(draft))

    form._submit = submit
    return form
