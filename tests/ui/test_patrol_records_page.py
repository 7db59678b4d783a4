"""The records half of the 巡查与专项 screen driven as the station would: a record's view
prints its 现场检查笔录 and 责令改正通知书 (previews shown) and is voided with a reason (none:
refused in the dialog, nothing voided); 延期 from 隐患整改 (refused after the deadline with
the reason); 登记抽检 in the 抽检 tab (a failed one needs its items; the row turns red)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QPushButton

from station_app.data.models import Entity, Sampling
from station_app.domain import roster_rules as rr
from station_app.domain.patrols.hazards import Finding
from station_app.domain.patrols.records import RecordDraft
from station_app.services.entities import EntityData
from station_app.services.roster import GridData, PersonData
from tests.ui.helpers import type_text

DAY = date(2026, 7, 8)


@pytest.fixture
def page(window, ui):
    ui.services.clock.set_day(date(2026, 6, 1))
    roster = ui.services.roster
    grid, _ = roster.save_grid(GridData("GZ01", "东关社区网格", ("东关社区",)))
    people = []
    for name in ("张建华", "赵磊"):
        person, _ = roster.save_person(PersonData(name, (rr.SPECIALIST,), cert_no="37090001"))
        roster.assign(grid.id, person.id, rr.SPECIALIST, date(2026, 1, 1))
        people.append(person.id)
    data = EntityData(name="东关丁级网吧", address="东关路01号", grid_id=grid.id)
    shop = ui.services.entities.save(data)[0].data.id
    ui.services.clock.set_day(DAY)
    view, _ = ui.services.patrols.record(
        RecordDraft(
            shop, datetime(2026, 7, 7, 9, 30), kind="check", inspectors=tuple(people),
            findings=(Finding("消防安全", "灭火器过期", deadline=date(2026, 7, 17)),),
        ),
        assume_yes=True,
    )  # fmt: skip
    window.show_page("patrols")
    p = window.current_page()
    p.shop, p.record = shop, view
    p.refresh()
    return p


def cell(tab, row: int, col: int):
    return tab.model.data(tab.model.index(row, col))


def test_record_view_prints_both_documents_and_voids_with_a_reason(page, ui):
    page.tabs.setCurrentWidget(page.records)
    assert page.records.model.rowCount() == 1 and cell(page.records, 0, 1) == "东关丁级网吧"
    page.records.open_record(page.record.id)
    view = page.records.dialog
    assert view.objectName() == "patrolRecordView"
    view.print_inspection()
    assert view.preview is not None and view.preview.document.pageCount() >= 1
    view.preview.close()
    view.print_notice()
    assert view.preview.document.pageCount() == 2  # 当事人联 and 存档联
    view.preview.close()
    assert ui.services.patrols.notice_of(record_id=page.record.id).number.endswith("1号")
    view.void()
    form = view.dialog
    form.save()
    assert "请写明原因" in form.error.text() and form.isVisible()
    assert ui.services.patrols.get(page.record.id).voided is False
    type_text(form.widgets["reason"], "录错了经营主体，应为隔壁网吧")
    form.save()
    assert not form.isVisible()
    assert ui.services.patrols.get(page.record.id).voided is True
    page.records.apply_filter()
    assert cell(page.records, 0, 4) == "已作废"
    actions = {text: ok for text, _fn, ok in page.records.context_actions(page.record.id)}
    assert actions["作废…"] is False and actions["打印现场检查笔录…"] is False


def test_extension_from_the_hazards_tab_and_refused_after_the_deadline(page, ui):
    page.tabs.setCurrentWidget(page.hazards)
    hazard = page.record.hazards[0]
    page.hazards.table.selectRow(0)
    ui.services.clock.set_day(date(2026, 7, 15))
    page.hazards.findChild(QPushButton, "extendButton").click()
    form = page.hazards.dialog
    assert form.objectName() == "patrolExtend"
    form.set_value("deadline", date(2026, 7, 24))
    type_text(form.widgets["reason"], "等待厂家更换灭火器")
    form.save()
    assert not form.isVisible()
    assert ui.services.patrols.hazard(hazard.id).deadline == date(2026, 7, 24)
    ui.services.clock.set_day(date(2026, 7, 27))
    page.hazards.extend(hazard.id)
    late = page.hazards.dialog
    late.set_value("deadline", date(2026, 8, 10))
    type_text(late.widgets["reason"], "设备仍未到货")
    late.save()
    assert "已过，不能再延期" in late.error.text() and late.isVisible()
    assert ui.services.patrols.hazard(hazard.id).deadline == date(2026, 7, 24)


def test_new_sampling_in_the_samplings_tab(page, ui):
    tab = page.samplings
    page.tabs.setCurrentWidget(tab)
    tab.new_sampling()
    form = tab.dialog
    type_text(form.widgets["entity"], "东关丁级网吧")
    form.set_value("day", date(2026, 7, 6))
    type_text(form.widgets["product"], "散装白酒")
    form.widgets["qualified"].no.setChecked(True)
    form.save()
    assert "不合格项目" in form.error.text() and form.isVisible()
    with ui.app.db.session() as s:
        assert s.query(Sampling).count() == 0
    type_text(form.widgets["items"], "甲醇超标")
    form.save()
    assert not form.isVisible()
    tab.apply_filter()
    assert tab.model.rowCount() == 1 and cell(tab, 0, 4) == "不合格"
    # an entity 注销 before the sampling day: the form says so, nothing is written
    with ui.app.db.uow() as s:
        e = s.get(Entity, page.shop)
        e.status, e.status_on = "注销", date(2026, 7, 1)
    tab.new_sampling()
    again = tab.dialog
    type_text(again.widgets["entity"], "东关丁级网吧")
    again.set_value("day", date(2026, 7, 6))
    type_text(again.widgets["product"], "桶装水")
    again.widgets["qualified"].yes.setChecked(True)
    again.save()
    assert "注销，不能登记 2026-07-06 的抽检结果" in again.error.text()
    with ui.app.db.session() as s:
        assert s.query(Sampling).count() == 1
