"""The price curve as a reportlab drawing (``reportlab.graphics``: a ``LinePlot`` for the axes and
lines, shapes for the holiday shading, the group's band, baselines and flags), for the A4 print
and, through :mod:`station_app.documents.png`, the PNG of ``prices chart --out x.png``.

Colours are opaque light tints, not transparency: they print the same on every printer and the
PNG renderer needs no compositing. Drawn back to front: windows, band, median, baselines, the
subject's high–low bars and average line, flags, legend.
"""

from __future__ import annotations

from datetime import date

from station_app.documents.fonts import SANS, register_fonts
from station_app.domain.prices.chart import ChartData
from station_app.domain.prices.windows import HOLIDAY

WINDOW_FILL = "#fde2e2"
EVENT_FILL = "#fff1c9"
BAND_FILL = "#e3e8ef"
MEDIAN = "#8a94a6"
LINE = "#1f5fbf"
RANGE = "#9db8e6"
BASELINE = "#2e7d32"
THRESHOLD = "#e07b00"
FLAG = "#c62828"
AXIS = "#555555"
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_RIGHT = 46, 34, 30, 10


def price_drawing(
    data: ChartData, width: float = 482, height: float = 250, *, title: bool = False
):  # -> Drawing
    """The chart of ``data`` in a ``width`` × ``height`` point drawing (A4 text width: 482 pt);
    ``title`` draws the subject and period on top (the PNG; the PDF page has its own heading)."""
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String

    register_fonts()
    legend = _legend_items(data)
    rows = _legend_rows(legend, width)
    top = MARGIN_TOP + (22 if title else 0)
    d = Drawing(width, height)
    plot = LinePlot()
    plot.x, plot.y = MARGIN_LEFT, MARGIN_BOTTOM + 9 * (len(rows) - 1)
    plot.width = width - MARGIN_LEFT - MARGIN_RIGHT
    plot.height = height - plot.y - top
    scale = _Scale(data, plot.x, plot.y, plot.width, plot.height)
    if title:
        d.add(String(MARGIN_LEFT, height - 16, data.title, fontName=SANS, fontSize=11))
        d.add(String(width - MARGIN_RIGHT, height - 16, data.subtitle, fontName=SANS, fontSize=8,
                     fillColor=_c(AXIS), textAnchor="end"))  # fmt: skip
    _shade_windows(d, data, scale)
    _band(d, data, scale)
    _configure_plot(plot, data)
    d.add(plot)
    _baselines(d, data, scale)
    _ranges(d, data, scale)
    _flags(d, data, scale)
    _legend(d, rows)
    d.add(String(4, plot.y + plot.height + 8, f"价格（{data.unit}）", fontName=SANS, fontSize=7,
                 fillColor=_c(AXIS), textAnchor="start"))  # fmt: skip
    if data.empty:
        d.add(String(width / 2, height / 2, "所选期间没有监测记录", fontName=SANS, fontSize=10,
                     fillColor=_c(AXIS), textAnchor="middle"))  # fmt: skip
    return d


class _Scale:
    """Days and fen → drawing points (the same mapping the LinePlot's axes use)."""

    def __init__(self, data: ChartData, x: float, y: float, w: float, h: float) -> None:
        self.data, self.x0, self.y0, self.w, self.h = data, x, y, w, h

    def x(self, value: float) -> float:
        return self.x0 + value / self.data.days * self.w

    def day(self, day: date) -> float:
        return self.x(self.data.x_of(day))

    def y(self, fen: float) -> float:
        lo, hi = self.data.y_min, self.data.y_max
        return self.y0 + (fen - lo) / ((hi - lo) or 1) * self.h


def _c(hex_colour: str):  # -> Color
    from reportlab.lib.colors import HexColor

    return HexColor(hex_colour)


def _configure_plot(plot, data: ChartData) -> None:
    series = _runs([(data.x_of(p.day), p.mean_fen) for p in data.points]) or [[(0.0, data.y_min)]]
    median = _runs([(data.x_of(b.day), b.median_fen) for b in data.band])
    plot.data = median + series
    for i in range(len(plot.data)):
        is_median = i < len(median)
        plot.lines[i].strokeColor = _c(MEDIAN if is_median else LINE)
        plot.lines[i].strokeWidth = 0.8 if is_median else 1.3
        plot.lines[i].strokeDashArray = [2, 2] if is_median else None
    if data.empty:
        plot.lines[len(plot.data) - 1].strokeColor = None
    x_axis, y_axis = plot.xValueAxis, plot.yValueAxis
    x_axis.valueMin, x_axis.valueMax = 0, data.days
    x_axis.valueSteps = [t.value for t in data.x_ticks]
    labels = {t.value: t.label for t in data.x_ticks}
    x_axis.labelTextFormat = lambda v: labels.get(v, "")
    y_axis.valueMin, y_axis.valueMax = data.y_min, data.y_max
    y_axis.valueSteps = [t.value for t in data.y_ticks]
    y_labels = {t.value: t.label for t in data.y_ticks}
    y_axis.labelTextFormat = lambda v: y_labels.get(v, "")
    for axis in (x_axis, y_axis):
        axis.labels.fontName, axis.labels.fontSize = SANS, 7
        axis.strokeColor = _c(AXIS)
    y_axis.visibleGrid, y_axis.gridStrokeColor, y_axis.gridStrokeWidth = 1, _c("#dddddd"), 0.4


