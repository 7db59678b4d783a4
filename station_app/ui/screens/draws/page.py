"""双随机一公开: the draws (a lazy list), the selected draw's result in large type with its
verification, and the session's actions — 新建抽取 (Ctrl+N), 校验, 公示 (PDF/Excel), 导出对象库.
GUI thread only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.draw_inputs import LIST_COLUMNS, DrawFilter
from station_app.services.base import Changes
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column
from station_app.ui.screens.draws import labels as L
from station_app.ui.screens.draws.draw_dialog import DrawDialog
from station_app.ui.screens.draws.result_view import DrawResultView
from station_app.ui.screens.list_page import ListPage
from station_app.ui.widgets.files import ask_save_xlsx, open_pdf_preview, temp_pdf

_SORTABLE = {"number", "item", "drawn_at", "state"}
COLUMNS = tuple(
    Column(
        key,
        L.COLUMN_LABELS[key],
        alignment=ALIGN_LEFT if key in ("number", "item") else ALIGN_CENTER,
        sortable=key in _SORTABLE,
    )
    for key in LIST_COLUMNS
)
WIDTHS = (11, 11, 8, 4, 3.5, 4, 4, 4)
KIND = "draw"


class DrawsPage(ListPage):
    COUNT_TEXT = L.COUNT
    LOAD_FAILED_TEXT = L.LOAD_FAILED

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.service = ui.services.draws
        self.shown_id: int | None = None
        self.body.addLayout(self._toolbar())
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self._list_panel())
        self.result = DrawResultView(self)
        split.addWidget(self.result)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self.body.addWidget(split, 1)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_draw)
        self.apply_filter()
        self._update_buttons()

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.make_search("drawSearch", L.SEARCH_HINT), 1)
        row.addWidget(self.make_filter("state", L.STATE_FILTERS))
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("new", L.NEW, self.new_draw),
            ("verify", L.VERIFY, self.verify_current),
            ("record", L.PRINT_RECORD, self.print_record),
            ("result", L.RECORD_RESULT, lambda: self.record_result()),
            ("pdf", L.PUBLISH_PDF, lambda: self.publish_current(".pdf")),
            ("xlsx", L.PUBLISH_XLSX, lambda: self.publish_current(".xlsx")),
            ("pool", L.EXPORT_POOL, self.export_pool),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"draws_{key}")
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        return row

    def _list_panel(self) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        table = self.make_table(
            self.service.rows(DrawFilter()), COLUMNS, name="drawTable", widths_em=WIDTHS
        )
        table.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        lay.addWidget(table, 1)
        lay.addWidget(self.make_count("drawCount"))
        return box

    # -- the list -------------------------------------------------------------------------------
    def current_filter(self) -> DrawFilter:
        return DrawFilter(
            text=self.search.text() if self.search else "",
            state=self.filters["state"].currentData(),
        )

    def open_record(self, record_id: int) -> None:
        self.show_draw(record_id)

    def context_actions(self, record_id: int):
        return [
            (L.VERIFY, lambda: (self.show_draw(record_id), self.verify_current()), True),
            (L.EXPORT_POOL, lambda: (self.show_draw(record_id), self.export_pool()), True),
        ]

    def on_changes(self, changes: Changes) -> None:
        self.refresh_or_reload(changes, KIND)
        if self.shown_id is not None and changes.touches(KIND):
            self.show_draw(self.shown_id)

    def _on_reloaded(self) -> None:
        super()._on_reloaded()
        if self.shown_id is None and self.model.rowCount():
            self.select_record(self.model.id_at(0))
            self.show_current()

    # -- the result -----------------------------------------------------------------------------
    def show_current(self) -> None:
        record_id = self.current_id()
        if record_id is not None and record_id != self.shown_id:
            self.show_draw(record_id)

    def show_draw(self, draw_id: int) -> None:
        self.ui.ops.run_read(
            lambda _p: self.service.get(draw_id), on_done=self._show_view, parent=self
        )

    def _show_view(self, view) -> None:
        self.shown_id = view.id
        self.result.show_draw(view)
        self._update_buttons(view)

    def _update_buttons(self, view=None) -> None:
        for key in ("verify", "pool", "record"):
            self.buttons[key].setEnabled(view is not None)
        auth = self.ui.app.auth
        publishable = view is not None and view.state != "superseded"
        for key in ("pdf", "xlsx"):
            self.buttons[key].setEnabled(publishable and auth.can("draws.publish"))
        open_ = view is not None and view.state == "drawn"
        self.buttons["result"].setEnabled(open_ and auth.can("draws.result"))
        self.buttons["new"].setEnabled(auth.can("draws.run"))

    # -- actions --------------------------------------------------------------------------------
    def record_result(self, entity_id: int | None = None) -> None:
        """录入结果 for the object selected in the result view (the patrols record dialog)."""
        from PySide6.QtCore import Qt

        from station_app.ui.screens.draws.result_dialog import DrawResultDialog

        view = self.result.view
        if view is None:
            return
        if entity_id is None:
            item = self.result.table.item(self.result.table.currentRow(), 0)
            entity_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        obj = next((o for o in view.objects if o.entity_id == entity_id), None)
        if obj is None:
            return
        day = self.ui.services.clock.today()
        self.dialog = DrawResultDialog(self.ui, view.id, obj, day, self)
        self.dialog.open()

    def new_draw(self) -> None:
        dialog = DrawDialog(self.ui, self)
        dialog.finished.connect(lambda _r: self._after_dialog(dialog))
        dialog.open()
        self.dialog = dialog

    def _after_dialog(self, dialog: DrawDialog) -> None:
        if dialog.draw_id is not None:
            self.shown_id = None
            self.show_draw(dialog.draw_id)

    def verify_current(self) -> None:
        if self.shown_id is None:
            return
        draw_id = self.shown_id
        self.ui.ops.run_read(
            lambda _p: self.service.verify(draw_id),
            on_done=self.result.show_verification,
            parent=self,
        )

    def print_record(self) -> None:
        if self.shown_id is None:
            return
        draw_id = self.shown_id
        path = temp_pdf(L.RECORD_FILE)
        self.ui.ops.run_write(
            lambda _p: self.service.print_record(draw_id, path),
            on_done=lambda r: self._preview(r[0]),
            parent=self,
        )

    def _preview(self, path: Path) -> None:
        self.preview = open_pdf_preview(self, path, L.PRINT_RECORD, name=path.name)

    def publish_current(self, suffix: str, path: Path | None = None) -> None:
        if self.shown_id is None:
            return
        path = path or self._ask_notice_path(suffix)
        if path is None:
            return
        draw_id = self.shown_id
        self.ui.ops.run_write(
            lambda _p: self.service.publish(draw_id, path),
            on_done=lambda r: QMessageBox.information(
                self, L.SAVE_NOTICE, L.PUBLISHED.format(r[0])
            ),
            parent=self,
        )

    def _ask_notice_path(self, suffix: str) -> Path | None:
        name = L.NOTICE_FILE.format(self.result.title.text().split(L.TITLE_SEP)[0], suffix)
        if suffix == ".xlsx":
            return ask_save_xlsx(self, L.SAVE_NOTICE, name)
        target, _ = QFileDialog.getSaveFileName(self, L.SAVE_NOTICE, name, L.PDF_FILTER)
        if not target:
            return None
        return Path(target if target.lower().endswith(".pdf") else target + ".pdf")

    def export_pool(self, directory: Path | None = None) -> None:
        if self.shown_id is None:
            return
        if directory is None:
            chosen = QFileDialog.getExistingDirectory(self, L.PICK_FOLDER)
            if not chosen:
                return
            directory = Path(chosen)
        draw_id = self.shown_id
        self.ui.ops.run_read(
            lambda _p: self.service.export_pool(draw_id, directory),
            on_done=lambda r: QMessageBox.information(self, L.EXPORT_POOL, L.POOL_SAVED.format(*r)),
            parent=self,
        )


PAGE_CLASS = DrawsPage
