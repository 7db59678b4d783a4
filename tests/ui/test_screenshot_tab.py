"""``screenshot --tab`` accepts a tab's Chinese title (and the keys a page declares), refuses
an unknown one naming the choices, and renders the complaints page's tabs (issue 17)."""

from __future__ import annotations

import pytest

from station_app.errors import ValidationError


def test_tabs_by_chinese_title_and_key(window, ui):
    from station_app.ui.screenshot import choose_tab

    window.show_page("complaints")
    page = window.current_page()
    choose_tab(page, "消费维权服务站")
    assert page.tabs.currentWidget() is page.stations_tab
    choose_tab(page, "统计")
    assert page.tabs.currentWidget() is page.figures_tab
    window.show_page("settings")
    settings = window.current_page()
    choose_tab(settings, "grading")
    assert settings.tabs.tabText(settings.tabs.currentIndex()) == "分级规则"
    choose_tab(settings, "节假日")
    assert settings.tabs.tabText(settings.tabs.currentIndex()) == "节假日"
    window.show_page("roster")
    choose_tab(window.current_page(), "people")
    assert window.current_page().tabs.currentIndex() == 1


def test_an_unknown_tab_is_refused_with_the_choices(window, ui):
    from station_app.ui.screenshot import choose_tab

    window.show_page("complaints")
    with pytest.raises(ValidationError, match=r"没有名为“grading”的选项卡.*消费维权服务站"):
        choose_tab(window.current_page(), "grading")
    window.show_page("home")
    with pytest.raises(ValidationError, match="没有选项卡"):
        choose_tab(window.current_page(), "统计")
