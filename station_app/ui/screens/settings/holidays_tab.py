"""节假日 tab: the holiday table (节假日调整) for years the calendar package does not know yet.
Each row is a day off or a make-up working day; statutory deadlines are recomputed on save."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.services.base import Changes
from station_app.services.complaints import KIND_HOLIDAY, HolidayData
from station_app.ui.screens.settings import labels as L
from station_app.ui.widgets.dates import DateEdit


class HolidaysTab(QWidget):
    """A few dozen rows a year: a QTableWidget is right here. GUI thread only."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.svc = ui.services.complaints
        lay = QVBoxLayout(self)
        note = QLabel(L.HOLIDAYS_NOTE, self)
        note.setWordWrap(True)
        lay.addWidget(note)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("holidayTable")
        self.table.setHorizontalHeaderLabels(list(L.HOLIDAY_HEAD))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.day = DateEdit(self)
        self.workday = QCheckBox(L.WORKDAY, self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(L.HOLIDAY_NOTE_HINT)
        self.add_button = QPushButton(L.SAVE_DAY, self)
        self.add_button.clicked.connect(self.save_day)
        self.delete_button = QPushButton(L.DELETE_SELECTED, self)
        self.delete_button.clicked.connect(self.delete_selected)
        for w in (self.day, self.workday, self.note, self.add_button, self.delete_button):
            row.addWidget(w)
        row.addStretch(1)
        lay.addLayout(row)
        editable = ui.app.auth.can("settings.edit")
        self.add_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        ui.bus.changed.connect(self._on_bus_changed)
        self.load()

    def load(self) -> None:
        rows = self.svc.holidays()
        self.table.setRowCount(len(rows))
        for r, h in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(h.day.isoformat()))
            self.table.setItem(
                r, 1, QTableWidgetItem(L.IS_WORKDAY if h.is_workday else L.IS_HOLIDAY)
            )
            self.table.setItem(r, 2, QTableWidgetItem(h.note))
        self.table.resizeColumnsToContents()

    def save_day(self) -> None:
        q = self.day.date()
        data = HolidayData(
            date(q.year(), q.month(), q.day()), self.workday.isChecked(), self.note.text()
        )

        def call(_p):
            return self.svc.save_holiday(data) | self.svc.recompute_deadlines()

        self.ui.ops.run_write(call, on_done=lambda _c: self.load(), parent=self)

    def delete_selected(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return
        day = date.fromisoformat(item.text())

        def call(_p):
            return self.svc.delete_holiday(day) | self.svc.recompute_deadlines()

        self.ui.ops.run_write(call, on_done=lambda _c: self.load(), parent=self)

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(KIND_HOLIDAY, "*"):
            self.load()
