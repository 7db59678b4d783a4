"""红黑榜: lists by kind with counts and filters, the entry's details, credit-repair workflow and
history, the listing dialog with live rule checks, approval, removal and publication.

The table uses a plain ``QAbstractTableModel`` over a list of rows, not the lazy table: a
station's lists hold hundreds to a few thousand entries (the demo: about 180), which load in
one query in milliseconds; the lazy model is for the 10⁵–10⁶-row registers.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import lists as rules
from station_app.services.base import Changes
from station_app.services.lists import ENTRY_FIELD_LABELS, EntryRow, local_today
from station_app.ui.errors import show_error
from station_app.ui.screens.base import Page
from station_app.ui.screens.lists import labels as L
from station_app.ui.screens.lists.dialogs import (
    KindsDialog,
    ListingDialog,
    PublishDialog,
    RemoveDialog,
    RepairStepDialog,
)
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.history import HistoryPanel

KINDS = ("list_entry", "list_repair", "list_publication", "list_kind", "entity", "*")
RED_TEXT = QColor("#b71c1c")
GREY_TEXT = QColor("#777777")
DUE_DAYS = 30


class EntryModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[EntryRow] = []
        self.today = local_today()

    def set_rows(self, rows: list[EntryRow]) -> None:
        self.beginResetModel()
        self.rows, self.today = rows, local_today()
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return len(L.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return L.COLUMNS[section]
        return None

    def _cell(self, r: EntryRow, column: int):
        if column == 0:
            return r.kind
        if column == 1:
            return r.entity_name
        if column == 2:
            return r.uscc
        if column == 3:
            text = rules.STATUS_LABELS.get(r.status, r.status)
            return f"{text}（{r.removal_way}）" if r.removal_way else text
        if column == 4:
            return format_date(r.listed_on)
        if column == 5:
            return format_date(r.valid_until)
        if column == 6:
            return rules.TIER_LABELS.get(r.tier or "", "")
        if column == 7:
            return f"{r.proposed_by} / {r.approved_by or '—'}"
        if column == 8:
            return "办理中" if r.open_repair_id else ""
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cell(r, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.status in (rules.REMOVED, rules.REFUSED):
                return QBrush(GREY_TEXT)
            if index.column() == 0 and r.colour == rules.BLACK:
                return QBrush(QColor("#000000"))
            if index.column() == 0:
                return QBrush(RED_TEXT)
            if (
                index.column() == 5
                and r.valid_until
                and rules.due_within(r.valid_until, self.today, DUE_DAYS)
            ):
                return QBrush(RED_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (3, 4, 5, 6, 8):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ListsPage(Page):
    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.service = ui.services.lists
        self.current: EntryRow | None = None
        self.dialog = None
        self.due_label = QLabel(self)
        self.due_label.setObjectName("dueSummary")
        self.body.addLayout(self._toolbar())
        self.body.addWidget(self.due_label)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self._kind_panel())
        split.addWidget(self._table_panel())
        split.addWidget(self._detail_panel())
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        split.setSizes([230, 640, 440])
        self.body.addWidget(split, 1)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.reload)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.propose)
        QShortcut(QKeySequence.StandardKey.Print, self, self.publish)
        self.refresh()

    # -- layout ---------------------------------------------------------------------------------
    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("listSearch")
        self.search.setPlaceholderText(L.SEARCH_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.reload)
        row.addWidget(self.search, 1)
        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        for text, statuses in L.STATUS_FILTERS:
            self.status.addItem(text, statuses)
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        row.addWidget(self.status)
        can_propose = self.ui.app.auth.can("lists.propose")
        can_approve = self.ui.app.auth.can("lists.approve")
        self.propose_button = QPushButton(L.PROPOSE, self)
        self.propose_button.clicked.connect(self.propose)
        self.propose_button.setEnabled(can_propose)
        self.expire_button = QPushButton(L.EXPIRE, self)
        self.expire_button.setToolTip(
            "将有效期已满的记录移出（每日也可由命令行 lists expire 运行）"
        )
        self.expire_button.clicked.connect(self.expire)
        self.expire_button.setEnabled(can_propose)
        self.publish_button = QPushButton(L.PUBLISH, self)
        self.publish_button.clicked.connect(self.publish)
        self.publish_button.setEnabled(can_approve)
        self.kinds_button = QPushButton(L.KINDS, self)
        self.kinds_button.clicked.connect(self.edit_kinds)
        self.kinds_button.setEnabled(can_approve)
        for b in (self.propose_button, self.expire_button, self.publish_button, self.kinds_button):
            row.addWidget(b)
        return row

    def _kind_panel(self) -> QWidget:
        self.kind_list = QListWidget(self)
        self.kind_list.setObjectName("kindList")
        self.kind_list.currentRowChanged.connect(lambda _r: self.reload())
        return self.kind_list

    def _table_panel(self) -> QWidget:
        self.model = EntryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setObjectName("entryTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((120, 200, 150, 64, 86, 86, 44, 120, 50)):
            if column != 1:
                self.table.setColumnWidth(column, width)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._on_row_changed())
        self.count_label = QLabel(self)
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count_label)
        return box

    def _detail_panel(self) -> QWidget:
        tabs = QTabWidget(self)
        detail = QWidget(tabs)
        lay = QVBoxLayout(detail)
        self.detail = QLabel(L.NO_SELECTION, detail)
        self.detail.setObjectName("entryDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.detail)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(L.APPROVE, detail)
        self.approve_button.clicked.connect(self.approve)
        self.refuse_button = QPushButton(L.REFUSE, detail)
        self.refuse_button.clicked.connect(self.refuse)
        self.remove_button = QPushButton(L.REMOVE, detail)
        self.remove_button.clicked.connect(self.remove)
        for b in (self.approve_button, self.refuse_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addWidget(QLabel("<b>信用修复</b>", detail))
        self.repairs = QTableWidget(0, 4, detail)
        self.repairs.setObjectName("repairTable")
        self.repairs.setHorizontalHeaderLabels(["申请日期", "最早可申请", "办结期限", "状态"])
        self.repairs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.repairs.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.repairs.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.repairs.setMaximumHeight(120)
        lay.addWidget(self.repairs)
        rb = QHBoxLayout()
        self.repair_apply = QPushButton(L.REPAIR_APPLY, detail)
        self.repair_apply.clicked.connect(lambda: self.repair_step("apply"))
        self.repair_check = QPushButton(L.REPAIR_CHECK, detail)
        self.repair_check.clicked.connect(lambda: self.repair_step("check"))
        self.repair_decide = QPushButton(L.REPAIR_DECIDE, detail)
        self.repair_decide.clicked.connect(lambda: self.repair_step("decide"))
        for b in (self.repair_apply, self.repair_check, self.repair_decide):
            rb.addWidget(b)
        rb.addStretch(1)
        lay.addLayout(rb)
        self.repair_hint = QLabel(detail)
        self.repair_hint.setWordWrap(True)
        lay.addWidget(self.repair_hint)
        lay.addStretch(1)
        tabs.addTab(detail, "详情与修复")
        self.history = HistoryPanel(self.ui, "list_entry", None, ENTRY_FIELD_LABELS, tabs)
        tabs.addTab(self.history, "历史记录")
        self._set_buttons()
        return tabs

    # -- data -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._load_kinds()
        self.reload()

    def _load_kinds(self) -> None:
        current = (
            self.kind_list.currentItem().data(Qt.ItemDataRole.UserRole)
            if self.kind_list.currentItem()
            else None
        )
        counts = self.service.counts()
        kinds = self.service.kinds()
        self.kind_list.blockSignals(True)
        self.kind_list.clear()

        def listed(ids) -> int:
            return sum(counts.get(i, {}).get(rules.LISTED, 0) for i in ids)

        def add(text: str, data, colour=None) -> None:
            item = QListWidgetItem(text, self.kind_list)
            item.setData(Qt.ItemDataRole.UserRole, data)
            if colour is not None:
                item.setForeground(QBrush(colour))

        add(f"{L.ALL_KINDS}（{listed([k.id for k in kinds])}）", ("all", None))
        for colour, label, qcolour in (
            (rules.RED, L.ALL_RED, RED_TEXT),
            (rules.BLACK, L.ALL_BLACK, QColor("#000000")),
        ):
            mine = [k for k in kinds if k.colour == colour]
            add(f"{label}（{listed([k.id for k in mine])}）", ("colour", colour), qcolour)
            for k in mine:
                pending = counts.get(k.id, {}).get(rules.PROPOSED, 0)
                extra = f"，待审 {pending}" if pending else ""
                add(
                    f"    {k.name}（{listed([k.id])}{extra}）",
                    ("kind", k.id),
                    None if k.active else GREY_TEXT,
                )
        index = 0
        for i in range(self.kind_list.count()):
            if self.kind_list.item(i).data(Qt.ItemDataRole.UserRole) == current:
                index = i
        self.kind_list.setCurrentRow(index)
        self.kind_list.blockSignals(False)

    def _filter(self) -> dict:
        item = self.kind_list.currentItem()
        what, value = item.data(Qt.ItemDataRole.UserRole) if item else ("all", None)
        out = {"text": self.search.text(), "statuses": self.status.currentData()}
        if what == "kind":
            out["kind_id"] = value
        elif what == "colour":
            out["colour"] = value
        return out

    def filter_to(self, criteria: dict) -> None:
        """From the dashboard: ``{"status": "proposed"}`` shows entries awaiting approval; repairs
        and expiring entries are among those on the list (all kinds)."""
        statuses = {"proposed": ("proposed",)}.get(criteria.get("status", ""), ("listed",))
        self.search.clear()
        self.kind_list.setCurrentRow(0)
        for index in range(self.status.count()):
            if self.status.itemData(index) == statuses:
                self.status.setCurrentIndex(index)
        self.reload()

    def reload(self) -> None:
        selected = self.current.id if self.current else None
        flt = self._filter()
        rows = self.service.entries(**flt)
        self.model.set_rows(rows)
        self.table.setColumnHidden(0, "kind_id" in flt)  # one list shown: its name is the filter
        self.count_label.setText(f"共 {len(rows)} 条")
        self._update_due()
        if selected is not None:
            self.select_entry(selected)
        if self.current is not None and all(r.id != self.current.id for r in rows):
            self.current = None
        if self.current is None and rows:
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._show_current()

    def _update_due(self) -> None:
        due = self.service.due(within_days=DUE_DAYS)
        today = due.today
        overdue = sum(1 for d in due.repairs if d.due_on and d.due_on < today)
        self.due_label.setText(
            L.DUE_SUMMARY.format(
                pending=len(due.pending),
                repairs=len(due.repairs),
                overdue=overdue,
                review=len(due.review),
                days=DUE_DAYS,
                expiring=len(due.expiring),
            )
        )

    def select_entry(self, entry_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(Qt.ItemDataRole.UserRole) == entry_id:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        return False

    def _on_row_changed(self) -> None:
        index = self.table.currentIndex()
        entry_id = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        self.current = next((r for r in self.model.rows if r.id == entry_id), None)
        self._show_current()

    def _show_current(self) -> None:
        r = self.current
        self.history.set_record(r.id if r else None)
        self.repairs.setRowCount(0)
        self.repair_hint.setText("")
        if r is None:
            self.detail.setText(L.NO_SELECTION)
            self._set_buttons()
            return
        lines = [
            ("主体", f"{r.entity_name}（{r.uscc or '无代码'}，{r.entity_type}）"),
            ("榜单", f"{rules.COLOUR_LABELS[r.colour]} · {r.kind}"),
            ("状态", rules.STATUS_LABELS.get(r.status, r.status)),
            ("列入日期", format_date(r.listed_on)),
            ("有效期至", format_date(r.valid_until) or "长期（直至移出）"),
            ("复核日期", format_date(r.review_on)),
            ("修复分级", rules.TIER_LABELS.get(r.tier or "", "")),
            ("列入原因", r.reason),
            ("公示摘要", r.public_summary),
            ("法律依据", r.legal_basis),
            ("决定书号", r.decision_no),
            ("作出决定机关", r.authority),
            ("来源", r.source),
            ("提请人", r.proposed_by),
            ("审批人", r.approved_by),
            ("退回理由", r.refusal_reason),
            ("公示日期", format_date(r.published_on)),
            (
                "移出",
                f"{format_date(r.removed_on)} {r.removal_way or ''}　{r.removal_basis}"
                if r.removed_on
                else "",
            ),
        ]
        html = "".join(
            f"<tr><td style='color:#555;padding-right:8px'>{k}</td><td>{_esc(v)}</td></tr>"
            for k, v in lines
            if v
        )
        self.detail.setText(f"<table>{html}</table>")
        self.repair_rows = self.service.repairs(entry_id=r.id)
        self.repairs.setRowCount(len(self.repair_rows))
        today = local_today()
        for i, rep in enumerate(self.repair_rows):
            status = rep.status_label + ("（已超期）" if rep.overdue(today) else "")
            for c, value in enumerate(
                (
                    format_date(rep.applied_on),
                    format_date(rep.earliest_on),
                    format_date(rep.deadline_on),
                    status,
                )
            ):
                self.repairs.setItem(i, c, QTableWidgetItem(value))
        if (
            r.colour == rules.BLACK
            and r.status == rules.LISTED
            and r.tier in (rules.MODERATE, rules.SERIOUS)
        ):
            earliest = rules.earliest_repair_date(r.listed_on, r.tier)
            self.repair_hint.setText(
                f"{rules.TIER_LABELS[r.tier]}：最早 {earliest:%Y-%m-%d} 可申请信用修复；"
                f"{rules.automatic_end(r.listed_on, r.tier):%Y-%m-%d} 期满后自动停止公示。申请后 {rules.REPAIR_WORKING_DAYS} 个工作日内办结。"
            )
        elif r.tier == rules.MINOR:
            self.repair_hint.setText("轻微：公示满 3 个月自动停止，无需申请修复。")
        self._set_buttons()

    def _open_repair(self):
        return next(
            (x for x in getattr(self, "repair_rows", []) if x.status in rules.REPAIR_OPEN), None
        )

    def _set_buttons(self) -> None:
        r = self.current
        auth = self.ui.app.auth
        propose, approve = auth.can("lists.propose"), auth.can("lists.approve")
        pending = bool(r and r.status == rules.PROPOSED)
        listed = bool(r and r.status == rules.LISTED)
        self.approve_button.setEnabled(pending and approve)
        self.refuse_button.setEnabled(pending and propose)
        self.remove_button.setEnabled(listed and propose)
        rep = self._open_repair() if r else None
        black = bool(
            r and listed and r.colour == rules.BLACK and r.tier in (rules.MODERATE, rules.SERIOUS)
        )
        self.repair_apply.setEnabled(black and rep is None and propose)
        self.repair_check.setEnabled(bool(rep and rep.status == rules.APPLIED and propose))
        self.repair_decide.setEnabled(bool(rep and rep.status == rules.CHECKED and approve))

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*KINDS):
            self._load_kinds()
            self.reload()

    # -- actions --------------------------------------------------------------------------------
    def _current_kind_id(self) -> int | None:
        item = self.kind_list.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item else None
        return data[1] if data and data[0] == "kind" else None

    def propose(self) -> None:
        if not self.propose_button.isEnabled():
            return
        self.dialog = ListingDialog(self.ui, self, kind_id=self._current_kind_id())
        self.dialog.accepted.connect(lambda: self._after_propose(self.dialog))
        self.dialog.open()

    def _after_propose(self, dialog: ListingDialog) -> None:
        if dialog.entry_id is not None:
            self.status.setCurrentIndex(len(L.STATUS_FILTERS) - 1)
            self.reload()
            self.select_entry(dialog.entry_id)

    def approve(self) -> None:
        r = self.current
        if r is None:
            return
        me = self.ui.app.auth.actor
        text = L.APPROVE_CONFIRM.format(
            entity=r.entity_name, kind=r.kind, proposer=r.proposed_by, me=me.username if me else ""
        )
        if QMessageBox.question(self, L.APPROVE, text) != QMessageBox.StandardButton.Yes:
            return
        self.ui.ops.run_write(
            lambda _p: self.service.approve(r.id, r.version),
            on_error=lambda exc: show_error(self, exc, "不能审批"),
            parent=self,
        )

    def refuse(self) -> None:
        r = self.current
        if r is None:
            return
        reason, ok = QInputDialog.getText(self, L.REFUSE, "退回理由：")
        if not ok:
            return
        self.ui.ops.run_write(
            lambda _p: self.service.refuse(r.id, r.version, reason),
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )

    def remove(self) -> None:
        if self.current is None:
            return
        self.dialog = RemoveDialog(self.ui, self.current, self)
        self.dialog.open()

    def repair_step(self, step: str) -> None:
        if self.current is None:
            return
        self.dialog = RepairStepDialog(self.ui, self.current, step, self._open_repair(), self)
        self.dialog.open()

    def expire(self) -> None:
        due = [
            d
            for d in self.service.due(within_days=0).expiring
            if d.due_on and d.due_on < local_today()
        ]
        if not due:
            QMessageBox.information(self, L.EXPIRE, L.EXPIRE_NONE)
            return
        if (
            QMessageBox.question(self, L.EXPIRE, L.EXPIRE_CONFIRM.format(n=len(due)))
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.ui.ops.run_write(
            lambda p: self.service.expire_due(progress=p),
            on_done=lambda result: QMessageBox.information(
                self, L.EXPIRE, L.EXPIRED_DONE.format(n=result[0])
            ),
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )

    def edit_kinds(self) -> None:
        self.dialog = KindsDialog(self.ui, self)
        self.dialog.open()

    def publish(self) -> None:
        if not self.publish_button.isEnabled():
            return
        self.dialog = PublishDialog(self.ui, self)
        self.dialog.open()


def _esc(text: str) -> str:
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", "<br>")
    )


PAGE_CLASS = ListsPage
