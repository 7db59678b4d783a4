"""登记投诉: the registration form (its fields are also the 修改登记 form's), and the picker that
fills the respondent from the entity registry."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import complaints as rules
from station_app.services.complaints import ComplaintInput, ComplaintView
from station_app.ui.widgets.forms import Field, FormDialog, options
from station_app.ui.widgets.lookup import LookupLineEdit, LookupList, find_button

from . import labels as L

# respondent field ← key of a registry search result
RESPONDENT_FROM_ENTITY = (
    ("respondent_name", "name"),
    ("respondent_address", "address"),
    ("respondent_uscc", "uscc"),
    ("respondent_contact", "legal_rep"),
    ("respondent_phone", "phone"),
)


def register_fields(stations: list) -> list[Field]:
    """The registration form; ``stations`` offers the active service stations."""
    station_opts = ((L.NO_STATION, None), *((s.name, s.id) for s in stations if s.active))
    return [
        Field("channel", L.F_CHANNEL, "combo", options(rules.CHANNELS)),
        Field("received_on", L.F_RECEIVED_ON, "date"),
        Field("complainant_name", L.F_COMPLAINANT),
        Field("complainant_phone", L.F_COMPLAINANT_PHONE, placeholder=L.F_PHONE_HINT),
        Field("complainant_address", L.F_COMPLAINANT_ADDRESS),
        Field("complainant_id_type", L.F_ID_TYPE, "combo", options(rules.ID_TYPES, L.NO_ID)),
        Field("complainant_id_number", L.F_ID_NUMBER, placeholder=L.F_ID_NUMBER_HINT),
        Field("agent_name", L.F_AGENT, placeholder=L.F_AGENT_HINT),
        Field("agent_phone", L.F_AGENT_PHONE),
        Field("agent_authorised", L.F_AGENT_AUTHORISED, "check"),
        Field("respondent_name", L.F_RESPONDENT),
        Field("respondent_address", L.F_RESPONDENT_ADDRESS),
        Field("respondent_uscc", L.F_RESPONDENT_USCC),
        Field("respondent_contact", L.F_RESPONDENT_CONTACT),
        Field("respondent_phone", L.F_RESPONDENT_PHONE),
        Field("goods", L.F_GOODS),
        Field("occurred_on", L.F_OCCURRED_ON, "optdate"),
        Field("place", L.F_PLACE),
        Field("amount_fen", L.F_AMOUNT, "money"),
        Field("claim", L.F_CLAIM, "combo", options(rules.CLAIMS, L.CHOOSE)),
        Field("claim_detail", L.F_CLAIM_DETAIL),
        Field("facts", L.F_FACTS, "multiline", placeholder=L.F_FACTS_HINT),
        Field("service_station_id", L.F_STATION, "combo", station_opts),
    ]


def input_from(values: dict, version: int = 0, entity_id: int | None = None) -> ComplaintInput:
    return ComplaintInput(**values, entity_id=entity_id, version=version)


class RespondentPicker(QWidget):
    """Search the entity registry and fill the respondent fields from the chosen entity;
    ``entity_id`` is the chosen entity (or the one the complaint already names)."""

    def __init__(self, ui, form: FormDialog, entity_id: int | None = None) -> None:
        super().__init__(form)
        self.ui = ui
        self.form = form
        self.entity_id = entity_id
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self._search_row())
        self.results = LookupList(self)
        self.results.setObjectName("respondentResults")
        self.results.setMaximumHeight(110)
        self.results.hide()
        self.results.itemActivated.connect(self.choose)
        self.results.itemClicked.connect(self.choose)
        lay.addWidget(self.results)
        self.chosen = QLabel(L.LINKED if entity_id else L.NOT_LINKED, self)
        lay.addWidget(self.chosen)

    def _search_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.query = LookupLineEdit(self)
        self.query.setObjectName("respondentSearch")
        self.query.setPlaceholderText(L.RESPONDENT_SEARCH_HINT)
        self.query.returnPressed.connect(self.search)
        find = find_button(L.FIND, self)
        find.clicked.connect(self.search)
        row.addWidget(self.query, 1)
        row.addWidget(find)
        return row

    def search(self) -> None:
        text = self.query.text().strip()
        if text:
            svc = self.ui.services.complaints
            self.ui.ops.run_read(
                lambda _p: svc.find_respondents(text), on_done=self._show, parent=self
            )

    def _show(self, found: list[dict]) -> None:
        self.results.clear()
        for e in found:
            item = QListWidgetItem(L.RESPONDENT_ITEM.format(**e))
            item.setData(Qt.ItemDataRole.UserRole, e)
            self.results.addItem(item)
        if not found:
            self.results.addItem(L.NOT_IN_REGISTRY)
        self.results.show()

    def choose(self, item: QListWidgetItem) -> None:
        e = item.data(Qt.ItemDataRole.UserRole)
        if not e:
            return
        self.entity_id = e["id"]
        for field, key in RESPONDENT_FROM_ENTITY:
            self.form.set_value(field, e[key])
        self.form.dirty = True
        self.chosen.setText(L.LINKED_TO.format(e["name"]))
        self.results.hide()


def add_respondent_picker(ui, form: FormDialog, entity_id: int | None = None) -> RespondentPicker:
    """Put a :class:`RespondentPicker` above the respondent fields (``form.respondent_picker``)."""
    picker = RespondentPicker(ui, form, entity_id)
    row, _role = form.form.getWidgetPosition(form.widgets["respondent_name"])
    form.form.insertRow(row, L.PICK_RESPONDENT, picker)
    form.respondent_picker = picker  # type: ignore[attr-defined]
    return picker


def new_complaint_dialog(ui, parent, on_saved: Callable[[ComplaintView], None]) -> FormDialog:
    """Open the registration form; ``on_saved(view)`` follows a successful registration."""
    svc = ui.services.complaints

    def submit(values: dict) -> None:
        entity_id = form.respondent_picker.entity_id
        form.run_save(
            ui.ops,
            lambda: svc.register(input_from(values, entity_id=entity_id)),
            on_done=lambda result: on_saved(result[0]),
        )

    form = FormDialog(
        L.REGISTER_TITLE,
        register_fields(svc.stations()),
        submit,
        parent,
        intro=L.REGISTER_INTRO,
        name="complaintForm",
        unsaved_text=L.UNSAVED,
    )
    add_respondent_picker(ui, form)
    form.resize(680, 820)
    form.open()
    return form
