"""Photos in the patrol record form (the shared attachments widget on a record not saved yet):
a photo added from the file chooser, a program renamed .jpg refused in the form, both
written with the record's save (each with its audit row)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.helpers import type_text
from tests.ui.test_orders_import_attachments import EXE, png_bytes
from tests.ui.test_patrols_page import page, rows  # noqa: F401 (the page fixture)


def test_record_form_takes_photos_saved_with_the_record(page, qtbot, ui, tmp_path, monkeypatch):  # noqa: F811
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    page.plan()
    page.dialog.save()
    page.plan_result.accept()
    page.tasks.apply_filter()
    page.tasks.table.selectRow(0)
    page.tasks.table.setFocus()
    qtbot.keyClick(page.tasks.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    for row in range(len(dialog.form_data.checklist.items)):
        dialog.set_answer(row, "yes")
    photo, fake = tmp_path / "后厨.png", tmp_path / "门头.jpg"
    photo.write_bytes(png_bytes())
    fake.write_bytes(EXE)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo), str(fake)], "")
    )
    widget = dialog.widgets["attachments"]
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    assert widget.list.count() == 1 and "按文件内容判断" in warned[-1]
    dialog.widgets["present_party"].setFocus()
    type_text(dialog.widgets["present_party"], "王大明")
    dialog.save()
    assert dialog.saved is not None
    (stored,) = ui.services.patrols.record_attachments(dialog.saved.id)
    assert stored.filename == "后厨.png"
    assert ui.services.patrols.record_attachment_data(stored.id) == photo.read_bytes()
    assert ui.services.audit.history("patrol_attachment", stored.id)
