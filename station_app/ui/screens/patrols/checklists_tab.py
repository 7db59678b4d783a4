"""设置 → 检查表: the templates per industry; the items of the chosen one edited in place
(text, 必填, 可填不适用, 填否须写备注, hazard category, severity; add, delete, move) and saved as
a new version from an effective date (``PatrolService.save_checklist``). GUI thread only."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.patrols import checklists as C
from station_app.services.base import Changes
from station_app.ui.labels import EM
from station_app.ui.screens.patrols import labels as L
from station_app.ui.widgets.forms import Field, FormDialog

SEQ, TEXT, REQUIRED, ALLOW_NA, NOTE, CATEGORY, SEVERITY = range(7)
FLAGS = {REQUIRED: "required", ALLOW_NA: "allow_na", NOTE: "note_on_fail"}
SAVE_FIELDS = (
    Field("effective", L.F_EFFECTIVE, "date"),
    Field("reason", L.F_REASON, "multiline", height=60),
)
WIDTHS = (3, 26, 4, 6, 7, 10, 4)


class ChecklistsTab(QWidget):
    def __init__(self, ui, parent=None) -> None:
        super().__init__(parent)
        self.ui, self.svc = ui, ui.services.patrols
        self.form: FormDialog | None = None
        self.current: C.Checklist | None = None
        lay = QVBoxLayout(self)
        note = QLabel(L.CHECKLISTS_NOTE, self)
        note.setWordWrap(True)
        lay.addWidget(note)
        row = QHBoxLayout()
        self.choice = QComboBox(self)
        self.choice.setObjectName("checklistChoice")
        self.choice.currentIndexChanged.connect(lambda _i: self.show_checklist())
        row.addWidget(self.choice, 1)
        self.version = QLabel(self)
        row.addWidget(self.version)
        lay.addLayout(row)
        self.table = QTableWidget(0, len(L.CHECKLIST_COLUMNS), self)
        self.table.setObjectName("checklistItems")
        self.table.setHorizontalHeaderLabels(list(L.CHECKLIST_COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        em = self.fontMetrics().horizontalAdvance(EM)
        for col, width in enumerate(WIDTHS):
            self.table.horizontalHeader().resizeSection(col, width * em)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        lay.addLayout(self._buttons())
        self.status = QLabel(self)
        lay.addWidget(self.status)
        ui.bus.changed.connect(self._on_changes)
        self.load()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        can = self.ui.app.auth.can("patrols.rules")
        for text, slot in (
            (L.CHECKLIST_ADD, self.add_item), (L.CHECKLIST_DELETE, self.delete_item),
            (L.CHECKLIST_UP, lambda: self.move(-1)), (L.CHECKLIST_DOWN, lambda: self.move(1)),
            (L.CHECKLIST_SAVE, self.save),
        ):  # fmt: skip
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            button.setEnabled(can)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def load(self) -> None:
        code = self.choice.currentData()
        self.infos = self.svc.checklists()
        self.choice.blockSignals(True)
        self.choice.clear()
        for i in self.infos:
            self.choice.addItem(L.CHECKLIST_ITEM.format(name=i.name, version=i.version,
                                                        items=i.items), i.code)  # fmt: skip
        self.choice.setCurrentIndex(max(self.choice.findData(code), 0))
        self.choice.blockSignals(False)
        self.show_checklist()

    def show_checklist(self) -> None:
        code = self.choice.currentData()
        if code is None:
            return
        cl = self.current = self.svc.checklist(code)
        self.version.setText(L.CHECKLIST_VERSION.format(version=cl.version,
                                                        day=cl.effective_from.isoformat()))  # fmt: skip
        self.table.setRowCount(0)
        for item in cl.items:
            self._append(item)

    def _append(self, item: C.ChecklistItem) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        seq = QTableWidgetItem(str(r + 1))
        seq.setFlags(seq.flags() & ~Qt.ItemFlag.ItemIsEditable)
        seq.setData(Qt.ItemDataRole.UserRole, item.key)
        self.table.setItem(r, SEQ, seq)
        self.table.setItem(r, TEXT, QTableWidgetItem(item.text))
        for col, attr in FLAGS.items():
            box = QTableWidgetItem()
            box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            box.setCheckState(
                Qt.CheckState.Checked if getattr(item, attr) else Qt.CheckState.Unchecked
            )
            self.table.setItem(r, col, box)
        self.table.setItem(r, CATEGORY, QTableWidgetItem(item.hazard_category))
        self.table.setItem(r, SEVERITY, QTableWidgetItem(item.severity))

    def _renumber(self) -> None:
        for r in range(self.table.rowCount()):
            self.table.item(r, SEQ).setText(str(r + 1))

    def items(self) -> tuple[C.ChecklistItem, ...]:
        """The items as edited (keys kept; a new row gets a fresh key)."""
        t, out = self.table, []
        for r in range(t.rowCount()):
            key = t.item(r, SEQ).data(Qt.ItemDataRole.UserRole)
            flags = {
                a: t.item(r, c).checkState() == Qt.CheckState.Checked for c, a in FLAGS.items()
            }
            out.append(C.ChecklistItem(key, t.item(r, TEXT).text(),
                                       hazard_category=t.item(r, CATEGORY).text().strip(),
                                       severity=t.item(r, SEVERITY).text().strip(), **flags))  # fmt: skip
        return tuple(out)

    def add_item(self) -> None:
        keys = [i.key for i in self.items()]
        self._append(C.ChecklistItem(C.new_item_key(keys), L.CHECKLIST_NEW_ITEM))
        r = self.table.rowCount() - 1
        self.table.setCurrentCell(r, TEXT)
        self.table.editItem(self.table.item(r, TEXT))

    def delete_item(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)
            self._renumber()

    def move(self, step: int) -> None:
        r = self.table.currentRow()
        items = list(self.items())
        if not 0 <= r + step < len(items) or r < 0:
            return
        items[r], items[r + step] = items[r + step], items[r]
        self.table.setRowCount(0)
        for item in items:
            self._append(item)
        self.table.setCurrentCell(r + step, TEXT)

    def edited(self) -> C.Checklist | None:
        return replace(self.current, items=self.items()) if self.current else None

    def save(self) -> None:
        edited = self.edited()
        if edited is None:
            return

        def submit(v: dict) -> None:
            call = lambda: self.svc.save_checklist(edited, v["effective"], v.get("reason", ""))  # noqa: E731
            self.form.run_save(self.ui.ops, call, on_done=self._saved)

        values = {"effective": self.svc._clock.today()}
        self.form = FormDialog(L.CHECKLIST_SAVE_TITLE, SAVE_FIELDS, submit=submit, parent=self,
                               values=values, name="checklistSave")  # fmt: skip
        self.form.open()

    def _saved(self, result) -> None:
        cl = result[0]
        self.load()
        self.status.setText(L.CHECKLIST_SAVED.format(name=cl.name, version=cl.version))

    def _on_changes(self, changes: Changes) -> None:
        """Another PC's save shows at once unless this tab holds unsaved edits."""
        unsaved = self.current is not None and self.items() != self.current.items
        if changes.touches("checklist", "*") and not unsaved:
            self.load()
