"""投诉调解: the complaint list (lazy table on ListPage: search, filters, counts, deadline
highlighting), the service stations and the figures (one tab per file), and the case window
that walks a complaint from registration to the return visit.

Keyboard: Ctrl+N register, Ctrl+F search, Ctrl+P print the selected case's latest document,
Enter/double-click open, F5 refresh (main window).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import complaints as rules
from station_app.domain.complaints import LIST_COLUMNS, ComplaintFilter
from station_app.domain.periods import parse_period
from station_app.errors import StationError
from station_app.services.base import Changes
from station_app.services.complaints import KIND, KIND_HOLIDAY, KIND_STATION
from station_app.ui.errors import show_error
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column, LazyTableModel
from station_app.ui.screens.list_page import ListPage
from station_app.ui.widgets.files import ask_save_xlsx
from station_app.ui.widgets.forms import mark_invalid

from . import labels as L
from .case_dialog import DOCUMENTS_TAB, CaseDialog
from .figures_tab import FiguresTab
from .register import new_complaint_dialog
from .stations_tab import StationsTab

OVERDUE = QColor("#b00020")
SOON = QColor("#b26a00")
OVERDUE_BG = QColor("#fde7ea")
SOON_BG = QColor("#fff4e0")
DUE_COLUMN = LIST_COLUMNS.index("due")
_ALIGN = {"received_on": ALIGN_CENTER, "status": ALIGN_CENTER, "channel": ALIGN_CENTER}
_ALIGN["amount"] = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COLUMNS = tuple(
    Column(
        key, label, _ALIGN.get(key, ALIGN_LEFT), sortable=key not in ("complainant", "mediators")
    )
    for key, label in zip(LIST_COLUMNS, L.COLUMNS, strict=True)
)
_COLOUR_ROLES = (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole)


class ComplaintTableModel(LazyTableModel):
    """Highlights the deadline column: red when overdue, amber when due within 2 working days
    (the row's last value is its deadline state)."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in _COLOUR_ROLES:
            return super().data(index, role)
        values = self.row_values(index.row())
        state = values[-1] if values else ""
        if state not in ("overdue", "soon"):
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OVERDUE_BG if state == "overdue" else SOON_BG)
        if index.column() == DUE_COLUMN:
            return QBrush(OVERDUE if state == "overdue" else SOON)
        return None


