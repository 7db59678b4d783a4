"""The links on screen: a request turned into a work order from the 诉求 tab (the row then reads
已转办 to the order, the visit window shows its number); the 行政指导书 issued from the
violations page, printed and previewed; a violation raised from a patrol hazard typed in the
violation dialog, a bad hazard number refused inline with nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from station_app.services.violations import DecisionDraft, ViolationInput
from station_app.services.visits import RequestDraft, VisitInput
from tests.services.test_visits_links import patrol_with_hazard
from tests.services.visits_helpers import at, setup_station
from tests.ui.helpers import type_text


@pytest.fixture
def station(ui):
    ids = setup_station(ui.app)
    ui.app.clock.set_day(None)  # the GUI works on today's date
    return ids


def test_a_request_becomes_a_work_order_from_the_requests_tab(window, ui, station):
    data = VisitInput(at("2026-11-10 10:00"), "城关第一服务队", ("compliance",), station["a"],
                      requests=(RequestDraft("门前占道经营需协调", "pending"),))  # fmt: skip
    visit, _ = ui.services.visits.record_visit(data)
    window.show_page("visits")
    page = window.current_page()
    rid = visit.requests[0].id
    actions = {label: (call, ok) for label, call, ok in page.requests.context_actions(rid)}
    call, ok = actions["转为工单"]
    assert ok
    call()
    shown = ui.services.visits.request(rid)
    assert shown.order_number.startswith("GD") and shown.outcome == "referred"
    m = page.requests.model
    row = next(r for r in range(m.rowCount()) if m.data(m.index(r, 3)) == "门前占道经营需协调")
    assert m.data(m.index(row, 4)) == "已转办"
    assert shown.order_number in m.data(m.index(row, 5))
    from PySide6.QtWidgets import QTableWidget

    from station_app.ui.screens.visits.dialogs import VisitViewDialog

    view = VisitViewDialog(ui, visit.id, window)
    requests = next(w for w in view.findChildren(QTableWidget) if w.columnCount() == 4)
    assert requests.horizontalHeaderItem(3).text() == "工单"
    assert requests.item(0, 3).text() == shown.order_number


def test_guidance_issued_printed_and_previewed_from_the_violations_page(window, ui, station):
    svc = ui.services.violations
    v, _ = svc.add(ViolationInput(station["a"], "P-NO-PRICE-TAG", date(2026, 11, 2),
                                  facts="商品未标明价格"))  # fmt: skip
    window.show_page("violations")
    page = window.current_page()
    page.select_record(v.id)
    page.guidance_current()
    d = page.dialog
    assert "商品未标明价格" in d.widgets["matters"].toPlainText()
    d.save()
    assert "请至少写一条指导意见" in d.error.text() and d.isVisible()  # refused inline
    assert svc.entity_section(station["a"]).guidance == ()
    d.widgets["advice"].setPlainText("规范明码标价，一货一签\n建立价格公示台账")
    d.save()
    assert not d.isVisible()
    issued = svc.entity_section(station["a"]).guidance
    assert len(issued) == 1 and issued[0].advice == ("规范明码标价，一货一签", "建立价格公示台账")
    assert page.preview is not None and page.preview.document.pageCount() == 2  # 一式两份
    text = "".join(p.extract_text() for p in PdfReader(page.preview.path).pages)
    assert issued[0].number in text.replace("\n", "")


def test_violation_from_a_hazard_in_the_dialog(window, ui, station):
    ui.app.clock.set_day(date(2026, 11, 20))
    hazard = patrol_with_hazard(ui.app, station["a"]).hazards[0]
    window.show_page("violations")
    page = window.current_page()
    page.new_violation()
    d = page.dialog
    type_text(d.widgets["entity"], "91370923MA3C5XY21R")
    d.widgets["type"].setCurrentText("健康证明")
    d.set_value("found_on", date(2026, 11, 18))
    type_text(d.widgets["hazard"], "第一条")
    d.save()
    assert "不是编号" in d.error.text() and ui.services.violations.rows().count() == 0
    type_text(d.widgets["hazard"], str(hazard.id))
    d.save()
    assert not d.isVisible()
    rows = ui.services.violations.rows()
    (vid,) = rows.fetch_ids("found_on", False).tolist()
    v = ui.services.violations.violation(vid)
    assert v.hazard_id == hazard.id and v.source == "patrol"


def test_the_follow_up_tile_opens_the_undecided_violations(window, ui, station):
    svc = ui.services.violations
    svc.add(ViolationInput(station["a"], "P-NO-PRICE-TAG", date(2026, 11, 2),
                           deadline=date(2026, 11, 9)))  # fmt: skip
    decided = svc.add(ViolationInput(station["a"], "F-HEALTH-CERT", date(2026, 11, 1)))[0]
    svc.decide(decided.id, decided.version, DecisionDraft("penalty", date(2026, 11, 10),
                                                          fine_fen=500))  # fmt: skip
    tile = next(t for t in ui.services.dashboard.build().tiles if t.key == "violations.followups")
    window.show_page(tile.page)
    page = window.current_page()
    assert page.model.rowCount() == 2
    page.filter_to(dict(tile.criteria))
    assert page.filters["decision"].currentData() == "none"
    assert page.model.rowCount() == 1
