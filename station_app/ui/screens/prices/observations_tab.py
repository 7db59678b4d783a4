"""监测记录: every observation (voided ones marked 已作废 with the reason, never edited), and
作废 with a reason; flags follow at once (the service refreshes them in the same unit)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QPushButton

from station_app.domain.prices.lists import OBSERVATION_COLUMNS, ObservationFilter
from station_app.services.base import Changes
from station_app.services.prices import KIND_OBSERVATION
from station_app.ui.formatting import local_time
from station_app.ui.models.lazy_table import ALIGN_LEFT, ALIGN_RIGHT, Column, LazyTableModel
from station_app.ui.screens.list_page import ListPage
from station_app.ui.screens.prices import labels as L
from station_app.ui.screens.prices.format import yuan_cell


def _time(value) -> str:  # type: ignore[no-untyped-def]
    return local_time(value).strftime("%Y-%m-%d %H:%M")


_FORMAT = {"observed_at": _time, "price": yuan_cell}
COLUMNS = tuple(
    Column(key, L.OBS_COLUMNS[key], alignment=ALIGN_RIGHT if key == "price" else ALIGN_LEFT,
           formatter=_FORMAT.get(key), sortable=key in ("observed_at", "price", "source"))
    for key in OBSERVATION_COLUMNS
)  # fmt: skip
WIDTHS = (9, 18, 6, 6, 6, 6, 5)
_STRUCK = QFont()
_STRUCK.setStrikeOut(True)


class ObservationModel(LazyTableModel):
    """Voided rows are struck through; their tooltip is the reason (the value after the columns)."""

    def data(self, index, role=0):  # type: ignore[no-untyped-def]
        from PySide6.QtCore import Qt

        if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            values = self.row_values(index.row())
            reason = values[-1] if values else ""
            if reason:
                return _STRUCK if role == Qt.ItemDataRole.FontRole else reason
        return super().data(index, role)


class ObservationsTab(ListPage):
    COUNT_TEXT = L.OBS_COUNT

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.svc = ui.services.prices
        rows = self.svc.observation_rows()
        table = self.make_table(
            rows, COLUMNS, name="observationTable", model_class=ObservationModel, widths_em=WIDTHS
        )
        self.body.addWidget(table, 1)
        row = QHBoxLayout()
        void = QPushButton(L.VOID, self)
        void.setObjectName("voidObservation")
        void.clicked.connect(self.void)
        void.setEnabled(ui.app.auth.can("prices.observe"))
        row.addWidget(void)
        row.addStretch(1)
        row.addWidget(self.make_count("observationCount"))
        self.body.addLayout(row)
        self.apply_filter()

    def current_filter(self) -> ObservationFilter:
        return ObservationFilter()

    def void(self) -> None:
        obs_id = self.current_id()
        if obs_id is None:
            return
        reason, ok = QInputDialog.getText(self, L.VOID_TITLE, L.VOID_PROMPT)
        if ok:
            self.ui.ops.run_write(lambda _p: self.svc.void_observation(obs_id, reason), parent=self)

    def on_changes(self, changes: Changes) -> None:
        self.refresh_or_reload(changes, KIND_OBSERVATION)
