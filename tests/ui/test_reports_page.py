from datetime import date

from station_app.domain.periods import Period, parse_period
from station_app.ui.screens.reports.page import ReportsPage, default_period
from tests.services.test_reports import provider


def test_default_period_is_the_month_just_ended():
    assert default_period(date(2026, 11, 22)) == parse_period("2026-10")
    assert default_period(date(2027, 1, 3)) == parse_period("2026-12")


def test_preview_shows_figures_with_comparisons(window, ui, monkeypatch):
    from station_app.services import reports

    monkeypatch.setattr(reports, "REPORT_PROVIDERS", [provider()])
    window.show_page("reports")
    page = window.current_page()
    assert isinstance(page, ReportsPage)
    page.set_period(Period("month", 2026, 10))
    assert page.period() == parse_period("2026-10")
    page.refresh()
    section = page.tree.topLevelItem(0)
    assert section.text(0) == "投诉与调解"
    rows = {section.child(i).text(0): section.child(i) for i in range(section.childCount())}
    assert rows["接收投诉"].text(1) == "50" and rows["接收投诉"].text(3) == "+25.0%"
    assert rows["挽回经济损失"].text(1) == "1,234.56"
    assert rows["调解成功率"].text(1) == "75.00%"
    assert rows["调解成功率"].toolTip(0) == "调解成功件数 ÷ 办结件数"


def test_quarter_and_year_selection(window):
    window.show_page("reports")
    page = window.current_page()
    page.set_period(parse_period("2026Q3"))
    assert page.period() == parse_period("2026Q3") and page.index.currentText() == "第三季度"
    page.set_period(parse_period("2025"))
    assert page.period() == parse_period("2025") and page.index.isHidden()


def test_package_with_details_when_the_box_is_ticked(window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from station_app.domain.report_model import Table
    from station_app.exports.report_package import verify_package
    from station_app.services import reports

    def detail(db, period):
        return [Table("投诉明细", ("投诉编号", "投诉人"), (("TS2026-0001", "张*"),))]

    monkeypatch.setattr(reports, "REPORT_PROVIDERS", [provider()])
    monkeypatch.setattr(reports, "DETAIL_PROVIDERS", [detail])
    window.show_page("reports")
    page = window.current_page()
    page.set_period(Period("month", 2026, 10))
    assert not page.details.isChecked() and page.details.isEnabled()
    for ticked, folder in ((False, tmp_path / "plain"), (True, tmp_path / "details")):
        folder.mkdir()
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, f=folder, **k: str(f))
        page.details.setChecked(ticked)
        page.package_button.click()
        doc = verify_package(next(folder.glob("*.zip")))
        assert [t["title"] for t in doc["details"]] == (["投诉明细"] if ticked else [])
