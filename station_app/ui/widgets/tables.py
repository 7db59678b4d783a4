"""Small read-only tables of a record's sections (licences, grade history, a card's lists of
related records): whole rows selected, no editing, text cells, the last column stretched."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget


def readonly_table(
    headers: Sequence[str], rows: Iterable[Sequence] = (), parent: QWidget | None = None
) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    fill_table(table, rows)
    return table


def fill_table(table: QTableWidget, rows: Iterable[Sequence]) -> None:
    """Replace the table's rows (``None`` shows as empty) and fit the columns."""
    rows = list(rows)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    table.resizeColumnsToContents()
