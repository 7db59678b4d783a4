"""A table model for big lists: an ordered id array plus a small cache of row pages.

DESIGN §5, after Anki's browser table: the model holds only the ids of the rows in display
order (``array('q')``: 8 MB per million rows) and fetches the visible rows a page of 256 at a
time with one ``WHERE id IN (...)`` query. Sorting and filtering happen in SQL: a header
click re-runs the id query ordered by that column; clicking it again only reverses the array.
Never put a ``QSortFilterProxyModel`` over this model: it would read every row.
"""

from __future__ import annotations

import logging
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from station_app.ui.widgets.labels import NO, YES

if TYPE_CHECKING:
    from station_app.ui.ops import Runner

log = logging.getLogger(__name__)

PAGE_SIZE = 256
MAX_PAGES = 64
IdRole = int(Qt.ItemDataRole.UserRole) + 1
"""``data(index, IdRole)`` is the row's record id."""

ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def format_value(value: object) -> str:
    """Default cell text: ``None`` → empty, ``bool`` → 是/否, anything else ``str()``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column: ``key`` is passed to ``RowSource.fetch_ids`` as the sort key; ``label`` is
    the Chinese header; ``formatter`` turns a non-``None`` value into cell text."""

    key: str
    label: str
    alignment: Qt.AlignmentFlag = ALIGN_LEFT
    formatter: Callable[[Any], str] | None = None
    sortable: bool = True

    def text(self, value: object) -> str:
        if value is None or self.formatter is None:
            return format_value(value)
        return self.formatter(value)


class RowSource(Protocol):
    """Where a :class:`LazyTableModel` gets its data: a service's ``rows(filter)`` (the
    ``Rows`` contract of ``services.base``: these two methods, ``with_filter`` for
    :meth:`LazyTableModel.apply` and ``count``).

    ``fetch_ids`` may run on a reader-pool thread: it must open its own Session. A source may
    also offer ``fetch_first_ids(sort_key, descending, limit)`` (the first ``limit`` ids of
    ``fetch_ids``, much quicker on a million rows): :meth:`LazyTableModel.apply` then shows the
    first page before the whole id list has arrived."""

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        """Ids matching the current filter, ordered by ``sort_key`` (then id) in SQL;
        ``None`` means the default order. Descending must be the exact reverse."""
        ...

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        """Rows for ``ids`` keyed by id, each a tuple in column order; missing ids are
        simply absent (deleted since the id query)."""
        ...


def _as_id_array(ids: Iterable[int]) -> array:
    if isinstance(ids, array) and ids.typecode == "q":
        return ids
    return array("q", ids)


