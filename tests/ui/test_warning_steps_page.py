"""The 预警 page's one-step buttons: 转工单 opens a 网格线索 and 起草消费提示 a draft notice, each
warning then 已处置 with what it opened shown under it."""

from __future__ import annotations

from datetime import date, timedelta

from station_app.services.complaints import ComplaintInput
from station_app.services.entities import EntityData
from station_app.services.roster import GridData

TODAY = date(2026, 11, 20)


def _complaints(ui, entity_id: int) -> None:
    for d in (1, 2, 3):
        day = TODAY - timedelta(days=d)
        ui.services.complaints.register(
            ComplaintInput(
                channel="12315", received_on=day, complainant_name="张小明",
                complainant_phone="13812348000", complainant_address="幸福路12号",
                complainant_id_type="居民身份证", complainant_id_number="11010519491231002X",
                respondent_name="", respondent_address="", entity_id=entity_id, goods="会员卡",
                amount_fen=10000, claim="退款", facts="办卡后无法使用。",
            ),
            today=day,
        )  # fmt: skip


def test_to_order_and_to_notice_from_the_page(window, ui):
    ui.services.clock.set_day(TODAY)
    grid, _ = ui.services.roster.save_grid(GridData("GZ01", "东关社区网格", ("东关社区",)))
    for name in ("东平县好运来超市", "东平县美丽人生美容院"):
        data = EntityData(name=name, address="人民路8号", grid_id=grid.id)
        _complaints(ui, ui.services.entities.save(data)[0].data.id)
    window.show_page("warnings")
    page = window.current_page()
    page.scan_button.click()
    page.apply_filter()
    assert page.count_label.text() == "共 2 条预警"
    page.table.selectRow(0)
    assert all(b.isEnabled() for b in page.step_buttons)
    page.step_buttons[0].click()
    w = page.current
    assert w.state == "已处置" and w.resolution == "转工单" and w.action_ref.startswith("工单 ")
    number = w.action_ref.split()[1]
    assert ui.services.orders.show(number).kind == "网格线索"
    assert number in page.detail.text() and not any(b.isEnabled() for b in page.step_buttons)
    page.apply_filter()
    assert page.count_label.text() == "共 1 条预警"
    page.table.selectRow(0)
    page.step_buttons[2].click()
    assert page.current.resolution == "发布消费提示"
    [notice] = ui.services.outreach.warnings()
    assert page.current.action_ref == f"消费提示 {notice.id}" and notice.published_on is None
