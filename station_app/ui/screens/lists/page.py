"""红黑榜: lists by kind with counts and filters, the entry's details, credit-repair workflow and
history, the listing dialog with live rule checks, approval, removal and publication.

The entries are a lazy list on :class:`~station_app.ui.screens.list_page.ListPage` over
``ListService.rows(EntryFilter)``, like every list: sorted and filtered in SQL.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app import clock
from station_app.domain import lists as rules
from station_app.domain.lists import ENTRY_COLUMNS, EntryFilter
from station_app.services.base import Changes
from station_app.services.lists import ENTRY_FIELD_LABELS, EntryRow
from station_app.ui.errors import show_error
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column, LazyTableModel
from station_app.ui.screens.list_page import ListPage
from station_app.ui.screens.lists import labels as L
from station_app.ui.screens.lists.dialogs import ListingDialog, RemoveDialog, RepairStepDialog
from station_app.ui.screens.lists.entry_text import detail_html, repair_cells, repair_hint
from station_app.ui.screens.lists.kinds_dialog import KindsDialog
from station_app.ui.screens.lists.publish_dialog import PublishDialog
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.history import HistoryPanel
from station_app.ui.widgets.tables import fill_table

KINDS = ("list_entry", "list_repair", "list_publication", "list_kind", "entity", "*")
RED_TEXT = QColor("#b71c1c")
BLACK_TEXT = QColor("#000000")
GREY_TEXT = QColor("#777777")
DUE_DAYS = 30
VALID_UNTIL = ENTRY_COLUMNS.index("valid_until")
_CENTRED = {"status", "listed_on", "valid_until", "tier", "repair"}
COLUMNS = tuple(
    Column(
        key,
        label,
        ALIGN_CENTER if key in _CENTRED else ALIGN_LEFT,
        formatter=format_date if key in ("listed_on", "valid_until") else None,
        sortable=key != "repair",
    )
    for key, label in zip(ENTRY_COLUMNS, L.COLUMNS, strict=True)
)
WIDTHS = {0: 120, 2: 150, 3: 64, 4: 86, 5: 86, 6: 44, 7: 120, 8: 50}  # pixels; 1 stretches


class EntryTableModel(LazyTableModel):
    """Entries coloured as on the printed notice: the kind red (红榜) or black (黑榜), removed
    and refused entries grey, a validity ending within 30 days red. A row's last two values
    are the kind's colour and the entry's status."""

    today = clock.today()  # the station's clock sets it at every reload

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.ForegroundRole:
            return super().data(index, role)
        values = self.row_values(index.row())
        if values is None:
            return None
        colour, status = values[-2], values[-1]
        if status in (rules.REMOVED, rules.REFUSED):
            return QBrush(GREY_TEXT)
        if index.column() == 0:
            return QBrush(BLACK_TEXT if colour == rules.BLACK else RED_TEXT)
        until = values[VALID_UNTIL]
        if (
            index.column() == VALID_UNTIL
            and until
            and rules.due_within(until, self.today, DUE_DAYS)
        ):
            return QBrush(RED_TEXT)
        return None


class ListsPage(ListPage):
    """GUI thread only. ``current`` is the entry shown on the right (``EntryRow``)."""

    COUNT_TEXT = L.COUNT

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.service = ui.services.lists
        self.current: EntryRow | None = None
        self.repair_rows: list = []
        self.dialog = None
        self._keep: int | None = None  # the entry to select after the next reload
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
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, self.propose)
        QShortcut(QKeySequence.StandardKey.Print, self, self.publish)
        self.refresh()

    # -- layout ---------------------------------------------------------------------------------
    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.make_search("listSearch", L.SEARCH_PLACEHOLDER), 1)
        self.status = self.make_filter("status", L.STATUS_FILTERS)
        self.status.setObjectName("statusFilter")
        row.addWidget(self.status)
        can_propose = self.ui.app.auth.can("lists.propose")
        can_approve = self.ui.app.auth.can("lists.approve")
        for name, text, slot, allowed in (
            ("propose_button", L.PROPOSE, self.propose, can_propose),
            ("expire_button", L.EXPIRE, self.expire, can_propose),
            ("publish_button", L.PUBLISH, self.publish, can_approve),
            ("kinds_button", L.KINDS, self.edit_kinds, can_approve),
        ):
            row.addWidget(self._button(name, text, slot, allowed, self))
        self.expire_button.setToolTip(L.EXPIRE_TIP)
        return row

    def _button(self, name: str, text: str, slot, enabled: bool, parent: QWidget) -> QPushButton:
        button = QPushButton(text, parent)
        button.clicked.connect(lambda _checked=False: slot())
        button.setEnabled(enabled)
        setattr(self, name, button)
        return button

    def _kind_panel(self) -> QWidget:
        self.kind_list = QListWidget(self)
        self.kind_list.setObjectName("kindList")
        self.kind_list.currentRowChanged.connect(lambda _r: self.apply_filter())
        return self.kind_list

    def _table_panel(self) -> QWidget:
        rows = self.service.rows()
        table = self.make_table(
            rows,
            COLUMNS,
            name="entryTable",
            model_class=EntryTableModel,
            alternating=False,
            fit_rows=False,
        )
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setStretchLastSection(False)
        for column, width in WIDTHS.items():
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(lambda *_a: self._on_row_changed())
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(table, 1)
        lay.addWidget(self.make_count("entryCount"))
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
        lay.addLayout(self._entry_buttons(detail))
        lay.addWidget(QLabel(L.REPAIR_SECTION, detail))
        lay.addWidget(self._repairs_table(detail))
        lay.addLayout(self._repair_buttons(detail))
        self.repair_hint = QLabel(detail)
        self.repair_hint.setWordWrap(True)
        lay.addWidget(self.repair_hint)
        lay.addStretch(1)
        tabs.addTab(detail, L.TAB_DETAIL)
        self.history = HistoryPanel(self.ui, "list_entry", None, ENTRY_FIELD_LABELS, tabs)
        tabs.addTab(self.history, L.TAB_HISTORY)
        self._set_buttons()
        return tabs

    def _entry_buttons(self, detail: QWidget) -> QHBoxLayout:
        buttons = QHBoxLayout()
        for name, text, slot in (
            ("approve_button", L.APPROVE, self.approve),
            ("refuse_button", L.REFUSE, self.refuse),
            ("remove_button", L.REMOVE, self.remove),
        ):
            buttons.addWidget(self._button(name, text, slot, True, detail))
        buttons.addStretch(1)
        return buttons

    def _repairs_table(self, detail: QWidget) -> QTableWidget:
        self.repairs = QTableWidget(0, len(L.REPAIR_HEAD), detail)
        self.repairs.setObjectName("repairTable")
        self.repairs.setHorizontalHeaderLabels(list(L.REPAIR_HEAD))
        self.repairs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.repairs.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.repairs.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.repairs.setMaximumHeight(120)
        return self.repairs

    def _repair_buttons(self, detail: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for name, text, step in (
            ("repair_apply", L.REPAIR_APPLY, "apply"),
            ("repair_check", L.REPAIR_CHECK, "check"),
            ("repair_decide", L.REPAIR_DECIDE, "decide"),
        ):
            row.addWidget(
                self._button(name, text, lambda s=step: self.repair_step(s), True, detail)
            )
        row.addStretch(1)
        return row

    # -- the list -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._load_kinds()
        self.apply_filter()

    def _load_kinds(self) -> None:
        item = self.kind_list.currentItem()
        current = item.data(Qt.ItemDataRole.UserRole) if item else None
        counts, kinds = self.service.counts(), self.service.kinds()

        def listed(ids) -> int:
            return sum(counts.get(i, {}).get(rules.LISTED, 0) for i in ids)

        self.kind_list.blockSignals(True)
        self.kind_list.clear()
        self._kind_item(
            L.KIND_ITEM.format(L.ALL_KINDS, listed([k.id for k in kinds])), ("all", None)
        )
        for colour, label, qcolour in (
            (rules.RED, L.ALL_RED, RED_TEXT),
            (rules.BLACK, L.ALL_BLACK, BLACK_TEXT),
        ):
            mine = [k for k in kinds if k.colour == colour]
            text = L.KIND_ITEM.format(label, listed([k.id for k in mine]))
            self._kind_item(text, ("colour", colour), qcolour)
            for k in mine:
                pending = counts.get(k.id, {}).get(rules.PROPOSED, 0)
                extra = L.PENDING.format(pending) if pending else ""
                text = L.SUB_KIND_ITEM.format(k.name, listed([k.id]), extra)
                self._kind_item(text, ("kind", k.id), None if k.active else GREY_TEXT)
        rows = range(self.kind_list.count())
        index = next(
            (i for i in rows if self.kind_list.item(i).data(Qt.ItemDataRole.UserRole) == current),
            0,
        )
        self.kind_list.setCurrentRow(index)
        self.kind_list.blockSignals(False)

    def _kind_item(self, text: str, data: tuple, colour: QColor | None = None) -> None:
        item = QListWidgetItem(text, self.kind_list)
        item.setData(Qt.ItemDataRole.UserRole, data)
        if colour is not None:
            item.setForeground(QBrush(colour))

    def current_filter(self) -> EntryFilter:
        item = self.kind_list.currentItem()
        what, value = item.data(Qt.ItemDataRole.UserRole) if item else ("all", None)
        return EntryFilter(
            text=self.search.text(),
            statuses=self.status.currentData(),
            kind_id=value if what == "kind" else None,
            colour=value if what == "colour" else None,
        )

    def apply_filter(self) -> None:
        flt = self.current_filter()
        self.table.setColumnHidden(0, flt.kind_id is not None)  # one list: its name is the filter
        if self._keep is None and self.current is not None:
            self._keep = self.current.id
        super().apply_filter()

    def filter_to(self, criteria: dict) -> None:
        """From the dashboard: ``{"status": "proposed"}`` shows entries awaiting approval; repairs
        and expiring entries are among those on the list (all kinds)."""
        statuses = {"proposed": ("proposed",)}.get(criteria.get("status", ""), ("listed",))
        self.search.clear()
        self.kind_list.blockSignals(True)
        self.kind_list.setCurrentRow(0)
        self.kind_list.blockSignals(False)
        index = next(i for i in range(self.status.count()) if self.status.itemData(i) == statuses)
        self.status.blockSignals(True)
        self.status.setCurrentIndex(index)
        self.status.blockSignals(False)
        self.apply_filter()

    def _on_reloaded(self) -> None:
        """Keep the entry shown if it is still listed, otherwise show the first."""
        super()._on_reloaded()
        self.model.today = self.ui.services.clock.today()
        self._update_due()
        keep, self._keep = self._keep, None
        if not self.select_record(keep):
            self.current = None
            if self.model.rowCount():
                self.select_record(self.model.id_at(0))
        self._show_current()

    def _update_due(self) -> None:
        due = self.service.due(within_days=DUE_DAYS)
        overdue = sum(1 for d in due.repairs if d.due_on and d.due_on < due.today)
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
        return self.select_record(entry_id)

    def _on_row_changed(self) -> None:
        entry_id = self.current_id()
        entries = self.model.source.entries([entry_id]) if entry_id is not None else []
        self.current = entries[0] if entries else None
        self._show_current()

    # -- the entry shown ------------------------------------------------------------------------
    def _show_current(self) -> None:
        r = self.current
        self.history.set_record(r.id if r else None)
        self.repairs.setRowCount(0)
        self.repair_hint.setText("")
        if r is None:
            self.repair_rows = []
            self.detail.setText(L.NO_SELECTION)
        else:
            self.detail.setText(detail_html(r))
            self.repair_rows = self.service.repairs(entry_id=r.id)
            today = self.ui.services.clock.today()
            fill_table(self.repairs, [repair_cells(rep, today) for rep in self.repair_rows])
            self.repair_hint.setText(repair_hint(r))
        self._set_buttons()

    def _open_repair(self):
        return next((x for x in self.repair_rows if x.status in rules.REPAIR_OPEN), None)

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
            self.apply_filter()

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
            self.status.blockSignals(True)
            self.status.setCurrentIndex(len(L.STATUS_FILTERS) - 1)  # every status
            self.status.blockSignals(False)
            self._keep = dialog.entry_id
            self.apply_filter()

    def approve(self) -> None:
        r = self.current
        if r is None:
            return
        me = self.ui.app.auth.actor
        text = L.APPROVE_CONFIRM.format(
            entity=r.entity_name, kind=r.kind, proposer=r.proposed_by, me=me.label if me else ""
        )
        if QMessageBox.question(self, L.APPROVE, text) != QMessageBox.StandardButton.Yes:
            return
        self.ui.ops.run_write(
            lambda _p: self.service.approve(r.id, r.version),
            on_error=lambda exc: show_error(self, exc, L.NOT_APPROVED),
            parent=self,
        )

    def refuse(self) -> None:
        r = self.current
        if r is None:
            return
        reason, ok = QInputDialog.getText(self, L.REFUSE, L.REFUSE_PROMPT)
        if ok:
            self.ui.ops.run_write(
                lambda _p: self.service.refuse(r.id, r.version, reason), parent=self
            )

    def remove(self) -> None:
        if self.current is not None:
            self.dialog = RemoveDialog(self.ui, self.current, self)
            self.dialog.open()

    def repair_step(self, step: str) -> None:
        if self.current is not None:
            self.dialog = RepairStepDialog(self.ui, self.current, step, self._open_repair(), self)
            self.dialog.open()

    def expire(self) -> None:
        today = self.ui.services.clock.today()
        expiring = self.service.due(within_days=0).expiring
        due = [d for d in expiring if d.due_on and d.due_on < today]
        if not due:
            QMessageBox.information(self, L.EXPIRE, L.EXPIRE_NONE)
            return
        text = L.EXPIRE_CONFIRM.format(n=len(due))
        if QMessageBox.question(self, L.EXPIRE, text) != QMessageBox.StandardButton.Yes:
            return
        self.ui.ops.run_write(
            lambda p: self.service.expire_due(progress=p),
            on_done=lambda result: QMessageBox.information(
                self, L.EXPIRE, L.EXPIRED_DONE.format(n=result[0])
            ),
            parent=self,
        )

    def edit_kinds(self) -> None:
        self.dialog = KindsDialog(self.ui, self)
        self.dialog.open()

    def publish(self) -> None:
        if self.publish_button.isEnabled():
            self.dialog = PublishDialog(self.ui, self)
            self.dialog.open()


PAGE_CLASS = ListsPage
