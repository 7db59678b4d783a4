"""Base of every page in the main window's stack."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from station_app.services.base import Changes
from station_app.ui.context import UiContext
from station_app.ui.labels import PageInfo


class Page(QWidget):
    """A module page: a title header over the page's own content.

    Subclasses fill ``self.body`` (a QVBoxLayout), override :meth:`refresh` (F5) and
    :meth:`on_changes` (called for every published ``Changes``). GUI thread only.

    A tab of a page is a Page too, without ``info`` and so without a header (one file per
    tab, like ``roster/grids_tab.py``): it reacts to ``Changes`` by itself, and its page
    calls its :meth:`refresh` and :meth:`filter_to`."""

    def __init__(
        self, ui: UiContext, info: PageInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = ui
        self.info = info
        outer = QVBoxLayout(self)
        if info is not None:
            self.setObjectName(f"page_{info.name}")
            outer.addWidget(self._header(info))
        else:
            outer.setContentsMargins(0, 6, 0, 0)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        ui.bus.changed.connect(self.on_changes)

    def _header(self, info: PageInfo) -> QWidget:
        box = QFrame(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 6)
        title = QLabel(info.title, box)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        summary = QLabel(info.summary, box)
        summary.setObjectName("pageSummary")
        lay.addWidget(title)
        lay.addWidget(summary)
        line = QFrame(box)
        line.setFrameShape(QFrame.Shape.HLine)
        lay.addWidget(line)
        return box

    def refresh(self) -> None:
        """Reload what the page shows (F5)."""

    def on_changes(self, changes: Changes) -> None:
        """React to data changed anywhere in the application."""

    def filter_to(self, criteria: dict) -> None:
        """Show only the records matching ``criteria`` (from a dashboard tile or a link);
        keys are the page's own filter names. Pages with lists override this."""

    def can_leave(self) -> bool:
        """False keeps the user on the page (e.g. unsaved changes and the user chose Cancel)."""
        return True


def card(parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A white panel for a group of related content (styled by ``#card`` in app.qss)."""
    frame = QFrame(parent)
    frame.setObjectName("card")
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(14, 12, 14, 12)
    return frame, lay


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


def bullet_list(items: tuple[str, ...] | list[str], parent: QWidget | None = None) -> QLabel:
    label = QLabel("".join(f"<p>• {item}</p>" for item in items), parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label
