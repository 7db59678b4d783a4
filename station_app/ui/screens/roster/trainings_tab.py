"""The 培训 tab of 网格花名册: trainings by year with the year's totals, and the attendance
list of the selected training (tick who attended, save with Ctrl+S; unsaved ticks are asked
about before leaving the training or the page)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.roster import TRAINING_COLUMNS, TrainingFilter
from station_app.services.base import Changes
from station_app.services.roster import KIND_PERSON, KIND_TRAINING
from station_app.ui.models.lazy_table import ALIGN_RIGHT, Column
from station_app.ui.screens.base import heading
from station_app.ui.screens.list_page import ListPage
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.tables import select_row

from . import labels as L
from .dialogs import TrainingDialog

_RIGHT = {"hours", "attendance"}
COLUMNS = tuple(
    Column(key, label, ALIGN_RIGHT) if key in _RIGHT else Column(key, label)
    for key, label in zip(TRAINING_COLUMNS, L.TRAINING_COLUMNS, strict=True)
)
WIDTHS = (90, 220, 66, 46, 120)
ATTENDEE_LIMIT = 5000
_ID = Qt.ItemDataRole.UserRole


class TrainingsTab(ListPage):
    """GUI thread only. ``selected_training`` is the training whose attendance is shown;
    ``attendance_dirty`` says its ticks differ from what is saved."""

    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(ui, None, parent)
        self.roster = ui.services.roster
        auth = ui.app.auth
        self.can_edit, self.can_delete = auth.can("roster.edit"), auth.can("records.delete")
        self.selected_training: int | None = None
        self._training_version = 0
        self.attendance_dirty = False
        self.body.addLayout(self._top_row())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._training_list(splitter))
        splitter.addWidget(self._attendance_panel(splitter))
        splitter.setSizes([760, 520])
        self.body.addWidget(splitter, 1)
        self._set_training_buttons()

    # -- layout ---------------------------------------------------------------------------------
    def _top_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.year_filter = self.make_filter("year", ())
        self.totals_label = QLabel("", self)
        self.totals_label.setObjectName("trainingTotals")
        self.edit_training_button = QPushButton(L.EDIT_TRAINING, self)
        self.edit_training_button.clicked.connect(self.edit_training)
        self.delete_training_button = QPushButton(L.DELETE_TRAINING, self)
        self.delete_training_button.clicked.connect(self.delete_training)
        top.addWidget(self.year_filter)
        top.addWidget(self.totals_label)
        top.addStretch(1)
        top.addWidget(self.edit_training_button)
        top.addWidget(self.delete_training_button)
        return top

    def _training_list(self, parent: QWidget) -> QWidget:
        rows = self.roster.rows(TrainingFilter())
        self.training_view = self.make_table(rows, COLUMNS, name="trainingTable")
        self.training_model = self.model
        self.training_view.selectionModel().currentRowChanged.connect(self._on_training_row_changed)
        header = self.training_view.horizontalHeader()
        for col, width in enumerate(WIDTHS):
            header.resizeSection(col, width)
        return self.training_view

    def _attendance_panel(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(8, 0, 0, 0)
        self.training_title = heading(L.NO_TRAINING, box)
        self.training_title.setWordWrap(True)
        lay.addWidget(self.training_title)
        lay.addLayout(self._attendance_filter_row(box))
        self.attendance_list = QListWidget(box)
        self.attendance_list.setObjectName("attendanceList")
        self.attendance_list.itemChanged.connect(self._on_attendance_item_changed)
        lay.addWidget(self.attendance_list, 1)
        bottom = QHBoxLayout()
        self.attendance_count = QLabel("", box)
        self.save_attendance_button = QPushButton(L.SAVE_ATTENDANCE, box)
        self.save_attendance_button.clicked.connect(self.save_attendance)
        bottom.addWidget(self.attendance_count)
        bottom.addStretch(1)
        bottom.addWidget(self.save_attendance_button)
        lay.addLayout(bottom)
        return box

    def _attendance_filter_row(self, box: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        self.attendance_filter = QLineEdit(box)
        self.attendance_filter.setPlaceholderText(L.ATTENDANCE_FILTER)
        self.attendance_filter.setClearButtonEnabled(True)
        self.attendance_filter.textChanged.connect(self._filter_attendance)
        self.only_checked = QCheckBox(L.ONLY_CHECKED, box)
        self.only_checked.toggled.connect(self._filter_attendance)
        row.addWidget(self.attendance_filter, 1)
        row.addWidget(self.only_checked)
        return row

    def _set_training_buttons(self) -> None:
        has = self.selected_training is not None
        self.edit_training_button.setEnabled(has and self.can_edit)
        self.delete_training_button.setEnabled(has and self.can_delete)
        self.save_attendance_button.setEnabled(has and self.can_edit and self.attendance_dirty)

    # -- years and the list ---------------------------------------------------------------------
    def _load_years(self) -> None:
        current = self.year_filter.currentData()
        years = self.roster.training_years()
        this_year = self.roster.today().year
        if this_year not in years:
            years = [this_year, *years]
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        for y in years:
            self.year_filter.addItem(L.YEAR.format(y), y)
        self.year_filter.addItem(L.ALL_YEARS, 0)
        index = self.year_filter.findData(current if current is not None else years[0])
        self.year_filter.setCurrentIndex(max(index, 0))
        self.year_filter.blockSignals(False)

    @property
    def year(self) -> int:
        """The year whose trainings are listed (0: every year)."""
        return self.year_filter.currentData() or 0

    def current_filter(self) -> TrainingFilter:
        return TrainingFilter(self.year)

    def open_record(self, record_id: int) -> None:
        self.edit_training()

    def _on_reloaded(self) -> None:
        super()._on_reloaded()
        year = self.year
        totals = self.roster.training_totals(year)
        scope = L.YEAR.format(year) if year else L.ALL_SCOPE
        self.totals_label.setText(L.TOTALS.format(scope=scope, totals=totals.text))
        row = self.training_model.row_of(self.selected_training) if self.selected_training else -1
        if row >= 0:
            select_row(self.training_view, row)
        else:
            self.selected_training = None
        self._load_attendance()

    def _on_training_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        new = self.training_model.id_at(current.row()) if current.isValid() else None
        if new != self.selected_training and not self.confirm_attendance_discard():
            return
        self.selected_training = new
        self._load_attendance()

    def confirm_attendance_discard(self) -> bool:
        """True unless there are unsaved ticks and the user chose Cancel (Save saves them)."""
        if not self.attendance_dirty:
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            L.UNSAVED_ATTENDANCE_TITLE,
            L.UNSAVED_ATTENDANCE,
            buttons.Save | buttons.Discard | buttons.Cancel,
        )
        if answer == buttons.Save:
            self.save_attendance()
            return True
        return answer == buttons.Discard

    # -- attendance -----------------------------------------------------------------------------
    def _load_attendance(self) -> None:
        tid = self.selected_training
        self.attendance_list.blockSignals(True)
        self.attendance_list.clear()
        self.attendance_dirty = False
        if tid is None:
            self.training_title.setText(L.NO_TRAINING)
            self.attendance_count.setText("")
        else:
            self._fill_attendance(tid)
        self.attendance_list.blockSignals(False)
        if tid is not None:
            self._update_attendance_count()
            self._filter_attendance()
        self._set_training_buttons()

    def _fill_attendance(self, tid: int) -> None:
        training, attendees = self.roster.get_training(tid)
        self._training_version = training.version
        self.training_title.setText(
            L.TRAINING_TITLE.format(
                day=format_date(training.held_on), topic=training.topic, hours=training.hours
            )
        )
        chosen = set(attendees)
        people = self.roster.search_people("", limit=ATTENDEE_LIMIT)
        for p in people:
            text = L.ATTENDEE.format(name=p.name, roles=p.roles, organisation=p.organisation)
            item = self._attendee(text, p.id, p.id in chosen)
            item.setData(_ID + 1, p.name)
        for pid in sorted(chosen - {p.id for p in people}):  # attendees who have left: kept
            self._attendee(L.LEFT_ATTENDEE.format(pid), pid, True)

    def _attendee(self, text: str, person_id: int, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(_ID, person_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.attendance_list.addItem(item)
        return item

    def checked_attendees(self) -> list[int]:
        items = (self.attendance_list.item(i) for i in range(self.attendance_list.count()))
        return [item.data(_ID) for item in items if item.checkState() == Qt.CheckState.Checked]

    def _update_attendance_count(self) -> None:
        self.attendance_count.setText(L.ATTENDANCE_COUNT.format(len(self.checked_attendees())))

    def _on_attendance_item_changed(self, _item) -> None:
        self.attendance_dirty = True
        self._update_attendance_count()
        self._set_training_buttons()

    def _filter_attendance(self, *_args) -> None:
        text = self.attendance_filter.text().strip().lower()
        only = self.only_checked.isChecked()
        matches = None
        if text:
            matches = {p.id for p in self.roster.search_people(text, limit=ATTENDEE_LIMIT)}
        for i in range(self.attendance_list.count()):
            item = self.attendance_list.item(i)
            hidden = matches is not None and item.data(_ID) not in matches
            hidden |= only and item.checkState() != Qt.CheckState.Checked
            item.setHidden(hidden)

    def save_attendance(self) -> None:
        if self.selected_training is None or not self.can_edit:
            return
        tid, ids = self.selected_training, self.checked_attendees()
        roster = self.roster
        data = replace(roster.get_training(tid)[0], version=self._training_version)

        def done(_result) -> None:
            self.attendance_dirty = False
            self._load_attendance()
            self.attendance_count.setText(L.ATTENDANCE_SAVED.format(len(ids)))

        self.ui.ops.run_write(lambda _p: roster.save_training(data, ids), on_done=done, parent=self)

    def focus_search(self) -> None:
        self.attendance_filter.setFocus()
        self.attendance_filter.selectAll()

    # -- trainings ------------------------------------------------------------------------------
    def new_training(self) -> None:
        dialog = TrainingDialog(self.ui, None, self)
        if dialog.exec() and dialog.result_value:
            self.selected_training = dialog.result_value[0].id
            self.refresh()

    def edit_training(self) -> None:
        if self.selected_training is None or not self.can_edit:
            return
        TrainingDialog(self.ui, self.roster.get_training(self.selected_training)[0], self).exec()

    def delete_training(self) -> None:
        if self.selected_training is None:
            return
        data, attendees = self.roster.get_training(self.selected_training)
        text = L.DELETE_TRAINING_CONFIRM.format(
            topic=data.topic, day=format_date(data.held_on), n=len(attendees)
        )
        if (
            QMessageBox.question(self, L.DELETE_TRAINING_TITLE, text)
            != QMessageBox.StandardButton.Yes
        ):
            return
        roster = self.roster
        self.ui.ops.run_write(
            lambda _p: roster.delete_training(data.id, data.version, L.DELETE_TRAINING_TITLE),
            parent=self,
        )

    # -- Page -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._load_years()
        self.apply_filter()

    def on_changes(self, changes: Changes) -> None:
        if not changes.touches(KIND_TRAINING, KIND_PERSON, "*"):
            return
        if changes.touches(KIND_TRAINING, "*"):
            self._load_years()
        self.apply_filter()
