"""The 走访服务 and 执法与约谈 screens driven as an officer would: a visit typed in the visit
dialog with requests (Chinese typed as an input method would), a bad time shown inline with
nothing saved, the requests tab, the violations list with the 首违不罚 check shown for the
selected row, a decision against the check refused inline until an override reason is given,
and the entity card's 走访/执法 tabs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from station_app.services.violations import ViolationInput
from station_app.services.visits import RequestDraft, VisitInput
from tests.services.visits_helpers import at, setup_station
from tests.ui.helpers import type_text


@pytest.fixture
def station(ui):
    ids = setup_station(ui.app)
    ui.app.clock.set_day(None)  # the GUI works on today's date
    return ids


def test_record_a_visit_through_the_dialog(window, ui, station, qtbot):
    window.show_page("visits")
    page = window.current_page()
    assert page.visits.count_label.text() == "共 0 次走访"
    page.new_visit()
    d = page.dialog
    type_text(d.widgets["entity"], "91370923MA3C5XY21R")
    d.set_value("day", ui.services.clock.today() - timedelta(days=1))
    type_text(d.widgets["time"], "25:99")
    d.widgets["team"].setCurrentText("城关第一服务队")
    d.set_value("topics", ("annual_report", "policy"))
    n = d.requests.add_row()
    d.requests.table.item(n, 0).setText("不会网上报年报")
    d.save()
    assert "无法识别" in d.error.text() and d.isVisible()
    assert ui.services.visits.rows().count() == 0
    type_text(d.widgets["time"], "10:30")
    d.save()
    assert not d.isVisible()
    assert page.visits.model.rowCount() == 1
    row = [page.visits.model.data(page.visits.model.index(0, c)) for c in range(5)]
    assert row[1] == "城关镇张三记小吃店" and row[3] == "城关第一服务队"
    assert row[4] == "年报申报、政策宣讲"


def test_visit_before_registration_is_shown_at_the_time_field(window, ui, station):
    window.show_page("visits")
    page = window.current_page()
    page.new_visit()
    d = page.dialog
    type_text(d.widgets["entity"], str(station["b"]))
    d.set_value("day", date(2026, 2, 20))
    d.widgets["team"].setCurrentText("王专员")
    d.set_value("topics", ("policy",))
    d.save()
    assert "成立于 2026-03-01，不能登记 2026-02-20 的走访" in d.error.text()
    assert ui.services.visits.rows().count() == 0


def test_requests_tab_lists_open_requests(window, ui, station):
    ui.services.visits.record_visit(
        VisitInput(at("2026-11-10 10:00"), "王专员", ("credit_repair",), station["a"],
                   requests=(RequestDraft("申请信用修复", "pending"),
                             RequestDraft("年报", "solved"))))  # fmt: skip
    window.show_page("visits")
    page = window.current_page()
    m = page.requests.model
    assert m.rowCount() == 1 and m.data(m.index(0, 3)) == "申请信用修复"
    assert m.data(m.index(0, 4)) == "待办理"


def test_violations_page_shows_the_check_and_requires_an_override(window, ui, station, qtbot):
    svc = ui.services.violations
    svc.add(ViolationInput(station["a"], "F-HEALTH-CERT", date(2025, 6, 1), harm="none",
                           rectified_on=date(2025, 6, 1)))  # fmt: skip
    v, _ = svc.add(ViolationInput(station["a"], "F-HEALTH-CERT", date(2026, 11, 2), harm="minor",
                                  rectified_on=date(2026, 11, 2)))  # fmt: skip
    window.show_page("violations")
    page = window.current_page()
    assert page.model.rowCount() == 2
    page.select_record(v.id)
    page.show_check()
    assert "不符合首违不罚" in page.summary.text()
    texts = [page.criteria.item(r, 2).text() for r in range(page.criteria.rowCount())]
    assert any("不属于首次违法" in t for t in texts)
    assert page.criteria.item(0, 0).text() == "✓"  # listed
    page.decide_current()
    d = page.dialog
    d.set_value("decision", "no_penalty")
    d.save()
    assert "请填写理由" in d.error.text() and svc.violation(v.id).decision is None
    d.widgets["override_reason"].setPlainText("前次违法系原经营者所为，现已更换经营者并整改")
    d.save()
    assert not d.isVisible()
    assert svc.violation(v.id).decision == "no_penalty"
    assert "已决定：不予处罚（首违不罚）" in page.summary.text()


def test_entity_card_has_visit_and_enforcement_tabs(window, ui, station):
    from station_app.ui.screens.entities.card import EntityCardDialog

    ui.services.visits.record_visit(
        VisitInput(at("2026-11-10 10:00"), "王专员", ("policy",), station["a"])
    )
    ui.services.visits.set_annual_report(station["a"], 2025, "未报送")
    card = EntityCardDialog(ui, station["a"], window)
    titles = [card.tabs.tabText(i) for i in range(card.tabs.count())]
    assert "走访（1）" in titles and "执法（0）" in titles
    assert "2025 年度：未报送" in card.visits_section.head.text()
