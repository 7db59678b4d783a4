"""设置 → 预警阈值 driven as the head would: the sentence follows a value as it is typed, a
kind switched off, a later effective day and a reason, 保存 → a version listed; a past day is
refused under the form, nothing saved; a clerk sees the values but cannot edit them."""

from __future__ import annotations

from datetime import date, timedelta

from station_app.domain.auth import CLERK, Actor
from station_app.ui.widgets.dates import qdate
from tests.ui.helpers import type_text

TODAY = date(2026, 11, 20)


def _tab(window):
    window.show_page("settings")
    page = window.current_page()
    page.filter_to({"tab": "warnings"})
    return page.tabs.currentWidget()


def test_edit_save_and_the_version_list(window, ui):
    ui.services.clock.set_day(TODAY)
    tab = _tab(window)
    assert "3 次及以上" in tab.sentences["cluster_entity"].text()
    tab.spins["cluster_entity.count"].setValue(5)
    assert "5 次及以上" in tab.sentences["cluster_entity"].text()
    tab.boxes["elderly"].setChecked(False)
    tab.effective.setDate(qdate(TODAY + timedelta(days=3)))
    type_text(tab.reason, "按县局要求调整")
    tab.save_button.click()
    assert tab.state.text() == "已保存：自 2026-11-23 起生效。"
    [v] = ui.services.warnings.threshold_versions()
    assert v.effective == TODAY + timedelta(days=3) and v.reason == "按县局要求调整"
    assert v.thresholds["cluster_entity.count"] == 5 and not v.thresholds.enabled("elderly")
    assert tab.versions.rowCount() == 1 and tab.versions.item(0, 0).text() == "2026-11-23"
    assert "涉老营销" in tab.versions.item(0, 4).text()
    # today's values are still the old ones: the form shows what is in force today
    assert tab.spins["cluster_entity.count"].value() == 3


def test_a_past_day_is_refused_under_the_form(window, ui):
    ui.services.clock.set_day(TODAY)
    tab = _tab(window)
    tab.spins["cluster_entity.count"].setValue(4)
    tab.effective.setDate(qdate(TODAY - timedelta(days=1)))
    tab.save_button.click()
    assert "生效日期不能早于今天" in tab.error.text() and tab.error.isVisible()
    assert ui.services.warnings.threshold_versions() == ()


def test_a_clerk_sees_but_cannot_edit(window, ui):
    ui.app.auth.sign_in(Actor(None, "clerk", CLERK, "办事员"))
    tab = _tab(window)
    assert not tab.save_button.isEnabled() and not tab.boxes["cluster_entity"].isEnabled()
