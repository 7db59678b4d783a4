"""设置 → 违法行为类型 driven as the station head would: the seeded types and the national
list's items shown, a listing added through its form (a blank document refused inline,
nothing saved), then ended with a reason; a new type added; read-only for an officer."""

from __future__ import annotations

from datetime import date

from station_app.domain.auth import OFFICER, Actor
from tests.ui.helpers import type_text


def types_tab(window):
    window.show_page("settings")
    page = window.current_page()
    page.filter_to({"tab": "violation_types"})
    assert page.tabs.tabText(page.tabs.currentIndex()) == "违法行为类型"
    return page.violation_types


def select_code(tab, code: str) -> None:
    row = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == code)
    tab.table.selectRow(row)


def test_seeded_types_and_the_national_list_are_shown(window):
    tab = types_tab(window)
    codes = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    assert "F-HEALTH-CERT" in codes and "R-BEYOND-SCOPE" in codes
    select_code(tab, "F-HEALTH-CERT")
    assert "健康证明" in tab.listing_title.text()
    assert tab.listing_table.rowCount() >= 1
    assert tab.listing_table.item(0, 1).text() == "国市监法〔2025〕10号"
    assert tab.listing_table.item(0, 5).text() == "—"  # open-ended


def test_add_and_end_a_listing_through_the_forms(window, ui):
    tab = types_tab(window)
    select_code(tab, "R-BEYOND-SCOPE")
    assert tab.listing_table.rowCount() == 0
    tab.new_listing()
    d = tab.dialog
    d.set_value("list_kind", "minor")
    type_text(d.widgets["list_name"], "山东省市场监管轻微违法行为不予处罚清单")
    d.set_value("effective_from", date(2026, 6, 1))
    d.widgets["conditions"].setPlainText("首次被发现\n及时改正")
    d.save()
    assert "请填写清单的发文字号" in d.error.text() and d.isVisible()
    assert ui.services.violations.listings_of("R-BEYOND-SCOPE") == []
    type_text(d.widgets["document"], "鲁市监规〔2026〕3号")
    d.save()
    assert not d.isVisible()
    assert tab.listing_table.rowCount() == 1
    assert tab.listing_table.item(0, 6).text() == "首次被发现；及时改正"
    assert "轻微免罚" in tab.table.item(tab.table.currentRow(), 5).text()
    tab.listing_table.selectRow(0)
    tab.end_listing()
    e = tab.dialog
    e.set_value("on", date(2026, 8, 31))
    type_text(e.widgets["reason"], "被新版清单替代")
    e.save()
    assert not e.isVisible()
    assert tab.listing_table.item(0, 5).text() == "2026-08-31"
    (x,) = ui.services.violations.listings_of("R-BEYOND-SCOPE")
    assert x.listing.effective_to == date(2026, 8, 31)


def test_add_a_type(window, ui):
    tab = types_tab(window)
    tab.new_type()
    d = tab.dialog
    type_text(d.widgets["code"], "L-SIGN")
    type_text(d.widgets["name"], "未按规定公示营业执照")
    d.set_value("category", "登记注册")
    d.save()
    assert not d.isVisible()
    codes = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    assert "L-SIGN" in codes


def test_officer_sees_the_types_read_only(window, ui):
    ui.app.auth.sign_in(Actor(None, "wangqiang", OFFICER, "王强"))
    tab = types_tab(window)
    assert not any(b.isEnabled() for b in tab.buttons.values())
    assert tab.table.rowCount() > 0