class ComplaintsPage(ListPage):
    """GUI thread only. The list is the first tab; ``case_dialog`` is the case open last."""

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.svc = ui.services.complaints
        self.case_dialog: CaseDialog | None = None
        self.register_form = None
        self._counts_generation = 0  # drops counts of an older filter
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._list_tab(), L.TAB_LIST)
        self.stations_tab = StationsTab(ui, self)
        self.tabs.addTab(self.stations_tab, L.TAB_STATIONS)
        self.figures_tab = FiguresTab(ui, self)
        self.tabs.addTab(self.figures_tab, L.TAB_FIGURES)
        self.body.addWidget(self.tabs, 1)
        for keys, slot in (
            (QKeySequence.StandardKey.New, self.new_complaint),
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence.StandardKey.Print, self.print_selected),
        ):
            QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    # -- layout ---------------------------------------------------------------------------------
    def _list_tab(self) -> QWidget:
        tab = QWidget(self)
        lay = QVBoxLayout(tab)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addLayout(self._toolbar())
        lay.addLayout(self._filters())
        rows = self.svc.rows()
        view = self.make_table(
            rows, COLUMNS, name="complaintTable", model_class=ComplaintTableModel, alternating=False
        )
        lay.addWidget(view, 1)
        lay.addWidget(self.make_count("complaintCounts"))
        self.count_label.setTextFormat(Qt.TextFormat.RichText)
        return tab

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        auth = self.ui.app.auth
        for name, text, slot, allowed in (
            ("new_button", L.NEW, self.new_complaint, auth.can("complaints.edit")),
            ("open_button", L.OPEN, self.open_selected, True),
            ("print_button", L.PRINT, self.print_selected, True),
            ("export_button", L.EXPORT, self.export_xlsx, auth.can("data.export")),
            ("import_button", L.PLATFORM_IMPORT, self.import_platform, auth.can("complaints.edit")),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            button.setEnabled(allowed)
            setattr(self, name, button)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.make_search("complaintSearch", L.SEARCH), 2)
        for key, everything, values in (
            ("status", L.ALL_STATUSES, rules.STATUSES),
            ("channel", L.ALL_CHANNELS, rules.CHANNELS),
        ):
            row.addWidget(self.make_filter(key, [(everything, None), *((v, v) for v in values)]))
        row.addWidget(self.make_filter("deadline", L.DEADLINE_FILTERS))
        self.status, self.channel = self.filters["status"], self.filters["channel"]
        self.deadline = self.filters["deadline"]
        self.period = QLineEdit(self)
        self.period.setPlaceholderText(L.PERIOD_HINT)
        self.period.setClearButtonEnabled(True)
        self.period.editingFinished.connect(self.apply_filter)
        row.addWidget(self.period, 1)
        return row

    # -- list ----------------------------------------------------------------------------------
    def _received_range(self) -> tuple[date | None, date | None]:
        """The 收到期间 typed; a wrong one is outlined, its reason in the tooltip (no filter)."""
        text = self.period.text().strip()
        self.period.setStyleSheet("")
        self.period.setToolTip("")
        if not text:
            return None, None
        try:
            p = parse_period(text, ranges=True)
        except StationError as exc:
            mark_invalid(self.period)
            self.period.setToolTip(exc.message)
            return None, None
        return p.start, p.last

    def current_filter(self) -> ComplaintFilter:
        start, end = self._received_range()
        return ComplaintFilter(
            text=self.search.text(),
            status=self.status.currentData(),
            channel=self.channel.currentData(),
            start=start,
            end=end,
            deadline=self.deadline.currentData(),
        )

    def filter_to(self, criteria: dict) -> None:
        """From the dashboard: ``{"overdue": True}`` or ``{"due_soon": True}``."""
        wanted = "overdue" if criteria.get("overdue") else None
        wanted = wanted or ("soon" if criteria.get("due_soon") else None)
        self.search.clear()
        self.period.clear()
        for combo, index in (
            (self.status, 0),
            (self.channel, 0),
            (self.deadline, max(0, self.deadline.findData(wanted))),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
        self.apply_filter()

    def update_count(self) -> None:
        """The counts per status and deadline, counted in SQL on the reader pool."""
        self._counts_generation += 1
        generation, rows = self._counts_generation, self.model.source
        self.ui.ops.run_read(
            lambda _p: rows.counts(),
            on_done=lambda counts: self._show_counts(generation, counts),
            parent=self,
        )
        self.table.resizeColumnsToContents()

    def _show_counts(self, generation: int, counts: dict[str, int]) -> None:
        if generation == self._counts_generation:
            text = L.COUNTS.format(**counts) + L.COUNTS_DEADLINE.format(**counts)
            self.count_label.setText(text)

    def _on_load_failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    def open_record(self, record_id: int) -> None:
        self.open_case(record_id)

    # -- actions -------------------------------------------------------------------------------
    def new_complaint(self) -> None:
        if not self.new_button.isEnabled():
            return
        self.register_form = new_complaint_dialog(self.ui, self, self._on_registered)

    def _on_registered(self, view) -> None:
        self.open_case(view.id)

    def open_selected(self) -> None:
        cid = self.current_id()
        if cid is not None:
            self.open_case(cid)

    def open_case(self, complaint_id: int) -> CaseDialog:
        self.case_dialog = self.ui.windows.show(
            "complaint", complaint_id, lambda: CaseDialog(self.ui, complaint_id, self)
        )
        return self.case_dialog

    def print_selected(self) -> None:
        cid = self.current_id()
        if cid is None:
            QMessageBox.information(self, L.PRINT_TITLE, L.CHOOSE_CASE_FIRST)
            return
        dialog = self.open_case(cid)
        dialog.tabs.setCurrentIndex(DOCUMENTS_TAB)
        dialog._print_default()

    def export_xlsx(self) -> None:
        target = ask_save_xlsx(self, L.EXPORT_TITLE, L.EXPORT_FILE)
        if target is None:
            return
        flt = self.current_filter()
        self.ui.ops.run_write(
            lambda _p: self.svc.export_xlsx(flt, target),
            on_done=lambda n: QMessageBox.information(
                self, L.EXPORT_DONE, L.EXPORTED.format(n, target)
            ),
            progress_label=L.EXPORTING,
            parent=self,
        )

    def import_platform(self, path: Path | None = None) -> None:
        """导入12315工单 (``path`` skips the file dialog)."""
        from station_app.ui.screens.complaints.platform_import import PlatformImportFlow

        self.platform_import = PlatformImportFlow(self.ui, self)
        self.platform_import.start(path)

    # -- Page -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.model.source.calendar = self.svc.calendar()
        self.apply_filter()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(KIND_HOLIDAY):
            self.model.source.calendar = self.svc.calendar()
        if changes.touches(KIND, KIND_STATION, KIND_HOLIDAY, "*"):
            self.model.reload()  # a status change may move a case in or out of the filter


PAGE_CLASS = ComplaintsPage
