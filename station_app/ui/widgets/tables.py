"""Tables, made once for every screen.

- :func:`readonly_table` / :func:`fill_table`: small read-only tables of a record's sections
  (licences, grade history, members of a grid): whole rows selected, no editing, text cells,
  the last column stretched. A ``QTableWidget`` is right for tens of rows.
- :func:`lazy_view`: the ``QTableView`` over a :class:`~station_app.ui.models.lazy_table.
  LazyTableModel` (the big lists): rows selected whole, sorting in SQL through the header.
- :func:`select_row`: make a row current and selected (keeps a record selected after reloads).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from station_app.ui.labels import EM

ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def readonly_table(
    headers: Sequence[str],
    rows: Iterable[Sequence] = (),
    parent: QWidget | None = None,
    *,
    single: bool = False,
    fit_contents: bool = False,
) -> QTableWidget:
    """``single``: one row selectable at a time; ``fit_contents``: columns always as wide as
    their contents (otherwise fitted once per fill and resizable by the user)."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    if fit_contents:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    fill_table(table, rows)
    return table


def fill_table(
    table: QTableWidget,
    rows: Iterable[Sequence],
    *,
    ids: Sequence[object] | None = None,
    right: Iterable[int] = (),
    fit: bool = True,
) -> None:
    """Replace the table's rows (``None`` shows as empty) and fit the columns (unless ``fit``
    is False: the widths stay as set). ``ids[r]`` is kept as row ``r``'s ``UserRole`` data (on
    every cell); columns in ``right`` align right."""
    rows = list(rows)
    right = set(right)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if ids is not None:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            if c in right:
                item.setTextAlignment(ALIGN_RIGHT)
            table.setItem(r, c, item)
    interactive = QHeaderView.ResizeMode.Interactive
    if fit and table.columnCount() and table.horizontalHeader().sectionResizeMode(0) == interactive:
        table.resizeColumnsToContents()  # (a self-sizing or stretched table sizes itself)


def row_data(table: QTableWidget, row: int | None = None) -> object:
    """The ``UserRole`` data of ``row`` (default: the current row), or ``None``."""
    row = table.currentRow() if row is None else row
    item = table.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item else None


def lazy_view(
    model: QAbstractItemModel,
    parent: QWidget | None,
    *,
    name: str,
    single: bool = True,
    alternating: bool = True,
    fit_rows: bool = True,
) -> QTableView:
    """A view over a lazy model. A header click sorts through ``model.sort`` (in SQL); the
    indicator starts unset (the source's default order). ``single``: one row at a time;
    ``fit_rows``: rows as high as one line of text (not the style's default height)."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(alternating)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    if fit_rows:
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setSortIndicatorShown(True)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    header.setStretchLastSection(True)
    header.sortIndicatorChanged.connect(model.sort)
    return view


def set_widths_em(view: QTableView, widths: Sequence[float]) -> None:
    """Column widths in Chinese characters (so they follow the font size)."""
    em = view.fontMetrics().horizontalAdvance(EM)
    for col, width in enumerate(widths):
        view.setColumnWidth(col, int(width * em) + 12)


def select_row(view: QTableView, row: int) -> None:
    """Make ``row`` the current, selected row (whole row)."""
    view.selectionModel().setCurrentIndex(
        view.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
