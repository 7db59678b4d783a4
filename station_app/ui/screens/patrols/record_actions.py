"""What the records half does from any patrol list: print the 现场检查笔录 or the 责令改正通知书
(into the preview), 作废 a record, 延期 a hazard, 登记/作废 a sampling. Each is a function of
``ui`` and the parent widget; the dialogs are ``FormDialog`` specs. GUI thread only."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtWidgets import QWidget

from station_app.domain.patrols.records import local
from station_app.domain.patrols.samplings import SamplingDraft
from station_app.errors import ValidationError
from station_app.ui.screens.patrols import labels as L
from station_app.ui.widgets.files import open_pdf_preview, temp_pdf
from station_app.ui.widgets.forms import Field, FormDialog


def _preview(parent: QWidget, path, title: str, name: str) -> None:
    parent.preview = open_pdf_preview(parent, path, title, name=name)  # type: ignore[attr-defined]


def print_inspection(ui, record_id: int, parent: QWidget) -> None:
    """现场检查笔录 of a record into the preview (an audited export, on the writer)."""
    path = temp_pdf(L.INSPECTION_FILE.format(record_id))
    ui.ops.run_write(
        lambda _p: ui.services.patrols.print_inspection(record_id, path),
        on_done=lambda _c: _preview(parent, path, L.INSPECTION_TITLE, "inspectionPreview"),
        parent=parent,
    )


def print_notice(ui, parent: QWidget, *, record_id=None, hazard_id=None) -> None:
    """责令改正通知书 of a record (or of a hazard's record), numbered first if need be."""
    path = temp_pdf(L.NOTICE_FILE.format(hazard_id or record_id))
    ui.ops.run_write(
        lambda _p: ui.services.patrols.print_notice(path, record_id=record_id, hazard_id=hazard_id),
        on_done=lambda _r: _preview(parent, path, L.NOTICE_TITLE, "noticePreview"),
        parent=parent,
    )


def _reason_form(ui, title, intro, parent, name, call) -> FormDialog:
    fields = [Field("reason", L.VOID_REASON, "multiline", placeholder=L.VOID_REASON_HINT)]
    form = FormDialog(title, fields, None, parent, {"reason": ""}, intro, name=name)
    form._submit = lambda v: form.run_save(ui.ops, lambda: call(v["reason"] or ""))
    return form


def void_dialog(ui, record_id: int, parent: QWidget) -> FormDialog:
    """作废 a record with a reason (the head's permission; refusals shown in the form)."""
    svc = ui.services.patrols
    v = svc.get(record_id)
    intro = L.VOID_INTRO.format(
        entity=v.entity_name, at=local(v.at).strftime("%Y-%m-%d %H:%M"), result=v.result_label
    )
    call = lambda reason: svc.void(record_id, v.version, reason)  # noqa: E731
    return _reason_form(ui, L.VOID_TITLE, intro, parent, "patrolVoid", call)


def void_sampling_dialog(ui, sampling_id: int, parent: QWidget) -> FormDialog:
    svc = ui.services.patrols
    v = svc.sampling(sampling_id)
    intro = L.VOID_SAMPLING_INTRO.format(entity=v.entity_name, product=v.product, day=v.sampled_on)
    call = lambda reason: svc.void_sampling(sampling_id, v.version, reason)  # noqa: E731
    return _reason_form(ui, L.VOID_SAMPLING_TITLE, intro, parent, "samplingVoid", call)


def extend_dialog(ui, hazard_id: int, entity: str, parent: QWidget) -> FormDialog:
    """延期: a new deadline and the reason; refused after the deadline with the reason why."""
    svc = ui.services.patrols
    h = svc.hazard(hazard_id)
    fields = [
        Field("deadline", L.EXTEND_TO, "date"),
        Field("reason", L.EXTEND_REASON, "multiline", placeholder=L.EXTEND_REASON_HINT),
    ]
    start = (h.deadline or ui.services.clock.today()) + timedelta(days=7)
    intro = L.EXTEND_INTRO.format(
        entity=entity, category=h.category, description=h.description, deadline=h.deadline or ""
    )
    values = {"deadline": start, "reason": ""}
    form = FormDialog(L.EXTEND_TITLE, fields, None, parent, values, intro, name="patrolExtend")
    form._submit = lambda v: form.run_save(
        ui.ops, lambda: svc.extend(hazard_id, h.version, v["deadline"], v["reason"] or "")
    )
    return form


def sampling_dialog(ui, parent: QWidget, entity_id: int | None = None, name: str = ""):
    """登记抽检结果: for ``entity_id`` (its name in the intro) or an entity typed in."""
    svc = ui.services.patrols
    fields = [] if entity_id else [
        Field("entity", L.SAMPLING_ENTITY, placeholder=L.SAMPLING_ENTITY_HINT)
    ]  # fmt: skip
    fields += [
        Field("day", L.SAMPLING_DAY, "date"),
        Field("product", L.SAMPLING_PRODUCT),
        Field("batch", L.SAMPLING_BATCH),
        Field("qualified", L.SAMPLING_RESULT, "choice", L.SAMPLING_ANSWERS),
        Field("items", L.SAMPLING_ITEMS, placeholder=L.SAMPLING_ITEMS_HINT),
        Field("agency", L.SAMPLING_AGENCY),
        Field("report", L.SAMPLING_REPORT),
    ]
    values = {"day": ui.services.clock.today()}
    form = FormDialog(L.SAMPLING_TITLE, fields, None, parent, values, name, name="samplingForm")

    def submit(v: dict) -> None:
        if v["qualified"] is None:
            form.show_validation(ValidationError(L.SAMPLING_CHOOSE, field="qualified"))
            return
        draft = SamplingDraft(
            entity_id or 0, v["day"], v["product"] or "", bool(v["qualified"]),
            batch=v["batch"] or "", failed_items=v["items"] or "", agency=v["agency"] or "",
            report_no=v["report"] or "",
        )  # fmt: skip
        typed = (v.get("entity") or "").strip()

        def save():
            eid = entity_id or svc.find_entity(typed)
            return svc.record_sampling(replace(draft, entity_id=eid))

        form.run_save(ui.ops, save)

    form._submit = submit
    return form
