"""隐患整改: hazards with their rectification deadlines, overdue ones in red; 复查 from the
context menu (or Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from station_app.domain.patrols.lists import HAZARD_COLUMNS, HazardFilter
from station_app.services.base import Changes
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column, LazyTableModel
from station_app.ui.screens.list_page import ListPage
from station_app.ui.screens.patrols import labels as L
from station_app.ui.screens.patrols import record_actions as A
from station_app.ui.screens.patrols.dialogs import recheck_dialog
from station_app.ui.screens.patrols.tasks_tab import OVERDUE
from station_app.ui.widgets.dates import format_date

_CENTER = {"severity", "state", "rechecks"}
COLUMNS = tuple(
    Column(
        key,
        L.HAZARD_COLUMN_LABELS[key],
        alignment=ALIGN_CENTER if key in _CENTER else ALIGN_LEFT,
        formatter=format_date if key in ("found_on", "deadline") else None,
        sortable=key not in ("description", "grid", "notice"),
    )
    for key in HAZARD_COLUMNS
)
WIDTHS = (6, 14, 8, 3, 16, 6, 6, 4, 9, 8)


class HazardTableModel(LazyTableModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.ForegroundRole or not index.isValid():
            return super().data(index, role)
        values = self.row_values(index.row())
        return QBrush(OVERDUE) if values and values[-1] else None


class HazardsTab(ListPage):
    """GUI thread only. ``dialog`` is the re-check dialog open last."""

    COUNT_TEXT = L.HAZARD_COUNT
    LOAD_FAILED_TEXT = L.LOAD_FAILED

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.svc = ui.services.patrols
        self.dialog = self.preview = None
        row = QHBoxLayout()
        row.addWidget(self.make_filter("state", L.HAZARD_STATE_FILTERS))
        row.addWidget(self.make_search("hazardSearch", L.HAZARD_SEARCH), 1)
        for text, name, slot in (
            (L.RECHECK, "recheckButton", self.open_record),
            (L.EXTEND, "extendButton", self.extend),
            (L.PRINT_NOTICE, "hazardNoticeButton", self.print_notice),
        ):
            row.addWidget(self._button(text, name, slot))
        self.body.addLayout(row)
        rows = self.svc.hazard_rows(HazardFilter())
        table = self.make_table(
            rows, COLUMNS, name="hazardTable", model_class=HazardTableModel, widths_em=WIDTHS
        )
        self.body.addWidget(table, 1)
        self.body.addWidget(self.make_count("hazardCount"))
        self.apply_filter()

    def current_filter(self) -> HazardFilter:
        text = self.search.text().strip() if self.search else ""
        return HazardFilter(state=self.filters["state"].currentData(), text=text)

    def show_state(self, state: str | None) -> None:
        """Filter to a state (``overdue``: the home tile 整改逾期)."""
        combo = self.filters["state"]
        combo.setCurrentIndex(max(combo.findData(state), 0))

    def _state(self, hazard_id: int) -> str:
        row = self.model.source.fetch_rows([hazard_id]).get(hazard_id)
        return row[-2] if row else ""

    def open_record(self, record_id: int) -> None:
        if self._state(record_id) != "open" or not self.ui.app.auth.can("patrols.check"):
            return
        row = self.model.source.fetch_rows([record_id])[record_id]
        self.dialog = recheck_dialog(self.ui, record_id, row[1], self)
        self.dialog.open()

    def context_actions(self, record_id: int) -> list:
        is_open, can = self._state(record_id) == "open", self.ui.app.auth.can
        return [
            (L.RECHECK, lambda: self.open_record(record_id), is_open and can("patrols.check")),
            (L.EXTEND, lambda: self.extend(record_id), is_open and can("patrols.extend")),
            (L.PRINT_NOTICE, lambda: self.print_notice(record_id),
             self._ordered(record_id) and can("patrols.order")),
        ]  # fmt: skip

    def _button(self, text: str, name: str, slot) -> QPushButton:
        """A button acting on the selected hazard (its id, else nothing)."""
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda: self._on_current(slot))
        return button

    def _on_current(self, slot) -> None:
        hazard_id = self.current_id()
        if hazard_id is not None:
            slot(hazard_id)

    def _ordered(self, hazard_id: int) -> bool:
        row = self.model.source.fetch_rows([hazard_id]).get(hazard_id)
        return bool(row) and bool(row[6]) and row[-2] != "voided"

    def extend(self, hazard_id: int) -> None:
        if self._state(hazard_id) != "open" or not self.ui.app.auth.can("patrols.extend"):
            return
        row = self.model.source.fetch_rows([hazard_id])[hazard_id]
        self.dialog = A.extend_dialog(self.ui, hazard_id, row[1], self)
        self.dialog.open()

    def print_notice(self, hazard_id: int) -> None:
        if self._ordered(hazard_id) and self.ui.app.auth.can("patrols.order"):
            A.print_notice(self.ui, self, hazard_id=hazard_id)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("hazard", "*"):
            self.apply_filter()
