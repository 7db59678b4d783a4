"""专项行动: the campaigns (a lazy list with kind and phase filters), the selected one's
summary (filter sentence, hashes) and tabs 进度 (the board by grid and by department), 检查对象
(登记检查) and 回头看 (登记回头看, 免于回头看); 新建 (Ctrl+N), 打印汇总表 (Ctrl+P), 导出 XLSX and
结束行动 (refused with the open 回头看 named). GUI thread only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.campaigns import LIST_COLUMNS, CampaignFilter
from station_app.services.base import Changes
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column
from station_app.ui.screens.campaigns import labels as L
from station_app.ui.screens.campaigns.campaign_dialog import CampaignDialog
from station_app.ui.screens.campaigns.work_tabs import RevisitsTab, TargetsTab
from station_app.ui.screens.list_page import ListPage
from station_app.ui.widgets.files import ask_save_xlsx, open_pdf_preview, temp_pdf
from station_app.ui.widgets.tables import fill_table, readonly_table

_SORTABLE = {"number", "name", "kind", "period"}
COLUMNS = tuple(
    Column(
        key,
        L.COLUMN_LABELS[key],
        alignment=ALIGN_LEFT if key in ("number", "name", "period") else ALIGN_CENTER,
        sortable=key in _SORTABLE,
    )
    for key in LIST_COLUMNS
)
WIDTHS = (12, 12, 4, 12, 5, 4, 4, 4)
KIND = "campaign"
WORK_KINDS = ("campaign_check", "campaign_revisit", "campaign_target", "hazard")


def _board_row(p, label: str) -> tuple:
    return (
        label,
        p.targets,
        p.checked,
        p.rate_text("check_rate"),
        p.problems,
        p.rectified,
        f"{p.revisits_done}/{p.revisits_due}",
        p.revisits_overdue,
    )


class CampaignsPage(ListPage):
    COUNT_TEXT = L.COUNT
    LOAD_FAILED_TEXT = L.LOAD_FAILED

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.service = ui.services.campaigns
        self.shown = None
        self.body.addLayout(self._toolbar())
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self._list_panel())
        split.addWidget(self._detail_panel())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.body.addWidget(split, 1)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_campaign)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_summary)
        self.apply_filter()

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.make_search("campaignSearch", L.SEARCH_HINT), 1)
        row.addWidget(self.make_filter("kind", L.KIND_FILTERS))
        row.addWidget(self.make_filter("phase", L.PHASE_FILTERS))
        auth = self.ui.app.auth
        self.new_button = QPushButton(L.NEW, self)
        self.new_button.setObjectName("campaignNew")
        self.new_button.clicked.connect(self.new_campaign)
        self.new_button.setEnabled(auth.can("campaigns.manage"))
        self.close_button = QPushButton(L.CLOSE, self)
        self.close_button.setObjectName("campaignClose")
        self.close_button.clicked.connect(self.close_current)
        self.close_button.setEnabled(False)
        self.print_button = QPushButton(L.PRINT_SUMMARY, self)
        self.print_button.setObjectName("campaignPrint")
        self.print_button.clicked.connect(lambda: self.print_summary())
        self.export_button = QPushButton(L.EXPORT_SUMMARY, self)
        self.export_button.setObjectName("campaignExport")
        self.export_button.clicked.connect(lambda: self.export_summary())
        for b in (self.new_button, self.print_button, self.export_button, self.close_button):
            row.addWidget(b)
        return row

    def _list_panel(self) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        rows = self.service.rows(CampaignFilter())
        table = self.make_table(rows, COLUMNS, name="campaignTable", widths_em=WIDTHS)
        table.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        lay.addWidget(table, 1)
        lay.addWidget(self.make_count("campaignCount"))
        return box

    def _detail_panel(self) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.detail = QLabel(L.NO_CAMPAIGN, box)
        self.detail.setObjectName("campaignDetail")
        self.detail.setWordWrap(True)
        lay.addWidget(self.detail)
        self.tabs = QTabWidget(box)
        self.tabs.setObjectName("campaignTabs")
        board = QWidget(self.tabs)
        board_lay = QVBoxLayout(board)
        board_lay.setContentsMargins(0, 0, 0, 0)
        self.board = readonly_table(L.BOARD_HEADERS, parent=board)
        self.board.setObjectName("campaignBoard")
        board_lay.addWidget(self.board, 1)
        self.definitions = QLabel("", board)
        self.definitions.setWordWrap(True)
        board_lay.addWidget(self.definitions)
        self.targets_tab = TargetsTab(self.ui, self.tabs)
        self.revisits_tab = RevisitsTab(self.ui, self.tabs)
        self.tabs.addTab(board, L.TAB_BOARD)
        self.tabs.addTab(self.targets_tab, L.TAB_TARGETS)
        self.tabs.addTab(self.revisits_tab, L.TAB_REVISITS)
        lay.addWidget(self.tabs, 1)
        return box

    # -- the list -------------------------------------------------------------------------------
    def current_filter(self) -> CampaignFilter:
        return CampaignFilter(
            text=self.search.text() if self.search else "",
            kind=self.filters["kind"].currentData(),
            phase=self.filters["phase"].currentData(),
            today=self.ui.services.clock.today(),
        )

    def open_record(self, record_id: int) -> None:
        self.show_campaign(record_id)

    def on_changes(self, changes: Changes) -> None:
        self.refresh_or_reload(changes, KIND)
        if self.shown is not None and changes.touches(KIND, *WORK_KINDS):
            self.show_campaign(self.shown.id)

    def _on_reloaded(self) -> None:
        super()._on_reloaded()
        if self.shown is None and self.model.rowCount():
            self.select_record(self.model.id_at(0))
            self.show_current()

    # -- the detail -----------------------------------------------------------------------------
    def show_current(self) -> None:
        record_id = self.current_id()
        if record_id is not None and (self.shown is None or record_id != self.shown.id):
            self.show_campaign(record_id)

    def show_campaign(self, campaign_id: int) -> None:
        svc = self.service
        self.ui.ops.run_read(
            lambda _p: (svc.get(campaign_id), svc.progress(campaign_id)),
            on_done=lambda r: self._show(*r),
            parent=self,
        )

    def _show(self, view, board) -> None:
        self.shown = view
        self.detail.setText(
            L.DETAIL.format(
                number=view.number,
                name=view.name,
                phase=view.phase_label,
                first=view.first_day,
                last=view.last_day,
                lead=view.lead or L.NONE,
                departments=L.LIST_SEP.join(view.departments) or L.NONE,
                targets=view.targets,
                filter_text=view.filter_text,
                filter_hash=view.filter_hash[:16],
                target_hash=view.target_hash[:16],
            )
        )
        rows = [_board_row(board.total, L.TOTAL)]
        rows += [_board_row(p, p.label) for p in (*board.by_grid, *board.by_department)]
        fill_table(self.board, rows)
        self.definitions.setText("\n".join(board.definitions.values()))
        self.close_button.setEnabled(
            view.state == "open" and self.ui.app.auth.can("campaigns.close")
        )
        self.targets_tab.show_campaign(view)
        self.revisits_tab.show_campaign(view)

    # -- actions --------------------------------------------------------------------------------
    def new_campaign(self) -> None:
        dialog = CampaignDialog(self.ui, self)
        dialog.open()
        self.dialog = dialog

    def close_current(self, note: str | None = None) -> None:
        view = self.shown
        if view is None:
            return
        if note is None:
            text, ok = QInputDialog.getText(
                self,
                L.CLOSE_TITLE,
                L.CLOSE_ASK.format(number=view.number, name=view.name)
                + "\n"
                + "\n".join(self.service.close_warnings(view.id))
                + "\n"
                + L.CLOSE_NOTE,
            )
            if not ok:
                return
            note = text
        self.ui.ops.run_write(
            lambda _p: self.service.close(view.id, view.version, note), parent=self
        )

    def print_summary(self) -> None:
        """打印汇总表: the A4 PDF in the print preview."""
        if self.shown is None:
            return
        campaign_id, path = self.shown.id, temp_pdf(L.SUMMARY_FILE)
        self.ui.ops.run_write(
            lambda _p: self.service.print_summary(campaign_id, path),
            on_done=lambda r: self._preview(r[0]),
            parent=self,
        )

    def _preview(self, path) -> None:
        self.preview = open_pdf_preview(self, path, L.PRINT_SUMMARY, name=path.name)

    def export_summary(self, path=None) -> None:
        """导出 XLSX: the workbook where the user says."""
        if self.shown is None:
            return
        view = self.shown
        path = path or ask_save_xlsx(self, L.EXPORT_SUMMARY, f"{L.SUMMARY_FILE}-{view.number}")
        if path is None:
            return
        self.ui.ops.run_write(
            lambda _p: self.service.print_summary(view.id, path),
            on_done=lambda r: QMessageBox.information(
                self, L.EXPORT_SUMMARY, L.SUMMARY_SAVED.format(r[0])
            ),
            parent=self,
        )


PAGE_CLASS = CampaignsPage
