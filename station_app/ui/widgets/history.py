"""History panel (修改历史) for any record: who changed what, when, before → after, and why.

Put one on every record screen: ``HistoryPanel(ui, kind, record_id)``; call ``load()`` again
after a save (or connect it to the bus). Field names are shown through ``field_labels``.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from station_app.services.base import Changes
from station_app.ui.context import UiContext
from station_app.ui.widgets import labels as L

ACTION_LABELS = L.HISTORY_ACTIONS
TIME_FORMAT = "%Y-%m-%d %H:%M"


def _text(value: object) -> str:
    if value is None or value == "":
        return L.EMPTY_VALUE
    if value is True:
        return L.YES
    if value is False:
        return L.NO
    return str(value)


class HistoryPanel(QWidget):
    """GUI thread only. A small tree per record (tens of rows): QTreeWidget is right here."""

    def __init__(
        self,
        ui: UiContext,
        kind: str,
        record_id: int | str | None = None,
        field_labels: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = ui
        self.kind = kind
        self.record_id = record_id
        self.field_labels = dict(field_labels or {})
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("historyTree")
        self.tree.setHeaderLabels(list(L.HISTORY_HEAD))
        self.tree.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tree)
        ui.bus.changed.connect(self._on_bus_changed)
        if record_id is not None:
            self.load()

    def set_record(self, record_id: int | str | None) -> None:
        self.record_id = record_id
        self.load()

    def load(self) -> None:
        self.tree.clear()
        if self.record_id is None:
            return
        from station_app.ui.formatting import local_time

        for row in self.ui.services.audit.history(self.kind, self.record_id):
            item = QTreeWidgetItem(
                [
                    local_time(row.at).strftime(TIME_FORMAT),
                    row.person or row.username,
                    ACTION_LABELS.get(row.action, row.action),
                    self._summary(row.changes, row.reason),
                ]
            )
            for key, change in row.changes.items():
                if isinstance(change, list) and len(change) == 2:
                    label = self.field_labels.get(key, key)
                    item.addChild(
                        QTreeWidgetItem(
                            ["", "", label, L.CHANGE.format(_text(change[0]), _text(change[1]))]
                        )
                    )
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)

    def _summary(self, changes: dict, reason: str) -> str:
        names = L.NAME_SEP.join(self.field_labels.get(k, k) for k in changes)
        text = f"{names}" if names else ""
        return L.WITH_REASON.format(text, reason) if reason else text

    def _on_bus_changed(self, changes: Changes) -> None:
        if self.record_id is None or not changes.touches(self.kind, "*"):
            return
        ids = changes.ids.get(self.kind, frozenset())
        if not ids or self.record_id in ids or str(self.record_id) in {str(i) for i in ids}:
            self.load()
