"""设置 → 工单时限: every limit line with its effective time (the history stays: an edit adds a
line in force from its moment), an edit form, and the 重办 leads. GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.auth import ROLE_LABELS
from station_app.domain.orders import escalation as esc
from station_app.domain.orders import kinds as k
from station_app.domain.orders import limits as lim
from station_app.domain.orders.timing import fmt_time, parse_time
from station_app.services.base import Changes
from station_app.ui.screens.base import heading
from station_app.ui.screens.orders import labels as L
from station_app.ui.widgets.forms import Field, FormDialog
from station_app.ui.widgets.tables import fill_table, readonly_table

KIND_CHOICES = tuple((k.KIND_LABELS[x], x) for x in k.KINDS)
CLOCK_CHOICES = tuple((label, key) for key, label in lim.CLOCK_LABELS.items())
UNIT_CHOICES = tuple((label, key) for key, label in lim.UNIT_LABELS.items())
LIMIT_FIELDS = (
    Field("kind", L.F_LIMIT_KIND, "combo", KIND_CHOICES),
    Field("clock", L.F_LIMIT_CLOCK, "combo", CLOCK_CHOICES),
    Field("amount", L.F_AMOUNT),
    Field("unit", L.F_UNIT, "combo", UNIT_CHOICES),
    Field("effective", L.F_EFFECTIVE, placeholder=L.F_EFFECTIVE_HINT),
    Field("reason", L.F_LIMIT_REASON, "multiline", height=60),
)
HOURS_FIELDS = (
    Field("windows", L.F_HOURS, placeholder=L.F_HOURS_HINT),
    Field("effective", L.F_EFFECTIVE, placeholder=L.F_EFFECTIVE_HINT),
    Field("reason", L.F_HOURS_REASON, "multiline", height=60),
)
LEAD_FIELDS = (
    Field("level", L.F_LEVEL, "combo", tuple(zip(L.LEVEL_TEXT, (1, 2, 3), strict=True))),
    Field("username", L.F_LEAD_USER),
    Field("role", L.F_LEAD_ROLE, "combo", (("", ""), *((v, c) for c, v in ROLE_LABELS.items()))),
)


class OrderLimitsTab(QWidget):
    def __init__(self, ui, parent=None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.svc = ui.services.orders
        self.form: FormDialog | None = None
        lay = QVBoxLayout(self)
        note = QLabel(L.LIMITS_NOTE, self)
        note.setWordWrap(True)
        lay.addWidget(note)
        self.table = readonly_table(L.LIMIT_COLUMNS, parent=self)
        self.table.setObjectName("orderLimits")
        lay.addWidget(self.table, 3)
        lay.addWidget(heading(L.HOURS_TITLE, self))
        self.hours = readonly_table(L.HOURS_COLUMNS, parent=self)
        self.hours.setObjectName("officeHours")
        self.hours.setMinimumHeight(96)
        self.hours.setMaximumHeight(150)  # the hours in force and a few changes; more scroll
        lay.addWidget(self.hours, 1)
        lay.addWidget(heading(L.LEADS_TITLE, self))
        self.leads = readonly_table(L.LEAD_COLUMNS, parent=self)
        self.leads.setObjectName("orderLeads")
        lay.addWidget(self.leads, 1)
        row = QHBoxLayout()
        editable = ui.app.auth.can("settings.edit")
        self.buttons: dict[str, QPushButton] = {}
        for text, slot in (
            (L.EDIT_LIMIT, self.edit_limit),
            (L.EDIT_HOURS, self.edit_hours),
            (L.EDIT_LEAD, self.edit_lead),
        ):
            button = QPushButton(text, self)
            self.buttons[text] = button
            button.clicked.connect(slot)
            button.setEnabled(editable)
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        ui.bus.changed.connect(self._on_bus_changed)
        self.load()

    def load(self) -> None:
        table = self.svc.limits()
        rows = []
        for kind in k.KINDS:
            for clock in lim.clocks_of(kind):
                for line in table.history(kind, clock):
                    rows.append((
                        k.KIND_LABELS[kind], lim.clock_label(kind, clock), line.text,
                        fmt_time(line.effective_from), line.changed_by or L.BUILTIN,
                        line.reason or line.basis,
                    ))  # fmt: skip
        fill_table(self.table, rows)
        fill_table(
            self.hours,
            [
                (h.text, fmt_time(h.effective_from),
                 h.changed_by or L.BUILTIN, h.reason)
                for h in table.office_hours
            ],
        )  # fmt: skip
        last = len(L.HOURS_COLUMNS) - 1
        self.hours.horizontalHeader().setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
        leads = self.svc.leads()
        fill_table(
            self.leads,
            [
                (L.LEVEL_TEXT[lv - 1], esc.LEAD_TITLES[lv], leads[lv].username,
                 ROLE_LABELS.get(leads[lv].role, ""))
                for lv in (1, 2, 3)
            ],
        )  # fmt: skip

    def edit_hours(self) -> None:
        """修改办公时间: the windows, from when, why (a new entry; the history stays)."""

        def submit(v: dict) -> None:
            def call():
                return self.svc.save_office_hours(
                    v.get("windows", ""), v.get("reason", ""), effective_from(v)
                )

            self.form.run_save(self.ui.ops, call, on_done=lambda _r: self.load())

        current = self.svc.limits().hours_at(self.svc.now()).text
        self.form = FormDialog(
            L.HOURS_FORM_TITLE, HOURS_FIELDS, submit=submit, parent=self,
            values={"windows": current}, name="officeHoursForm",
        )  # fmt: skip
        self.form.open()

    def edit_limit(self) -> None:
        def submit(v: dict) -> None:
            def call():
                effective = effective_from(v)
                return self.svc.save_limit(
                    v["kind"],
                    v["clock"],
                    v.get("amount", ""),
                    v["unit"],
                    v.get("reason", ""),
                    effective_from=effective,
                )

            self.form.run_save(self.ui.ops, call, on_done=lambda _r: self.load())

        self.form = FormDialog(
            L.LIMIT_TITLE, LIMIT_FIELDS, submit=submit, parent=self, name="limitForm"
        )
        self.form.open()

    def edit_lead(self) -> None:
        def submit(v: dict) -> None:
            call = lambda: self.svc.save_lead(v["level"], v.get("username", ""), v.get("role", ""))  # noqa: E731
            self.form.run_save(self.ui.ops, call, on_done=lambda _r: self.load())

        self.form = FormDialog(
            L.LEAD_TITLE, LEAD_FIELDS, submit=submit, parent=self, name="leadForm"
        )
        self.form.open()

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches("station_setting", "*"):
            self.load()


def effective_from(values: dict):
    """The form's 生效时间 (blank: now, None)."""
    text = values.get("effective", "").strip()
    return parse_time(text, "effective_from", L.F_EFFECTIVE) if text else None
