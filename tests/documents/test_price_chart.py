"""The price curve in a PDF (reportlab drawing) and a PNG (Pillow painter): what is on it."""

from __future__ import annotations

from datetime import date, timedelta

from pypdf import PdfReader

from station_app.domain.calendar import WorkCalendar
from station_app.domain.prices.chart import BaselineMark, DayPoint, FlagMark, bands, build_chart
from station_app.domain.prices.windows import all_windows, event_window


def sample_chart(first=date(2026, 9, 1), last=date(2026, 10, 15)):
    windows = all_windows(
        first,
        last,
        WorkCalendar(),
        events=[event_window("桂花节", date(2026, 9, 10), date(2026, 9, 12))],
    )
    points, band = [], {}
    for k in range((last - first).days + 1):
        day = first + timedelta(days=k)
        if day == date(2026, 9, 20):
            continue  # a day without observations breaks the line
        base = 40000 if date(2026, 10, 1) <= day <= date(2026, 10, 7) else 25000
        points.append(DayPoint(day, base - 1000, base, base + 1500, 2))
        band[day] = [base - 3000, base, base + 2000, base + 4000]
    return build_chart(
        title="城关宾馆 标准间",
        subtitle="2026-09-01 至 2026-10-15",
        first=first,
        last=last,
        points=points,
        windows=windows,
        baselines=[
            BaselineMark(date(2026, 10, 1), date(2026, 10, 7), 25000, 37500, "节前 30 天均价")
        ],
        flags=[FlagMark(date(2026, 10, 2), 41500, "节假日涨幅>50%")],
        band=bands(band),
    )


def test_pdf_drawing_carries_windows_axes_and_legend(tmp_path) -> None:
    from reportlab.graphics import renderPDF

    from station_app.documents.charts import price_drawing

    out = tmp_path / "chart.pdf"
    renderPDF.drawToFile(price_drawing(sample_chart(), title=True), str(out))
    text = PdfReader(out).pages[0].extract_text()
    for words in (
        "城关宾馆 标准间",
        "国庆节",
        "中秋节",
        "桂花节",
        "价格（元）",
        "基准均价",
        "预警线",
        "预警信号",
        "本地活动",
        "9/7",
    ):
        assert words in text, words
    assert "400" in text  # a y tick in yuan


def test_png_is_painted(tmp_path) -> None:
    from PIL import Image

    from station_app.documents.charts import FLAG, WINDOW_FILL, price_drawing
    from station_app.documents.png import drawing_to_png

    out = drawing_to_png(
        price_drawing(sample_chart(), 482, 260, title=True), tmp_path / "c.png", scale=2
    )
    image = Image.open(out).convert("RGB")
    assert image.size == (964, 520)
    colours = {c for _n, c in image.getcolors(1_000_000)}
    hexes = {"#{:02x}{:02x}{:02x}".format(*c) for c in colours}
    assert WINDOW_FILL in hexes  # holiday shading
    assert any(_near(c, FLAG) for c in colours)  # the flag dot


def test_empty_period_says_so(tmp_path) -> None:
    from reportlab.graphics import renderPDF

    from station_app.documents.charts import price_drawing

    chart = build_chart(
        title="t", subtitle="", first=date(2026, 1, 1), last=date(2026, 1, 31), points=[]
    )
    out = tmp_path / "empty.pdf"
    renderPDF.drawToFile(price_drawing(chart), str(out))
    assert "所选期间没有监测记录" in PdfReader(out).pages[0].extract_text()


def _near(colour: tuple[int, int, int], hex_colour: str) -> bool:
    target = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return sum(abs(a - b) for a, b in zip(colour, target)) < 12
