"""巡查记录: every visit, newest first, voided ones grey; Enter opens the record's view with
its hazards and the buttons 打印现场检查笔录, 打印责令改正通知书, 登记抽检, 作废."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from station_app.domain.patrols.lists import RECORD_COLUMNS, RecordFilter
from station_app.domain.patrols.records import CLOSED_DOOR, SOURCE_LABELS, local
from station_app.domain.patrols.rules import KIND_LABELS
from station_app.services.base import Changes
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column, LazyTableModel
from station_app.ui.screens.list_page import ListPage
from station_app.ui.screens.patrols import labels as L
from station_app.ui.screens.patrols import record_actions as A

VOIDED = QColor("#888888")
_CENTER = {"kind", "result", "hazards"}
COLUMNS = tuple(
    Column(
        key,
        L.RECORD_COLUMN_LABELS[key],
        alignment=ALIGN_CENTER if key in _CENTER else ALIGN_LEFT,
        sortable=key in ("at", "entity", "kind", "source", "result"),
    )
    for key in RECORD_COLUMNS
)
WIDTHS = (8, 13, 5, 6, 5, 9, 3, 8, 9)


class RecordTableModel(LazyTableModel):
    """Voided records in grey (the row's last value says so)."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.ForegroundRole or not index.isValid():
            return super().data(index, role)
        values = self.row_values(index.row())
        return QBrush(VOIDED) if values and values[-1] else None


class RecordsTab(ListPage):
    """GUI thread only. ``dialog`` is the dialog open last, ``preview`` the last print."""

    COUNT_TEXT = L.RECORD_COUNT
    LOAD_FAILED_TEXT = L.LOAD_FAILED

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.svc = ui.services.patrols
        self.dialog = self.preview = None
        row = QHBoxLayout()
        row.addWidget(self.make_filter("result", L.RESULT_FILTERS))
        row.addWidget(self.make_search("recordSearch", L.RECORD_SEARCH), 1)
        self.body.addLayout(row)
        rows = self.svc.record_rows(RecordFilter())
        table = self.make_table(
            rows, COLUMNS, name="recordTable", model_class=RecordTableModel, widths_em=WIDTHS
        )
        self.body.addWidget(table, 1)
        self.body.addWidget(self.make_count("recordCount"))
        self.apply_filter()

    def current_filter(self) -> RecordFilter:
        text = self.search.text().strip() if self.search else ""
        return RecordFilter(result=self.filters["result"].currentData(), text=text)

    def open_record(self, record_id: int) -> None:
        self.dialog = RecordView(self.ui, record_id, self)
        self.dialog.open()

    def context_actions(self, record_id: int) -> list:
        row = self.model.source.fetch_rows([record_id]).get(record_id) or ()
        live = bool(row) and not row[-1]
        can = self.ui.app.auth.can
        return [
            (L.OPEN_VIEW, lambda: self.open_record(record_id), True),
            (L.PRINT_INSPECTION, lambda: A.print_inspection(self.ui, record_id, self),
             live and row[-2] != CLOSED_DOOR and can("data.export")),
            (L.PRINT_NOTICE, lambda: A.print_notice(self.ui, self, record_id=record_id),
             live and bool(row[6]) and can("patrols.order")),
            (L.VOID, lambda: self.void(record_id), live and can("records.delete")),
        ]  # fmt: skip

    def void(self, record_id: int) -> None:
        self.dialog = A.void_dialog(self.ui, record_id, self)
        self.dialog.open()

    def on_changes(self, changes: Changes) -> None:
        self.refresh_or_reload(changes, "patrol_record")


class RecordView(QDialog):
    """One record read-only, with what can be done to it. GUI thread only."""

    def __init__(self, ui, record_id: int, parent=None) -> None:
        super().__init__(parent)
        self.ui, self.record_id, self.preview, self.dialog = ui, record_id, None, None
        self.setObjectName("patrolRecordView")
        v = ui.services.patrols.get(record_id)
        self.voided = v.voided
        self.setWindowTitle(L.VIEW_TITLE.format(id=record_id))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for label, key in L.VIEW_LINES:
            form.addRow(label, QLabel(_value(v, key), self))
        hazards = "\n".join(_hazard_line(n, h) for n, h in enumerate(v.hazards, 1))
        form.addRow(L.VIEW_HAZARDS, QLabel(hazards or L.VIEW_NO_HAZARDS, self))
        layout.addLayout(form)
        if self.voided:
            note = QLabel(L.VIEW_VOIDED.format(v.void_reason), self)
            note.setObjectName("voidedNote")
            layout.addWidget(note)
        self._buttons(layout, v)

    def _buttons(self, layout, v) -> None:
        can, live = self.ui.app.auth.can, not self.voided
        ordered = any(h.deadline for h in v.hazards)
        box = QDialogButtonBox(self)
        for text, slot, name, ok in (
            (L.PRINT_INSPECTION, self.print_inspection, "inspectionButton",
             live and v.result != CLOSED_DOOR and can("data.export")),
            (L.PRINT_NOTICE, self.print_notice, "noticeButton",
             live and ordered and can("patrols.order")),
            (L.NEW_SAMPLING, self.sampling, "samplingButton", can("patrols.sampling")),
            (L.VOID, self.void, "voidButton", live and can("records.delete")),
        ):  # fmt: skip
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setEnabled(ok)
            button.clicked.connect(slot)
            box.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(L.CLOSE, QDialogButtonBox.ButtonRole.RejectRole)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.entity_id, self.entity_name = v.entity_id, v.entity_name

    def print_inspection(self) -> None:
        A.print_inspection(self.ui, self.record_id, self)

    def print_notice(self) -> None:
        A.print_notice(self.ui, self, record_id=self.record_id)

    def sampling(self) -> None:
        self.dialog = A.sampling_dialog(self.ui, self, self.entity_id, self.entity_name)
        self.dialog.open()

    def void(self) -> None:
        self.dialog = A.void_dialog(self.ui, self.record_id, self)
        self.dialog.accepted.connect(self.accept)
        self.dialog.open()


def _value(v, key: str) -> str:
    if key == "at":
        return local(v.at).strftime("%Y-%m-%d %H:%M")
    if key == "kind":
        return KIND_LABELS.get(v.kind, v.kind)
    if key == "source":
        ref = L.VIEW_REFERENCE.format(v.reference) if v.reference else ""
        return SOURCE_LABELS.get(v.source, v.source) + ref
    if key == "inspectors":
        return L.LIST_SEP.join(v.inspectors)
    values = {"entity": v.entity_name, "result": v.result_label, "present": v.present_party}
    return values.get(key, v.checklist) or "—"


def _hazard_line(n: int, h) -> str:
    deadline = L.VIEW_DEADLINE.format(h.deadline) if h.deadline else ""
    return L.VIEW_HAZARD_LINE.format(
        n=n, category=h.category, description=h.description, state=h.state_label,
        deadline=deadline,
    )  # fmt: skip
