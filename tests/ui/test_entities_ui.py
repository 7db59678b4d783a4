"""The entity registry screen driven as a clerk would: search, open the card, edit and save,
see the change in the list; inline validation; import wizard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from station_app.services.entities import EntityData, LicenceData
from tests.ui.helpers import type_text


@pytest.fixture
def page(window, ui):
    svc = ui.services.entities
    today = date.today()
    svc.save(
        EntityData(
            name="城关镇张三记餐馆",
            legal_rep="张三",
            phone="13812345678",
            address="东平县城关镇人民路12号",
            industries=("餐饮服务",),
            licences=(
                LicenceData(
                    "食品经营许可证", "JY1", today - timedelta(days=100), today + timedelta(days=10)
                ),
            ),
        )
    )
    for n in range(30):
        svc.save(EntityData(name=f"东平县测试{n:02d}商店", address=f"佛山街{n}号"))
    window.show_page("entities")
    return window.current_page()


def visible_names(page) -> list[str]:
    model = page.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_search_open_card_edit_and_see_it(page, ui, qtbot, monkeypatch):
    assert page.count_label.text() == "共 31 户"
    type_text(page.search, "zsj")
    page.apply_filter()  # the debounce timer would do this after 250 ms
    assert visible_names(page) == ["城关镇张三记餐馆"]
    assert page.count_label.text() == "共 1 户"
    index = page.model.index(0, 0)
    page.table.doubleClicked.emit(index)
    card = page.card
    assert card.title.text() == "城关镇张三记餐馆"
    assert card.tabs.tabText(1) == "许可证（1）"
    assert "临期" in card.tabs.widget(1).item(0, 5).text()
    card._on_edit()
    editor = card.editor
    type_text(editor.edits["phone"], "0538-7654321")
    editor.edits["phone"].textEdited.emit("0538-7654321")
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=2000)
    qtbot.keyClick(editor.edits["phone"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.saved is not None and editor.saved.data.phone == "0538-***4321"
    assert ui.services.entities.reveal_personal(card.entity_id, "phone") == "0538-7654321"
    # the list row repainted; a natural person's number stays masked in lists
    assert page.model.data(page.model.index(0, 4)) == "0538-***4321"
    # the open card reloaded, masked by default
    assert card.phone_value.label.text() == "0538-***4321"


def test_inline_validation_keeps_dialog_open(page, ui, qtbot, monkeypatch):
    page.new_entity()
    editor = page.editor
    type_text(editor.edits["name"], "坏代码超市")
    type_text(editor.edits["uscc"], "91350100M000100Y4Z")
    editor.edits["uscc"].editingFinished.emit()
    assert "校验位不符" in editor.error.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.saved is None and "校验位不符" in editor.error.text()
    editor.edits["uscc"].clear()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.saved is not None and editor.saved.data.entity_type == "未登记"
    assert page.count_label.text() == "共 32 户"


def test_unsaved_changes_prompt(page, qtbot, monkeypatch):
    page.new_entity()
    editor = page.editor
    type_text(editor.edits["name"], "未保存的店")
    editor.edits["name"].textEdited.emit("未保存的店")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    editor.reject()
    assert editor.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    editor.reject()
    assert not editor.isVisible()


def test_filters_sort_and_export(page, ui, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    page.filters["industry"].setCurrentIndex(page.filters["industry"].findData("餐饮服务"))
    assert visible_names(page) == ["城关镇张三记餐馆"]
    page.clear_filters()
    page.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    names = visible_names(page)
    assert names == sorted(names, reverse=True)
    page.table.selectRow(0)
    page.export_to(tmp_path / "sel.xlsx", page.selected_ids())
    from openpyxl import load_workbook

    rows = list(load_workbook(tmp_path / "sel.xlsx").active.values)
    assert len(rows) == 2 and rows[1][0] == names[0]
    assert shown and "已导出 1 户" in shown[0]


def test_import_wizard_flow(page, ui, tmp_path, monkeypatch):
    from tests.services.ledgers import good_rows, write_ledger

    path = write_ledger(tmp_path / "台账.xlsx", [[*r[:6], "", *r[7:]] for r in good_rows()])
    page.open_import()
    wizard = page.wizard
    wizard.load_file(path)
    assert wizard.stack.currentIndex() == 1 and wizard.current_mapping()[1] == "name"
    wizard._on_next()
    assert wizard.stack.currentIndex() == 2 and "将新增 5 户" in wizard.summary.text()
    wizard._on_next()
    assert wizard.stack.currentIndex() == 3 and "新增 5 户" in wizard.done_label.text()
    assert page.count_label.text() == "共 36 户"


def test_card_shows_the_red_and_black_list_section(qtbot, ui):
    from station_app.ui.screens.entities.dialogs import EntityCardDialog
    from station_app.ui.screens.lists.entity_section import EntityListsSection

    card, _ = ui.services.entities.save(EntityData(name="城关镇红榜候选超市"))
    dialog = EntityCardDialog(ui, card.data.id)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "红黑榜" in titles
    section = dialog.tabs.widget(titles.index("红黑榜"))
    assert isinstance(section, EntityListsSection) and section.entity_id == card.data.id


def test_import_wizard_saves_the_mapping_and_applies_it_next_time(page, ui, tmp_path, monkeypatch):
    from tests.services.ledgers import write_ledger

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    headers = ["商号", "老板", "门牌"]
    rows = [["甲记商店", "甲某", "某街1号"], ["乙记饭庄", "乙某", "某街2号"]]
    first = write_ledger(tmp_path / "一月.xlsx", rows, title=False, headers=headers)
    page.open_import()
    wizard = page.wizard
    wizard.load_file(first)
    assert wizard.current_mapping() == {} and not wizard.saved_note.isVisibleTo(wizard)
    for row, field in ((0, "name"), (1, "legal_rep"), (2, "address")):
        combo = wizard.mapping.cellWidget(row, 2)
        combo.setCurrentIndex(combo.findData(field))
    wizard.save_mapping.setChecked(True)
    wizard._on_next()
    assert (
        warnings == []
        and wizard.stack.currentIndex() == 2
        and "将新增 2 户" in wizard.summary.text()
    )
    wizard.reject()

    second = write_ledger(tmp_path / "二月.xlsx", rows[:1], title=False, headers=headers)
    page.open_import()
    wizard = page.wizard
    wizard.load_file(second)
    assert (
        wizard.saved_note.isVisibleTo(wizard) and "已套用保存的对应关系" in wizard.saved_note.text()
    )
    assert wizard.current_mapping() == {0: "name", 1: "legal_rep", 2: "address"}
    assert not wizard.save_mapping.isChecked()


def test_card_lists_the_complaints_against_the_entity_and_opens_one(qtbot, ui):
    from station_app.services.complaints import ComplaintInput
    from station_app.ui.screens.entities.dialogs import EntityCardDialog

    card, _ = ui.services.entities.save(EntityData(name="城关镇鑫源家电商店"))
    other, _ = ui.services.entities.save(EntityData(name="城关镇别家超市"))
    for name, entity in (("张小明", card), ("李四", card), ("王五", other)):
        ui.services.complaints.register(
            ComplaintInput(
                channel="来电",
                received_on=date(2026, 10, 8),
                complainant_name=name,
                complainant_phone="13812348000",
                complainant_address="东平县城关镇幸福路12号",
                respondent_name=entity.data.name,
                respondent_address="东平县城关镇人民路120号",
                entity_id=entity.data.id,
                claim="退货",
                facts="空调制冷不良。",
            )
        )
    dialog = EntityCardDialog(ui, card.data.id)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "投诉与调解（2）" in titles
    section = dialog.complaints_section
    table = section.table
    shown = {table.item(r, 2).text() for r in range(table.rowCount())}
    assert shown == {"张*明", "李*"}, "only this entity's complaints, complainants masked"
    assert "共 2 件投诉" in section.summary.text() and "待受理 2 件" in section.summary.text()
    section.open_row(0)
    assert section.case_dialog is not None and section.case_dialog.isVisible()
    assert section.case_dialog.windowTitle().startswith("投诉 TS")


def _shop(ui) -> int:
    card, _ = ui.services.entities.save(
        EntityData(
            name="城关镇李四小吃", legal_rep="李四", phone="13812345678", address="人民路1号"
        )
    )
    return card.data.id


def test_card_shows_the_phone_masked_and_reveals_it_audited(qtbot, ui):
    from station_app.domain.auth import CLERK, Actor
    from station_app.ui.screens.entities.dialogs import EntityCardDialog

    eid = _shop(ui)
    dialog = EntityCardDialog(ui, eid)
    qtbot.addWidget(dialog)
    phone = dialog.phone_value
    assert phone.label.text() == "138****5678" and dialog.card.data.phone == "138****5678"
    assert not phone.button.isHidden()
    qtbot.mouseClick(phone.button, Qt.MouseButton.LeftButton)
    assert phone.label.text() == "13812345678" and phone.button.isHidden()
    view = ui.services.audit.history("entity", eid)[0]
    assert view.action == "view" and view.changes == {"fields": ["phone"]}
    # a role without personal.unmasked gets no 显示 button
    ui.app.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))
    other = EntityCardDialog(ui, eid)
    qtbot.addWidget(other)
    assert other.phone_value.label.text() == "138****5678"
    assert other.phone_value.button.isHidden()


def test_edit_without_touching_the_phone_keeps_the_stored_number(qtbot, ui):
    from station_app.ui.screens.entities.dialogs import EntityCardDialog

    eid = _shop(ui)
    card = EntityCardDialog(ui, eid)
    qtbot.addWidget(card)
    card._on_edit()
    editor = card.editor
    assert editor.edits["phone"].text() == "138****5678"
    assert editor.findChild(QLabel, "maskedNote").isVisible()
    editor.edits["phone"].editingFinished.emit()  # leaving the field: the mask is no error
    assert editor.error.text() == ""
    type_text(editor.edits["address"], "人民路3号")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.saved is not None and editor.saved.data.address == "人民路3号"
    history = ui.services.audit.history("entity", eid)
    assert history[0].action == "update" and "phone" not in history[0].changes
    assert ui.services.entities.reveal_personal(eid, "phone") == "13812345678"


def test_editor_loads_the_full_phone_through_the_audited_call(qtbot, ui):
    from station_app.ui.screens.entities.dialogs import EntityCardDialog

    eid = _shop(ui)
    card = EntityCardDialog(ui, eid)
    qtbot.addWidget(card)
    card._on_edit()
    editor = card.editor
    button = editor.findChild(QPushButton, "revealForEdit")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert editor.edits["phone"].text() == "13812345678" and button.isHidden()
    assert "已记入操作日志" in editor.findChild(QLabel, "maskedNote").text()
    assert ui.services.audit.history("entity", eid)[0].action == "view"
    type_text(editor.edits["phone"], "13812345679")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.saved is not None
    assert ui.services.entities.reveal_personal(eid, "phone") == "13812345679"


def test_import_wizard_clears_the_saved_mapping_applied_to_the_file(
    page, ui, tmp_path, monkeypatch
):
    from station_app.ui.screens.entities import labels as L
    from tests.services.ledgers import write_ledger

    headers = ["商号", "老板", "门牌", "备注"]
    path = write_ledger(
        tmp_path / "台账.xlsx", [["甲记商店", "甲某", "某街1号", ""]], headers=headers
    )
    svc = ui.services.entity_import
    page.open_import()
    wizard = page.wizard
    wizard.load_file(path)  # nothing saved yet: the button is there but disabled
    assert wizard.current_mapping() == {3: "note"} and not wizard.forget_button.isEnabled()
    assert wizard.saved_note.isHidden()
    svc.save_mapping(tuple(headers), {0: "name", 1: "legal_rep", 2: "address", 3: "note"})
    wizard.load_file(path)
    assert wizard.current_mapping() == {0: "name", 1: "legal_rep", 2: "address", 3: "note"}
    assert wizard.forget_button.isEnabled() and not wizard.saved_note.isHidden()
    asked = []

    def answer(reply):
        def question(*args, **_kw):
            asked.append(args[2])
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    wizard.forget_button.click()
    assert asked and len(svc.saved_mappings()) == 1  # not confirmed: kept
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    wizard.forget_button.click()
    assert svc.saved_mappings() == [] and not svc.preview(path).saved_mapping
    # the file was read again: columns recognised by their header texts, the button disabled
    assert wizard.stack.currentIndex() == 1 and wizard.current_mapping() == {3: "note"}
    assert not wizard.forget_button.isEnabled()
    assert wizard.saved_note.text() == L.IMPORT_MAPPING_FORGOTTEN
    assert not wizard.saved_note.isHidden()
    assert ui.services.audit.history("import_mapping", _saved_key(headers))[0].action == "delete"


def _saved_key(headers) -> str:
    from station_app.exports.ledger_reader import header_signature
    from station_app.services.entity_import import MAPPING_PREFIX, mapping_key

    return mapping_key(header_signature(headers)).removeprefix(MAPPING_PREFIX)


def test_import_wizard_lists_rows_changed_meanwhile_and_imports_them_again(page, ui, tmp_path):
    """Issue 21 item 4: an edit saved on another PC while the import runs is never overwritten;
    the wizard lists the row and imports it again on request (compared anew)."""
    from dataclasses import replace

    from tests.services.ledgers import good_rows, write_ledger

    rows = [[*r[:6], "", *r[7:]] for r in good_rows()[:2]]
    ui.services.entity_import.run(write_ledger(tmp_path / "一月.xlsx", rows))
    rows[0][3] = "张三丰"  # the ledger changes the first entity's legal representative
    path = write_ledger(tmp_path / "二月.xlsx", rows)
    ids = ui.services.entities.rows().fetch_ids(None, False).tolist()
    first = next(c.data for c in map(ui.services.entities.get, ids) if c.data.uscc == rows[0][2])
    page.open_import()
    wizard = page.wizard
    wizard.load_file(path)
    wizard._on_next()  # the dry run
    write = wizard.service._write

    def other_pc_then_write(*args, **kwargs):  # another PC saves between compare and write
        ui.services.entities.save(replace(first, legal_rep="张三（他人改）"))
        wizard.service._write = write
        return write(*args, **kwargs)

    wizard.service._write = other_pc_then_write
    wizard._on_next()
    assert wizard.stack.currentIndex() == 3 and "未导入" in wizard.done_label.text()
    assert wizard.changed.isVisibleTo(wizard) and wizard.changed.rowCount() == 1
    assert wizard.changed.item(0, 1).text() == rows[0][1]
    assert "修改" in wizard.changed.item(0, 2).text()
    assert ui.services.entities.get(first.id).data.legal_rep == "张三（他人改）"
    assert wizard.again_button.isVisibleTo(wizard)
    wizard.again_button.click()
    assert not wizard.changed.isVisibleTo(wizard) and "更新 1 户" in wizard.done_label.text()
    assert ui.services.entities.get(first.id).data.legal_rep == "张三丰"
