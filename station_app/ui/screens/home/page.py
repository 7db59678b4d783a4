"""首页 (工作台): the station, then tiles that need attention (overdue, due soon, expiring,
out of rule), then charts. Every tile and chart opens the list behind it, filtered.

Charts are QPainter widgets (``ui/widgets/charts.SeriesChart``), built after the window shows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
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
from station_app.ui.widgets.charts import SeriesChart

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


def chart_view(series: Series, parent: QWidget | None = None) -> SeriesChart:
    """A QPainter chart for one series (``ui/widgets/charts``; QtCharts is deprecated since
    Qt 6.10 and costs start-up)."""
    view = SeriesChart(series.title, series.kind, series.points, series.unit, parent)
    view.setToolTip(L.CHART_TIP)
    return view


class HomePage(Page):
    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.dashboard: Dashboard | None = None
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
            view.activated.connect(lambda s=series: self._on_chart_activated(s))
            self.charts.addWidget(view, n // 2, n % 2)
        self.empty.setText(L.EMPTY)
        self.empty.setVisible(not dashboard.tiles and not dashboard.series)

    def _on_chart_activated(self, series: Series) -> None:
        """A double-click on a chart opens the list behind it (after the event is delivered)."""
        page, criteria = series.page, dict(series.criteria)
        QTimer.singleShot(0, lambda: self.open_filtered(page, criteria))

    def _on_tile_activated(self, tile: Tile) -> None:
        self.open_filtered(tile.page, dict(tile.criteria))

    def open_filtered(self, page: str, criteria: dict) -> None:
        self.window().open_filtered(page, criteria)

    def on_changes(self, changes: Changes) -> None:
        if changes:
            self.refresh()


PAGE_CLASS = HomePage
