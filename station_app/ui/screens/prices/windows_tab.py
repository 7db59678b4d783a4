"""节假日与活动: the windows of a year as the rules see them — statutory ones from the working
calendar (设置 → 节假日: the holidays and their 调休) and the station's local events —
with 添加本地活动 and 删除活动 (``prices.manage``). GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.prices.windows import EVENT, Window
from station_app.services.base import Changes
from station_app.services.prices.common import KIND_EVENT
from station_app.ui.screens.prices import labels as L
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.forms import Field, FormDialog
from station_app.ui.widgets.tables import fill_table, readonly_table

EVENT_FIELDS = (
    Field("name", L.EVENT_FIELDS["name"]),
    Field("first", L.EVENT_FIELDS["first"], "date"),
    Field("last", L.EVENT_FIELDS["last"], "date"),
    Field("note", L.EVENT_FIELDS["note"]),
)


class WindowsTab(QWidget):
    """``windows`` are the year's, by first day; a local event row carries its id."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(parent)
        self.ui, self.svc = ui, ui.services.prices
        self.windows: list[Window] = []
        self.form: FormDialog | None = None
        self.can = ui.app.auth.can("prices.manage")
        lay = QVBoxLayout(self)
        note = QLabel(L.WINDOW_NOTE, self)
        note.setWordWrap(True)
        lay.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(QLabel(L.WINDOW_YEAR, self))
        self.year = QSpinBox(self)
        self.year.setObjectName("windowYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(ui.services.clock.today().year)
        self.year.valueChanged.connect(lambda _y: self.refresh())
        row.addWidget(self.year)
        self.add_button = self._button(row, L.EVENT_NEW, self.add_event, "eventAdd", self.can)
        self.delete_button = self._button(
            row, L.EVENT_DELETE, self.delete_event, "eventDelete", False
        )
        row.addStretch(1)
        lay.addLayout(row)
        self.table = readonly_table(L.WINDOW_HEADERS, (), self, single=True)
        self.table.setObjectName("windowTable")
        self.table.itemSelectionChanged.connect(self._selected)
        lay.addWidget(self.table, 1)
        self.unknown = QLabel("", self)
        self.unknown.setWordWrap(True)
        lay.addWidget(self.unknown)
        ui.bus.changed.connect(self.on_changes)
        self.refresh()

    def _button(self, row, text, slot, name, enabled) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setEnabled(enabled)
        row.addWidget(button)
        return button

    def refresh(self) -> None:
        year = self.year.value()
        self.windows = self.svc.windows(year)
        self.events = {(e.name, e.first_day, e.last_day): e for e in self.svc.events()}
        rows = [
            (w.name, w.kind, format_date(w.first), format_date(w.last), w.days,
             self._event(w).note if self._event(w) else "")
            for w in self.windows
        ]  # fmt: skip
        fill_table(self.table, rows, right=(4,))
        statutory = any(w.kind != EVENT for w in self.windows)
        self.unknown.setText("" if statutory else L.WINDOW_UNKNOWN.format(year))
        self._selected()

    def _event(self, w: Window):  # type: ignore[no-untyped-def]
        return self.events.get((w.name, w.first, w.last)) if w.kind == EVENT else None

    def current_event(self):  # type: ignore[no-untyped-def]
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self._event(self.windows[rows[0].row()]) if rows else None

    def _selected(self) -> None:
        self.delete_button.setEnabled(self.can and self.current_event() is not None)

    def add_event(self) -> None:
        def submit(x: dict) -> None:
            form.run_save(
                self.ui.ops, lambda: self.svc.add_event(x["name"], x["first"], x["last"], x["note"])
            )

        today = self.ui.services.clock.today()
        form = self.form = FormDialog(
            L.EVENT_FORM, EVENT_FIELDS, submit, self, {"first": today, "last": today},
            name="eventForm",
        )  # fmt: skip
        form.open()

    def delete_event(self) -> None:
        event = self.current_event()
        if event is None:
            return
        reason, ok = QInputDialog.getText(self, L.EVENT_DELETE_TITLE, L.EVENT_DELETE_PROMPT)
        if ok:
            self.ui.ops.run_write(
                lambda _p: self.svc.delete_event(event.id, event.version, reason), parent=self
            )

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(KIND_EVENT, "holiday_override"):
            self.refresh()
