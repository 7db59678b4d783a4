"""价格监测 (#19): one page, a tab per file — 预警信号 (the flags and their handling), 监测对象与
曲线 (the subjects and the selected one's curve), 批量录入 (keyboard-fast entry and the sheet
import), 监测记录 (every observation; 作废 with a reason), 规则 (the rules and their versions), 节假日与活动 (the
windows of a year; local events).

Keyboard: Ctrl+1…6 switch tabs, Ctrl+F search, Ctrl+S saves the batch (批量录入)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget

from station_app.ui.screens.base import Page
from station_app.ui.screens.prices import labels as L
from station_app.ui.screens.prices.batch_entry import BatchEntry
from station_app.ui.screens.prices.flags_tab import FlagsTab
from station_app.ui.screens.prices.observations_tab import ObservationsTab
from station_app.ui.screens.prices.rules_tab import RulesTab
from station_app.ui.screens.prices.subjects_tab import SubjectsTab
from station_app.ui.screens.prices.windows_tab import WindowsTab

TAB_INDEX = {"flags": 0, "subjects": 1, "entry": 2, "observations": 3, "rules": 4, "windows": 5}


class PricesPage(Page):
    """GUI thread only."""

    TAB_KEYS = TAB_INDEX  # screenshot --tab rules

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.tabs = QTabWidget(self)
        self.flags, self.subjects = FlagsTab(ui), SubjectsTab(ui)
        self.entry, self.observations = BatchEntry(ui), ObservationsTab(ui)
        self.rules, self.windows = RulesTab(ui), WindowsTab(ui)
        for tab, title in (
            (self.flags, L.TAB_FLAGS),
            (self.subjects, L.TAB_SUBJECTS),
            (self.entry, L.TAB_ENTRY),
            (self.observations, L.TAB_OBSERVATIONS),
            (self.rules, L.TAB_RULES),
            (self.windows, L.TAB_WINDOWS),
        ):
            self.tabs.addTab(tab, title)
        self.body.addWidget(self.tabs, 1)
        for n in range(self.tabs.count()):
            QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self, lambda i=n: self.tabs.setCurrentIndex(i),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)  # fmt: skip
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)  # fmt: skip

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TAB_INDEX.get(name, 0))

    def focus_search(self) -> None:
        tab = self.tabs.currentWidget()
        if getattr(tab, "search", None) is not None:
            tab.focus_search()

    def filter_to(self, criteria: dict) -> None:
        """``{"tab": name}`` shows a tab (``screenshot --tab``); otherwise the flags, filtered."""
        if "tab" in criteria:
            self.show_tab(criteria["tab"])
            return
        self.tabs.setCurrentIndex(0)
        self.flags.filter_to(criteria)

    def refresh(self) -> None:
        for tab in (self.flags, self.subjects, self.observations, self.rules, self.windows):
            tab.refresh()


PAGE_CLASS = PricesPage
