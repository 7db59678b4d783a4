"""红黑榜公示 dialog (issue 17): the 发布时间 column shows the whole time, and publishing the
same notice twice lists one publication."""

from __future__ import annotations

from datetime import date


def test_published_time_is_not_clipped_and_one_snapshot(window, ui, qtbot, monkeypatch):
    from station_app.ui.screens.lists import publish_dialog
    from station_app.ui.screens.lists.publish_dialog import PublishDialog
    from tests.services.test_lists import HEAD_B, add_entity, list_entity

    shop = add_entity(ui.app, "东平县城关老街食品店", "91370923MA3C000017")
    list_entity(ui.app, shop, "红色合伙人", ui.services.clock.today().replace(day=1))
    ui.app.auth.sign_in(HEAD_B)
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(publish_dialog.PublishDialog, "_open_pdf", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog = PublishDialog(ui, window)
    qtbot.addWidget(dialog)
    dialog.resize(900, 600)
    dialog.show()
    dialog.publish()
    dialog.publish()  # the same notice again (e.g. to export it as XLSX after the PDF)
    table = dialog.history
    assert table.rowCount() == 1
    item = table.item(0, 3)
    needed = table.fontMetrics().horizontalAdvance(item.text())
    assert table.columnWidth(3) >= needed, (table.columnWidth(3), needed, item.text())
    assert date.fromisoformat(item.text()[:10])
