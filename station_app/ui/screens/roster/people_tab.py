"""The 人员 tab of 网格花名册: everyone on the roster (search by name, initials or phone, role,
supervision group, those who left), the selected person's grids and history, and editing,
leaving and deleting a person."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import roster_rules as rules
from station_app.domain.roster import PERSON_COLUMNS, PersonFilter
from station_app.services.base import Changes
from station_app.services.roster import KIND_PERSON
from station_app.ui.models.lazy_table import Column
from station_app.ui.screens.base import heading
from station_app.ui.screens.list_page import ListPage
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.history import HistoryPanel
from station_app.ui.widgets.tables import fill_table, readonly_table, select_row

from . import labels as L
from .dialogs import DateReasonDialog, PersonDialog
from .grids_tab import ROSTER_KINDS

COLUMNS = tuple(
    Column(key, label, sortable=key != "grids")
    for key, label in zip(PERSON_COLUMNS, L.PERSON_COLUMNS, strict=True)
)
WIDTHS = (70, 40, 150, 150, 100, 100, 110, 120)


class PeopleTab(ListPage):
    """GUI thread only. ``selected_person`` is the id shown on the right. The list follows
    every keystroke in the search box (a station has hundreds of people, not millions)."""

    COUNT_TEXT = L.PEOPLE_COUNT

    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(ui, None, parent)
        self.roster = ui.services.roster
        auth = ui.app.auth
        self.can_edit, self.can_delete = auth.can("roster.edit"), auth.can("records.delete")
        self.selected_person: int | None = None
        self.body.addLayout(self._filters())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._person_list(splitter))
        splitter.addWidget(self._person_detail(splitter))
        splitter.setSizes([860, 420])
        self.body.addWidget(splitter, 1)
        self._set_person_buttons()

    # -- layout ---------------------------------------------------------------------------------
    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.make_search("personSearch", L.SEARCH_HINT), 2)
        roles = ((text, code) for code, text in rules.PERSON_ROLES.items())
        self.role_filter = self.make_filter("role", [(L.ALL_ROLES, ""), *roles])
        groups = ((g, g) for g in self.roster.supervision_groups())
        self.group_filter = self.make_filter("group", [(L.ALL_GROUPS, ""), *groups])
        self.include_left = QCheckBox(L.INCLUDE_LEFT, self)
        self.include_left.toggled.connect(lambda _on: self.apply_filter())
        self.people_count = self.make_count("peopleCount")
        for widget in (self.role_filter, self.group_filter, self.include_left, self.people_count):
            row.addWidget(widget)
        row.addStretch(1)
        for widget in self._person_buttons():
            row.addWidget(widget)
        return row

    def _person_buttons(self) -> list[QPushButton]:
        self.edit_person_button = QPushButton(L.EDIT_PERSON, self)
        self.edit_person_button.clicked.connect(self.edit_person)
        self.leave_button = QPushButton(L.LEAVE, self)
        self.leave_button.clicked.connect(self.person_leaves)
        self.delete_person_button = QPushButton(L.DELETE, self)
        self.delete_person_button.setToolTip(L.DELETE_PERSON_TIP)
        self.delete_person_button.clicked.connect(self.delete_person)
        return [self.edit_person_button, self.leave_button, self.delete_person_button]

    def _person_list(self, parent: QWidget) -> QWidget:
        self.person_view = self.make_table(
            self.roster.rows(PersonFilter()), COLUMNS, name="personTable"
        )
        self.person_model = self.model
        self.person_view.selectionModel().currentRowChanged.connect(self._on_person_row_changed)
        header = self.person_view.horizontalHeader()
        for col, width in enumerate(WIDTHS):
            header.resizeSection(col, width)
        return self.person_view

    def _person_detail(self, parent: QWidget) -> QWidget:
        detail = QWidget(parent)
        lay = QVBoxLayout(detail)
        lay.setContentsMargins(8, 0, 0, 0)
        self.person_title = heading(L.NO_PERSON, detail)
        self.person_grids = readonly_table(
            L.PERSON_GRID_COLUMNS, (), detail, single=True, fit_contents=True
        )
        self.person_history = HistoryPanel(
            self.ui, KIND_PERSON, None, L.PERSON_FIELD_LABELS, detail
        )
        lay.addWidget(self.person_title)
        lay.addWidget(QLabel(L.PERSON_GRIDS, detail))
        lay.addWidget(self.person_grids, 1)
        lay.addWidget(QLabel(L.PERSON_HISTORY, detail))
        lay.addWidget(self.person_history, 2)
        return detail

    def _set_person_buttons(self) -> None:
        has = self.selected_person is not None
        self.edit_person_button.setEnabled(has and self.can_edit)
        self.leave_button.setEnabled(has and self.can_edit)
        self.delete_person_button.setEnabled(has and self.can_delete)

    # -- list -----------------------------------------------------------------------------------
    def current_filter(self) -> PersonFilter:
        return PersonFilter(
            text=self.search.text(),
            role=self.role_filter.currentData() or "",
            group=self.group_filter.currentData() or "",
            include_left=self.include_left.isChecked(),
        )

    def _on_search_text_edited(self, _text: str) -> None:
        self.apply_filter()

    def _on_reloaded(self) -> None:
        super()._on_reloaded()
        row = self.person_model.row_of(self.selected_person) if self.selected_person else -1
        if row >= 0:
            select_row(self.person_view, row)
        else:
            self.selected_person = None
            self._load_person_detail()

    def _on_person_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selected_person = self.person_model.id_at(current.row()) if current.isValid() else None
        self._load_person_detail()

    def _load_person_detail(self) -> None:
        self._set_person_buttons()
        pid = self.selected_person
        if pid is None:
            self.person_title.setText(L.NO_PERSON)
            self.person_grids.setRowCount(0)
            self.person_history.set_record(None)
            return
        person = self.roster.get_person(pid)
        state = "" if person.active else L.LEFT_STATE.format(format_date(person.left_on))
        self.person_title.setText(
            L.PERSON_TITLE.format(name=person.name, roles=person.role_labels, state=state)
        )
        rows = [
            (m.grid_code, m.role_label, format_date(m.start_on), format_date(m.end_on))
            for m in self.roster.person_assignments(pid)
        ]
        fill_table(self.person_grids, rows)
        self.person_history.set_record(pid)

    def filter_to(self, criteria: dict) -> None:
        """``{"search": "张"}``, ``{"role": "enforcer"}``."""
        role = criteria.get("role", "")
        self.role_filter.setCurrentIndex(max(0, self.role_filter.findData(role)))
        self.search.setText(str(criteria.get("search", "")))
        self.apply_filter()

    def open_record(self, record_id: int) -> None:
        self.edit_person()

    # -- actions --------------------------------------------------------------------------------
    def new_person(self) -> None:
        dialog = PersonDialog(self.ui, None, self)
        if dialog.exec() and dialog.result_value:
            self.selected_person = dialog.result_value[0].id
            self.model.reload()

    def edit_person(self) -> None:
        if self.selected_person is None or not self.can_edit:
            return
        unmasked = self.ui.app.auth.can("personal.unmasked")
        data = self.roster.get_person(self.selected_person, unmasked=unmasked)
        PersonDialog(self.ui, data, self).exec()

    def delete_person(self) -> None:
        if self.selected_person is None:
            return
        person = self.roster.get_person(self.selected_person)
        text = L.DELETE_PERSON_CONFIRM.format(person.name)
        if QMessageBox.question(self, L.DELETE_PERSON, text) != QMessageBox.StandardButton.Yes:
            return
        roster = self.roster
        self.ui.ops.run_write(
            lambda _p: roster.delete_person(person.id, person.version, L.DELETE_PERSON_REASON),
            parent=self,
        )

    def person_leaves(self) -> None:
        if self.selected_person is None:
            return
        person = self.roster.get_person(self.selected_person)
        if not person.active:
            QMessageBox.information(self, L.LEAVE, L.ALREADY_LEFT.format(person.name))
            return
        roster = self.roster
        dialog = DateReasonDialog(
            self.ui,
            L.LEAVE_TITLE,
            L.LEAVE_PROMPT.format(person.name),
            L.LEFT_ON,
            lambda on, reason: roster.person_leaves(person.id, on, person.version, reason),
            self,
        )
        if dialog.exec() and dialog.result_value:
            self._after_leaving(person.name, dialog)

    def _after_leaving(self, name: str, dialog: DateReasonDialog) -> None:
        result, _changes = dialog.result_value
        if not result.uncovered:
            QMessageBox.information(self, L.LEAVE, L.LEFT_OK.format(name=name))
            return
        grids = "\n".join(u.message for u in result.uncovered)
        on = format_date(dialog.value("end_on"))
        text = L.UNCOVERED.format(name=name, date=on, grids=grids)
        QMessageBox.warning(self, L.UNCOVERED_TITLE, text)

    # -- Page -----------------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*ROSTER_KINDS):
            self.model.reload()
