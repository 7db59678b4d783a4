"""The 价格监测 page's 规则 and 节假日与活动 tabs driven as the head would: a new 最高限价 rule
from its form, a new version of the default rule (the reason kept, the old version listed),
a bad k refused at its field with nothing saved; the year's windows (国庆节 from the working
calendar), a local event added and deleted."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QInputDialog

from tests.ui.helpers import type_text
from tests.ui.test_prices_page import hotel, page  # noqa: F401 - fixtures


def test_new_rule_and_new_version_from_the_forms(page, ui, monkeypatch):  # noqa: F811
    page.show_tab("rules")
    tab = page.rules
    assert tab.table.rowCount() == 1 and "节前 30 天" in tab.table.item(0, 4).text()
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("最高限价", True))
    tab.buttons["new"].click()
    form = tab.form
    type_text(form.widgets["name"], "国庆限价")
    type_text(form.widgets["cap_yuan"], "800")
    type_text(form.widgets["reason"], "县发改局限价通知")
    form.save()
    assert tab.table.rowCount() == 2 and "¥800" in tab.table.item(1, 4).text()
    tab.table.selectRow(0)
    tab.buttons["edit"].click()
    form = tab.form
    assert form.widgets["k"].text() == "1.5"
    form.widgets["k"].clear()
    type_text(form.widgets["k"], "1")
    type_text(form.widgets["reason"], "按新措施")
    form.save()
    assert "k 必须大于 1" in form.error.text() and form.isVisible()
    assert [r.version for r in ui.services.prices.rules()] == [1, 1]
    form.widgets["k"].clear()
    type_text(form.widgets["k"], "1.3")
    form.save()
    [first, _cap] = ui.services.prices.rules()
    assert first.version == 2 and first.reason == "按新措施"
    tab.table.selectRow(0)
    assert tab.history.rowCount() == 2 and "30 %" in tab.history.item(0, 2).text()


def test_windows_of_a_year_and_a_local_event(page, ui, monkeypatch):  # noqa: F811
    page.show_tab("windows")
    tab = page.windows
    tab.year.setValue(2025)
    names = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    assert any("国庆节" in n for n in names) and any("春节" in n for n in names)
    tab.add_button.click()
    form = tab.form
    type_text(form.widgets["name"], "东平湖荷花节")
    form.widgets["first"].setDate(
        form.widgets["first"].date().fromString("2025-07-10", "yyyy-MM-dd")
    )
    form.widgets["last"].setDate(form.widgets["last"].date().fromString("2025-07-12", "yyyy-MM-dd"))
    form.save()
    [event] = ui.services.prices.events()
    assert (event.name, event.first_day, event.last_day) == (
        "东平湖荷花节",
        date(2025, 7, 10),
        date(2025, 7, 12),
    )
    row = next(
        r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == "东平湖荷花节"
    )
    assert tab.table.item(row, 1).text() == "本地活动" and tab.table.item(row, 4).text() == "3"
    tab.table.selectRow(row)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("活动取消", True))
    tab.delete_button.click()
    assert ui.services.prices.events() == []
    assert ui.services.audit.history("price_event", event.id)[0].reason == "活动取消"
