"""The order window's flow half (#14) driven as a clerk would: 转调解 of a 12315 complaint
(a missing address refused at its field, nothing written; then the case opened, its number a
link in the window), and a 举报's print buttons (the 举报登记表 at once, the 告知书 after the
decision)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from station_app.services.orders import OrderInput
from station_app.ui.screens.orders.order_dialog import OrderDialog
from tests.support.orders import bj, build_roster, set_now
from tests.ui.helpers import type_text


@pytest.fixture
def orders(ui, monkeypatch):
    build_roster(ui.app)
    set_now(ui.app, monkeypatch, "2026-05-06 12:00")
    return ui.services.orders


def save(qtbot, form) -> None:
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def handling(orders, kind: str, platform_no: str, **kw):
    data = OrderInput(kind=kind, received_at=bj("2026-05-06 09:00"), platform_no=platform_no,
                      text="电饭煲三天即损坏，商家拒绝退货", subject_name="城关镇好运家电店",
                      subject_address="人民路8号", requester_name="张投诉",
                      requester_phone="13812345678", **kw)  # fmt: skip
    view = orders.add(data)[0]
    orders.dispatch(view.number, bj("2026-05-06 09:30"), to="wang", reason="承办")
    return orders.respond(view.number, bj("2026-05-06 10:00"))[0]


def test_mediate_from_the_order_window(ui, orders, qtbot, tmp_path):
    view = handling(orders, "12315投诉", "13701022026050600031")
    dialog = OrderDialog(ui, view.number)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.flow.isVisible()
    qtbot.mouseClick(dialog.step_buttons["case"], Qt.MouseButton.LeftButton)
    form = dialog.form
    assert form.widgets["facts"].toPlainText().startswith("电饭煲")
    save(qtbot, form)
    assert "请填写投诉人通讯地址" in form.error.text() and form.isVisible()
    assert dialog.view.case_id is None and ui.services.complaints.rows().count() == 0
    type_text(form.widgets["complainant_address"], "东平县东关街3号")
    save(qtbot, form)
    assert not form.isVisible()
    assert dialog.view.case_number.startswith("TS2026-")
    assert dialog.flow.isVisible() and dialog.view.case_number in dialog.flow.text.text()
    steps = [dialog.timeline.item(r, 1).text() for r in range(dialog.timeline.rowCount())]
    assert steps[-1] == "转调解"
    dialog.flow.open_case()
    assert dialog.flow.case_dialog is not None and dialog.flow.case_dialog.isVisible()
    dialog.flow.case_dialog.close()
    dialog.grab().save(str(tmp_path / "mediated.png"))
    import shutil

    shutil.copy(tmp_path / "mediated.png", "/tmp/orders/order_mediated.png")


def test_report_prints_from_the_order_window(ui, orders, qtbot, monkeypatch):
    view = handling(orders, "12315举报", "13701022026050600032", real_name=True)
    dialog = OrderDialog(ui, view.number)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.flow.form_button.isVisible() and not dialog.flow.notice_button.isEnabled()
    opened = []
    monkeypatch.setattr(
        "station_app.ui.screens.orders.flow_panel.open_pdf_preview",
        lambda parent, path, title, **kw: opened.append((path, title)),
    )
    qtbot.mouseClick(dialog.flow.form_button, Qt.MouseButton.LeftButton)
    assert opened and opened[-1][0].exists() and "举报登记表" in opened[-1][1]
    orders.decide(view.number, "立案", "", bj("2026-05-06 11:00"))
    dialog.reload()
    assert dialog.flow.notice_button.isEnabled()
    qtbot.mouseClick(dialog.flow.notice_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 2 and opened[-1][0].exists()
    assert "举报告知书" in opened[-1][1]
