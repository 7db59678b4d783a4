"""登记工单: the registration form (kind, received time, platform number, subject, grid,
category, content, requester) as a FormDialog; the service checks every field."""

from __future__ import annotations

from station_app.domain.orders import kinds as k
from station_app.domain.orders.timing import fmt_time, parse_time
from station_app.services.orders import OrderInput
from station_app.ui.screens.orders import labels as L
from station_app.ui.widgets.forms import Field, FormDialog, options

FIELDS = (
    Field("kind", L.F_KIND, "combo", tuple((k.KIND_LABELS[x], x) for x in k.KINDS)),
    Field("received", L.F_RECEIVED, placeholder=L.F_AT_HINT),
    Field("platform_no", L.F_PLATFORM_NO, placeholder=L.F_PLATFORM_HINT),
    Field("rework", L.F_REWORK, placeholder="0"),
    Field("entity", L.F_ENTITY, placeholder=L.F_ENTITY_HINT),
    Field("grid", L.F_GRID, placeholder=L.F_GRID_HINT),
    Field("subject", L.F_SUBJECT),
    Field("address", L.F_ADDRESS),
    Field("category", L.F_CATEGORY, "combo", options(k.CATEGORIES)),
    Field("text", L.F_CONTENT, "multiline", height=80),
    Field("requester", L.F_REQUESTER),
    Field("phone", L.F_PHONE),
    Field("real_name", L.F_REAL_NAME, "check", placeholder=L.F_REAL_NAME),
)


def _input(v: dict) -> OrderInput:
    return OrderInput(
        kind=v["kind"], received_at=parse_time(v.get("received", ""), "received", L.RECEIVED_LABEL),
        text=v.get("text", ""), entity=v.get("entity", ""), grid=v.get("grid", ""),
        platform_no=v.get("platform_no", ""), rework=v.get("rework", "") or 0,
        category=v.get("category", ""), subject_name=v.get("subject", ""),
        subject_address=v.get("address", ""), requester_name=v.get("requester", ""),
        requester_phone=v.get("phone", ""), real_name=bool(v.get("real_name")),
    )  # fmt: skip


def register_form(ui, parent, now) -> FormDialog:
    def submit(v: dict) -> None:
        form.run_save(ui.ops, lambda: ui.services.orders.add(_input(v)))

    form = FormDialog(
        L.NEW_TITLE, FIELDS, submit=submit, parent=parent, values={"received": fmt_time(now), "category": L.OTHER_CATEGORY},
        name="orderRegister",
    )  # fmt: skip
    return form
