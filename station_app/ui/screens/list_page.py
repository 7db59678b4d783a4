"""The base of every list screen (DESIGN §9: search box, filters, sortable columns, count,
export, context menu, double-click to open) over a service's ``rows(filter)``.

A list page makes its parts with the ``make_*`` methods, lays them out as it likes, and
fills in what is its own::

    class TrainingList(ListPage):
        COUNT_TEXT = "共 {:,} 次"

        def __init__(self, ui, parent=None) -> None:
            super().__init__(ui, None, parent)                     # a tab: no header
            rows = ui.services.roster.rows(TrainingFilter())
            self.body.addWidget(self.make_search("trainingSearch", L.SEARCH_HINT))
            self.body.addWidget(self.make_table(rows, COLUMNS, name="trainingTable"), 1)
            self.body.addWidget(self.make_count("trainingCount"))
            self.apply_filter()

        def current_filter(self) -> TrainingFilter:                # the widgets → the filter
            return TrainingFilter(text=self.search.text())

        def open_record(self, record_id: int) -> None:             # double-click, Enter
            TrainingDialog(self.ui, record_id, self).open()

        def context_actions(self, record_id: int) -> list:         # right click
            return [(L.OPEN, lambda: self.open_record(record_id), True)]

Typing in the search box waits :attr:`SEARCH_DELAY_MS` (Enter applies at once); a filter
combo applies at once. :meth:`apply_filter` hands the filter to the lazy model
(``LazyTableModel.apply``): the query runs on the reader pool, never on the GUI thread, and
the count follows when the ids arrive. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMenu, QTableView, QWidget

from station_app.services.base import Changes
from station_app.ui import labels
from station_app.ui.context import UiContext
from station_app.ui.labels import PageInfo
from station_app.ui.models.lazy_table import Column, LazyTableModel, RowSource
from station_app.ui.screens.base import Page
from station_app.ui.widgets.plain_text import plain_text
from station_app.ui.widgets.tables import lazy_view, select_row, set_widths_em

MenuAction = tuple[str, Callable[[], object], bool] | None
"""A context-menu entry: (text, slot, enabled); ``None`` is a separator."""


class ListPage(Page):
    """A page or tab built around one lazy list. Subclasses implement :meth:`current_filter`
    and usually :meth:`open_record` and :meth:`context_actions`; the count texts are class
    attributes (``{:,}`` is the number of rows)."""

    SEARCH_DELAY_MS = 250
    COUNT_TEXT = labels.LIST_COUNT
    COUNT_MORE_TEXT = labels.LIST_COUNT_MORE
    LOADING_TEXT = labels.LIST_LOADING
    LOAD_FAILED_TEXT = labels.LIST_LOAD_FAILED

    def __init__(
        self, ui: UiContext, info: PageInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ui, info, parent)
        self.filters: dict[str, QComboBox] = {}
        self.search: QLineEdit | None = None
        self.count_label: QLabel | None = None
        self.menu: QMenu | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)

    # -- parts ----------------------------------------------------------------------------------
    def make_search(self, name: str, placeholder: str) -> QLineEdit:
        """The search box (``self.search``): applied after a pause in typing, or on Enter."""
        search = plain_text(QLineEdit(self))
        search.setObjectName(name)
        search.setPlaceholderText(placeholder)
        search.setClearButtonEnabled(True)
        search.textEdited.connect(self._on_search_text_edited)
        search.returnPressed.connect(self.apply_filter)
        self.search = search
        return search

    def make_filter(
        self, key: str, items: Iterable[tuple[str, object]], *, compact: bool = False
    ) -> QComboBox:
        """A filter combo (``self.filters[key]``) of ``(text, value)`` items, applied at once.
        ``compact``: narrow on the filter row, the full text in its popup."""
        combo = QComboBox(self)
        combo.setObjectName(f"filter_{key}")
        if compact:
            policy = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            combo.setSizeAdjustPolicy(policy)
            combo.setMinimumContentsLength(4)
        for text, value in items:
            combo.addItem(text, value)
        if compact:
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
        combo.currentIndexChanged.connect(self._on_filter_changed)
        self.filters[key] = combo
        return combo

    def make_table(
        self,
        rows: RowSource,
        columns: Sequence[Column],
        *,
        name: str,
        model_class: type[LazyTableModel] = LazyTableModel,
        widths_em: Sequence[float] = (),
        single: bool = True,
        alternating: bool = True,
        fit_rows: bool = True,
        **model_options: object,
    ) -> QTableView:
        """The lazy table (``self.table`` over ``self.model``) of ``rows``: header clicks sort
        in SQL, double-click and Enter open the record, right click shows its menu."""
        self.model = model_class(columns, rows, runner=self.ui.ops, parent=self, **model_options)
        self.model.reloaded.connect(self._on_reloaded)
        self.model.load_failed.connect(self._on_load_failed)
        view = lazy_view(
            self.model, self, name=name, single=single, alternating=alternating, fit_rows=fit_rows
        )
        set_widths_em(view, widths_em)
        view.doubleClicked.connect(lambda index: self._open_id(self.model.id_at(index.row())))
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), view, self._open_current)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_context_menu)
        self.table = view
        return view

    def make_count(self, name: str) -> QLabel:
        """The count under or beside the list (``self.count_label``)."""
        self.count_label = QLabel("", self)
        self.count_label.setObjectName(name)
        return self.count_label

    # -- what a list page says --------------------------------------------------------------------
    def current_filter(self) -> object:
        """The filter the widgets describe now (a frozen dataclass of ``domain/<area>.py``)."""
        raise NotImplementedError

    def open_record(self, record_id: int) -> None:
        """Double-click or Enter on a row."""

    def context_actions(self, record_id: int) -> list[MenuAction]:
        """The right-click menu of a row; empty: no menu."""
        return []

    def count_text(self) -> str:
        if self.model.is_loading:
            return self.COUNT_MORE_TEXT.format(self.model.rowCount())
        return self.COUNT_TEXT.format(self.model.rowCount())

    # -- behaviour ------------------------------------------------------------------------------
    def apply_filter(self) -> None:
        """Show the rows of :meth:`current_filter` (the query runs on the reader pool)."""
        self._timer.stop()
        self.model.apply(self.current_filter())
        if self.model.is_loading and self.count_label is not None:
            self.count_label.setText(self.LOADING_TEXT)

    def update_count(self) -> None:
        if self.count_label is not None:
            self.count_label.setText(self.count_text())

    def _on_search_text_edited(self, _text: str) -> None:
        self._timer.start()

    def _on_filter_changed(self, _index: int) -> None:
        self.apply_filter()

    def _on_reloaded(self) -> None:
        self.update_count()

    def _on_load_failed(self, exc: BaseException) -> None:
        if self.count_label is not None:
            self.count_label.setText(self.LOAD_FAILED_TEXT.format(exc))

    def focus_search(self) -> None:
        if self.search is not None:
            self.search.setFocus()
            self.search.selectAll()

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [rid for r in rows if (rid := self.model.id_at(r)) is not None]

    def export_ids(self, selection: bool) -> list[int] | None:
        """The ids an export writes: the selected rows, or the whole list on screen in its
        order; ``None`` while the whole list is still loading (the service queries it)."""
        if selection:
            return self.selected_ids()
        return None if self.model.is_loading else self.model.id_array.tolist()

    def select_record(self, record_id: int | None) -> bool:
        """Make the row of ``record_id`` current (False if it is not in the list)."""
        row = self.model.row_of(record_id) if record_id is not None else -1
        if row >= 0:
            select_row(self.table, row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    def _open_id(self, record_id: int | None) -> None:
        if record_id is not None:
            self.open_record(record_id)

    def _open_current(self) -> None:
        self._open_id(self.current_id())

    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        record_id = self.model.id_at(index.row()) if index.isValid() else None
        actions = self.context_actions(record_id) if record_id is not None else []
        if not actions:
            return
        menu = QMenu(self)
        for entry in actions:
            if entry is None:
                menu.addSeparator()
                continue
            text, slot, enabled = entry
            action = QAction(text, menu)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            action.setEnabled(enabled)
            menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self.menu = menu

    # -- Page -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.apply_filter()

    def refresh_or_reload(self, changes: Changes, kind: str) -> None:
        """After ``changes`` of ``kind``: repaint only the edited rows when all of them are on
        screen, otherwise run the query again (records were added or deleted)."""
        if not changes.touches(kind, "*"):
            return
        ids = changes.ids.get(kind, frozenset())
        if ids and all(self.model.row_of(i) >= 0 for i in ids) and self._all_exist(ids):
            self.model.refresh_rows(ids)
        else:
            self.apply_filter()

    def _all_exist(self, ids: Iterable[int]) -> bool:
        ids = list(ids)
        return len(self.model.source.fetch_rows(ids)) == len(ids)
