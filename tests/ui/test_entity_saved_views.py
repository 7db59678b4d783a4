"""常用筛选 on the entity list, as a clerk uses it: set filters, save them under a name, reset,
pick the saved one from the menu and get the same filters and count; replace; delete."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from station_app.services.entities import EntityData
from tests.ui.helpers import type_text


@pytest.fixture
def page(window, ui):
    svc = ui.services.entities
    for n, (town, industry, status) in enumerate(
        [
            ("城关镇", "餐饮服务", "在营"),
            ("城关镇", "餐饮服务", "在营"),
            ("城关镇", "餐饮服务", "歇业"),
            ("城关镇", "食品销售", "在营"),
            ("老湖镇", "餐饮服务", "在营"),
        ]
    ):
        svc.save(EntityData(name=f"{town}测试{n}号店", industries=(industry,), status=status))
    window.show_page("entities")
    return window.current_page()


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def menu_action(menu, text):
    return next(a for a in menu.actions() if a.text() == text)


def test_save_reset_and_apply_a_saved_filter(page, ui, monkeypatch):
    assert page.count_label.text() == "共 5 户"
    type_text(page.search, "城关")
    choose(page.filters["industry"], "餐饮服务")
    choose(page.filters["status"], "在营")
    assert page.count_label.text() == "共 2 户"
    wanted = page.current_filter()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("城关 在营餐饮", True))
    page._fill_views_menu()
    menu_action(page.views_menu, "保存当前筛选…").trigger()
    [saved] = ui.services.saved_views.list("entities")
    assert saved.name == "城关 在营餐饮" and "常用筛选：城关 在营餐饮" in page.count_label.text()

    page.clear_filters()
    assert page.count_label.text() == "共 5 户" and page.search.text() == ""
    page._fill_views_menu()
    menu_action(page.views_menu, "城关 在营餐饮").trigger()
    assert page.current_filter() == wanted and page.search.text() == "城关"
    assert page.filters["status"].currentData() == "在营"
    assert page.count_label.text() == "共 2 户（常用筛选：城关 在营餐饮）"
    choose(page.filters["status"], "歇业")  # changed by hand: no longer the saved view
    assert page.count_label.text() == "共 1 户"


def test_replace_asks_and_delete(page, ui, monkeypatch):
    views = ui.services.saved_views
    choose(page.filters["status"], "歇业")
    page.save_view("停业户")
    choose(page.filters["status"], "在营")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.save_view("停业户")
    assert views.list("entities")[0].criteria == {"status": "歇业"}  # not replaced
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.save_view("停业户")
    assert views.list("entities")[0].criteria == {"status": "在营"}
    page._fill_views_menu()
    delete = menu_action(page.views_menu, "删除").menu()
    menu_action(delete, "停业户").trigger()
    assert views.list("entities") == []
    page._fill_views_menu()
    assert not menu_action(page.views_menu, "（还没有常用筛选）").isEnabled()


def test_saving_without_filters_or_name_explains_and_writes_nothing(page, ui, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    page.save_view("全部")
    choose(page.filters["grade"], "A")
    page.save_view("   ")
    assert "没有设置任何检索词或筛选条件" in shown[0] and "请给常用筛选起个名字" in shown[1]
    assert ui.services.saved_views.list("entities") == []
