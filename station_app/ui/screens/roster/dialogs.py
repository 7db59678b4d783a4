"""Dialogs of the roster screen: grid, person, assignment, leaving, ending a duty, training.

Each is a :class:`~station_app.ui.widgets.forms.FormDialog` made from field specs: it
validates inline (red message under the form, the field outlined), saves through the writer
thread and closes only when the save succeeded (``result_value`` then holds the service's
result). A lost-update conflict loads the other PC's version into the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from station_app.domain import roster_rules as rules
from station_app.errors import ValidationError
from station_app.services.roster import GridData, PersonData, TrainingData, split_names
from station_app.ui.widgets.forms import Field, FormDialog, options
from station_app.ui.widgets.plain_text import plain_text

from . import labels as L

ASSIGN_CANDIDATES = 100


class RosterForm(FormDialog):
    """A roster form: ``submit()`` saves (the 保存 button, Ctrl+S), ``call(values)`` is the
    service call a subclass makes. Cancel never asks (the roster forms are short)."""

    def __init__(
        self, ui, title: str, fields, parent: QWidget | None = None, intro: str = ""
    ) -> None:
        super().__init__(
            title,
            fields,
            self._on_submit,
            parent,
            intro=intro,
            name="rosterForm",
            ask_before_discard=False,
        )
        self.ui = ui
        self.setMinimumWidth(0)
        self.form.setContentsMargins(0, 0, 0, 0)

    def submit(self) -> None:
        self.save()

    def _on_submit(self, values: dict) -> None:
        self.run_save(
            self.ui.ops,
            self.call(values),
            on_conflict=lambda exc: self.show_conflict_inline(exc, self.load),
        )

    def call(self, values: dict) -> Callable[[], object]:
        raise NotImplementedError

    def load(self, data) -> None:
        """Show ``data`` (after a conflict: the other PC's version)."""
        self.data = data
        self.set_values(vars(data))


def _groups(ui) -> tuple[str, ...]:
    return tuple(ui.services.roster.supervision_groups())


# -- grid ---------------------------------------------------------------------------------------
def grid_fields(ui) -> tuple[Field, ...]:
    return (
        Field("code", L.F_GRID_CODE, placeholder=L.F_GRID_CODE_HINT),
        Field("name", L.F_GRID_NAME, placeholder=L.F_GRID_NAME_HINT),
        Field("communities", L.F_COMMUNITIES, placeholder=L.F_COMMUNITIES_HINT),
        Field("supervision_group", L.F_GROUP, "edit_combo", _groups(ui)),
        Field("boundary", L.F_BOUNDARY, "multiline", height=60),
        Field("active", "", "check", placeholder=L.F_GRID_ACTIVE),
        Field("note", L.F_NOTE),
    )


class GridDialog(RosterForm):
    def __init__(self, ui, data: GridData | None = None, parent: QWidget | None = None) -> None:
        title = L.EDIT_GRID_TITLE if data else L.NEW_GRID_TITLE
        super().__init__(ui, title, grid_fields(ui), parent)
        self.code, self.name = self.widgets["code"], self.widgets["name"]
        self.communities = self.widgets["communities"]
        existing = L.NAME_SEP.join(ui.services.roster.list_communities())
        self.communities.setToolTip(L.EXISTING_COMMUNITIES.format(existing) if existing else "")
        self.load(data or GridData(code="", name=""))
        self.resize(520, self.sizeHint().height())

    def load(self, data: GridData) -> None:
        super().load(data)
        self.set_value("communities", L.NAME_SEP.join(data.communities))

    def grid(self) -> GridData:
        values = self.values()
        communities = tuple(split_names(values.pop("communities")))
        return replace(self.data, **values, communities=communities)

    def call(self, values: dict) -> Callable[[], object]:
        data, roster = self.grid(), self.ui.services.roster
        return lambda: roster.save_grid(data)


# -- person -------------------------------------------------------------------------------------
def person_fields(ui) -> tuple[Field, ...]:
    roles = tuple((text, code) for code, text in rules.PERSON_ROLES.items())
    return (
        Field("name", L.F_PERSON_NAME),
        Field("gender", L.F_GENDER, "combo", options(rules.GENDERS, blank="")),
        Field("phone", L.F_PHONE, placeholder=L.F_PHONE_HINT),
        Field("id_number", L.F_ID_NUMBER, placeholder=L.F_OPTIONAL),
        Field("organisation", L.F_ORGANISATION, placeholder=L.F_ORGANISATION_HINT),
        Field("roles", L.F_ROLES, "checks", roles),
        Field("cert_no", L.F_CERT_NO, placeholder=L.F_CERT_NO_HINT),
        Field("cert_expiry", L.F_CERT_EXPIRY, "date"),
        Field("supervision_group", L.F_GROUP, "edit_combo", _groups(ui)),
        Field("note", L.F_NOTE),
    )


class PersonDialog(RosterForm):
    """``data`` arrives with phone and ID number masked (unless the user may see them): left
    as they are, the stored values are kept."""

    def __init__(self, ui, data: PersonData | None = None, parent: QWidget | None = None) -> None:
        title = L.EDIT_PERSON_TITLE if data else L.NEW_PERSON_TITLE
        super().__init__(ui, title, person_fields(ui), parent)
        w = self.widgets
        self.name, self.phone, self.id_number = w["name"], w["phone"], w["id_number"]
        self.cert_no, self.cert_expiry = w["cert_no"], w["cert_expiry"]
        self.role_boxes = w["roles"].boxes
        for box in self.role_boxes.values():
            box.toggled.connect(self._update_cert_fields)
        self.masked_note = QLabel(L.MASKED_HINT, self)
        self.masked_note.setObjectName("pageSummary")
        self.extra.addWidget(self.masked_note)
        self.phone.editingFinished.connect(self._check_phone)
        self.id_number.editingFinished.connect(self._check_id)
        self.load(data or PersonData(name=""))
        self.resize(640, self.sizeHint().height())

    def load(self, data: PersonData) -> None:
        super().load(data)
        self.masked_note.setVisible("*" in data.phone or "*" in data.id_number)
        self._update_cert_fields()

    def _update_cert_fields(self) -> None:
        has = self.role_boxes[rules.ENFORCER].isChecked() or bool(self.cert_no.text())
        self.cert_no.setEnabled(has)
        self.cert_expiry.setEnabled(has)

    def _check_phone(self) -> None:
        self._live_check("phone", rules.validate_optional_phone)

    def _check_id(self) -> None:
        self._live_check("id_number", rules.validate_optional_id)

    def _live_check(self, key: str, check: Callable[[str], object]) -> None:
        edit = self.widgets[key]
        text = edit.text()
        if "*" in text and text == getattr(self.data, key):
            return  # the masked form of the stored value: kept as it is
        try:
            check(text)
        except ValidationError as exc:
            self.show_validation(ValidationError(exc.message, field=key))
            return
        edit.setStyleSheet("")
        self.error.show_message("")

    def person(self) -> PersonData:
        values = self.values()
        has_cert = bool(values["cert_no"].strip()) or rules.ENFORCER in values["roles"]
        values["cert_no"] = values["cert_no"] if has_cert else ""
        values["cert_expiry"] = values["cert_expiry"] if has_cert else None
        return replace(self.data, **values)

    def call(self, values: dict) -> Callable[[], object]:
        data, roster = self.person(), self.ui.services.roster
        return lambda: roster.save_person(data)


# -- assignment ---------------------------------------------------------------------------------
class AssignDialog(RosterForm):
    """Pick a person for a duty in a grid. ``replace_specialist`` runs the specialist change
    (end the current one, start the new one) instead of a plain assignment."""

    def __init__(
        self,
        ui,
        grid_id: int,
        grid_label: str,
        *,
        role: str = rules.GRID_WORKER,
        replace_specialist: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = L.REPLACE_TITLE if replace_specialist else L.ASSIGN_TITLE
        roles = tuple((text, code) for code, text in rules.GRID_ROLES.items())
        fields = (
            Field("role", L.F_GRID_ROLE, "combo", roles),
            Field("search", L.F_FIND_PERSON, placeholder=L.F_FIND_PERSON_HINT),
            Field("start_on", L.F_HANDOVER_ON if replace_specialist else L.F_START_ON, "date"),
            Field("note", L.F_NOTE),
        )
        super().__init__(ui, L.ASSIGN_DIALOG_TITLE.format(title, grid_label), fields, parent)
        self.grid_id = grid_id
        self.replace_specialist = replace_specialist
        self.role, self.search = self.widgets["role"], plain_text(self.widgets["search"])
        self.set_value("role", role)
        self.role.setEnabled(not replace_specialist)
        self.results = QListWidget(self)
        self.results.setMinimumHeight(180)
        self.add_row("person", "", self.results, row=2)
        self.search.textChanged.connect(self.refresh_results)
        self.role.currentIndexChanged.connect(self.refresh_results)
        self.results.itemDoubleClicked.connect(lambda _item: self.submit())
        self.refresh_results()
        self.resize(520, 520)

    def refresh_results(self) -> None:
        role = self.role.currentData()
        need = rules.GRID_ROLE_NEEDS.get(role, role)
        people = self.ui.services.roster.search_people(
            self.search.text(), role=need, limit=ASSIGN_CANDIDATES
        )
        self.results.clear()
        for p in people:
            text = L.CANDIDATE.format(p.name, p.roles, p.organisation, p.phone)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.results.addItem(item)
        if people:
            self.results.setCurrentRow(0)

    def submit(self) -> None:
        if self.results.currentItem() is None:
            self.show_validation(ValidationError(L.CHOOSE_PERSON_FIRST, field="person"))
            return
        self.save()

    def call(self, values: dict) -> Callable[[], object]:
        person_id = self.results.currentItem().data(Qt.ItemDataRole.UserRole)
        start, note, roster, gid = (
            values["start_on"],
            values["note"],
            self.ui.services.roster,
            self.grid_id,
        )
        if self.replace_specialist:
            return lambda: roster.replace_specialist(gid, person_id, start, note)
        role = values["role"]
        return lambda: roster.assign(gid, person_id, role, start, note)


class DateReasonDialog(RosterForm):
    """A date and a reason: ending a duty, or a person leaving. ``op(on, reason)`` saves."""

    def __init__(
        self,
        ui,
        title: str,
        prompt: str,
        date_label: str,
        op: Callable[..., object],
        parent: QWidget | None = None,
    ) -> None:
        fields = (
            Field("end_on", date_label, "date"),
            Field("reason", L.F_REASON, placeholder=L.F_REASON_HINT),
        )
        super().__init__(ui, title, fields, parent, intro=prompt)
        self.on, self.reason = self.widgets["end_on"], self.widgets["reason"]
        self._op = op

    def call(self, values: dict) -> Callable[[], object]:
        on, reason, op = values["end_on"], values["reason"], self._op
        return lambda: op(on, reason)


# -- training -----------------------------------------------------------------------------------
TRAINING_FIELDS = (
    Field("held_on", L.F_HELD_ON, "date"),
    Field("topic", L.F_TOPIC, placeholder=L.F_TOPIC_HINT),
    Field("lecturer", L.F_LECTURER),
    Field("hours", L.F_HOURS, "number", (0.5, 24, 0.5)),
    Field("location", L.F_LOCATION),
    Field("note", L.F_NOTE),
)


class TrainingDialog(RosterForm):
    def __init__(self, ui, data: TrainingData | None = None, parent: QWidget | None = None) -> None:
        title = L.EDIT_TRAINING_TITLE if data else L.NEW_TRAINING_TITLE
        super().__init__(ui, title, TRAINING_FIELDS, parent)
        self.load(data or TrainingData(held_on=ui.services.roster.today(), topic=""))
        self.resize(480, self.sizeHint().height())

    def call(self, values: dict) -> Callable[[], object]:
        data, roster = replace(self.data, **values), self.ui.services.roster
        return lambda: roster.save_training(data)
