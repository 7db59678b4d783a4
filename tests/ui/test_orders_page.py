"""The 工单 screen driven as a clerk and a specialist would (#14): Ctrl+N registers a 12345
order (a malformed platform number is refused at its field, nothing added), the list shows
the time left in red once the dispatch limit passed, Enter opens the order window with its
clocks and timeline, a step button dispatches to the grid's specialist, a pause without a
reason is refused inline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox

from station_app.ui.screens.orders.page import TIME_LEFT
from tests.support.orders import build_roster, set_now
from tests.ui.helpers import type_text


@pytest.fixture
def page(window, ui, monkeypatch):
    build_roster(ui.app)
    set_now(ui.app, monkeypatch, "2026-05-02 12:00")
    window.show_page("orders")
    return window.current_page()


def save(qtbot, form) -> None:
    button = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill(form, **values) -> None:
    for key, text in values.items():
        type_text(form.widgets[key], text)


def test_register_open_dispatch_and_refused_pause(page, ui, qtbot, tmp_path):
    assert page.count_label.text() == "共 0 件"
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    kind = form.widgets["kind"]
    kind.setCurrentIndex(kind.findData("12345"))
    fill(form, received="2026-05-02 09:00", platform_no="12-3", grid="WG01", text="缺斤短两")
    save(qtbot, form)
    assert "格式不符" in form.error.text() and form.isVisible()
    assert ui.services.orders.rows().count() == 0  # nothing written
    fill(form, platform_no="JN2026050200123")
    save(qtbot, form)
    assert not form.isVisible()
    m = page.model
    qtbot.waitUntil(lambda: m.rowCount() == 1)
    assert page.count_label.text() == "共 1 件"
    cell = m.index(0, TIME_LEFT)
    assert m.data(cell).startswith("派单 超时 1小时")  # due 11:00, now 12:00
    assert m.data(cell, Qt.ItemDataRole.ForegroundRole).color() == QColor("#b00020")
    assert "已超时 1 件" in page.tile.text()
    page.table.setFocus()
    page.table.setCurrentIndex(m.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.clocks.rowCount() == 3  # 派单, 响应, 办结
    assert dialog.clocks.item(0, 2).text() == "已超时"
    assert "JN2026050200123" in dialog.facts.text()
    qtbot.mouseClick(dialog.step_buttons["dispatch"], Qt.MouseButton.LeftButton)
    step = dialog.form
    type_text(step.widgets["at"], "2026-05-02 11:30")
    save(qtbot, step)
    assert not step.isVisible()
    assert dialog.view.state == "待响应" and dialog.view.assignee == "王专员"
    steps = [dialog.timeline.item(r, 1).text() for r in range(dialog.timeline.rowCount())]
    assert steps == ["登记", "超时", "派单"]  # dispatched after the 2-hour limit: frozen
    assert dialog.clocks.item(0, 2).text() == "超时完成"
    qtbot.mouseClick(dialog.step_buttons["pause"], Qt.MouseButton.LeftButton)
    pause = dialog.form
    save(qtbot, pause)
    assert "挂起须填写原因" in pause.error.text() and pause.isVisible()
    assert not dialog.view.paused
    dialog.grab().save(str(tmp_path / "order.png"))
    import shutil

    shutil.copy(tmp_path / "order.png", "/tmp/orders/order_dialog.png")


def test_home_tile_opens_the_overdue_orders(window, ui, monkeypatch, qtbot):
    from station_app.services.orders import OrderInput
    from tests.support.orders import bj

    build_roster(ui.app)
    set_now(ui.app, monkeypatch, "2026-05-02 12:00")
    data = OrderInput(kind="12345", received_at=bj("2026-05-02 09:00"),
                      platform_no="JN2026050200123", text="缺斤短两")  # fmt: skip
    ui.services.orders.add(data)
    window.open_filtered("orders", {"due": "overdue"})
    page = window.current_page()
    assert page.filters["due"].currentData() == "overdue"
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)


def test_settings_limit_edit_refused_then_saved(window, ui, monkeypatch, qtbot):
    set_now(ui.app, monkeypatch, "2026-05-02 12:00")
    window.open_filtered("settings", {"tab": "orders"})
    page = window.current_page()
    tab = page.tabs.currentWidget()
    before = tab.table.rowCount()
    tab.edit_limit()
    form = tab.form
    form.widgets["clock"].setCurrentIndex(form.widgets["clock"].findData("respond"))
    type_text(form.widgets["amount"], "20")
    save(qtbot, form)
    assert "修改时限须填写原因" in form.error.text() and form.isVisible()
    type_text(form.widgets["reason"], "县局2026年第3号通知")
    save(qtbot, form)
    assert not form.isVisible()
    assert tab.table.rowCount() == before + 1
    texts = [tab.table.item(r, 2).text() for r in range(tab.table.rowCount())]
    assert "20 分钟" in texts
