"""走访服务: visits, requests, teams, annual reports and the figures, one tab each; the
toolbar registers a visit (Ctrl+N) or imports the credit system's annual-report list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QTabWidget

from station_app.ui.screens.base import Page
from station_app.ui.widgets.files import ask_open_xlsx

from . import labels as L
from .tabs import AnnualTab, FiguresTab, RequestsTab, TeamsTab, VisitsTab


class VisitsPage(Page):
    """GUI thread only."""

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.dialog = None
        self.body.addLayout(self._toolbar())
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("visitTabs")
        self.visits, self.requests = VisitsTab(ui), RequestsTab(ui)
        self.teams, self.annual, self.figures = TeamsTab(ui), AnnualTab(ui), FiguresTab(ui)
        for tab, title in ((self.visits, L.TAB_VISITS), (self.requests, L.TAB_REQUESTS),
                           (self.teams, L.TAB_TEAMS), (self.annual, L.TAB_ANNUAL),
                           (self.figures, L.TAB_FIGURES)):  # fmt: skip
            self.tabs.addTab(tab, title)
        self.body.addWidget(self.tabs, 1)
        shortcut = QShortcut(QKeySequence.StandardKey.New, self, self.new_visit)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        can = self.ui.app.auth.can
        for text, slot, ok in ((L.NEW_VISIT, self.new_visit, can("visits.edit")),
                               (L.IMPORT_ANNUAL, self.import_annual,
                                can("annual_reports.import"))):  # fmt: skip
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            button.setEnabled(ok)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def new_visit(self) -> None:
        from .dialogs import VisitDialog

        self.dialog = VisitDialog(self.ui, self)
        self.dialog.open()

    def import_annual(self) -> None:
        path = ask_open_xlsx(self, L.IMPORT_ANNUAL)
        if path is not None:
            svc = self.ui.services.visits
            self.ui.ops.run_write(lambda p: svc.import_annual_reports(path, progress=p),
                                  on_done=self._imported, parent=self)  # fmt: skip

    def _imported(self, result) -> None:
        r = result[0]
        text = L.IMPORT_DONE.format(created=r.created, updated=r.updated, unchanged=r.unchanged)
        if r.unknown:
            text += L.IMPORT_UNKNOWN.format(n=len(r.unknown))
        QMessageBox.information(self, L.IMPORT_ANNUAL, text)

    def refresh(self) -> None:
        for tab in (self.visits, self.requests, self.teams, self.annual, self.figures):
            tab.refresh()

    def filter_to(self, criteria: dict) -> None:
        tab = {"visits": self.visits, "requests": self.requests, "teams": self.teams,
               "annual": self.annual, "figures": self.figures}.get(criteria.get("tab", ""))  # fmt: skip
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
            tab.filter_to(criteria)


PAGE_CLASS = VisitsPage
