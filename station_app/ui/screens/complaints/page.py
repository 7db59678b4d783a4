"""投诉调解: the complaint list (lazy table, search, filters, counts, deadline highlighting)
and the case window that walks a complaint from registration to the return visit.

Keyboard: Ctrl+N register, Ctrl+F search, Ctrl+P print the selected case's latest document,
Enter/double-click open, F5 refresh (main window).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import complaints as rules
from station_app.domain.complaints import LIST_COLUMNS as COLUMNS
from station_app.domain.complaints import ComplaintFilter
from station_app.domain.periods import parse_period
from station_app.errors import StationError
from station_app.services.base import Changes
from station_app.services.complaints import KIND, KIND_HOLIDAY, KIND_STATION
from station_app.ui.errors import show_error
from station_app.ui.models.lazy_table import (
    ALIGN_CENTER,
    ALIGN_RIGHT,
    PAGE_SIZE,
    Column,
    IdRole,
    LazyTableModel,
)
from station_app.ui.screens.base import Page

from . import labels as L
from .dialogs import CaseDialog, new_complaint_dialog
from .tabs import FiguresTab, StationsTab

OVERDUE = QColor("#b00020")
SOON = QColor("#b26a00")
OVERDUE_BG = QColor("#fde7ea")
SOON_BG = QColor("#fff4e0")
DUE_COLUMN = COLUMNS.index("due")


class ComplaintTableModel(LazyTableModel):
    """Highlights the deadline column: red when overdue, amber when due within 2 working days."""

    def _state(self, row: int) -> str:
        values = self._page(row // PAGE_SIZE)[row % PAGE_SIZE]
        return values[-1] if values else ""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
            state = self._state(index.row())
            if state in ("overdue", "soon"):
                if role == Qt.ItemDataRole.BackgroundRole:
                    return QBrush(OVERDUE_BG if state == "overdue" else SOON_BG)
                if index.column() == DUE_COLUMN:
                    return QBrush(OVERDUE if state == "overdue" else SOON)
            return None
        return super().data(index, role)


class ComplaintsPage(Page):
    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.svc = ui.services.complaints
        self.case_dialog: CaseDialog | None = None
        self.register_form = None
        self.tabs = QTabWidget(self)
        list_tab = QWidget(self)
        self.list_lay = QVBoxLayout(list_tab)
        self.list_lay.setContentsMargins(0, 6, 0, 0)
        self.list_lay.addLayout(self._toolbar())
        self.list_lay.addLayout(self._filters())
        self.source = self.svc.rows()
        align = {
            "received_on": ALIGN_CENTER,
            "amount": ALIGN_RIGHT,
            "status": ALIGN_CENTER,
            "channel": ALIGN_CENTER,
        }
        columns = [
            Column(
                k,
                label,
                align.get(k, Column(k, label).alignment),
                sortable=k not in ("complainant", "mediators"),
            )
            for k, label in zip(COLUMNS, L.COLUMNS, strict=True)
        ]
        self.model = ComplaintTableModel(columns, self.source, runner=ui.ops)
        self.view = QTableView(self)
        self.view.setObjectName("complaintTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self.open_selected())
        self.view.activated.connect(lambda _i: self.open_selected())
        self.model.reloaded.connect(self._on_reloaded)
        self.model.load_failed.connect(lambda exc: show_error(self, exc))
        self.list_lay.addWidget(self.view, 1)
        self.counts = QLabel("", self)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.list_lay.addWidget(self.counts)
        self.tabs.addTab(list_tab, "投诉列表")
        self.stations_tab = StationsTab(ui, self)
        self.tabs.addTab(self.stations_tab, "消费维权服务站")
        self.figures_tab = FiguresTab(ui, self)
        self.tabs.addTab(self.figures_tab, "统计")
        self.body.addWidget(self.tabs, 1)
        for keys, slot in (
            (QKeySequence.StandardKey.New, self.new_complaint),
            (QKeySequence.StandardKey.Find, self.search.setFocus),
            (QKeySequence.StandardKey.Print, self.print_selected),
        ):
            QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.refresh()

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        auth = self.ui.app.auth
        self.new_button = QPushButton(L.NEW, self)
        self.new_button.clicked.connect(self.new_complaint)
        self.new_button.setEnabled(auth.can("complaints.edit"))
        self.open_button = QPushButton(L.OPEN, self)
        self.open_button.clicked.connect(self.open_selected)
        self.print_button = QPushButton(L.PRINT, self)
        self.print_button.clicked.connect(self.print_selected)
        self.export_button = QPushButton(L.EXPORT, self)
        self.export_button.clicked.connect(self.export_xlsx)
        self.export_button.setEnabled(auth.can("data.export"))
        for b in (self.new_button, self.open_button, self.print_button, self.export_button):
            row.addWidget(b)
        row.addStretch(1)
        return row

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("complaintSearch")
        self.search.setPlaceholderText(L.SEARCH)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        row.addWidget(self.search, 2)
        self.status = QComboBox(self)
        self.status.addItem("全部状态", None)
        for s in rules.STATUSES:
            self.status.addItem(s, s)
        self.channel = QComboBox(self)
        self.channel.addItem("全部渠道", None)
        for c in rules.CHANNELS:
            self.channel.addItem(c, c)
        self.deadline = QComboBox(self)
        for text, value in L.DEADLINE_FILTERS:
            self.deadline.addItem(text, value)
        for combo in (self.status, self.channel, self.deadline):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
            row.addWidget(combo)
        self.period = QLineEdit(self)
        self.period.setPlaceholderText(L.PERIOD_HINT)
        self.period.setClearButtonEnabled(True)
        self.period.editingFinished.connect(self.apply_filter)
        row.addWidget(self.period, 1)
        return row

    # -- list ----------------------------------------------------------------------------------
    def current_filter(self) -> ComplaintFilter:
        start = end = None
        text = self.period.text().strip()
        self.period.setStyleSheet("")
        self.period.setToolTip("")
        if text:
            try:
                p = parse_period(text, ranges=True)
                start, end = p.start, p.last
            except StationError as exc:
                self.period.setStyleSheet("QLineEdit { border: 1px solid #b00020; }")
                self.period.setToolTip(exc.message)
        return ComplaintFilter(
            text=self.search.text(),
            status=self.status.currentData(),
            channel=self.channel.currentData(),
            start=start,
            end=end,
            deadline=self.deadline.currentData(),
            today=date.today(),
        )

    def apply_filter(self) -> None:
        self.source.with_filter(self.current_filter())
        self.model.reload()

    def filter_to(self, criteria: dict) -> None:
        """From the dashboard: ``{"overdue": True}`` or ``{"due_soon": True}``."""
        wanted = (
            "overdue" if criteria.get("overdue") else ("soon" if criteria.get("due_soon") else None)
        )
        self.search.clear()
        self.period.clear()
        self.status.setCurrentIndex(0)
        self.channel.setCurrentIndex(0)
        self.deadline.setCurrentIndex(max(0, self.deadline.findData(wanted)))
        self.apply_filter()

    def refresh(self) -> None:
        self.source.calendar = self.svc.calendar()
        self.apply_filter()

    def _on_reloaded(self) -> None:
        counts = self.source.counts()
        text = L.COUNTS.format(**counts) + L.COUNTS_DEADLINE.format(**counts)
        self.counts.setText(text)
        self.view.resizeColumnsToContents()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(KIND_HOLIDAY):
            self.source.calendar = self.svc.calendar()
        if changes.touches(KIND, KIND_STATION, KIND_HOLIDAY, "*"):
            self.model.reload()  # a status change may move a case in or out of the filter

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.data(index, IdRole)

    # -- actions -------------------------------------------------------------------------------
    def new_complaint(self) -> None:
        if not self.new_button.isEnabled():
            return
        self.register_form = new_complaint_dialog(self.ui, self, self._on_registered)

    def _on_registered(self, view) -> None:
        self.open_case(view.id)

    def open_selected(self) -> None:
        cid = self.selected_id()
        if cid is not None:
            self.open_case(cid)

    def open_case(self, complaint_id: int) -> CaseDialog:
        self.case_dialog = CaseDialog(self.ui, complaint_id, self)
        self.case_dialog.open()
        return self.case_dialog

    def print_selected(self) -> None:
        cid = self.selected_id()
        if cid is None:
            QMessageBox.information(self, "打印文书", "请先在列表中选择一件投诉。")
            return
        dialog = self.open_case(cid)
        dialog.tabs.setCurrentIndex(2)
        dialog._print_default()

    def export_xlsx(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, "导出投诉列表", "投诉列表.xlsx", "Excel 文件 (*.xlsx)"
        )
        if not target:
            return
        if not target.lower().endswith(".xlsx"):
            target += ".xlsx"
        flt = self.current_filter()
        self.ui.ops.run_write(
            lambda _p: self.svc.export_xlsx(flt, Path(target)),
            on_done=lambda n: QMessageBox.information(
                self, "导出完成", f"已导出 {n} 件投诉（个人信息已脱敏）：\n{target}"
            ),
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在导出…",
            parent=self,
        )


PAGE_CLASS = ComplaintsPage
