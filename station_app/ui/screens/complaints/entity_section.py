"""投诉与调解 section of the entity card: the complaints against this entity, newest first,
with their mediation state; a double-click (or Enter) opens the case window. Complainants are
masked as in the complaints list. The entity card embeds :class:`EntityComplaintsSection` and
calls ``set_entity(entity_id)``; it refreshes itself when complaints change."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import complaints as rules
from station_app.domain.complaints import ComplaintFilter
from station_app.services.base import Changes
from station_app.ui.widgets.tables import fill_table, readonly_table

from . import labels as L

KEYS = ("number", "received_on", "complainant", "claim", "amount", "status", "mediators")


class EntityComplaintsSection(QWidget):
    """GUI thread only."""

    def __init__(self, ui, entity_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.entity_id = entity_id
        self.ids: list[int] = []
        self.case_dialog = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setObjectName("entityComplaintsSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.table = readonly_table(L.SECTION_HEAD, parent=self)
        self.table.setObjectName("entityComplaintsTable")
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(L.SECTION_OPEN, self)
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        lay.addLayout(buttons)
        ui.bus.changed.connect(self._on_changes)
        self.load()

    def set_entity(self, entity_id: int | None) -> None:
        self.entity_id = entity_id
        self.load()

    def load(self) -> None:
        rows = []
        if self.entity_id:
            flt = ComplaintFilter(entity_id=self.entity_id)
            rows = self.ui.services.complaints.list_cases(flt)
        rows.sort(key=lambda r: r["received_on"], reverse=True)
        self.ids = [r["id"] for r in rows]
        fill_table(self.table, ([r[key] for key in KEYS] for r in rows))
        amount = KEYS.index("amount")
        for i in range(len(rows)):
            self.table.item(i, amount).setTextAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        self.open_button.setEnabled(bool(rows))
        self.summary.setText(_summary(rows))

    def count(self) -> int:
        return len(self.ids)

    def open_row(self, row: int) -> None:
        if not 0 <= row < len(self.ids):
            return
        from station_app.ui.screens.complaints.case_dialog import CaseDialog

        cid = self.ids[row]
        self.case_dialog = self.ui.windows.show(
            "complaint", cid, lambda: CaseDialog(self.ui, cid, self.window())
        )

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("complaint", "*"):
            self.load()


def _summary(rows: list[dict]) -> str:
    if not rows:
        return L.SECTION_NONE
    by_status = Counter(r["status"] for r in rows)
    parts = L.NAME_SEP.join(
        L.SECTION_PART.format(s, by_status[s]) for s in rules.STATUSES if by_status[s]
    )
    return L.SECTION_SUMMARY.format(total=len(rows), parts=parts)
