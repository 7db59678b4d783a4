"""The 双随机 and 专项行动 pages driven as a user would: preview, witness digits, 抽取, the
result in large type, 校验; a bad ratio refused in Chinese with nothing drawn; a changed
pool after the preview refused; a new campaign from the dialog with its live count; 结束."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from station_app.data.models import Entity, Person
from tests.ui.helpers import type_text


@pytest.fixture
def seeded(sqlite_ctx):
    with sqlite_ctx.db.uow() as s:
        for i in range(16):
            s.add(
                Entity(
                    uscc=f"92370923MA{i:07d}Y",
                    name=f"测试商户{i:02d}",
                    status="在营",
                    credit_class="ABCD"[i % 4],
                )
            )
        for i in range(3):
            s.add(
                Person(
                    name=f"执法员{i}",
                    roles="enforcer",
                    cert_no=f"C00{i}",
                    cert_expiry=date(2099, 1, 1),
                    active=True,
                )
            )
    return sqlite_ctx


def _draws_page(window):
    window.show_page("draws")
    return window.current_page()


def test_a_draw_from_the_dialog_shows_and_verifies(window, seeded, qtbot):
    page = _draws_page(window)
    page.new_draw()
    dialog = page.dialog
    qtbot.mouseClick(dialog.draw_button, Qt.MouseButton.LeftButton)
    assert "请先预览" in dialog.error.text()  # the hash is announced before the digits
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    text = dialog.preview_text.text()
    assert "对象库哈希" in text and "执法人员库 3 人" in text
    type_text(dialog.witness, "3516")
    type_text(dialog.witnessed_by, "王见证")
    qtbot.mouseClick(dialog.draw_button, Qt.MouseButton.LeftButton)
    assert dialog.draw_id is not None
    view = seeded.services.draws.get(dialog.draw_id)
    assert page.result.title.text().startswith(view.number)
    assert view.pool_hash in page.result.hash.text()
    assert page.result.table.rowCount() == len(view.objects)
    assert view.witnessed_by == "王见证"
    qtbot.mouseClick(page.buttons["verify"], Qt.MouseButton.LeftButton)
    assert "校验通过" in page.result.verification.text()
    assert page.model.rowCount() == 1


def test_a_bad_ratio_is_refused_in_chinese_and_nothing_drawn(window, seeded, qtbot):
    page = _draws_page(window)
    page.new_draw()
    dialog = page.dialog
    type_text(dialog.ratios["D"], "1.5")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert "超过 1" in dialog.error.text()
    assert seeded.services.draws.rows().count() == 0


def test_a_pool_changed_after_the_preview_is_refused(window, seeded, qtbot):
    page = _draws_page(window)
    page.new_draw()
    dialog = page.dialog
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    with seeded.db.uow() as s:
        s.add(Entity(uscc="92370923MA9999999Y", name="刚登记的商户", status="在营"))
    type_text(dialog.witness, "11")
    qtbot.mouseClick(dialog.draw_button, Qt.MouseButton.LeftButton)
    assert "重新预览" in dialog.error.text() and dialog.draw_id is None
    assert seeded.services.draws.rows().count() == 0


def test_a_campaign_from_the_dialog_then_closed(window, seeded, qtbot):
    window.show_page("campaigns")
    page = window.current_page()
    page.new_campaign()
    dialog = page.dialog
    type_text(dialog.widgets["name"], "护校安园专项行动")
    type_text(dialog.widgets["filter"], "信用=A,B")
    dialog.update_count()
    assert "符合条件 8 户" in dialog.count.text()
    dialog.widgets["departments"].set_checked(["公安"])
    dialog.save()
    assert dialog.result_value is not None
    view = dialog.result_value[0]
    assert view.targets == 8 and view.departments == ("公安",)
    assert page.model.rowCount() == 1
    page.show_campaign(view.id)
    assert view.number in page.detail.text()
    assert page.board.item(0, 1).text() == "8"
    page.close_current(note="按期完成")
    assert seeded.services.campaigns.get(view.id).state == "closed"


def test_a_campaign_with_a_bad_filter_shows_why(window, seeded, qtbot):
    window.show_page("campaigns")
    page = window.current_page()
    page.new_campaign()
    dialog = page.dialog
    type_text(dialog.widgets["name"], "餐饮安心")
    type_text(dialog.widgets["filter"], "颜色=红")
    dialog.save()
    assert "无法识别" in dialog.error.text()
    assert seeded.services.campaigns.rows().count() == 0


def test_a_result_entered_from_the_result_view_is_a_patrol_record(window, seeded, qtbot):
    from datetime import datetime

    from station_app.services.draws import DrawSpec

    draw_id, _ = seeded.services.draws.run(DrawSpec(item="食品销售经营者监督检查", witness="42"))
    page = _draws_page(window)
    page.show_draw(draw_id)
    assert page.buttons["result"].isEnabled()
    page.result.table.setCurrentCell(0, 0)
    page.record_result()
    dialog = page.dialog
    assert dialog.windowTitle() == "录入双随机抽查结果"
    obj = page.result.view.objects[0]
    names = {p.id: p.name for p in dialog.form_data.people}
    assert [names[dialog.value("inspector1")], names[dialog.value("inspector2")]] == list(
        obj.inspectors[:2]
    )  # the drawn inspectors are proposed
    dialog.set_value("at", "不是时间")
    dialog.save()
    assert dialog.saved is None and "时间" in dialog.error.text()
    dialog.set_value("at", datetime.now().strftime("%Y-%m-%d %H:%M"))  # on the draw day
    dialog.save()
    assert dialog.saved is not None
    assert page.result.table.item(0, 6).text() == "未发现问题"