def _runs(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Consecutive days joined; a day without data breaks the line (no invented prices)."""
    runs: list[list[tuple[float, float]]] = []
    for x, y in sorted(points):
        if runs and x - runs[-1][-1][0] <= 1.0 + 1e-9:
            runs[-1].append((x, y))
        else:
            runs.append([(x, y)])
    return runs


def _shade_windows(d, data: ChartData, s: _Scale) -> None:
    from reportlab.graphics.shapes import Rect, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    ends = [-1e9, -1e9]  # right end of the last label on each of two rows
    for w in data.windows:
        first, last = max(w.first, data.first), min(w.last, data.last)
        x0, x1 = s.day(first) - s.w / data.days / 2, s.day(last) + s.w / data.days / 2
        fill = WINDOW_FILL if w.kind == HOLIDAY else EVENT_FILL
        d.add(Rect(x0, s.y0, x1 - x0, s.h, fillColor=_c(fill), strokeColor=None))
        half = stringWidth(w.name, SANS, 6.5) / 2
        mid = (x0 + x1) / 2
        row = 0 if mid - half > ends[0] + 2 else 1
        ends[row] = mid + half
        d.add(String(mid, s.y0 + s.h + 3 + 8 * row, w.name, fontName=SANS, fontSize=6.5,
                     fillColor=_c(FLAG), textAnchor="middle"))  # fmt: skip


def _band(d, data: ChartData, s: _Scale) -> None:
    from reportlab.graphics.shapes import Polygon

    for run in _runs([(data.x_of(b.day), i) for i, b in enumerate(data.band)]):
        band = [data.band[int(i)] for _x, i in run]
        if len(band) < 2:
            continue
        upper = [v for b in band for v in (s.day(b.day), s.y(b.p75_fen))]
        lower = [v for b in reversed(band) for v in (s.day(b.day), s.y(b.p25_fen))]
        d.add(Polygon(upper + lower, fillColor=_c(BAND_FILL), strokeColor=None))


def _baselines(d, data: ChartData, s: _Scale) -> None:
    from reportlab.graphics.shapes import Line

    for b in data.baselines:
        x0 = s.day(max(b.first, data.first)) - s.w / data.days / 2
        x1 = s.day(min(b.last, data.last)) + s.w / data.days / 2
        d.add(
            Line(
                x0,
                s.y(b.value_fen),
                x1,
                s.y(b.value_fen),
                strokeColor=_c(BASELINE),
                strokeWidth=1.2,
            )
        )
        if b.threshold_fen is not None:
            y = s.y(b.threshold_fen)
            d.add(
                Line(x0, y, x1, y, strokeColor=_c(THRESHOLD), strokeWidth=1, strokeDashArray=[3, 2])
            )


def _ranges(d, data: ChartData, s: _Scale) -> None:
    from reportlab.graphics.shapes import Line

    for p in data.points:
        if p.high_fen != p.low_fen:
            x = s.day(p.day)
            d.add(
                Line(x, s.y(p.low_fen), x, s.y(p.high_fen), strokeColor=_c(RANGE), strokeWidth=1.6)
            )


def _flags(d, data: ChartData, s: _Scale) -> None:
    from reportlab.graphics.shapes import Circle

    for f in data.flags:
        d.add(Circle(s.day(f.day), s.y(f.price_fen), 2.6, fillColor=_c(FLAG), strokeColor=_c("#ffffff"),
                     strokeWidth=0.5))  # fmt: skip


def _legend_items(data: ChartData) -> list[tuple[str, str, str]]:
    items: list[tuple[str, str, str]] = [("line", LINE, "日均价（竖线为当日最低—最高）")]
    if data.band:
        items.append(("rect", BAND_FILL, "组内 25%—75% 区间（虚线为中位数）"))
    if data.baselines:
        items += [("line", BASELINE, "基准均价"), ("dash", THRESHOLD, "预警线")]
    if any(w.kind == HOLIDAY for w in data.windows):
        items.append(("rect", WINDOW_FILL, "节假日"))
    if any(w.kind != HOLIDAY for w in data.windows):
        items.append(("rect", EVENT_FILL, "本地活动"))
    if data.flags:
        items.append(("dot", FLAG, "预警信号"))
    return items


def _legend_rows(
    items: list[tuple[str, str, str]], width: float
) -> list[list[tuple[float, tuple[str, str, str]]]]:
    """The legend laid out in rows: (x, item) pairs that fit the width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    rows: list[list[tuple[float, tuple[str, str, str]]]] = [[]]
    x = MARGIN_LEFT
    for item in items:
        size = 13 + stringWidth(item[2], SANS, 6.5) + 12
        if rows[-1] and x + size > width - MARGIN_RIGHT:
            rows.append([])
            x = MARGIN_LEFT
        rows[-1].append((x, item))
        x += size
    return rows


def _legend(d, rows) -> None:
    from reportlab.graphics.shapes import Circle, Line, Rect, String

    for n, row in enumerate(rows):
        y = 8 + 9 * (len(rows) - 1 - n)
        for x, (kind, colour, label) in row:
            if kind == "rect":
                d.add(Rect(x, y - 2, 10, 7, fillColor=_c(colour), strokeColor=None))
            elif kind == "dot":
                d.add(Circle(x + 5, y + 1.5, 2.6, fillColor=_c(colour), strokeColor=None))
            else:
                dash = [3, 2] if kind == "dash" else None
                d.add(Line(x, y + 1.5, x + 10, y + 1.5, strokeColor=_c(colour), strokeWidth=1.3,
                           strokeDashArray=dash))  # fmt: skip
            d.add(String(x + 13, y - 0.5, label, fontName=SANS, fontSize=6.5, fillColor=_c(AXIS)))
