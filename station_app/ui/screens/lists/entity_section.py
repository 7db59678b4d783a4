"""红黑榜 section for the entity card: the entity's entries (in force and past) and a button
to propose a listing for it. The entity screen embeds :class:`EntityListsSection` and calls
``set_entity(entity_id)``; it refreshes itself on list changes."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import lists as rules
from station_app.services.base import Changes
from station_app.ui.screens.lists import labels as L
from station_app.ui.screens.lists.dialogs import ListingDialog
from station_app.ui.widgets.dates import format_date

HEADERS = L.SECTION_HEAD


class EntityListsSection(QWidget):
    """GUI thread only."""

    def __init__(self, ui, entity_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.entity_id = entity_id
        self.dialog: ListingDialog | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setObjectName("entityListsSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("entityListsTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.propose_button = QPushButton(L.SECTION_PROPOSE, self)
        self.propose_button.clicked.connect(self.propose)
        self.propose_button.setEnabled(ui.app.auth.can("lists.propose"))
        row.addStretch(1)
        row.addWidget(self.propose_button)
        lay.addLayout(row)
        ui.bus.changed.connect(self._on_changes)
        self.load()

    def set_entity(self, entity_id: int | None) -> None:
        self.entity_id = entity_id
        self.load()

    def load(self) -> None:
        rows = self.ui.services.lists.entries(entity_id=self.entity_id) if self.entity_id else []
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            removed = f"{format_date(r.removed_on)} {r.removal_way or ''}" if r.removed_on else ""
            values = (
                f"{rules.COLOUR_LABELS[r.colour]} · {r.kind}",
                rules.STATUS_LABELS.get(r.status, r.status),
                format_date(r.listed_on),
                format_date(r.valid_until),
                removed,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 0 and r.colour == rules.RED:
                    item.setForeground(QBrush(QColor("#b71c1c")))
                self.table.setItem(i, c, item)
        listed = [r for r in rows if r.status == rules.LISTED]
        black = [r.kind for r in listed if r.colour == rules.BLACK]
        red = [r.kind for r in listed if r.colour == rules.RED]
        parts = []
        if black:
            parts.append(L.SECTION_BLACK.format(L.NAME_SEP.join(black)))
        if red:
            parts.append(L.SECTION_RED.format(L.NAME_SEP.join(red)))
        self.summary.setText(L.NOTE_SEP.join(parts) if parts else L.SECTION_NONE)
        self.propose_button.setEnabled(
            bool(self.entity_id) and self.ui.app.auth.can("lists.propose")
        )

    def propose(self) -> None:
        if not self.entity_id:
            return
        self.dialog = ListingDialog(self.ui, self)
        self.dialog.choose_entity(self.entity_id)
        self.dialog.open()

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("list_entry", "*"):
            self.load()
