"""Charts drawn with QPainter (QtCharts is deprecated since Qt 6.10; pyqtgraph would add numpy,
~83 MB and ~0.7 s of import — docs/areas/prices.md §8): the price curve of a subject and the
home page's bar, line and pie charts. GUI thread only.

Lines are painted as separate segments (``drawLines``): one antialiased ``drawPolyline`` of a
year of days took ~230 ms a repaint on our machines, segments ~7 ms.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from station_app.domain.prices.chart import ChartData, nice_ticks
from station_app.domain.prices.money import yuan
from station_app.domain.prices.windows import HOLIDAY
from station_app.ui.widgets import labels as WL

WINDOW_FILL = QColor("#fde2e2")
EVENT_FILL = QColor("#fff1c9")
BAND_FILL = QColor("#e3e8ef")
MEDIAN = QColor("#8a94a6")
LINE = QColor("#1f5fbf")
RANGE = QColor("#9db8e6")
BASELINE = QColor("#2e7d32")
THRESHOLD = QColor("#e07b00")
FLAG = QColor("#c62828")
AXIS = QColor("#555555")
GRID = QColor("#dddddd")
PALETTE = ("#1f5fbf", "#e07b00", "#2e7d32", "#c62828", "#6a3d9a", "#00838f", "#8d6e63", "#9e9d24")
EMPTY_TEXT = WL.CHART_EMPTY


class _Frame:
    """The plot rectangle inside a widget and the value → pixel mapping."""

    def __init__(self, rect: QRectF, x_max: float, y_min: float, y_max: float) -> None:
        self.rect, self.x_max, self.y_min, self.y_max = rect, x_max or 1, y_min, y_max

    def x(self, value: float) -> float:
        return self.rect.left() + value / self.x_max * self.rect.width()

    def y(self, value: float) -> float:
        span = (self.y_max - self.y_min) or 1
        return self.rect.bottom() - (value - self.y_min) / span * self.rect.height()


class PriceCurve(QWidget):
    """A subject's curve: holiday windows shaded, the group's 25–75 % band and median, the day's
    low–high bars and average line, baselines with their threshold, flags. Hover: the day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ChartData | None = None
        self.setMouseTracking(True)
        self.setMinimumHeight(260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setObjectName("priceCurve")

    def sizeHint(self) -> QSize:
        return QSize(720, 320)

    def set_data(self, data: ChartData | None) -> None:
        self.data = data
        self.update()

    def _frame(self) -> _Frame | None:
        if self.data is None:
            return None
        fm = QFontMetricsF(self.font())
        left = fm.horizontalAdvance("10,000") + 12
        top, bottom = fm.height() * 2.6, fm.height() * 3.4
        rect = QRectF(
            left, top, max(10.0, self.width() - left - 12), max(10.0, self.height() - top - bottom)
        )
        return _Frame(rect, self.data.days, self.data.y_min, self.data.y_max)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        frame, data = self._frame(), self.data
        if frame is None or data is None:
            p.end()
            return
        self._windows(p, frame, data)
        self._band(p, frame, data)
        self._axes(p, frame, data)
        self._baselines(p, frame, data)
        self._series(p, frame, data)
        self._flags(p, frame, data)
        self._legend(p, frame, data)
        if data.empty:
            p.setPen(AXIS)
            p.drawText(frame.rect, Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)
        p.end()

    def _day_x(self, f: _Frame, day: date) -> float:
        assert self.data is not None
        return f.x(self.data.x_of(day))

    def _windows(self, p: QPainter, f: _Frame, data: ChartData) -> None:
        half = f.rect.width() / data.days / 2
        fm = QFontMetricsF(self.font())
        ends = [-1e9, -1e9]
        for w in data.windows:
            x0 = self._day_x(f, max(w.first, data.first)) - half
            x1 = self._day_x(f, min(w.last, data.last)) + half
            p.fillRect(
                QRectF(x0, f.rect.top(), x1 - x0, f.rect.height()),
                WINDOW_FILL if w.kind == HOLIDAY else EVENT_FILL,
            )
            width, mid = fm.horizontalAdvance(w.name), (x0 + x1) / 2
            row = 0 if mid - width / 2 > ends[0] + 4 else 1
            ends[row] = mid + width / 2
            p.setPen(FLAG)
            y = f.rect.top() - 4 - row * fm.height()
            p.drawText(QPointF(mid - width / 2, y), w.name)

    def _band(self, p: QPainter, f: _Frame, data: ChartData) -> None:
        if len(data.band) < 2:
            return
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(BAND_FILL))
        for run in _runs([data.x_of(b.day) for b in data.band]):
            band = [data.band[i] for i in run]
            if len(band) < 2:
                continue
            upper = [QPointF(self._day_x(f, b.day), f.y(b.p75_fen)) for b in band]
            lower = [QPointF(self._day_x(f, b.day), f.y(b.p25_fen)) for b in reversed(band)]
            p.drawPolygon(QPolygonF(upper + lower))
        p.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(MEDIAN, 1, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLines(
            _segments([(self._day_x(f, b.day), f.y(b.median_fen)) for b in data.band], data, f)
        )

    def _axes(self, p: QPainter, f: _Frame, data: ChartData) -> None:
        fm = QFontMetricsF(self.font())
        for tick in data.y_ticks:
            y = f.y(tick.value)
            p.setPen(QPen(GRID, 0.8))
            p.drawLine(QLineF(f.rect.left(), y, f.rect.right(), y))
            p.setPen(AXIS)
            w = fm.horizontalAdvance(tick.label)
            p.drawText(QPointF(f.rect.left() - w - 6, y + fm.ascent() / 2 - 1), tick.label)
        p.setPen(QPen(AXIS, 1))
        p.drawLine(QLineF(f.rect.bottomLeft(), f.rect.bottomRight()))
        p.drawLine(QLineF(f.rect.bottomLeft(), f.rect.topLeft()))
        for tick in data.x_ticks:
            x = f.x(tick.value)
            p.drawLine(QLineF(x, f.rect.bottom(), x, f.rect.bottom() + 4))
            w = fm.horizontalAdvance(tick.label)
            p.drawText(QPointF(x - w / 2, f.rect.bottom() + 4 + fm.ascent()), tick.label)
        p.drawText(QPointF(4, f.rect.top() - fm.height() * 1.6), WL.CHART_Y_AXIS.format(data.unit))

    def _baselines(self, p: QPainter, f: _Frame, data: ChartData) -> None:
        half = f.rect.width() / data.days / 2
        for b in data.baselines:
            x0 = self._day_x(f, max(b.first, data.first)) - half
            x1 = self._day_x(f, min(b.last, data.last)) + half
            p.setPen(QPen(BASELINE, 2))
            p.drawLine(QLineF(x0, f.y(b.value_fen), x1, f.y(b.value_fen)))
            if b.threshold_fen is not None:
                p.setPen(QPen(THRESHOLD, 1.5, Qt.PenStyle.DashLine))
                p.drawLine(QLineF(x0, f.y(b.threshold_fen), x1, f.y(b.threshold_fen)))

    def _series(self, p: QPainter, f: _Frame, data: ChartData) -> None:
        p.setPen(QPen(RANGE, 2.2))
        p.drawLines([
            QLineF(self._day_x(f, d.day), f.y(d.low_fen), self._day_x(f, d.day), f.y(d.high_fen))
            for d in data.points
            if d.high_fen != d.low_fen
        ])  # fmt: skip
        p.setPen(QPen(LINE, 1.8))
        p.drawLines(
            _segments([(self._day_x(f, d.day), f.y(d.mean_fen)) for d in data.points], data, f)
        )

    def _flags(self, p: QPainter, f: _Frame, data: ChartData) -> None:
        p.setPen(QPen(Qt.GlobalColor.white, 1))
        p.setBrush(QBrush(FLAG))
        for flag in data.flags:
            p.drawEllipse(QPointF(self._day_x(f, flag.day), f.y(flag.price_fen)), 4, 4)
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _legend(self, p: QPainter, f: _Frame, data: ChartData) -> None:
        fm = QFontMetricsF(self.font())
        items = [(LINE, "line", WL.CHART_LEGEND_LINE)]
        if data.band:
            items.append((BAND_FILL, "rect", WL.CHART_LEGEND_BAND))
        if data.baselines:
            items += [
                (BASELINE, "line", WL.CHART_LEGEND_BASELINE),
                (THRESHOLD, "dash", WL.CHART_LEGEND_THRESHOLD),
            ]
        if any(w.kind == HOLIDAY for w in data.windows):
            items.append((WINDOW_FILL, "rect", WL.CHART_LEGEND_HOLIDAY))
        if any(w.kind != HOLIDAY for w in data.windows):
            items.append((EVENT_FILL, "rect", WL.CHART_LEGEND_EVENT))
        if data.flags:
            items.append((FLAG, "dot", WL.CHART_LEGEND_FLAG))
        x, y = f.rect.left(), f.rect.bottom() + fm.height() * 2.6
        for colour, kind, label in items:
            if kind == "rect":
                p.fillRect(QRectF(x, y - fm.ascent() * 0.7, 14, fm.ascent() * 0.7), colour)
            elif kind == "dot":
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QBrush(colour))
                p.drawEllipse(QPointF(x + 7, y - fm.ascent() * 0.35), 4, 4)
                p.setBrush(Qt.BrushStyle.NoBrush)
            else:
                style = Qt.PenStyle.DashLine if kind == "dash" else Qt.PenStyle.SolidLine
                p.setPen(QPen(colour, 2, style))
                p.drawLine(QLineF(x, y - fm.ascent() * 0.35, x + 14, y - fm.ascent() * 0.35))
            p.setPen(AXIS)
            p.drawText(QPointF(x + 18, y), label)
            x += 18 + fm.horizontalAdvance(label) + 16

    def day_at(self, x: float) -> date | None:
        """The day under pixel ``x`` (None outside the plot)."""
        frame, data = self._frame(), self.data
        if frame is None or data is None or not frame.rect.left() <= x <= frame.rect.right():
            return None
        offset = int((x - frame.rect.left()) / frame.rect.width() * data.days)
        return date.fromordinal(data.first.toordinal() + min(offset, data.days - 1))

    def describe_day(self, day: date) -> str:
        """The tooltip of ``day``: the subject's prices, the group's median, flags."""
        assert self.data is not None
        lines = [day.isoformat()]
        point = next((d for d in self.data.points if d.day == day), None)
        if point is None:
            lines.append(WL.CHART_DAY_EMPTY)
        else:
            lines.append(
                WL.CHART_DAY_POINT.format(
                    yuan(point.mean_fen), yuan(point.low_fen), yuan(point.high_fen), point.n
                )
            )
        band = next((b for b in self.data.band if b.day == day), None)
        if band is not None:
            lines.append(WL.CHART_DAY_BAND.format(yuan(band.median_fen), band.n))
        lines += [WL.CHART_DAY_FLAG.format(f.label) for f in self.data.flags if f.day == day]
        return "\n".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().x())
        if day is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe_day(day), self)
        super().mouseMoveEvent(event)


