"""设置 → 巡查规则 and 检查表 driven as a station head would: a rule changed from a date (a
new version, the old one still listed), a checklist item edited and saved as version 2; a
bad category refused in the form and nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from station_app.ui.screens.patrols.checklists_tab import CATEGORY, TEXT

DAY = date(2026, 7, 6)


@pytest.fixture
def settings(window, ui):
    ui.services.clock.set_day(DAY)
    window.show_page("settings")
    return window.current_page()


def texts(table, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_a_rule_changed_from_a_date_is_a_new_version(settings, ui):
    tab = settings.patrol_rules
    assert "默认规则" in tab.version.currentText() and "现行" in tab.version.currentText()
    assert "每日" in texts(tab.table, 3)
    tab.edit_rule()
    form = tab.form
    form.set_value("grade", "A")
    form.set_value("kind", "patrol")
    form.set_value("frequency", "每周")
    form.set_value("effective", date(2026, 8, 1))
    form.set_value("reason", "试点加密巡查")
    form.save()
    assert not form.isVisible(), form.error.text()
    assert tab.version.count() == 2 and "2026-08-01起执行（待生效）" in tab.version.itemText(1)
    tab.version.setCurrentIndex(1)
    a_patrol = next(r for r in range(tab.table.rowCount())
                    if tab.table.item(r, 0).text() == "A" and tab.table.item(r, 1).text() == "日常巡查")  # fmt: skip
    assert tab.table.item(a_patrol, 3).text() == "每周"
    (entry, *_) = ui.services.audit.history(
        "patrol_rule_version", ui.services.patrols.rule_versions()[0].version_id
    )
    assert "试点加密巡查" in entry.reason
    tab.edit_rule()  # a date in the past: refused in the form
    tab.form.set_value("effective", date(2026, 7, 1))
    tab.form.save()
    assert tab.form.isVisible() and tab.form.error.text()


def test_a_checklist_edited_and_saved_as_a_new_version(settings, ui):
    tab = settings.checklists
    tab.choice.setCurrentIndex(tab.choice.findData("general"))
    first = tab.table.item(0, TEXT).text()
    tab.table.item(0, TEXT).setText("亮照经营（执照悬挂醒目）")
    tab.table.item(1, CATEGORY).setText("不存在的类别")
    tab.save()
    tab.form.save()
    assert tab.form.isVisible() and "隐患类别" in tab.form.error.text()
    assert ui.services.patrols.checklist("general").items[0].text == first
    tab.form.reject()
    tab.table.item(1, CATEGORY).setText(
        ui.services.patrols.checklist("general").items[1].hazard_category
    )
    tab.add_item()
    tab.table.item(tab.table.rowCount() - 1, TEXT).setText("消防通道畅通")
    tab.save()
    tab.form.set_value("reason", "县局新检查表")
    tab.form.save()
    assert not tab.form.isVisible(), tab.form.error.text()
    saved = ui.services.patrols.checklist("general")
    assert saved.version == 2 and saved.items[0].text == "亮照经营（执照悬挂醒目）"
    assert saved.items[-1].text == "消防通道畅通"
    assert "第 2 版" in tab.version.text() and "第 2 版" in tab.status.text()
    checked = tab.table.item(0, 2).checkState() == Qt.CheckState.Checked
    assert checked == saved.items[0].required
