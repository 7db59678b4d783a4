"""转到页面 (Ctrl+G): type part of a page's name or its pinyin initials, Enter opens it.

Sixteen pages are more than Ctrl+1…9 can reach; a clerk who knows the name (or types "xj" for
巡查) gets there without the mouse. GUI thread only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from station_app.domain import pinyin
from station_app.ui import labels
from station_app.ui.widgets.plain_text import plain_text


def matches(info: labels.PageInfo, query: str) -> bool:
    """Whether page ``info`` answers ``query``: part of its title, its initials or full pinyin."""
    q = query.strip().lower()
    if not q:
        return True
    return (
        q in info.title
        or pinyin.initials(info.title).startswith(q)
        or (pinyin.full(info.title).startswith(q))
    )


class GotoPageDialog(QDialog):
    """``chosen`` is the page's name after ``exec()`` returned accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(labels.GOTO_TITLE)
        self.chosen: str | None = None
        self.query = plain_text(QLineEdit(self))
        self.query.setObjectName("gotoQuery")
        self.query.setPlaceholderText(labels.GOTO_HINT)
        self.results = QListWidget(self)
        self.results.setObjectName("gotoResults")
        lay = QVBoxLayout(self)
        lay.addWidget(self.query)
        lay.addWidget(self.results)
        self.query.textChanged.connect(self._on_query_text_changed)
        self.query.returnPressed.connect(self._open_current)
        self.results.itemActivated.connect(lambda _item: self._open_current())
        self.query.installEventFilter(self)
        self.resize(360, 420)
        self._on_query_text_changed("")

    def _on_query_text_changed(self, text: str) -> None:
        self.results.clear()
        for info in labels.PAGES:
            if matches(info, text):
                item = QListWidgetItem(labels.GOTO_ITEM.format(info.title, info.summary))
                item.setData(Qt.ItemDataRole.UserRole, info.name)
                item.setToolTip(info.summary)
                self.results.addItem(item)
        self.results.setCurrentRow(0)

    def eventFilter(self, watched, event) -> bool:
        """Up and Down in the query box move through the results."""
        if watched is self.query and event.type() == event.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = self.results.currentRow() + step
                if 0 <= row < self.results.count():
                    self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def _open_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self.chosen = item.data(Qt.ItemDataRole.UserRole)
            self.accept()
