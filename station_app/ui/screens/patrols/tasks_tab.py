"""计划任务: the plan's tasks of one day (or a range), by grid, kind and status; overdue in
red. Enter or a double-click opens the record dialog for the task."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel

from station_app.domain.patrols.lists import TASK_COLUMNS, TaskFilter
from station_app.services.base import Changes
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column, LazyTableModel
from station_app.ui.screens.list_page import ListPage
from station_app.ui.screens.patrols import labels as L
from station_app.ui.widgets.dates import DateEdit, format_date, pydate, qdate

OVERDUE = QColor("#b00020")
_CENTER = {"grade", "kind", "role", "status"}
COLUMNS = tuple(
    Column(
        key,
        L.TASK_COLUMN_LABELS[key],
        alignment=ALIGN_CENTER if key in _CENTER else ALIGN_LEFT,
        formatter=format_date if key in ("due_on", "window_end") else None,
        sortable=key not in ("address", "role"),
    )
    for key in TASK_COLUMNS
)
WIDTHS = (6, 5, 12, 13, 3, 8, 5, 5, 5, 6)


class TaskTableModel(LazyTableModel):
    """Overdue tasks in red (the row's last value says so)."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.ForegroundRole or not index.isValid():
            return super().data(index, role)
        values = self.row_values(index.row())
        return QBrush(OVERDUE) if values and values[-1] else None


class TasksTab(ListPage):
    """GUI thread only. ``open_record`` asks the page to register the task's visit."""

    COUNT_TEXT = L.TASK_COUNT
    LOAD_FAILED_TEXT = L.LOAD_FAILED

    def __init__(self, ui, page, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.page = page
        self.svc = ui.services.patrols
        row = QHBoxLayout()
        row.addWidget(QLabel(L.DATE, self))
        self.day = DateEdit(self)
        self.day.setObjectName("taskDate")
        self.day.setDate(qdate(self.svc._clock.today()))
        self.day.dateChanged.connect(lambda _d: self.apply_filter())
        row.addWidget(self.day)
        grids = (
            (L.ALL_GRIDS, None),
            *((f"{g.code} {g.name}", g.id) for g in ui.services.entities.grids()),
        )
        row.addWidget(self.make_filter("grid", grids))
        row.addWidget(self.make_filter("kind", L.KIND_FILTERS))
        row.addWidget(self.make_filter("status", L.TASK_STATUS_FILTERS))
        row.addWidget(self.make_search("taskSearch", L.TASK_SEARCH), 1)
        self.body.addLayout(row)
        rows = self.svc.task_rows(self.current_filter())
        table = self.make_table(
            rows, COLUMNS, name="taskTable", model_class=TaskTableModel, widths_em=WIDTHS
        )
        self.body.addWidget(table, 1)
        self.body.addWidget(self.make_count("taskCount"))
        self.apply_filter()

    def current_filter(self) -> TaskFilter:
        day = pydate(self.day)
        return TaskFilter(
            first=day,
            last=day,
            grid_id=self.filters["grid"].currentData(),
            kind=self.filters["kind"].currentData(),
            status=self.filters["status"].currentData(),
            text=self.search.text().strip() if self.search else "",
        )

    def show_status(self, status: str | None, day=None) -> None:
        """Filter to a status (``overdue`` with yesterday: the home tile's missed patrols)."""
        if day is not None:
            self.day.setDate(qdate(day))
        combo = self.filters["status"]
        combo.setCurrentIndex(max(combo.findData(status), 0))

    def open_record(self, record_id: int) -> None:
        self.page.record_task(record_id)

    def context_actions(self, record_id: int) -> list:
        return [(L.OPEN_RECORD, lambda: self.open_record(record_id), True)]

    def task_values(self, task_id: int) -> tuple | None:
        """The row of a task as the list holds it (entity id, status code after the columns)."""
        return self.model.source.fetch_rows([task_id]).get(task_id)

    def on_changes(self, changes: Changes) -> None:
        self.refresh_or_reload(changes, "patrol_task")
