"""打印日报 on the 价格监测 page's 预警信号 tab: one click, the day's report in the preview."""

from __future__ import annotations

from datetime import datetime

from pypdf import PdfReader

from station_app.clock import SHANGHAI
from station_app.services.prices import ObservationInput
from tests.ui.test_prices_page import hotel, page  # noqa: F401 - fixtures


def test_print_daily_opens_the_report_of_the_last_day_with_data(page, ui, hotel, monkeypatch):  # noqa: F811
    ui.services.prices.observe(
        ObservationInput(hotel.id, datetime(2025, 10, 2, 20, tzinfo=SHANGHAI), 35000)
    )
    shown = []
    monkeypatch.setattr(
        "station_app.ui.screens.prices.flags_tab.open_pdf_preview",
        lambda parent, path, title: shown.append((path, title)),
    )
    page.show_tab("flags")
    page.flags.findChild(type(page.flags.buttons["warn"]), "flagDaily").click()
    [(path, title)] = shown
    assert title == "打印日报"
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)
    assert "2025年10月2日" in text and "东平县悦来宾馆标准间" in text and "+75%" in text
    assert ui.services.audit.history("price_daily", "2025-10-02")
