"""The 扫街纳管 screen driven as an officer would: Ctrl+N quick capture with a photo, inline
errors, the per-grid to-do filtering the list, the link dialog (Enter links the best
candidate), registering as a new entity and dismissing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from station_app.services.entities import EntityData
from station_app.services.sweeps import SweepData
from tests.ui.helpers import type_text

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def grids(ui):
    from station_app.data.repo import entities as repo

    with ui.app.db.uow() as s:
        return repo.ensure_grids(s, 3)


@pytest.fixture
def page(window, ui, grids):
    ents = ui.services.entities
    ents.save(
        EntityData(
            name="城关镇张三记小吃店",
            phone="13812345678",
            address="东平县城关镇人民路12号",
            grid_id=grids[0],
        )
    )
    ents.save(EntityData(name="李四五金店", address="东平县解放路99号", grid_id=grids[0]))
    svc = ui.services.sweeps
    svc.capture(SweepData(grid_id=grids[1], name="王姐水果摊"))
    svc.capture(SweepData(grid_id=grids[2], name="空置门面"))
    window.show_page("sweeps")
    return window.current_page()


def names(page) -> list[str]:
    m = page.model
    return [m.data(m.index(r, 2)) for r in range(m.rowCount())]


def test_quick_capture_with_photo_then_link_with_enter(
    page, ui, grids, qtbot, tmp_path, monkeypatch
):
    assert page.count_label.text() == "共 2 户"
    assert page.todo.item(0).text() == "全部网格（2）"
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    dialog = page.editor
    dialog.grid.setCurrentIndex(dialog.grid.findData(grids[0]))
    # a wrong file is refused inline, nothing kept
    junk = tmp_path / "x.jpg"
    junk.write_bytes(b"not an image")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), ""))
    dialog.choose_photo()
    assert "不是 JPEG 或 PNG" in dialog.error.text() and dialog.photo is None
    photo = tmp_path / "shop.png"
    photo.write_bytes(PNG)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(photo), ""))
    dialog.choose_photo()
    assert dialog.photo == PNG and dialog.error.text() == ""
    # the name is required: saving without it keeps the dialog open with the reason
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is None and "请填写店名" in dialog.error.text()
    type_text(dialog.edits["name"], "张三记小吃")
    type_text(dialog.edits["address"], "人民路12号")
    type_text(dialog.edits["phone"], "13812345678")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None and dialog.saved.has_photo
    capture_id = dialog.saved.data.id
    assert ui.services.sweeps.photo(capture_id) == ("image/png", PNG)
    # the list and the to-do refreshed from the published Changes
    assert page.count_label.text() == "共 3 户" and page.todo.item(0).text() == "全部网格（3）"
    page.todo.setCurrentRow(1)  # GZ01: only the new capture
    assert names(page) == ["张三记小吃"]
    assert page.current.data.id == capture_id and page.detail_buttons["link"].isEnabled()
    # link dialog: the best candidate first, Enter links it
    page.link_current()
    linker = page.linker
    table = linker.table
    assert table.item(0, 1).text() == "城关镇张三记小吃店"
    assert int(table.item(0, 0).text()) >= 90 and "电话相同" in table.item(0, 6).text()
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert linker.done_card is not None and linker.done_card.status == "已关联"
    card = ui.services.sweeps.get(capture_id)
    assert card.linked_entity_name == "城关镇张三记小吃店"
    # 待关联 filter: it left the list and the grid's to-do count
    assert names(page) == [] and page.todo.item(1).text().endswith("（0）")
    page.history.load()
    assert page.history.tree.topLevelItemCount() == 0  # nothing selected


def test_link_dialog_search_register_and_dismiss(page, ui, grids, qtbot, monkeypatch):
    page.todo.setCurrentRow(0)
    assert set(names(page)) == {"空置门面", "王姐水果摊"}
    row = names(page).index("王姐水果摊")
    page.table.selectRow(row)
    page.link_current()
    linker = page.linker
    assert linker.empty.isVisible() or linker.table.rowCount() == 0
    type_text(linker.search, "李四五金")
    qtbot.keyClick(linker.search, Qt.Key.Key_Return)  # Enter in the search box searches
    assert linker.done_card is None and linker.table.item(0, 1).text() == "李四五金店"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(linker.register_button, Qt.MouseButton.LeftButton)
    done = linker.done_card
    assert done.status == "新登记"
    entity = ui.services.entities.get(done.linked_entity_id).data
    assert entity.name == "王姐水果摊" and entity.source == "扫街纳管"
    # dismiss the other one from the detail panel
    page.table.selectRow(names(page).index("空置门面"))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("非经营场所", True))
    page.dismiss_current()
    page.status.setCurrentIndex(page.status.findData("已核销"))
    assert names(page) == ["空置门面"]
    page.table.selectRow(0)
    assert "非经营场所" in page.detail.text() and page.detail_buttons["reopen"].isEnabled()
    assert page.history.tree.topLevelItemCount() == 2  # created, dismissed


def test_readonly_user_cannot_capture_or_link(page, ui, window):
    from station_app.domain.auth import READONLY, Actor

    ui.app.auth.sign_in(Actor(None, "chakan", READONLY, "县局查看"))
    page.refresh()
    page.table.selectRow(0)
    page._set_buttons()
    assert not page.capture_button.isEnabled() and not page.link_button.isEnabled()
    assert not page.detail_buttons["link"].isEnabled()
    page.capture()
    assert not hasattr(page, "editor")


def test_edit_shows_the_phone_masked_and_keeps_it_unless_retyped(page, ui, grids, qtbot):
    from PySide6.QtWidgets import QLabel, QPushButton

    from station_app.domain.auth import CLERK, Actor

    svc = ui.services.sweeps
    card, _ = svc.capture(SweepData(grid_id=grids[0], name="张三记小吃", phone="13812345678"))
    page.refresh()
    page.table.selectRow(names(page).index("张三记小吃"))
    assert page.current.data.phone == "138****5678"
    page.edit_current()
    dialog = page.editor
    assert dialog.edits["phone"].text() == "138****5678"
    assert dialog.findChild(QLabel, "maskedNote").isVisible()
    dialog.edits["phone"].editingFinished.emit()  # the mask is not an invalid number
    assert dialog.error.text() == ""
    type_text(dialog.edits["address"], "人民路14号")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None and dialog.saved.data.address == "人民路14号"
    assert svc.reveal_phone(card.data.id) == "13812345678"
    # the full number for a correction comes through the audited call
    page.edit_current()
    dialog = page.editor
    button = dialog.findChild(QPushButton, "revealForEdit")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.edits["phone"].text() == "13812345678" and button.isHidden()
    history = ui.services.audit.history("sweep_capture", card.data.id)
    assert history[0].action == "view" and history[0].changes == {"fields": ["phone"]}
    dialog.reject()
    # 内勤 edits without seeing the number: no button to show it
    ui.app.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))
    page.edit_current()
    assert page.editor.findChild(QPushButton, "revealForEdit").isHidden()
    assert page.editor.findChild(QLabel, "maskedNote").isVisible()
