"""The 价格监测 and 预警 screens driven as a clerk would: batch entry by keyboard (subject by
name, Enter to the price, Enter to the next row, Ctrl+S), a bad batch red and nothing saved,
the flag handled from its tab (合理, 提醒告诫 with the 告诫书), the curve of the selected subject,
and the warning list (立即检查, 确认, 处置)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit

from station_app.clock import SHANGHAI
from station_app.domain.prices.lists import FlagFilter
from station_app.services.entities import EntityData
from station_app.services.prices import ObservationInput, SubjectInput
from station_app.ui.screens.prices.batch_entry import PRICE, SUBJECT
from tests.ui.helpers import type_text

DAY = date(2025, 10, 5)


@pytest.fixture
def hotel(ui):
    ui.services.clock.set_day(DAY)
    eid = ui.services.entities.save(EntityData(name="东平县悦来宾馆", address="人民路1号"))[
        0
    ].data.id
    subject, _ = ui.services.prices.add_subject(SubjectInput(name="标准间", entity_id=eid))
    items = [
        ObservationInput(
            subject.id, datetime(2025, 9, 1, 20, tzinfo=SHANGHAI) + timedelta(days=i), 20000
        )
        for i in range(30)
    ]
    ui.services.prices.observe_batch(items)
    group, _ = ui.services.prices.add_group("全区酒店")
    ui.services.prices.set_members(group.id, [subject.id])
    return subject


@pytest.fixture
def page(window, hotel):
    window.show_page("prices")
    return window.current_page()


def editor(table) -> QLineEdit:
    """The cell editor open in the table (the one with the keyboard)."""
    open_ = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(open_) == 1
    return open_[0]


def _entry(page):
    page.show_tab("entry")
    entry = page.entry
    entry.load_subjects()
    entry.at.setDateTime(entry.at.dateTime().fromString("2025-10-02 20:00", "yyyy-MM-dd HH:mm"))
    return entry


def test_batch_entry_by_keyboard_saves_and_raises_the_flag(page, ui, hotel, qtbot):
    entry = _entry(page)
    table = entry.table
    table.setFocus()
    table.setCurrentCell(0, SUBJECT)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    type_text(editor(table), "悦来")
    qtbot.keyClick(editor(table), Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: table.currentColumn() == PRICE and table.state() == table.State.EditingState
    )
    page.window().activateWindow()  # offscreen, the completer's popup leaves no active window
    qtbot.wait(50)
    qtbot.keyClicks(editor(table), "350")
    qtbot.keyClick(editor(table), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.currentRow() == 1 and table.currentColumn() == SUBJECT)
    qtbot.keyClick(editor(table), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert entry.status.text() == "已保存 1 条价格，新增预警信号 1 条。"
    [flag] = ui.services.prices.flags(FlagFilter())
    assert flag.price_fen == 35000 and flag.subject_id == hotel.id
    assert entry._text(0, SUBJECT) == ""  # the grid is cleared for the next round


def test_a_bad_batch_is_red_and_nothing_is_saved(page, ui):
    entry = _entry(page)
    entry.fill_group()
    assert "东平县悦来宾馆 标准间" in entry._text(0, SUBJECT)
    from PySide6.QtWidgets import QTableWidgetItem

    entry.table.setItem(0, PRICE, QTableWidgetItem("-5"))
    entry.table.setItem(1, SUBJECT, QTableWidgetItem("不存在的酒店"))
    entry.table.setItem(1, PRICE, QTableWidgetItem("300"))
    before = ui.services.prices.observation_rows().count()
    entry.save_button.click()
    assert entry.status.text().startswith("有 2 行有误")
    assert "负数" in entry._text(0, 3) and "找不到监测对象" in entry._text(1, 3)
    assert entry.table.item(0, PRICE).background().color().name() == "#fde7e9"
    assert ui.services.prices.observation_rows().count() == before


def test_flag_handled_from_its_tab_and_the_letter_printed(page, ui, hotel, monkeypatch):
    ui.services.prices.observe(
        ObservationInput(hotel.id, datetime(2025, 10, 2, 20, tzinfo=SHANGHAI), 35000)
    )
    page.show_tab("flags")
    tab = page.flags
    tab.apply_filter()
    assert tab.count_label.text() == "共 1 条预警信号"
    tab.table.selectRow(0)
    assert "¥350" in tab.detail.text() and tab.buttons["warn"].isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("王经理", True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("直接送达", True))
    shown = []
    monkeypatch.setattr(
        "station_app.ui.screens.prices.flags_tab.open_pdf_preview",
        lambda parent, path, title: shown.append(path),
    )
    tab.buttons["warn"].click()
    flag = ui.services.prices.flag(tab.current.id)
    assert flag.state == "已告诫" and flag.letter_id is not None
    assert shown and shown[0].read_bytes()[:4] == b"%PDF"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("含早餐，属实", True))
    tab.buttons["reasonable"].click()
    assert ui.services.prices.flag(flag.id).state == "合理"
    assert "合理" in tab.detail.text()


def test_the_selected_subjects_curve(page, ui, hotel):
    page.show_tab("subjects")
    tab = page.subjects
    tab.first.setDate(tab.first.date().fromString("2025-09-01", "yyyy-MM-dd"))
    tab.last.setDate(tab.last.date().fromString("2025-10-08", "yyyy-MM-dd"))
    tab.table.selectRow(0)
    data = tab.curve.data
    assert data is not None and len(data.points) == 30 and data.windows
    assert tab.print_button.isEnabled()


def test_warning_list_scan_ack_resolve(window, ui, monkeypatch):
    from station_app.services.complaints import ComplaintInput

    ui.services.clock.set_day(date(2026, 11, 20))
    eid = ui.services.entities.save(EntityData(name="东平县好运来超市", address="人民路8号"))[
        0
    ].data.id
    for d in (1, 2, 3):
        day = date(2026, 11, 20) - timedelta(days=d)
        ui.services.complaints.register(
            ComplaintInput(
                channel="12315", received_on=day, complainant_name="张小明",
                complainant_phone="13812348000", complainant_address="幸福路12号",
                complainant_id_type="居民身份证", complainant_id_number="11010519491231002X",
                respondent_name="", respondent_address="", entity_id=eid, goods="会员卡",
                amount_fen=10000, claim="退款", facts="办卡后无法使用。",
            ),
            today=day,
        )  # fmt: skip
    window.show_page("warnings")
    page = window.current_page()
    page.scan_button.click()
    page.apply_filter()
    assert page.count_label.text() == "共 1 条预警"
    page.table.selectRow(0)
    assert "好运来" in page.detail.text() and page.ack_button.isEnabled()
    page.ack_button.click()
    assert page.current.state == "已确认" and not page.ack_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("约谈告诫", True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("约谈店长，已退款", True))
    page.resolve_button.click()
    assert page.current.state == "已处置" and "约谈店长" in page.detail.text()
