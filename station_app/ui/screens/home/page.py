"""首页 (工作台): the station, then tiles that need attention (overdue, due soon, expiring,
out of rule), then charts. Every tile and chart opens the list behind it, filtered.

Charts (QtCharts) are built after the window is shown, so start-up does not pay for them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QFont, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.services.base import Changes
from station_app.services.dashboard import ALERT, OK, WARN, Dashboard, Series, Tile
from station_app.ui import labels
from station_app.ui.screens.base import Page, card, heading
from station_app.ui.screens.home import labels as L

LEVEL_COLOURS = {ALERT: "#b00020", WARN: "#b26a00", OK: "#1f5fbf"}
TILE_COLUMNS = 4


class TileWidget(QFrame):
    """One clickable count. GUI thread only."""

    activated = Signal(object)

    def __init__(self, tile: Tile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile = tile
        self.setObjectName("card")
        self.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        self.setToolTip(L.TILE_TIP)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        title = QLabel(tile.title, self)
        value = QLabel(str(tile.value), self)
        font = QFont(value.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        value.setFont(font)
        value.setStyleSheet(f"color: {LEVEL_COLOURS.get(tile.level, '#333333')};")
        value.setObjectName(f"tileValue_{tile.key}")
        lay.addWidget(title)
        lay.addWidget(value)
        if tile.note:
            note = QLabel(tile.note, self)
            note.setObjectName("pageSummary")
            note.setWordWrap(True)
            lay.addWidget(note)
        lay.addStretch(1)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit(self.tile)
        super().mouseReleaseEvent(event)


def chart_view(series: Series, parent: QWidget | None = None) -> QWidget:
    """A QtCharts view for one series (imported here: only the home page needs QtCharts)."""
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QBarSeries,
        QBarSet,
        QChart,
        QChartView,
        QLineSeries,
        QPieSeries,
        QValueAxis,
    )
    from PySide6.QtGui import QPainter

    chart = QChart()
    chart.setTitle(series.title)
    chart.legend().setVisible(series.kind == "pie")
    if series.kind == "pie":
        pie = QPieSeries()
        for label, value in series.points:
            pie.append(f"{label} {value:g}", value)
        chart.addSeries(pie)
    else:
        data = QLineSeries() if series.kind == "line" else QBarSeries()
        if series.kind == "line":
            for n, (_label, value) in enumerate(series.points):
                data.append(n, value)
        else:
            bars = QBarSet(series.title)
            bars.append([value for _label, value in series.points])
            data.append(bars)
        chart.addSeries(data)
        axis_x = QBarCategoryAxis()
        axis_x.append([label for label, _value in series.points])
        axis_y = QValueAxis()
        values = [v for _l, v in series.points]
        integers = all(float(v).is_integer() for v in values)
        axis_y.setRange(0, (max(values, default=1) or 1) * 1.1)
        axis_y.applyNiceNumbers()
        if series.unit == "%":
            axis_y.setRange(0, 100)
        axis_y.setLabelFormat("%d" if integers or max(values, default=0) >= 100 else "%.1f")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        data.attachAxis(axis_x)
        data.attachAxis(axis_y)
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(240)
    view.setToolTip(L.CHART_TIP)
    return view


class HomePage(Page):
    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.dashboard: Dashboard | None = None
        self._series_by_viewport: dict = {}
        self.body.addWidget(self._station_strip())
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget(scroll)
        self.content = QVBoxLayout(inner)
        self.tiles = QGridLayout()
        self.content.addLayout(self.tiles)
        self.empty = QLabel(L.LOADING, inner)  # "nothing to see" only once the board is in
        self.empty.setObjectName("homeStatus")
        self.empty.setWordWrap(True)
        self.content.addWidget(self.empty)
        self.charts = QGridLayout()
        self.charts.setColumnStretch(0, 1)
        self.charts.setColumnStretch(1, 1)
        self.content.addLayout(self.charts)
        self.content.addStretch(1)
        scroll.setWidget(inner)
        self.body.addWidget(scroll, 1)
        self._load_station()
        QTimer.singleShot(0, self.refresh)

    # -- station --------------------------------------------------------------------------
    def _station_strip(self) -> QFrame:
        frame, lay = card(self)
        row = QHBoxLayout()
        self._station = heading("", frame)
        self._details = QLabel(frame)
        self._details.setObjectName("pageSummary")
        edit = QPushButton(L.EDIT_STATION, frame)
        edit.clicked.connect(lambda: self.window().show_page("settings"))
        edit.setVisible(self.ui.app.auth.can("station.edit"))
        row.addWidget(self._station)
        row.addWidget(self._details, 1)
        row.addWidget(edit)
        lay.addLayout(row)
        return frame

    def _load_station(self) -> None:
        profile = self.ui.services.station.get_profile()
        name = profile.name if profile else labels.NO_STATION
        if profile and profile.is_demo:
            name += L.BADGE.format(labels.DEMO_BADGE)
        self._station.setText(name)
        parts = [profile.county_bureau, profile.address, profile.phone] if profile else []
        self._details.setText(labels.IDEOGRAPHIC_SPACE.join(p for p in parts if p))

    # -- dashboard ------------------------------------------------------------------------
    def refresh(self) -> None:
        self._load_station()
        services = self.ui.services
        if self.dashboard is None:
            self.empty.setText(L.LOADING)
            self.empty.show()
        self.ui.ops.run_read(  # services.dashboard is built (and its modules imported) there too
            lambda _p: services.dashboard.build(),
            on_done=self.show_dashboard,
            on_error=self._on_load_failed,
            parent=self,
        )

    def _on_load_failed(self, exc: BaseException) -> None:
        """A StationError says what is wrong; anything else goes to the error dialog too."""
        from station_app.errors import StationError
        from station_app.ui.errors import show_error

        reason = exc.message if isinstance(exc, StationError) else labels.UNEXPECTED_ERROR
        self.empty.setText(L.LOAD_FAILED.format(reason))
        self.empty.show()
        if not isinstance(exc, StationError):
            show_error(self, exc)

    def show_dashboard(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        self._series_by_viewport = {}  # before the old views are deleted below
        for layout in (self.tiles, self.charts):
            while layout.count():
                widget = layout.takeAt(0).widget()
                if widget is not None:
                    widget.setParent(None)  # gone from the page at once, freed later
                    widget.deleteLater()
        for n, tile in enumerate(dashboard.tiles):
            widget = TileWidget(tile, self)
            widget.activated.connect(self._on_tile_activated)
            self.tiles.addWidget(widget, n // TILE_COLUMNS, n % TILE_COLUMNS)
        for n, series in enumerate(dashboard.series):
            view = chart_view(series, self)
            view.viewport().installEventFilter(self)
            self._series_by_viewport[view.viewport()] = series
            self.charts.addWidget(view, n // 2, n % 2)
        self.empty.setText(L.EMPTY)
        self.empty.setVisible(not dashboard.tiles and not dashboard.series)

    def eventFilter(self, watched, event) -> bool:
        """A double-click on a chart opens the list behind it."""
        series = self._series_by_viewport.get(watched)
        if series is not None and event.type() == QEvent.Type.MouseButtonDblClick:
            # Navigate after the event is delivered, not inside the chart's own event handling.
            page, criteria = series.page, dict(series.criteria)
            QTimer.singleShot(0, lambda: self.open_filtered(page, criteria))
            return True
        return super().eventFilter(watched, event)

    def _on_tile_activated(self, tile: Tile) -> None:
        self.open_filtered(tile.page, dict(tile.criteria))

    def open_filtered(self, page: str, criteria: dict) -> None:
        self.window().open_filtered(page, criteria)

    def on_changes(self, changes: Changes) -> None:
        if changes:
            self.refresh()


PAGE_CLASS = HomePage
