"""扫街纳管: shops captured on sweeps, the per-grid to-do of unlinked ones, and linking them to
the entity register. Left: grids with their open counts (a click filters the list); middle:
the lazy list; right: the selected record with its photo, actions and history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.sweeps import LIST_COLUMNS, SweepFilter
from station_app.services.base import Changes
from station_app.services.sweeps import SweepCard
from station_app.ui.errors import show_error
from station_app.ui.formatting import local_time
from station_app.ui.labels import EM
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column
from station_app.ui.screens.base import heading
from station_app.ui.screens.list_page import ListPage
from station_app.ui.screens.sweeps import labels as L
from station_app.ui.screens.sweeps.dialogs import (
    SweepCaptureDialog,
    SweepLinkDialog,
    ask_dismiss_reason,
    confirm_register,
    photo_label,
    thumbnail,
)
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.history import HistoryPanel
from station_app.ui.widgets.personal import PersonalValue

_UNSORTABLE = {
    "address",
    "phone",
    "operator",
    "industry",
    "linked_entity",
    "has_photo",
    "captured_by",
}
COLUMNS = tuple(
    Column(
        key,
        L.COLUMN_LABELS[key],
        alignment=ALIGN_CENTER if key in ("status", "has_photo") else ALIGN_LEFT,
        formatter=format_date if key == "captured_on" else None,
        sortable=key not in _UNSORTABLE,
    )
    for key in LIST_COLUMNS
)
WIDTHS = (6, 8, 11, 10, 7.5, 4, 5, 4, 11, 2.5, 4)  # in Chinese characters


class SweepsPage(ListPage):
    """GUI thread only. ``current`` is the card of the selected capture."""

    COUNT_TEXT = L.COUNT
    LOAD_FAILED_TEXT = L.LOAD_FAILED

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.service = ui.services.sweeps
        self.current: SweepCard | None = None
        self.last_grid_id: int | None = None
        self._keep: int | None = None  # the capture to keep selected after the next reload
        self.body.addLayout(self._toolbar())
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self._todo_panel())
        split.addWidget(self._table_panel())
        split.addWidget(self._detail_panel())
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 1)
        self.split = split
        self._sized = False
        self.body.addWidget(split, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, self.capture)
        QShortcut(QKeySequence("Ctrl+L"), self, self.link_current)
        self.refresh()

    # -- layout ---------------------------------------------------------------------------------
    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.make_search("sweepSearch", L.SEARCH_PLACEHOLDER), 1)
        self.status = self.make_filter("status", L.STATUS_FILTERS)
        self.status.setObjectName("statusFilter")
        row.addWidget(self.status)
        self.capture_button = QPushButton(L.CAPTURE, self)
        self.capture_button.clicked.connect(self.capture)
        self.link_button = QPushButton(L.LINK, self)
        self.link_button.clicked.connect(self.link_current)
        row.addWidget(self.capture_button)
        row.addWidget(self.link_button)
        return row

    def _todo_panel(self) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(heading(L.TODO_TITLE, box))
        self.todo = QListWidget(box)
        self.todo.setObjectName("sweepTodo")
        self.todo.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.todo.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.todo.currentRowChanged.connect(lambda _r: self.apply_filter())
        lay.addWidget(self.todo, 1)
        return box

    def _table_panel(self) -> QWidget:
        view = self.make_table(self.service.rows(), COLUMNS, name="sweepTable", widths_em=WIDTHS)
        view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(view, 1)
        lay.addWidget(self.make_count("sweepCount"))
        return box

    def _detail_panel(self) -> QWidget:
        tabs = QTabWidget(self)
        detail = QWidget(tabs)
        lay = QVBoxLayout(detail)
        self.photo = photo_label(detail)
        lay.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignHCenter)
        self.detail = QLabel(L.NO_SELECTION, detail)
        self.detail.setObjectName("sweepDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.detail)
        self.phone_row = QHBoxLayout()
        lay.addLayout(self.phone_row)
        self.phone_value: PersonalValue | None = None
        self.detail_buttons = {}
        for key, text, slot in (
            ("link", L.LINK, self.link_current),
            ("register", L.REGISTER, self.register_current),
            ("dismiss", L.DISMISS, self.dismiss_current),
            ("reopen", L.REOPEN, self.reopen_current),
            ("edit", L.EDIT, self.edit_current),
            ("entity", L.OPEN_ENTITY, self.open_entity),
        ):
            button = QPushButton(text, detail)
            button.setObjectName(f"sweep_{key}")
            button.clicked.connect(slot)
            self.detail_buttons[key] = button
        grid = QVBoxLayout()
        for pair in (("link", "register"), ("dismiss", "reopen"), ("edit", "entity")):
            r = QHBoxLayout()
            for key in pair:
                r.addWidget(self.detail_buttons[key])
            grid.addLayout(r)
        lay.addLayout(grid)
        lay.addStretch(1)
        tabs.addTab(detail, L.TAB_DETAIL)
        self.history = HistoryPanel(self.ui, "sweep_capture", None, L.FIELD_LABELS, tabs)
        tabs.addTab(self.history, L.TAB_HISTORY)
        self._set_buttons()
        return tabs

    def showEvent(self, event) -> None:
        """First show: give the list most of the width (sizes need the real page width)."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            em = self.fontMetrics().horizontalAdvance(EM)
            todo, detail = int(em * 13.5), em * 19
            self.split.setSizes([todo, max(em * 30, self.width() - todo - detail), detail])

    # -- to-do and filtering --------------------------------------------------------------------
    def _load_todo(self) -> None:
        selected = self._todo_grid()
        self.todo.blockSignals(True)
        self.todo.clear()
        items = self.service.todo()
        total = QListWidgetItem(L.TODO_ALL.format(sum(t.open for t in items)))
        total.setData(Qt.ItemDataRole.UserRole, None)
        self.todo.addItem(total)
        row = 0
        for t in items:
            item = QListWidgetItem(L.TODO_ITEM.format(t.label, t.open))
            item.setData(Qt.ItemDataRole.UserRole, t.grid_id)
            item.setToolTip(L.TODO_TIP.format(t.label, t.open, t.total))
            if not t.open:
                item.setForeground(Qt.GlobalColor.gray)
            self.todo.addItem(item)
            if t.grid_id == selected:
                row = self.todo.count() - 1
        self.todo.setCurrentRow(row)
        self.todo.blockSignals(False)

    def _todo_grid(self) -> int | None:
        item = self.todo.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def current_filter(self) -> SweepFilter:
        return SweepFilter(
            text=self.search.text().strip(),
            grid_id=self._todo_grid(),
            status=self.status.currentData(),
        )

    def _on_reloaded(self) -> None:
        """Keep the capture selected (after a change), or select the first."""
        super()._on_reloaded()
        keep, self._keep = self._keep, None
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._show_current()

    def filter_to(self, criteria: dict) -> None:
        """``{"grid": id}`` shows that grid's open captures."""
        self.status.blockSignals(True)
        self.status.setCurrentIndex(0)
        self.status.blockSignals(False)
        grid = criteria.get("grid")
        for row in range(self.todo.count()):
            if self.todo.item(row).data(Qt.ItemDataRole.UserRole) == grid:
                self.todo.setCurrentRow(row)
        self.apply_filter()

    def open_record(self, record_id: int) -> None:
        self.link_current()

    # -- the selected record --------------------------------------------------------------------
    def _show_current(self) -> None:
        capture_id = self.current_id()
        try:
            self.current = self.service.get(capture_id) if capture_id else None
        except Exception:  # deleted meanwhile
            self.current = None
        card = self.current
        self.history.set_record(card.data.id if card else None)
        if self.phone_value is not None:  # hidden at once: deferred deletes wait for the loop
            self.phone_row.removeWidget(self.phone_value)
            self.phone_value.hide()
            self.phone_value.deleteLater()
            self.phone_value = None
        if card is None:
            self.detail.setText(L.NO_SELECTION)
            thumbnail(None, self.photo)
            self._set_buttons()
            return
        photo = self.service.photo(card.data.id) if card.has_photo else None
        thumbnail(photo[1] if photo else None, self.photo)
        self.detail.setText(_detail_html(card))
        if card.data.phone:
            svc, cid = self.service, card.data.id
            self.phone_value = PersonalValue(
                L.PHONE_LINE.format(card.data.phone),
                lambda: L.PHONE_LINE.format(svc.reveal_phone(cid)),
                allowed=self.ui.app.auth.can("personal.unmasked") and card.phone_masked,
                parent=self.detail.parentWidget(),
            )
            self.phone_row.addWidget(self.phone_value)
        self._set_buttons()

    def _set_buttons(self) -> None:
        card, auth = self.current, self.ui.app.auth
        is_open = bool(card and card.is_open)
        can_link = auth.can("sweeps.link")
        enabled = {
            "link": is_open and can_link,
            "register": is_open and can_link and auth.can("entities.edit"),
            "dismiss": is_open and can_link,
            "reopen": bool(card) and not is_open and can_link,
            "edit": bool(card) and auth.can("sweeps.capture"),
            "entity": bool(card and card.linked_entity_id),
        }
        for key, button in self.detail_buttons.items():
            button.setEnabled(enabled[key])
        self.link_button.setEnabled(enabled["link"])
        self.capture_button.setEnabled(auth.can("sweeps.capture"))

    # -- actions --------------------------------------------------------------------------------
    def capture(self) -> None:
        if not self.ui.app.auth.can("sweeps.capture"):
            return
        grid = self._todo_grid() or self.last_grid_id
        self.editor = SweepCaptureDialog(self.ui, None, grid, self)
        self.editor.finished.connect(lambda _r: self._remember_grid(self.editor))
        self.editor.open()

    def _remember_grid(self, dialog: SweepCaptureDialog) -> None:
        if dialog.saved is not None:
            self.last_grid_id = dialog.saved.data.grid_id

    def edit_current(self) -> None:
        if self.current is None:
            return
        self.editor = SweepCaptureDialog(self.ui, self.current, None, self)
        self.editor.open()

    def link_current(self) -> None:
        card = self.current
        if card is None or not card.is_open or not self.ui.app.auth.can("sweeps.link"):
            return
        try:
            self.linker = SweepLinkDialog(self.ui, card.data.id, self)
        except Exception as exc:
            show_error(self, exc)
            return
        self.linker.open()

    def register_current(self) -> None:
        card = self.current
        if card is None or not confirm_register(self, card):
            return
        self._write(lambda _p: self.service.register(card.data.id, card.data.version))

    def dismiss_current(self) -> None:
        card = self.current
        reason = ask_dismiss_reason(self) if card else None
        if card is None or reason is None:
            return
        self._write(lambda _p: self.service.dismiss(card.data.id, reason, card.data.version))

    def reopen_current(self) -> None:
        card = self.current
        if card is None:
            return
        reason, ok = QInputDialog.getText(self, L.REOPEN, L.REOPEN_PROMPT)
        if ok:
            self._write(lambda _p: self.service.reopen(card.data.id, reason, card.data.version))

    def open_entity(self) -> None:
        if self.current is None or not self.current.linked_entity_id:
            return
        from station_app.ui.screens.entities.card import EntityCardDialog

        entity_id = self.current.linked_entity_id
        try:
            self.entity_card = self.ui.windows.show(
                "entity", entity_id, lambda: EntityCardDialog(self.ui, entity_id, self)
            )
        except Exception as exc:
            show_error(self, exc)

    def _write(self, call) -> None:
        self.ui.ops.run_write(call, parent=self)

    # -- Page -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.model.source.forget_grid_labels()
        self._load_todo()
        self.apply_filter()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("grid", "*"):
            self.model.source.forget_grid_labels()
        if not changes.touches("sweep_capture", "entity", "grid", "*"):
            return
        self._keep = self.current_id()
        self._load_todo()
        self.apply_filter()


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _detail_html(card: SweepCard) -> str:
    d = card.data
    status = card.status
    if card.linked_entity_id:
        status += L.LINKED_TO.format(card.linked_entity_name)
    if card.dismiss_reason:
        status += L.DISMISSED_BECAUSE.format(card.dismiss_reason)
    when = local_time(card.linked_at).strftime("%Y-%m-%d %H:%M") if card.linked_at else ""
    values = (
        d.name,
        d.address,
        d.operator,
        d.industry,
        card.grid_label,
        L.WHEN_WHO.format(format_date(d.captured_on), card.captured_by),
        status,
        L.WHEN_WHO.format(when, card.linked_by) if when else "",
        d.note,
    )
    rows = "".join(
        L.DETAIL_ROW.format(k, _esc(v)) for k, v in zip(L.DETAIL_ROWS, values, strict=True) if v
    )
    return f"<table>{rows}</table>"


PAGE_CLASS = SweepsPage
