"""The 工单 page's 导入平台工单 button (file chooser, dry-run preview, confirm, result; a
truncated workbook refused in Chinese with nothing written) and the attachments widget in
the order window (add from the file chooser and by a drop, a program renamed .jpg refused,
thumbnails, Enter opens a private temporary copy with the system viewer, Delete voids with a
reason). File dialogs, message boxes and the system viewer are monkeypatched."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDropEvent, QImage
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from tests.services.test_orders_import import row, sheet
from tests.support.orders import build_roster, set_now
from tests.ui.helpers import type_text

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(500)


@pytest.fixture
def page(window, ui, monkeypatch):
    build_roster(ui.app)
    set_now(ui.app, monkeypatch, "2026-05-03 12:00")
    window.show_page("orders")
    return window.current_page()


@pytest.fixture
def boxes(monkeypatch):
    told: dict[str, list[str]] = {"question": [], "information": [], "warning": []}

    def keep(kind, answer=None):
        return lambda *a, **k: told[kind].append(a[2]) or answer

    monkeypatch.setattr(QMessageBox, "question", keep("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", keep("information"))
    monkeypatch.setattr(QMessageBox, "warning", keep("warning"))
    return told


def choose(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def test_import_button_previews_confirms_and_imports(page, ui, qtbot, tmp_path, monkeypatch, boxes):
    path = sheet(tmp_path, [row("JN2026050200001"), row("QY2026050200002", kind="企业直通车")])
    choose(monkeypatch, path)
    assert page.import_button.isEnabled()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    (preview,) = boxes["question"]
    assert "共 2 行（尚未写入）" in preview and "新建工单 2 件" in preview
    assert boxes["information"] == ["已导入：新建 2 件，重办升级 0 件，未变 0 件。"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    # the platform sends one back: the preview names the escalation
    again = sheet(tmp_path, [row("JN2026050200001", rework=1)], name="again.xlsx")
    choose(monkeypatch, again)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    number = ui.services.orders.show("JN2026050200001").number
    assert f"重办升级 1 件：{number}" in boxes["question"][-1]
    assert ui.services.orders.show(number).rework == 1


def test_import_refuses_a_bad_sheet_and_writes_nothing(
    page, ui, qtbot, tmp_path, monkeypatch, boxes
):
    good = sheet(tmp_path, [row("JN2026050200001")])
    truncated = tmp_path / "截断.xlsx"
    truncated.write_bytes(good.read_bytes()[:700])
    choose(monkeypatch, truncated)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    (message,) = boxes["warning"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message) and "Traceback" not in message
    bad_rows = sheet(tmp_path, [row("JN2026050200001"), row("JN2026050200002", received="5月2日")],
                     name="bad.xlsx")  # fmt: skip
    choose(monkeypatch, bad_rows)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert "第 4 行" in boxes["warning"][-1] and "受理时间" in boxes["warning"][-1]
    assert boxes["question"] == [] and ui.services.orders.rows().count() == 0


def png_bytes() -> bytes:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def drop(widget, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    widget.dropEvent(event)


def test_attachments_widget_in_the_order_window(page, ui, qtbot, tmp_path, monkeypatch, boxes):
    from station_app.services.orders import OrderInput
    from tests.support.orders import bj

    data = OrderInput(kind="网格线索", received_at=bj("2026-05-03 11:00"), grid="WG01",
                      text="无证烧烤")  # fmt: skip
    number = ui.services.orders.add(data)[0].number
    from station_app.ui.screens.orders.order_dialog import OrderDialog

    dialog = OrderDialog(ui, number, page)
    qtbot.addWidget(dialog)
    dialog.show()
    widget = dialog.attachments
    assert widget.count.text() == "暂无附件"
    photo, fake, scan = tmp_path / "现场.png", tmp_path / "现场2.jpg", tmp_path / "回复.pdf"
    photo.write_bytes(png_bytes())
    fake.write_bytes(EXE)
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo), str(fake)], "")
    )
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    assert widget.list.count() == 1 and widget.count.text() == "共 1 个附件"
    assert "按文件内容判断" in boxes["warning"][-1]  # the renamed program, nothing written
    assert not widget.list.item(0).icon().isNull()
    drop(widget, [scan])
    assert [widget.list.item(i).text() for i in range(widget.list.count())] == [
        "现场.png",
        "回复.pdf",
    ]
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    widget.list.setFocus()
    widget.list.setCurrentRow(0)
    qtbot.keyClick(widget.list, Qt.Key.Key_Return)
    (url,) = opened
    assert Path(url.toLocalFile()).read_bytes() == photo.read_bytes()
    assert Path(url.toLocalFile()).parent != tmp_path  # a temporary copy
    widget.list.setCurrentRow(1)
    qtbot.keyClick(widget.list, Qt.Key.Key_Delete)
    form = widget.form
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "须填写原因" in form.error.text() and form.isVisible()
    type_text(form.widgets["reason"], "上传错了")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert widget.list.item(1).text() == "【已作废】回复.pdf"
    assert not widget.remove_button.isEnabled()
    listed = ui.services.orders.attachments(number)
    assert [a.voided for a in listed] == [False, True] and listed[1].void_reason == "上传错了"
    dialog.grab().save(str(tmp_path / "order_attachments.png"))
    _ = QByteArray  # keep the import used on every Qt version


def test_settings_tab_shows_and_edits_office_hours(window, ui, monkeypatch, qtbot):
    set_now(ui.app, monkeypatch, "2026-05-02 12:00")
    window.open_filtered("settings", {"tab": "orders"})
    tab = window.current_page().tabs.currentWidget()
    assert tab.hours.item(0, 0).text() == "08:30–12:00、14:00–17:30"
    qtbot.mouseClick(tab.buttons["修改办公时间…"], Qt.MouseButton.LeftButton)
    form = tab.form
    form.widgets["windows"].clear()
    type_text(form.widgets["windows"], "8点到12点")
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "格式不对" in form.error.text() and form.isVisible()
    form.widgets["windows"].clear()
    type_text(form.widgets["windows"], "08:30–12:00、13:30–17:30")
    type_text(form.widgets["reason"], "夏季作息时间")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert tab.hours.rowCount() == 2
    assert [tab.hours.item(1, c).text() for c in (0, 3)] == [
        "08:30–12:00、13:30–17:30",
        "夏季作息时间",
    ]
    # a line can be counted in 工作小时 from the same tab
    tab.edit_limit()
    limit = tab.form
    limit.widgets["unit"].setCurrentIndex(limit.widgets["unit"].findData("wh"))
    limit.widgets["clock"].setCurrentIndex(limit.widgets["clock"].findData("respond"))
    type_text(limit.widgets["amount"], "2")
    type_text(limit.widgets["reason"], "按工作时间响应")
    qtbot.mouseClick(
        limit.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert not limit.isVisible()
    texts = [tab.table.item(r, 2).text() for r in range(tab.table.rowCount())]
    assert "2 工作小时" in texts
    tab.window().grab().save(str(Path(ui.prefs.path).parent / "limits_tab.png"))
