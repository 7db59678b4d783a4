"""榜单设置: each list's default validity, repair tier, publication and whether it is in use."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import lists as rules
from station_app.errors import StationError
from station_app.ui.errors import show_error
from station_app.ui.screens.lists import labels as L

INDICATOR_NOTES = {
    rules.INDICATOR_BLACKLISTED: L.INDICATOR_BLACKLISTED,
    rules.INDICATOR_ABNORMAL: L.INDICATOR_ABNORMAL,
}


class KindsDialog(QDialog):
    """The lists on the left, the chosen one's settings on the right. GUI thread only."""

    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.service = ui.services.lists
        self.setWindowTitle(L.KINDS_TITLE)
        lay = QHBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setObjectName("kindSettingsList")
        self.list.currentRowChanged.connect(self._show)
        lay.addWidget(self.list, 1)
        right = QVBoxLayout()
        right.addLayout(self._form())
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        right.addWidget(self.note)
        right.addStretch(1)
        right.addLayout(self._buttons())
        lay.addLayout(right, 2)
        self.load()
        self.resize(640, 360)

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setMaxLength(40)
        form.addRow(L.KIND_NAME, self.name)
        self.colour = QLabel(self)
        form.addRow(L.KIND_COLOUR, self.colour)
        self.months = QLineEdit(self)
        self.months.setObjectName("validityMonths")
        self.months.setPlaceholderText(L.MONTHS_HINT)
        form.addRow(L.KIND_MONTHS, self.months)
        self.tier = QComboBox(self)
        self.tier.addItem(L.NO_TIER, None)
        for code in rules.TIERS:
            self.tier.addItem(rules.TIER_LABELS[code], code)
        form.addRow(L.KIND_TIER, self.tier)
        self.published = QCheckBox(L.KIND_PUBLISHED, self)
        form.addRow("", self.published)
        self.active = QCheckBox(L.KIND_ACTIVE, self)
        form.addRow("", self.active)
        return form

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.save_button = QPushButton(L.SAVE, self)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(L.CLOSE, self)
        close.clicked.connect(self.accept)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        return buttons

    def load(self, select: int | None = None) -> None:
        self.kinds = self.service.kinds()
        self.list.blockSignals(True)
        self.list.clear()
        for k in self.kinds:
            self.list.addItem(k.label + ("" if k.active else L.INACTIVE))
        self.list.blockSignals(False)
        index = next((i for i, k in enumerate(self.kinds) if k.id == select), 0)
        self.list.setCurrentRow(index)
        self._show(index)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.kinds):
            return
        k = self.kinds[row]
        self.name.setText(k.name)
        self.colour.setText(rules.COLOUR_LABELS[k.colour])
        self.months.setText("" if k.validity_months is None else str(k.validity_months))
        self.tier.setCurrentIndex(max(0, self.tier.findData(k.default_tier)))
        self.tier.setEnabled(k.colour == rules.BLACK and k.tiered)
        self.published.setChecked(k.published_by_station)
        self.active.setChecked(k.active)
        notes = [L.APPLIES_TO.format(k.applies_to)] if k.applies_to else []
        if k.grade_indicator in INDICATOR_NOTES:
            notes.append(INDICATOR_NOTES[k.grade_indicator])
        self.note.setText(L.NOTE_SEP.join(notes))

    def save(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.kinds):
            return
        k = self.kinds[row]
        text = self.months.text().strip()
        if text and not text.isdigit():
            show_error(self, StationError(L.BAD_MONTHS))
            return
        info = replace(
            k,
            name=self.name.text(),
            validity_months=int(text) if text else None,
            default_tier=self.tier.currentData() if self.tier.isEnabled() else k.default_tier,
            published_by_station=self.published.isChecked(),
            active=self.active.isChecked(),
        )
        self.ui.ops.run_write(
            lambda _p: self.service.save_kind(info),
            on_done=lambda result: self.load(result[0].id),
            parent=self,
        )
