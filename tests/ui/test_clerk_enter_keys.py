"""A clerk's day: Enter in a lookup field searches (or picks) and never presses the dialog's
default button (the complaint form's 回车查找 once saved a complaint unlinked from the registry)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit

from tests.ui.helpers import type_text


def _fill_valid_complaint(form) -> None:
    for key, text in (
        ("complainant_name", "张小明"),
        ("complainant_phone", "13812348000"),
        ("complainant_address", "东平县城关镇幸福路12号"),
        ("respondent_name", "鑫源"),
        ("respondent_address", "人民路"),
    ):
        type_text(form.widgets[key], text)
    facts: QPlainTextEdit = form.widgets["facts"]
    facts.setPlainText("空调制冷不良。")
    claim: QComboBox = form.widgets["claim"]
    claim.setCurrentIndex(claim.findData("退货"))


def test_enter_in_the_respondent_lookup_searches_and_does_not_save(window, ui, qtbot):
    from station_app.services.entities import EntityData

    ui.services.entities.save(
        EntityData(name="东平县鑫源家电销售有限公司", address="东平县城关镇人民路120号")
    )
    window.show_page("complaints")
    page = window.current_page()
    page.new_complaint()
    form = page.register_form
    _fill_valid_complaint(form)  # a form that 保存 would save as it stands
    picker = form.respondent_picker
    type_text(picker.query, "鑫源")
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    assert form.isVisible() and not form.error.text(), "Enter in the lookup pressed 保存"
    assert ui.services.complaints.rows(page.current_filter()).count() == 0
    assert picker.results.isVisible() and picker.results.count() == 1
    # Enter on a result picks it, and does not save either
    picker.results.setFocus()
    picker.results.setCurrentRow(0)
    qtbot.keyClick(picker.results, Qt.Key.Key_Enter)
    assert form.isVisible() and picker.entity_id
    assert form.value("respondent_name") == "东平县鑫源家电销售有限公司"
    assert ui.services.complaints.rows(page.current_filter()).count() == 0
    form.save()
    assert not form.isVisible()
    assert page.case_dialog.view.entity_id == picker.entity_id


def test_enter_in_the_list_proposal_entity_lookup_does_not_press_ok(window, ui, qtbot):
    from station_app.ui.screens.lists.dialogs import ListingDialog

    dialog = ListingDialog(ui, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ok_button.setEnabled(True)  # as when every rule passes
    pressed = []
    dialog.ok_button.clicked.connect(lambda: pressed.append(True))
    type_text(dialog.entity_search, "鑫源")
    qtbot.keyClick(dialog.entity_search, Qt.Key.Key_Return)
    assert pressed == [] and dialog.isVisible()
