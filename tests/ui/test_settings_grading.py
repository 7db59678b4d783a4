"""设置 → 分级规则, driven as the station head would: inline validation as figures are typed,
save, regrade when offered, restore the defaults; read-only for a clerk."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from station_app.domain.auth import CLERK, Actor
from station_app.services.entities import EntityData, LicenceData


@pytest.fixture
def shop(ui):
    today = date.today()
    lapsed = LicenceData("食品经营许可证", "JY9", today - timedelta(400), today - timedelta(1))
    card, _ = ui.services.entities.save(EntityData(name="城关镇过期证超市", licences=(lapsed,)))
    return card.data.id


def grading_tab(window):
    window.show_page("settings")
    page = window.current_page()
    page.filter_to({"tab": "grading"})
    assert page.tabs.tabText(page.tabs.currentIndex()) == "分级规则"
    return page.grading


def test_edit_validate_save_recompute_and_restore(window, ui, qtbot, shop, monkeypatch):
    tab = grading_tab(window)
    assert tab.spins["licence_points"].value() == 15 and "默认规则" in tab.state.text()
    tab.spins["complaint_cap"].setValue(3)  # below the 5 points of one complaint
    assert tab.error.isVisible() and "扣分上限（3 分）小于每次扣分（5 分）" in tab.error.text()
    assert not tab.save_button.isEnabled() and "border" in tab.spins["complaint_cap"].styleSheet()
    tab.save()
    assert ui.services.grading_rules.get().version == 0  # nothing written
    tab.spins["complaint_cap"].setValue(20)
    assert not tab.error.isVisible() and tab.save_button.isEnabled()
    tab.spins["licence_points"].setValue(35)
    assert tab.dirty and "<b>" in tab.item_labels["licence_points"].text()
    asked = []

    def answer(*args, **kw):
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    saved = ui.services.grading_rules.get()
    assert saved.version == 1 and saved.rules.licence_points == 35 and not tab.dirty
    assert "重新计算" in asked[0]
    assert "已按新规则重新计算 1 户，1 户分级有变化" in tab.state.text()
    assert ui.services.entities.get(shop).local_grade == "C"  # 100 − 35 = 65
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    assert ui.services.grading_rules.get().is_default
    assert tab.spins["licence_points"].value() == 15
    assert ui.services.entities.get(shop).local_grade == "B"


def test_clerk_sees_the_rules_read_only(window, ui):
    ui.app.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))
    tab = grading_tab(window)
    assert tab.spins["threshold_a"].isReadOnly() and not tab.save_button.isEnabled()
    assert not tab.restore_button.isEnabled() and "无权修改" in tab.state.text()


def test_leaving_with_unsaved_rules_asks(window, ui, monkeypatch):
    tab = grading_tab(window)
    tab.spins["threshold_a"].setValue(88)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert not window.current_page().can_leave()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert window.current_page().can_leave() and tab.spins["threshold_a"].value() == 90
    assert ui.services.grading_rules.get().version == 0
