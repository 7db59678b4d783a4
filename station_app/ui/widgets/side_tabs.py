"""Tabs as a list on the left (设置 has a dozen sections: a row of tabs would scroll).

The part of ``QTabWidget``'s interface the pages and the screenshot command use: ``addTab``,
``count``, ``tabText``, ``widget``, ``indexOf``, ``currentIndex``/``setCurrentIndex``,
``currentWidget``/``setCurrentWidget`` and ``currentChanged``. Up/Down in the list move through
the sections; the list takes the width of its longest title. GUI thread only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget


class SideTabs(QWidget):
    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("sideTabs")
        self.stack = QStackedWidget(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list)
        row.addWidget(self.stack, 1)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)

    def addTab(self, widget: QWidget, text: str) -> int:
        self.stack.addWidget(widget)
        self.list.addItem(text)
        self.list.setFixedWidth(self.list.sizeHintForColumn(0) + 40)
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        return self.stack.count() - 1

    def count(self) -> int:
        return self.stack.count()

    def tabText(self, index: int) -> str:
        item = self.list.item(index)
        return item.text() if item is not None else ""

    def widget(self, index: int) -> QWidget | None:
        return self.stack.widget(index)

    def indexOf(self, widget: QWidget) -> int:
        return self.stack.indexOf(widget)

    def currentIndex(self) -> int:
        return self.stack.currentIndex()

    def setCurrentIndex(self, index: int) -> None:
        if 0 <= index < self.count():
            self.list.setCurrentRow(index)

    def currentWidget(self) -> QWidget | None:
        return self.stack.currentWidget()

    def setCurrentWidget(self, widget: QWidget) -> None:
        self.setCurrentIndex(self.indexOf(widget))

    def _on_list_current_row_changed(self, row: int) -> None:
        if 0 <= row < self.stack.count() and row != self.stack.currentIndex():
            self.stack.setCurrentIndex(row)
            self.currentChanged.emit(row)