def _spans(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows → contiguous ``(first, last)`` spans."""
    spans: list[tuple[int, int]] = []
    for row in rows:
        if spans and spans[-1][1] == row - 1:
            spans[-1] = (spans[-1][0], row)
        else:
            spans.append((row, row))
    return spans


class LazyTableModel(QAbstractTableModel):
    """Read-only table over a :class:`RowSource`, fast at 1,000,000 rows. GUI thread only.

    :meth:`apply` shows the rows of a new filter (the source's ``with_filter``); :meth:`reload`
    re-runs the id query as it is (after data changed). With a ``runner``
    (:class:`~station_app.ui.ops.Runner`) the id query runs on the reader pool and the old
    rows stay on screen until the new ids arrive (:attr:`reloaded`, or :attr:`load_failed`
    with the exception); without one it runs synchronously. Row pages are always fetched
    synchronously in :meth:`data` (a ``WHERE id IN`` page takes well under a millisecond).

    :attr:`reloaded` follows every new id list on screen, including the first page that
    :meth:`apply` may show early; :attr:`is_loading` is still True then."""

    reloaded = Signal()
    load_failed = Signal(object)

    def __init__(
        self,
        columns: Sequence[Column],
        source: RowSource,
        *,
        runner: Runner | None = None,
        max_pages: int = MAX_PAGES,
        parent: QAbstractItemModel | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._source = source
        self._runner = runner
        self._max_pages = max_pages
        self._ids = array("q")
        self._pages: OrderedDict[int, list[tuple | None]] = OrderedDict()
        self._sort_column = -1
        self._descending = False
        self._ids_sort: tuple[str | None, bool] = (None, False)  # the order _ids is in
        self._generation = 0  # bumped by every reload; stale results are dropped
        self._loaded_generation = 0

    # --- public API -------------------------------------------------------------------

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    @property
    def id_array(self) -> array:
        """The ordered ids on display (do not modify)."""
        return self._ids

    @property
    def is_loading(self) -> bool:
        """True while an asynchronous id query is on its way."""
        return self._generation != self._loaded_generation

    @property
    def cached_page_count(self) -> int:
        return len(self._pages)

    @property
    def source(self) -> RowSource:
        return self._source

    def apply(self, flt: object) -> None:
        """Show the rows matching ``flt`` in the current sort order: the source takes the
        filter (``with_filter``), then the ids are fetched as by :meth:`reload`, except that
        a source with ``fetch_first_ids`` puts its first page on screen first. GUI thread."""
        self._source = self._source.with_filter(flt)  # type: ignore[attr-defined]
        first = getattr(self._source, "fetch_first_ids", None)
        if first is None or self._runner is None:
            self.reload()
            return
        gen, key, desc = self._next_query()
        self._runner.run_read(
            lambda _progress: first(key, desc, PAGE_SIZE),
            on_done=lambda ids: self._on_first_ids_fetched(gen, key, desc, ids),
            on_error=lambda exc: self._on_ids_failed(gen, exc),
        )

    def reload(self) -> None:
        """Re-run the id query (current filter and sort); via the runner when there is one."""
        if self._runner is None:
            self.reload_sync()
            return
        self._fetch_all(*self._next_query())

    def _fetch_all(self, gen: int, key: str | None, desc: bool) -> None:
        source = self._source
        self._runner.run_read(
            lambda _progress: source.fetch_ids(key, desc),
            on_done=lambda ids: self._on_ids_fetched(gen, key, desc, ids),
            on_error=lambda exc: self._on_ids_failed(gen, exc),
        )

    def reload_sync(self) -> None:
        """Re-run the id query now, on this thread."""
        gen, key, desc = self._next_query()
        self._on_ids_fetched(gen, key, desc, self._source.fetch_ids(key, desc))

    def set_ids(self, ids: Iterable[int]) -> None:
        """Install ids fetched elsewhere (in the current sort order); resets the view."""
        self._generation += 1
        self._loaded_generation = self._generation
        self._ids_sort = (self._sort_key(), self._descending)
        self._reset_to(_as_id_array(ids))

    def row_values(self, row: int) -> tuple | None:
        """The source's tuple for ``row`` (fetching its page if needed; ``None`` if gone).
        For subclasses that colour rows by values after the columns."""
        if not 0 <= row < len(self._ids):
            return None
        return self._page(row // PAGE_SIZE)[row % PAGE_SIZE]

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int:
        """Row of ``record_id``, or -1. A linear scan in C (about 15 ms per million rows),
        chosen over a dict, which would cost ~60 MB per million ids: fine for selection
        restore, not for per-row loops."""
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def invalidate_ids(self, ids: Iterable[int]) -> list[int]:
        """Drop cached pages holding any of ``ids``; return the cached rows concerned.

        Only cached rows can be on screen, so no other row needs repainting."""
        wanted = set(ids)
        rows: list[int] = []
        for page_no, page in list(self._pages.items()):
            start = page_no * PAGE_SIZE
            hits = [
                start + i
                for i, rid in enumerate(self._ids[start : start + len(page)])
                if rid in wanted
            ]
            if hits:
                del self._pages[page_no]
                rows.extend(hits)
        return sorted(rows)

    def refresh_rows(self, ids: Iterable[int]) -> None:
        """Re-read the rows of ``ids`` (edited records) and repaint them. For added or
        deleted records call :meth:`reload` instead: the id list itself changed."""
        last_col = len(self._columns) - 1
        for first, last in _spans(self.invalidate_ids(ids)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_col))

    def refresh_all(self) -> None:
        """Forget every cached row and repaint (same ids, contents may have changed)."""
        self._pages.clear()
        if self._ids and self._columns:
            bottom_right = self.index(len(self._ids) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), bottom_right)

    # --- Qt model interface -----------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return super().headerData(section, orientation, role)
        if not 0 <= section < len(self._columns):
            return None
        if role == _DISPLAY:
            return self._columns[section].label
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == IdRole:
            return self._ids[index.row()]
        if role == _ALIGN:
            return self._columns[index.column()].alignment.value
        if role == _DISPLAY:
            return self._cell_text(index.row(), index.column())
        if role == _TOOLTIP:
            return self._cell_text(index.row(), index.column()) or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by ``column`` in SQL; flipping the direction only reverses the id array.
        ``column`` -1 restores the source's default order; unsortable columns are ignored."""
        if 0 <= column < len(self._columns) and not self._columns[column].sortable:
            return
        self._sort_column = column if 0 <= column < len(self._columns) else -1
        self._descending = order == Qt.SortOrder.DescendingOrder
        key, desc = self._sort_key(), self._descending
        if self.is_loading or key != self._ids_sort[0]:
            self.reload()
        elif desc != self._ids_sort[1]:
            self._reverse()

    # --- internals --------------------------------------------------------------------

    def _sort_key(self) -> str | None:
        return self._columns[self._sort_column].key if self._sort_column >= 0 else None

    def _next_query(self) -> tuple[int, str | None, bool]:
        self._generation += 1
        return self._generation, self._sort_key(), self._descending

    def _on_ids_fetched(self, gen: int, key: str | None, desc: bool, ids: Iterable[int]) -> None:
        if gen != self._generation or not shiboken6.isValid(self):
            return  # a newer query was started, or the model is gone
        self._loaded_generation = gen
        self._ids_sort = (key, desc)
        self._reset_to(_as_id_array(ids))

    def _on_first_ids_fetched(
        self, gen: int, key: str | None, desc: bool, ids: Iterable[int]
    ) -> None:
        if gen != self._generation or not shiboken6.isValid(self):
            return
        ids = _as_id_array(ids)
        if len(ids) < PAGE_SIZE:  # that is the whole list
            self._on_ids_fetched(gen, key, desc, ids)
            return
        self._ids_sort = (key, desc)
        self._reset_to(ids)  # still loading: the full list follows
        self._fetch_all(gen, key, desc)

    def _on_ids_failed(self, gen: int, exc: BaseException) -> None:
        if gen != self._generation or not shiboken6.isValid(self):
            return
        self._loaded_generation = gen
        self.load_failed.emit(exc)

    def _reset_to(self, ids: array) -> None:
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()
        self.reloaded.emit()

    def _reverse(self) -> None:
        """Flip the order in place, keeping selection and current item on their records."""
        self.layoutAboutToBeChanged.emit()
        last = len(self._ids) - 1
        old = self.persistentIndexList()
        new = [self.index(last - i.row(), i.column()) for i in old]
        self._ids.reverse()
        self._pages.clear()
        self._ids_sort = (self._ids_sort[0], not self._ids_sort[1])
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _cell_text(self, row: int, column: int) -> str:
        values = self.row_values(row)
        if values is None:
            return ""  # deleted since the id query
        value = values[column] if column < len(values) else None
        return self._columns[column].text(value)

    def _page(self, page_no: int) -> list[tuple | None]:
        page = self._pages.get(page_no)
        if page is not None:
            self._pages.move_to_end(page_no)
            return page
        page = self._fetch_page(page_no)
        self._pages[page_no] = page
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)
        return page

    def _fetch_page(self, page_no: int) -> list[tuple | None]:
        start = page_no * PAGE_SIZE
        ids = self._ids[start : start + PAGE_SIZE].tolist()
        try:
            rows = self._source.fetch_rows(ids)
        except Exception:
            # Raising inside data() would repeat on every repaint; show empty cells until
            # the next reload or refresh instead.
            log.exception("fetching rows %d..%d failed", start, start + len(ids) - 1)
            rows = {}
        return [rows.get(rid) for rid in ids]
