"""抽检: sampling results, newest first, failed ones red and voided ones grey; 登记抽检 for an
entity typed in (or from a record's view), 作废 from the context menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from station_app.domain.patrols.lists import SAMPLING_COLUMNS, SamplingFilter
from station_app.services.base import Changes
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column, LazyTableModel
from station_app.ui.screens.list_page import ListPage
from station_app.ui.screens.patrols import labels as L
from station_app.ui.screens.patrols import record_actions as A
from station_app.ui.screens.patrols.records_tab import VOIDED
from station_app.ui.screens.patrols.tasks_tab import OVERDUE
from station_app.ui.widgets.dates import format_date

COLUMNS = tuple(
    Column(
        key,
        L.SAMPLING_COLUMN_LABELS[key],
        alignment=ALIGN_CENTER if key == "qualified" else ALIGN_LEFT,
        formatter=format_date if key == "sampled_on" else None,
        sortable=key in ("sampled_on", "entity", "product", "qualified", "agency"),
    )
    for key in SAMPLING_COLUMNS
)
WIDTHS = (6, 13, 9, 7, 4, 10, 8, 12)


class SamplingTableModel(LazyTableModel):
    """Failed samplings red, voided ones grey (the row's last two values)."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.ForegroundRole or not index.isValid():
            return super().data(index, role)
        values = self.row_values(index.row())
        if not values:
            return None
        if values[-1]:
            return QBrush(VOIDED)
        return QBrush(OVERDUE) if values[-2] else None


class SamplingsTab(ListPage):
    """GUI thread only. ``dialog`` is the dialog open last."""

    COUNT_TEXT = L.SAMPLING_COUNT
    LOAD_FAILED_TEXT = L.LOAD_FAILED

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.svc = ui.services.patrols
        self.dialog = None
        row = QHBoxLayout()
        row.addWidget(self.make_filter("qualified", L.SAMPLING_FILTERS))
        row.addWidget(self.make_search("samplingSearch", L.SAMPLING_SEARCH), 1)
        add = QPushButton(L.NEW_SAMPLING, self)
        add.setObjectName("newSamplingButton")
        add.setEnabled(ui.app.auth.can("patrols.sampling"))
        add.clicked.connect(self.new_sampling)
        row.addWidget(add)
        self.body.addLayout(row)
        rows = self.svc.sampling_rows(SamplingFilter())
        table = self.make_table(
            rows, COLUMNS, name="samplingTable", model_class=SamplingTableModel, widths_em=WIDTHS
        )
        self.body.addWidget(table, 1)
        self.body.addWidget(self.make_count("samplingCount"))
        self.apply_filter()

    def current_filter(self) -> SamplingFilter:
        text = self.search.text().strip() if self.search else ""
        return SamplingFilter(qualified=self.filters["qualified"].currentData(), text=text)

    def new_sampling(self) -> None:
        self.dialog = A.sampling_dialog(self.ui, self)
        self.dialog.open()

    def open_record(self, record_id: int) -> None:
        """A sampling has no window of its own: its row says everything (作废 by menu)."""

    def void(self, sampling_id: int) -> None:
        self.dialog = A.void_sampling_dialog(self.ui, sampling_id, self)
        self.dialog.open()

    def context_actions(self, record_id: int) -> list:
        row = self.model.source.fetch_rows([record_id]).get(record_id) or ()
        ok = bool(row) and not row[-1] and self.ui.app.auth.can("patrols.sampling")
        return [(L.VOID, lambda: self.void(record_id), ok)]

    def on_changes(self, changes: Changes) -> None:
        self.refresh_or_reload(changes, "sampling")
