"""Save conflict: someone saved the same record first. Both versions side by side; the user
chooses which one to keep. Nothing has been written when this dialog shows."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.dialogs import labels as L

KEEP_MINE = 1
TAKE_THEIRS = 2


class ConflictDialog(QDialog):
    """``rows`` are (field label, my value, stored value). ``exec()`` returns KEEP_MINE,
    TAKE_THEIRS, or 0 when cancelled. A small fixed table: QTableWidget is right here."""

    def __init__(
        self, message: str, rows: list[tuple[str, str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(L.CONFLICT_TITLE)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(message, self))
        table = QTableWidget(len(rows), 3, self)
        table.setHorizontalHeaderLabels(list(L.CONFLICT_HEAD))
        table.verticalHeader().hide()
        for r, (label, mine, theirs) in enumerate(rows):
            for c, text in enumerate((label, mine, theirs)):
                item = QTableWidgetItem(text)
                if mine != theirs and c > 0:
                    item.setBackground(QBrush(QColor("#fff3cd")))
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(table)
        buttons = QDialogButtonBox(self)
        # ActionRole: the box's own accepted/rejected must not override the chosen result.
        mine_btn = buttons.addButton(L.KEEP_MINE, QDialogButtonBox.ButtonRole.ActionRole)
        theirs_btn = buttons.addButton(L.TAKE_THEIRS, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        mine_btn.clicked.connect(lambda: self.done(KEEP_MINE))
        theirs_btn.clicked.connect(lambda: self.done(TAKE_THEIRS))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(640, 360)
