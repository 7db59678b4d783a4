"""The QPainter charts: the price curve paints its parts and explains the day under the mouse;
the home page's bar, line and pie charts paint and report a double-click."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

from tests.documents.test_price_chart import sample_chart


def test_price_curve_paints_and_explains_a_day(qapp_zh, qtbot) -> None:
    from station_app.ui.widgets.charts import FLAG, WINDOW_FILL, PriceCurve

    w = PriceCurve()
    qtbot.addWidget(w)
    w.resize(900, 360)
    w.set_data(sample_chart())
    image = w.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, 900, 3) for y in range(0, 360, 3)}
    assert WINDOW_FILL.name() in colours
    assert FLAG.name() in colours
    assert w.describe_day(date(2026, 10, 2)).splitlines() == [
        "2026-10-02",
        "均价 ¥400（最低 ¥390，最高 ¥415，2 次）",
        "组内中位数 ¥410（4 家）",
        "预警：节假日涨幅>50%",
    ]
    assert "无监测记录" in w.describe_day(date(2026, 9, 20))
    frame = w._frame()
    assert w.day_at(frame.rect.left() + 1) == date(2026, 9, 1)
    assert w.day_at(frame.rect.right() - 1) == date(2026, 10, 15)
    assert w.day_at(0) is None


def test_price_curve_without_data_is_blank(qapp_zh, qtbot) -> None:
    from station_app.ui.widgets.charts import PriceCurve

    w = PriceCurve()
    qtbot.addWidget(w)
    w.resize(400, 300)
    image = w.grab().toImage()
    assert image.pixelColor(200, 150) == QColor("white")
    assert w.day_at(100) is None


def test_series_charts_paint_and_activate(qapp_zh, qtbot) -> None:
    from station_app.ui.widgets.charts import PALETTE, SeriesChart

    points = [("01", 5), ("02", 8), ("03", 0), ("04", 12)]
    for kind in ("bar", "line", "pie"):
        chart = SeriesChart("近四个月投诉量", kind, points)
        qtbot.addWidget(chart)
        chart.resize(420, 260)
        image = chart.grab().toImage()
        colours = {
            image.pixelColor(x, y).name() for x in range(0, 420, 2) for y in range(0, 260, 2)
        }
        assert PALETTE[0] in colours, kind
        with qtbot.waitSignal(chart.activated):
            qtbot.mouseDClick(chart, Qt.MouseButton.LeftButton, pos=QPointF(200, 150).toPoint())
    empty = SeriesChart("空", "pie", [("甲", 0)])
    qtbot.addWidget(empty)
    empty.resize(300, 200)
    empty.grab()
