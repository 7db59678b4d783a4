"""经营主体: the entity registry list (DESIGN §5 lazy list) with search, filters and counts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
)

from station_app.domain.entities import (
    ENTITY_TYPES,
    GRADES,
    INDUSTRIES,
    STATUSES,
    TAGS,
    EntityFilter,
)
from station_app.services.base import Changes
from station_app.ui.errors import show_error
from station_app.ui.models.lazy_table import ALIGN_CENTER, Column, IdRole, LazyTableModel
from station_app.ui.screens.base import Page
from station_app.ui.screens.entities import labels as L
from station_app.ui.widgets.dates import format_date

SEARCH_DELAY_MS = 250
COLUMNS = (
    Column("name", "名称"),
    Column("uscc", "统一社会信用代码"),
    Column("entity_type", "类型"),
    Column("legal_rep", "法人/经营者", sortable=False),
    Column("phone", "联系电话", sortable=False),
    Column("address", "经营地址", sortable=False),
    Column("grid", "网格"),
    Column("industries", "行业", sortable=False),
    Column("status", "状态", alignment=ALIGN_CENTER),
    Column("registered_on", "成立日期", formatter=format_date),
    Column("credit_class", "信用风险分类", alignment=ALIGN_CENTER),
    Column("local_grade", "本所分级", alignment=ALIGN_CENTER),
)
_WIDTHS = (15, 12, 6, 6, 7.5, 16, 9, 9, 3.5, 6.5, 6.5, 5)  # in Chinese characters
# filter combo → EntityFilter field (what a saved view, 常用筛选, stores)
FILTER_FIELDS = {
    "grid": "grid_id",
    "type": "entity_type",
    "industry": "industry",
    "status": "status",
    "grade": "grade",
    "tag": "tag",
    "licence": "expiring_days",
}
VIEW_SCREEN = "entities"


class EntitiesPage(Page):
    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.service = ui.services.entities
        self.source = self.service.rows()
        self.view_name = ""  # the saved view shown, until a filter changes
        self._build_toolbar()
        self._build_filters()
        self._build_table()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_entity)
        self.apply_filter()

    # -- layout -----------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("entitySearch")
        self.search.setPlaceholderText(L.SEARCH_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._on_search_text_edited)
        self.search.returnPressed.connect(self.apply_filter)
        row.addWidget(self.search, 1)
        self.views_button = QPushButton(L.VIEWS, self)
        self.views_button.setObjectName("savedViews")
        self.views_button.setToolTip(L.VIEWS_TIP)
        self.views_menu = QMenu(self.views_button)
        self.views_menu.aboutToShow.connect(self._fill_views_menu)
        self.views_button.setMenu(self.views_menu)
        row.addWidget(self.views_button)
        self.new_button = QPushButton(L.NEW, self)
        self.new_button.clicked.connect(self.new_entity)
        self.import_button = QPushButton(L.IMPORT, self)
        self.import_button.clicked.connect(self.open_import)
        self.export_button = QPushButton(L.EXPORT, self)
        self.export_button.clicked.connect(lambda: self.export(selection=False))
        for b in (self.new_button, self.import_button, self.export_button):
            row.addWidget(b)
        auth = self.ui.app.auth
        self.new_button.setEnabled(auth.can("entities.edit"))
        self.import_button.setEnabled(auth.can("entities.import"))
        self.export_button.setEnabled(auth.can("data.export"))
        self.body.addLayout(row)

    def _combo(self, key: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(f"filter_{key}")
        # Compact on the filter row (the page must fit a 1280-pixel screen); full text in the popup.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(4)
        for text, value in items:
            combo.addItem(text, value)
        combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
        combo.currentIndexChanged.connect(self._on_filter_changed)
        return combo

    def _build_filters(self) -> None:
        row = QHBoxLayout()
        grids = [(L.ALL, None)] + [(g.label, g.id) for g in self.service.grids()]
        self.filters = {
            "grid": self._combo("grid", grids),
            "type": self._combo("type", [(L.ALL, None)] + [(t, t) for t in ENTITY_TYPES]),
            "industry": self._combo("industry", [(L.ALL, None)] + [(i, i) for i in INDUSTRIES]),
            "status": self._combo("status", [(L.ALL, None)] + [(s, s) for s in STATUSES]),
            "grade": self._combo("grade", [(L.ALL, None)] + [(g, g) for g in GRADES]),
            "tag": self._combo("tag", [(L.ALL, None)] + [(t, t) for t in TAGS]),
            "licence": self._combo("licence", list(L.EXPIRING)),
        }
        grid = QGridLayout()  # two rows of filters: the page must fit a 1280-pixel screen
        for n, (key, combo) in enumerate(self.filters.items()):
            label = QLabel(L.FILTERS[key] + "：", self)
            label.setBuddy(combo)
            grid.addWidget(label, n // 4, 2 * (n % 4))
            grid.addWidget(combo, n // 4, 2 * (n % 4) + 1)
        clear = QPushButton(L.CLEAR, self)
        clear.clicked.connect(self.clear_filters)
        grid.addWidget(clear, 1, 6, 1, 2)
        row.addLayout(grid)
        row.addStretch(1)
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("entityCount")
        row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        self.body.addLayout(row)

    def _build_table(self) -> None:
        self.model = LazyTableModel(COLUMNS, self.source, runner=self.ui.ops, parent=self)
        self.model.reloaded.connect(self._update_count)
        self.model.load_failed.connect(
            lambda exc: self.count_label.setText(L.LOAD_FAILED.format(exc))
        )
        view = QTableView(self)
        view.setObjectName("entityTable")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        em = view.fontMetrics().horizontalAdvance("中")
        for col, width in enumerate(_WIDTHS):
            view.setColumnWidth(col, int(width * em) + 12)
        header.setStretchLastSection(True)
        header.sortIndicatorChanged.connect(self._on_sort)
        view.doubleClicked.connect(lambda index: self.open_card(self.model.id_at(index.row())))
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), view, self._open_current)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.table = view
        self.body.addWidget(view, 1)

    # -- filtering ------------------------------------------------------------------------------
    def current_filter(self) -> EntityFilter:
        values = {FILTER_FIELDS[k]: c.currentData() for k, c in self.filters.items()}
        return EntityFilter(text=self.search.text().strip(), **values)

    def _set_filters(self, values: dict[str, object], text: str = "") -> list[str]:
        """Set the combos (key → data) and the search text without re-querying in between;
        returns the keys whose value is no longer offered (e.g. a deleted grid)."""
        missing = []
        for key, combo in self.filters.items():
            value = values.get(key)
            index = combo.findData(value) if value is not None else 0
            if index < 0:
                missing.append(key)
            combo.blockSignals(True)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.search.setText(text)
        self.view_name = ""
        return missing

    def apply_filter(self) -> None:
        """Show the first page at once, then fetch the full id list in the background."""
        self._timer.stop()
        self.source.with_filter(self.current_filter())
        key = (
            self.model.columns[self.model._sort_column].key
            if self.model._sort_column >= 0
            else None
        )
        try:
            first = self.source.fetch_first_ids(key, self.model._descending)
        except Exception as exc:  # a broken query must not break the page
            show_error(self, exc)
            return
        self.model.set_ids(first)
        self.count_label.setText(L.LOADING if len(first) else L.COUNT.format(0))
        if len(first) >= 256:
            self.count_label.setText(L.COUNT_MORE.format(len(first)))
            self.model.reload()
        else:
            self._update_count()

    def _on_filter_changed(self, _index: int) -> None:
        self.view_name = ""  # changed by hand: no longer the saved view
        self.apply_filter()

    def _on_search_text_edited(self, _text: str) -> None:
        self.view_name = ""
        self._timer.start()

    def clear_filters(self) -> None:
        self._set_filters({})
        self.apply_filter()

    def filter_to(self, criteria: dict) -> None:
        """From the dashboard: ``{"licence_days": 30}``, ``{"grade": "D"}``, ``{"grid": id}``."""
        wanted = {
            "licence": criteria.get("licence_days"),
            "grade": criteria.get("grade"),
            "grid": criteria.get("grid"),
        }
        self._set_filters(wanted)
        self.apply_filter()

    # -- saved views (常用筛选) -------------------------------------------------------------------
    def _fill_views_menu(self) -> None:
        menu = self.views_menu
        menu.clear()
        try:
            views = self.ui.services.saved_views.list(VIEW_SCREEN)
        except Exception as exc:
            show_error(self, exc)
            return
        for view in views:
            menu.addAction(view.name, lambda v=view: self.apply_view(v))
        if not views:
            menu.addAction(L.VIEWS_NONE).setEnabled(False)
        menu.addSeparator()
        menu.addAction(L.VIEWS_SAVE, self._on_save_view_triggered)
        delete = menu.addMenu(L.VIEWS_DELETE)
        delete.setEnabled(bool(views))
        for view in views:
            delete.addAction(view.name, lambda v=view: self.delete_view(v))

    def apply_view(self, view) -> None:
        """Show the list as the saved view describes it."""
        flt = EntityFilter.from_criteria(view.criteria)
        combos = {k: getattr(flt, f) for k, f in FILTER_FIELDS.items()}
        missing = self._set_filters(combos, flt.text)
        self.view_name = view.name
        self.apply_filter()
        if missing:
            what = "、".join(L.FILTERS[k] for k in missing)
            QMessageBox.information(self, L.VIEWS, L.VIEWS_MISSING.format(view.name, what))

    def _on_save_view_triggered(self) -> None:
        name, ok = QInputDialog.getText(self, L.VIEWS_NAME_TITLE, L.VIEWS_NAME_PROMPT)
        if ok:
            self.save_view(name)

    def save_view(self, name: str) -> None:
        """Save the current search and filters as ``name`` (asks before replacing one)."""
        views = self.ui.services.saved_views
        name = " ".join(name.split())
        exists = any(v.name == name for v in views.list(VIEW_SCREEN))
        if exists and (
            QMessageBox.question(self, L.VIEWS, L.VIEWS_REPLACE.format(name))
            != QMessageBox.StandardButton.Yes
        ):
            return
        criteria = self.current_filter().criteria()
        self.ui.ops.run_write(
            lambda _p: views.save(VIEW_SCREEN, name, criteria, replace=exists),
            on_done=self._on_view_saved,
            on_error=lambda exc: show_error(self, exc, L.VIEWS_NAME_TITLE),
        )

    def _on_view_saved(self, result) -> None:
        self.view_name = result[0].name
        self._update_count()

    def delete_view(self, view) -> None:
        if (
            QMessageBox.question(self, L.VIEWS, L.VIEWS_DELETE_CONFIRM.format(view.name))
            != QMessageBox.StandardButton.Yes
        ):
            return
        views = self.ui.services.saved_views
        self.ui.ops.run_write(
            lambda _p: views.delete(view.id), on_error=lambda exc: show_error(self, exc)
        )

    def _on_sort(self, column: int, order: Qt.SortOrder) -> None:
        self.model.sort(column, order)

    def _update_count(self) -> None:
        text = L.COUNT.format(self.model.rowCount())
        if self.view_name:
            text += L.VIEWS_APPLIED.format(self.view_name)
        self.count_label.setText(text)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- actions --------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [rid for r in rows if (rid := self.model.id_at(r)) is not None]

    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_card(self.model.id_at(index.row()))

    def open_card(self, entity_id: int | None) -> None:
        if entity_id is None:
            return
        from station_app.ui.screens.entities.dialogs import EntityCardDialog

        try:
            dialog = EntityCardDialog(self.ui, entity_id, self)
        except Exception as exc:
            show_error(self, exc)
            return
        self.card = dialog
        dialog.open()

    def new_entity(self) -> None:
        if not self.ui.app.auth.can("entities.edit"):
            return
        from station_app.ui.screens.entities.dialogs import EntityEditDialog

        self.editor = EntityEditDialog(self.ui, None, self)
        self.editor.open()

    def edit_entity(self, entity_id: int) -> None:
        from station_app.ui.screens.entities.dialogs import EntityEditDialog

        try:
            card = self.service.get(entity_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.editor = EntityEditDialog(self.ui, card.data, self, phone_masked=card.phone_masked)
        self.editor.open()

    def delete_entity(self, entity_id: int) -> None:
        rows = self.source.fetch_rows([entity_id])
        if entity_id not in rows:
            return
        name = rows[entity_id][0]
        try:  # the version the user confirms: a save from another PC meanwhile is a conflict
            version = self.service.get(entity_id).data.version
        except Exception as exc:
            show_error(self, exc)
            return
        if (
            QMessageBox.question(self, "删除", L.DELETE_CONFIRM.format(name))
            != QMessageBox.StandardButton.Yes
        ):
            return
        reason, ok = QInputDialog.getText(self, "删除原因", L.DELETE_REASON)
        if not ok:
            return
        service = self.service
        self.ui.ops.run_write(
            lambda _p: service.delete(entity_id, version, reason.strip()),
            on_error=lambda exc: show_error(self, exc),
        )

    def open_import(self) -> None:
        from station_app.ui.screens.entities.import_wizard import ImportWizard

        self.wizard = ImportWizard(self.ui, self)
        self.wizard.open()

    def export(self, selection: bool) -> None:
        ids = self.selected_ids() if selection else self.model.id_array.tolist()
        if self.model.is_loading and not selection:
            ids = None  # the full list is not there yet: let the service run the query
        target, _ = QFileDialog.getSaveFileName(
            self, "导出经营主体", "经营主体台账.xlsx", L.EXPORT_FILTER
        )
        if not target:
            return
        if not target.lower().endswith(".xlsx"):
            target += ".xlsx"
        self.export_to(Path(target), ids)

    def export_to(self, path: Path, ids: list[int] | None) -> None:
        service, flt = self.service, self.current_filter()
        masked = self.source.mask
        self.ui.ops.run_write(
            lambda p: service.export(path, flt, ids, p),
            on_done=lambda n: QMessageBox.information(
                self,
                "导出完成",
                L.EXPORTED.format(n, path) + (L.EXPORT_MASK_NOTE if masked else ""),
            ),
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在导出…",
        )

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        entity_id = self.model.data(index, IdRole)
        row = self.source.fetch_rows([entity_id]).get(entity_id)
        menu = QMenu(self)
        auth = self.ui.app.auth

        def add(text, slot, enabled=True):
            action = QAction(text, menu)
            action.triggered.connect(slot)
            action.setEnabled(enabled)
            menu.addAction(action)

        add(L.MENU_OPEN, lambda: self.open_card(entity_id))
        add(L.MENU_EDIT, lambda: self.edit_entity(entity_id), auth.can("entities.edit"))
        menu.addSeparator()
        if row:
            add(L.MENU_COPY_NAME, lambda: QGuiApplication.clipboard().setText(row[0]))
            add(L.MENU_COPY_CODE, lambda: QGuiApplication.clipboard().setText(row[1]), bool(row[1]))
        add(L.MENU_EXPORT_SELECTION, lambda: self.export(selection=True), auth.can("data.export"))
        menu.addSeparator()
        add(L.MENU_DELETE, lambda: self.delete_entity(entity_id), auth.can("records.delete"))
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self.menu = menu

    # -- Page -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.source.forget_grid_labels()
        self.apply_filter()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("grid", "*"):
            self.source.forget_grid_labels()
        if not changes.touches("entity", "*"):
            return
        ids = changes.ids.get("entity", frozenset())
        edited = ids and all(self.model.row_of(i) >= 0 for i in ids)
        if edited and len(self.source.fetch_rows(list(ids))) == len(ids):
            self.model.refresh_rows(ids)  # edited rows: repaint only them
        else:
            self.apply_filter()  # added or deleted: the id list changed


PAGE_CLASS = EntitiesPage