def _runs(xs: Sequence[float]) -> list[list[int]]:
    """Indexes of consecutive days (a missing day breaks the run)."""
    runs: list[list[int]] = []
    for i, x in enumerate(xs):
        if runs and x - xs[runs[-1][-1]] <= 1.0 + 1e-9:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _segments(points: Sequence[tuple[float, float]], data: ChartData, f: _Frame) -> list[QLineF]:
    """Line pieces between consecutive days (no line is drawn across a day without data)."""
    day_width = f.rect.width() / data.days
    return [
        QLineF(x0, y0, x1, y1)
        for (x0, y0), (x1, y1) in itertools.pairwise(points)
        if x1 - x0 <= day_width * 1.5
    ]


class SeriesChart(QWidget):
    """A home-page chart: ``kind`` bar, line or pie over (label, value) points. Double-click
    emits ``activated`` (the page opens the list behind it)."""

    activated = Signal()

    def __init__(
        self,
        title: str,
        kind: str,
        points: Sequence[tuple[str, float]],
        unit: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title, self.kind, self.points, self.unit = title, kind, tuple(points), unit
        self.setMinimumHeight(240)
        self.setToolTip(WL.CHART_TIP)
        self.setObjectName("seriesChart")

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.activated.emit()
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        fm = QFontMetricsF(self.font())
        title_font = self.font()
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(QColor("#222222"))
        p.drawText(
            QRectF(0, 4, self.width(), fm.height() * 1.4), Qt.AlignmentFlag.AlignHCenter, self.title
        )
        p.setFont(self.font())
        body = QRectF(8, fm.height() * 2, self.width() - 16, self.height() - fm.height() * 2 - 6)
        if self.kind == "pie":
            self._pie(p, body, fm)
        else:
            self._xy(p, body, fm)
        p.end()

    def _xy(self, p: QPainter, body: QRectF, fm: QFontMetricsF) -> None:
        values = [v for _l, v in self.points]
        top = 100.0 if self.unit == "%" else max(values, default=1) or 1
        ticks = [t for t in nice_ticks(0, top, 4) if t <= (top if self.unit == "%" else top * 1.25)]
        integers = all(float(v).is_integer() for v in values) or top >= 100
        labels = [f"{t:.0f}" if integers else f"{t:.1f}" for t in ticks]
        left = max(fm.horizontalAdvance(lab) for lab in labels) + 10
        rect = QRectF(
            body.left() + left,
            body.top() + 4,
            body.width() - left - 4,
            body.height() - fm.height() * 2 - 8,
        )
        f = _Frame(rect, max(len(self.points), 1), 0, ticks[-1])
        for t, lab in zip(ticks, labels):
            p.setPen(QPen(GRID, 0.8))
            p.drawLine(QLineF(rect.left(), f.y(t), rect.right(), f.y(t)))
            p.setPen(AXIS)
            p.drawText(
                QPointF(rect.left() - fm.horizontalAdvance(lab) - 6, f.y(t) + fm.ascent() / 2 - 1),
                lab,
            )
        p.setPen(QPen(AXIS, 1))
        p.drawLine(QLineF(rect.bottomLeft(), rect.bottomRight()))
        step = max(
            1,
            math.ceil(
                len(self.points) * fm.horizontalAdvance("00-00") * 1.3 / max(rect.width(), 1)
            ),
        )
        for i, (label, _v) in enumerate(self.points):
            if i % step == 0:
                x = f.x(i + 0.5)
                p.drawText(
                    QPointF(x - fm.horizontalAdvance(label) / 2, rect.bottom() + 4 + fm.ascent()),
                    label,
                )
        centres = [(f.x(i + 0.5), f.y(v)) for i, (_l, v) in enumerate(self.points)]
        if self.kind == "bar":
            width = rect.width() / max(len(self.points), 1) * 0.6
            for x, y in centres:
                p.fillRect(QRectF(x - width / 2, y, width, rect.bottom() - y), QColor(PALETTE[0]))
        else:
            p.setPen(QPen(QColor(PALETTE[0]), 2))
            p.drawLines([QLineF(a[0], a[1], b[0], b[1]) for a, b in itertools.pairwise(centres)])
            p.setBrush(QBrush(QColor(PALETTE[0])))
            for x, y in centres:
                p.drawEllipse(QPointF(x, y), 2.5, 2.5)
            p.setBrush(Qt.BrushStyle.NoBrush)

    def _pie(self, p: QPainter, body: QRectF, fm: QFontMetricsF) -> None:
        total = sum(v for _l, v in self.points if v > 0)
        legend_width = (
            max(
                (fm.horizontalAdvance(f"{label} {value:g}") for label, value in self.points),
                default=0,
            )
            + 24
        )
        side = max(10.0, min(body.height(), body.width() - legend_width) - 8)
        pie = QRectF(body.left() + 4, body.top() + (body.height() - side) / 2, side, side)
        angle = 90 * 16
        for i, (label, value) in enumerate(self.points):
            colour = QColor(PALETTE[i % len(PALETTE)])
            if total and value > 0:
                span = -round(value / total * 360 * 16)
                p.setPen(QPen(Qt.GlobalColor.white, 1))
                p.setBrush(QBrush(colour))
                p.drawPie(pie, angle, span)
                angle += span
            y = body.top() + 8 + i * fm.height() * 1.3
            p.fillRect(QRectF(pie.right() + 12, y, 10, 10), colour)
            p.setPen(AXIS)
            p.drawText(QPointF(pie.right() + 26, y + fm.ascent() * 0.85), f"{label} {value:g}")
        p.setBrush(Qt.BrushStyle.NoBrush)
        if not total:
            p.setPen(AXIS)
            p.drawText(pie, Qt.AlignmentFlag.AlignCenter, WL.CHART_NO_DATA)
