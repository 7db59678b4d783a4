"""The 专项行动 page's checks and 回头看 driven as a user would: 登记检查 from the 检查对象 tab
(the patrols record dialog with the campaign's departments), a 否 answer becomes a problem
shop and its 回头看 appears; 免于回头看 without a reason refused in Chinese with nothing
written, then with one; 登记回头看 of a problem shop is its re-check; 打印汇总表 and 导出 XLSX."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from station_app.data.models import CampaignRevisit, Entity, Person
from station_app.domain.campaign_targets import TargetFilter
from station_app.services.campaigns import CampaignDraft


@pytest.fixture
def campaign(sqlite_ctx):
    with sqlite_ctx.db.uow() as s:
        for i in range(4):
            s.add(Entity(uscc=f"92370923MA{i:07d}Y", name=f"测试商户{i:02d}", status="在营",
                         credit_class="A"))  # fmt: skip
        for i in range(2):
            s.add(Person(name=f"执法员{i}", roles="enforcer", active=True))
    today = sqlite_ctx.services.clock.today()
    draft = CampaignDraft(
        "护校安园专项行动", today - timedelta(days=5), today + timedelta(days=20),
        departments=("公安", "教育"), target_filter=TargetFilter(credit_classes=("A",)),
        sample_ratio="0",
    )  # fmt: skip
    return sqlite_ctx.services.campaigns.add(draft)[0]


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(
        "station_app.ui.errors.QMessageBox.warning", lambda _p, _t, text: shown.append(text)
    )
    monkeypatch.setattr(
        "station_app.ui.screens.campaigns.page.QMessageBox.information",
        lambda _p, _t, text: shown.append(text),
    )
    return shown


def _page(window, view):
    window.show_page("campaigns")
    page = window.current_page()
    page.show_campaign(view.id)
    return page


def _check(page, sqlite_ctx, row: int = 0):
    tab = page.targets_tab
    tab.table.setCurrentCell(row, 0)
    tab.record_check()
    dialog = tab.dialog
    people = [p.id for p in dialog.form_data.people]
    earlier = datetime.now().replace(microsecond=0) - timedelta(hours=1)
    dialog.set_value("at", earlier.strftime("%Y-%m-%d %H:%M"))
    dialog.set_value("inspector1", people[0])
    dialog.set_value("inspector2", people[1])
    return dialog


def test_a_check_from_the_targets_tab_makes_a_problem_shop_and_its_revisit(
    window, campaign, sqlite_ctx, warnings, tmp_path
):
    page = _page(window, campaign)
    assert page.targets_tab.table.rowCount() == 4
    assert page.tabs.tabText(1) == "检查对象" and page.tabs.tabText(2) == "回头看"
    dialog = _check(page, sqlite_ctx)
    assert dialog.windowTitle() == "登记专项检查"
    dialog.departments.set_checked(["公安"])
    dialog.set_answer(0, "no", note="消防通道堵塞")
    dialog.save()
    assert dialog.saved is not None and dialog.saved.target_state == "problem"
    assert dialog.saved.record.source == "campaign"
    assert page.targets_tab.table.item(0, 5).text() == "问题商户·整改中"
    revisits = page.revisits_tab.table
    assert revisits.rowCount() == 1 and revisits.item(0, 1).text() == "整改后回头看"
    assert page.board.item(0, 4).text() == "1"  # 问题商户

    revisit_id = revisits.item(0, 0).data(0x0100)
    page.revisits_tab.waive(revisit_id, reason="")
    assert warnings and "免于回头看须写明原因" in warnings[-1]
    with sqlite_ctx.db.session() as s:
        assert s.get(CampaignRevisit, revisit_id).state == "open"

    page.revisits_tab.record(revisit_id)
    recheck = page.revisits_tab.dialog
    assert recheck.windowTitle() == "登记回头看（隐患复查）"
    recheck.set_value("at", datetime.now().strftime("%Y-%m-%d %H:%M"))
    recheck.set_value("passed", True)
    recheck.save()
    assert sqlite_ctx.services.campaigns.revisit(revisit_id).state == "done"
    assert "已回头看" in page.revisits_tab.table.item(0, 3).text()

    out = tmp_path / "汇总.xlsx"
    page.export_summary(out)
    assert out.exists()
    page.print_summary()
    assert page.preview is not None
    page.close_current(note="按期完成")
    assert sqlite_ctx.services.campaigns.get(campaign.id).state == "closed"


def test_closing_with_a_revisit_open_is_refused_and_a_waiver_with_reason_lets_it_close(
    window, campaign, sqlite_ctx, warnings
):
    page = _page(window, campaign)
    dialog = _check(page, sqlite_ctx, row=1)
    dialog.set_answer(0, "no")
    dialog.save()
    page.close_current(note="")
    assert warnings and "还有 1 个回头看未完成" in warnings[-1]
    assert sqlite_ctx.services.campaigns.get(campaign.id).state == "open"
    revisit_id = page.revisits_tab.table.item(0, 0).data(0x0100)
    page.revisits_tab.waive(revisit_id, reason="商户已停业搬离")
    assert page.revisits_tab.table.item(0, 3).text() == "已免于回头看"
    page.close_current(note="")
    assert sqlite_ctx.services.campaigns.get(campaign.id).state == "closed"
    assert date.today()  # the page needs no fixed day
