"""工单 (work orders on an hour clock, #14): the list with filters by kind, state, grid and
due; the time left of each order (overdue in red, within the hour orange, within a day
yellow, paused grey), repainted every minute; Ctrl+N registers, Enter opens the order window
with its clocks, timeline and steps. GUI thread only."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from station_app.domain.orders import clocks as ck
from station_app.domain.orders.listing import LIST_COLUMNS, OrderFilter
from station_app.domain.orders.timing import fmt_time
from station_app.services.base import Changes
from station_app.services.orders import KIND
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column, LazyTableModel
from station_app.ui.screens.list_page import ListPage
from station_app.ui.screens.orders import labels as L
from station_app.ui.screens.orders.order_dialog import OrderDialog
from station_app.ui.screens.orders.register import register_form

_SORTABLE = {"number", "kind", "received_at", "grid", "state", "due", "rework"}
_CENTER = {"kind", "state", "rework", "received_at", "due"}
COLUMNS = tuple(
    Column(
        key, L.COLUMN_LABELS[key], ALIGN_CENTER if key in _CENTER else ALIGN_LEFT,
        formatter=fmt_time if key in ("received_at", "due") else None,
        sortable=key in _SORTABLE,
    )
    for key in LIST_COLUMNS
)  # fmt: skip
WIDTHS = (7.5, 5.5, 8, 9, 11, 10, 6, 4, 4, 10, 8, 2.5, 6)  # em: nothing elided at 1920 px
TIME_LEFT = LIST_COLUMNS.index("time_left")
COLOURS = {  # urgency → (text of the 剩余时间 column, row background)
    ck.U_OVERDUE: (QColor("#b00020"), QColor("#fde7ea")),
    ck.U_HOUR: (QColor("#b26a00"), QColor("#fff4e0")),
    ck.U_DAY: (QColor("#7a6400"), None),
    ck.U_PAUSED: (QColor("#666666"), QColor("#f0f0f0")),
}
REPAINT_MS = 60_000


class OrderTableModel(LazyTableModel):
    """Colours each row by the urgency it carries after its columns."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
            return super().data(index, role)
        values = self.row_values(index.row())
        fg_bg = COLOURS.get(values[-1]) if values else None
        if fg_bg is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(fg_bg[1]) if fg_bg[1] is not None else None
        return QBrush(fg_bg[0]) if index.column() == TIME_LEFT else None


class OrdersPage(ListPage):
    COUNT_TEXT = L.COUNT
    LOAD_FAILED_TEXT = L.LOAD_FAILED

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.svc = ui.services.orders
        self.dialog: OrderDialog | None = None
        self.form = None
        self.tile = QLabel(self)
        self.tile.setObjectName("ordersTile")
        self.body.addWidget(self.tile)
        self.body.addLayout(self._toolbar())
        view = self.make_table(
            self.svc.rows(OrderFilter()), COLUMNS, name="orderTable",
            model_class=OrderTableModel, widths_em=WIDTHS, alternating=False,
        )  # fmt: skip
        self.body.addWidget(view, 1)
        self.body.addWidget(self.make_count("orderCount"))
        for keys, slot in (
            (QKeySequence.StandardKey.New, self.new_order),
            (QKeySequence.StandardKey.Find, self.focus_search),
        ):
            QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.timer = QTimer(self)
        self.timer.setInterval(REPAINT_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.make_search("orderSearch", L.SEARCH_HINT), 1)
        for key, items in (
            ("kind", L.KIND_FILTERS),
            ("state", L.STATE_FILTERS),
            ("due", L.DUE_CHOICES),
        ):
            row.addWidget(self.make_filter(key, items))
        self.new_button = QPushButton(L.NEW, self)
        self.new_button.setObjectName("newOrder")
        self.new_button.clicked.connect(self.new_order)
        self.new_button.setEnabled(self.ui.app.auth.can("orders.register"))
        row.addWidget(self.new_button)
        self.import_button = QPushButton(L.IMPORT, self)
        self.import_button.setObjectName("importOrders")
        self.import_button.clicked.connect(lambda: self.import_platform())
        self.import_button.setEnabled(self.ui.app.auth.can("orders.import"))
        row.addWidget(self.import_button)
        return row

    def import_platform(self, path=None) -> None:
        """导入平台工单: the file chooser (or ``path``), a dry run, confirm, import."""
        from station_app.ui.screens.orders.platform_import import OrderImportFlow

        self.importer = OrderImportFlow(self.ui, self)
        self.importer.start(path)

    def current_filter(self) -> OrderFilter:
        f = self.filters
        return OrderFilter(
            text=self.search.text() if self.search else "",
            kind=f["kind"].currentData(),
            state=f["state"].currentData(),
            due=f["due"].currentData(),
            now=self.svc.now(),
        )

    def filter_to(self, criteria: dict) -> None:
        """A home tile's criteria (``{"due": "overdue"}``): that 到期 filter, nothing else."""
        combo = self.filters["due"]
        combo.setCurrentIndex(max(0, combo.findData(criteria.get("due"))))
        self.apply_filter()

    def refresh(self) -> None:
        counts = self.svc.home_counts()
        self.tile.setText(L.HOME_TILE.format(**counts))
        self.apply_filter()

    def open_record(self, record_id: int) -> None:
        row = self.model.source.fetch_rows([record_id]).get(record_id)
        if row is None:
            return
        self.dialog = OrderDialog(self.ui, row[0], self)
        self.dialog.open()

    def context_actions(self, record_id: int):
        return [(L.OPEN_MENU, lambda: self.open_record(record_id), True)]

    def new_order(self) -> None:
        self.form = register_form(self.ui, self, self.svc.now())
        self.form.open()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(KIND):
            self.refresh()


PAGE_CLASS = OrdersPage
