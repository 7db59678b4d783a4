"""巡查与专项: the plan's tasks of the day and the hazards under rectification, with the plan
dialog, the record dialog (the checklist of the version in force) and the daily sheets.

Keyboard: Ctrl+N registers a visit for the selected task, Ctrl+P prints the day's sheet of
the chosen grid, Ctrl+F search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget

from station_app.domain.patrols.rules import KIND_LABELS
from station_app.services.base import Changes
from station_app.ui.screens.base import Page
from station_app.ui.screens.patrols import labels as L
from station_app.ui.screens.patrols.batch_entry import BatchEntry
from station_app.ui.screens.patrols.dialogs import plan_dialog
from station_app.ui.screens.patrols.hazards_tab import HazardsTab
from station_app.ui.screens.patrols.record_dialog import RecordDialog
from station_app.ui.screens.patrols.records_tab import RecordsTab
from station_app.ui.screens.patrols.samplings_tab import SamplingsTab
from station_app.ui.screens.patrols.tasks_tab import TasksTab
from station_app.ui.widgets.dates import pydate
from station_app.ui.widgets.files import open_pdf_preview, temp_pdf

TAB_INDEX = {"tasks": 0, "hazards": 1, "records": 2, "samplings": 3, "entry": 4}


class PatrolsPage(Page):
    """GUI thread only. ``dialog`` is the dialog open last (tests drive it)."""

    TAB_KEYS = TAB_INDEX  # ``screenshot --tab``

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.svc = ui.services.patrols
        self.dialog = None
        self.preview = None
        self.plan_result = None
        auth = ui.app.auth
        row = QHBoxLayout()
        for text, slot, name, allowed in (
            (L.PLAN, self.plan, "planButton", auth.can("patrols.plan")),
            (L.RECORD, self.record_current, "recordButton", auth.can("patrols.record")),
            (L.PRINT_SHEET, self.print_sheet, "printSheetButton", auth.can("data.export")),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setEnabled(allowed)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.tabs = QTabWidget(self)
        self.tasks, self.hazards = TasksTab(ui, self), HazardsTab(ui)
        self.tabs.addTab(self.tasks, L.TAB_TASKS)
        self.tabs.addTab(self.hazards, L.TAB_HAZARDS)
        self.records, self.samplings = RecordsTab(ui), SamplingsTab(ui)
        self.tabs.addTab(self.records, L.TAB_RECORDS)
        self.tabs.addTab(self.samplings, L.TAB_SAMPLINGS)
        self.entry = BatchEntry(ui)
        self.tabs.addTab(self.entry, L.TAB_ENTRY)
        self.body.addWidget(self.tabs, 1)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.New, self, self.record_current, context=context)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_sheet, context=context)

    def plan(self) -> None:
        self.dialog = plan_dialog(self.ui, self)
        self.dialog.open()

    def record_current(self) -> None:
        task_id = self.tasks.current_id()
        if task_id is not None:
            self.record_task(task_id)

    def record_task(self, task_id: int) -> None:
        values = self.tasks.task_values(task_id)
        if values is None or values[-2] == "done":
            return
        kind = {v: k for k, v in KIND_LABELS.items()}.get(values[1], "patrol")
        self.dialog = RecordDialog(self.ui, values[-3], kind, task_id, values[0], self)
        self.dialog.open()

    def print_sheet(self) -> None:
        grid_id = self.tasks.filters["grid"].currentData()
        grids = {g.id: g.code for g in self.ui.services.entities.grids()}
        code = grids.get(grid_id) or next(iter(grids.values()), None)
        if code is None:
            return
        day, path = pydate(self.tasks.day), temp_pdf("patrol-sheet")
        self.ui.ops.run_read(
            lambda _p: self.svc.print_sheets(day, code, path),
            on_done=lambda out: self._preview(out.path),
            parent=self,
        )

    def _preview(self, path) -> None:
        self.preview = open_pdf_preview(self, path, L.SHEET_TITLE, name="patrolSheetPreview")

    def refresh(self) -> None:
        self.tasks.apply_filter()
        self.hazards.apply_filter()
        self.records.apply_filter()
        self.samplings.apply_filter()

    def on_changes(self, changes: Changes) -> None:
        self.tasks.on_changes(changes)
        self.hazards.on_changes(changes)
        self.entry.on_changes(changes)
        self.records.on_changes(changes)
        self.samplings.on_changes(changes)

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(self.TAB_KEYS.get(name, 0))

    def filter_to(self, criteria: dict) -> None:
        """``{"tab": name}`` shows a tab (``screenshot --tab``); ``{"hazards": state}`` the
        hazards filtered (the home tile 整改逾期); ``{"tasks": status}`` the tasks."""
        if "tab" in criteria:
            self.show_tab(criteria["tab"])
        if "hazards" in criteria:
            self.show_tab("hazards")
            self.hazards.show_state(criteria["hazards"])
        if "tasks" in criteria:
            self.show_tab("tasks")
            self.tasks.show_status(criteria["tasks"], self.svc._clock.today())


PAGE_CLASS = PatrolsPage
