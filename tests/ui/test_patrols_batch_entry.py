"""巡查表录入 driven by keyboard as a clerk types a grid worker's paper sheet back: answers as
Y/N/- keys, Enter to the result, Enter to the next row, 2 opens the hazard's category and
deadline; Ctrl+S saves all in one unit of work. A bad row and a task done meanwhile on
another PC: the rows red with the reason, nothing saved, nothing typed lost."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from station_app.clock import SHANGHAI
from station_app.data.models import Hazard, PatrolRecord, PatrolTask
from station_app.domain.patrols.entry import SheetRow
from station_app.domain.patrols.records import RecordDraft
from station_app.ui.screens.patrols.batch_entry import ANSWERS, CATEGORY, CHECK, DEADLINE, RESULT
from tests.ui.helpers import type_text
from tests.ui.test_patrols_page import page as patrols_page  # noqa: F401

DAY = date(2026, 7, 6)


@pytest.fixture
def entry(patrols_page, ui):  # noqa: F811
    ui.services.patrols.generate(DAY, date(2026, 7, 31))
    ui.services.clock.set_day(date(2026, 7, 7))
    patrols_page.show_tab("entry")
    entry = patrols_page.entry
    entry.day.setDate(entry.day.date().fromString("2026-07-06", "yyyy-MM-dd"))
    entry.load_people()
    return entry


def editor(table) -> QLineEdit:
    open_ = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(open_) == 1
    return open_[0]


def row_of(entry, part: str) -> int:
    return next(r for r, x in enumerate(entry.lines) if part in x.entity_name)


def count(ui, model) -> int:
    with ui.app.db.session() as s:
        return s.query(model).count()


def test_a_sheet_typed_by_keyboard_is_saved_at_once(entry, ui, qtbot):
    table = entry.table
    assert "李秀英" in entry.person.currentText() and entry.lines
    assert [x.seq for x in entry.lines] == list(range(1, len(entry.lines) + 1))
    c, d = row_of(entry, "丙级"), row_of(entry, "丁级")
    assert (table.currentRow(), table.currentColumn()) == (0, ANSWERS)
    table.setFocus()
    for r in range(len(entry.lines)):
        assert (table.currentRow(), table.currentColumn()) == (r, ANSWERS)
        if r == d:  # the last item failed: N
            size = len(entry.lines[r].items)
            qtbot.keyClicks(table, "y")
            qtbot.keyClicks(editor(table), "y" * (size - 2) + "n")
            assert editor(table).text() == "Y" * (size - 1) + "N"
            qtbot.keyClick(editor(table), Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: table.currentColumn() == RESULT)
            qtbot.keyClicks(editor(table), "2")
            qtbot.keyClick(editor(table), Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: table.currentColumn() == CATEGORY)
            type_text(editor(table), "占道")
            qtbot.keyClick(editor(table), Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: table.currentColumn() == DEADLINE)
            qtbot.keyClicks(editor(table), "2026-07-16")
            qtbot.keyClick(editor(table), Qt.Key.Key_Return)
        else:  # all in order: Enter past the answers, 1, Enter
            qtbot.keyClick(table, Qt.Key.Key_Return)
            assert table.currentColumn() == RESULT
            qtbot.keyClicks(editor(table), "1")
            qtbot.keyClick(editor(table), Qt.Key.Key_Return)
        if r + 1 < len(entry.lines):
            qtbot.waitUntil(lambda r=r: table.currentRow() == r + 1)
            qtbot.keyClick(editor(table), Qt.Key.Key_Escape)
    assert count(ui, PatrolRecord) == 0  # nothing saved before 保存
    qtbot.keyClick(table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert entry.status.text().startswith(f"已保存 {len(entry.lines)} 条巡查记录")
    assert "发现隐患 1 处" in entry.status.text()
    assert count(ui, PatrolRecord) == len(entry.lines)
    with ui.app.db.session() as s:
        (hazard,) = s.query(Hazard).all()
        assert (hazard.category, hazard.deadline) == ("占道经营", date(2026, 7, 16))
    assert all(x.status == "done" for x in entry.lines)  # reloaded: every row registered
    assert entry.table.item(c, CHECK).text() == "已登记"


def test_a_bad_row_and_a_task_done_elsewhere_are_red_and_nothing_is_saved(entry, ui):
    table = entry.table
    c, d = row_of(entry, "丙级"), row_of(entry, "丁级")
    table.item(c, ANSWERS).setText("Y")  # required items left unanswered
    table.item(c, RESULT).setText("1")
    table.item(d, RESULT).setText("1")
    line = entry.lines[d]  # meanwhile, another PC registers 丁级's task
    ui.services.patrols.record(
        RecordDraft(line.entity_id, datetime(2026, 7, 6, 8, 30, tzinfo=SHANGHAI)),
        task_id=line.task_id,
        assume_yes=True,
    )
    entry.buttons["save"].click()
    assert entry.status.text().startswith("有 2 行有误，未保存任何一行")
    assert "必须填写" in table.item(c, CHECK).text()
    assert "别处登记完成" in table.item(d, CHECK).text()
    assert table.item(c, RESULT).background().color().name() == "#fde7e9"
    assert count(ui, PatrolRecord) == 1  # only the other PC's
    assert table.item(c, RESULT).text() == "1" and table.item(c, ANSWERS).text() == "Y"
    with ui.app.db.session() as s:
        assert s.get(PatrolTask, entry.lines[c].task_id).status != "done"


def test_the_home_tiles_open_the_filtered_lists(window, patrols_page):  # noqa: F811
    window.open_filtered("patrols", {"hazards": "overdue"})
    page = window.current_page()
    assert page.tabs.currentWidget() is page.hazards
    assert page.hazards.filters["state"].currentData() == "overdue"
    window.open_filtered("patrols", {"tasks": "open"})
    assert page.tabs.currentWidget() is page.tasks
    assert page.tasks.filters["status"].currentData() == "open"


def test_the_entity_card_shows_its_patrols(entry, ui, window):
    from station_app.ui.screens.entities.card import EntityCardDialog

    d = entry.lines[row_of(entry, "丁级")]
    size = len(d.items)
    row = SheetRow(d.task_id, d.entity_id, result="2", answers="Y" * (size - 1) + "N",
                   deadline="2026-07-07")  # fmt: skip
    ui.services.patrols.enter_sheet(DAY, [row])
    ui.services.clock.set_day(date(2026, 7, 8))  # the deadline passed: 整改逾期
    card = EntityCardDialog(ui, d.entity_id, window)
    titles = [card.tabs.tabText(i) for i in range(card.tabs.count())]
    assert "巡查（1）" in titles
    sec = card.patrols_section
    assert "D 级" in sec.head.text() and "每日" in sec.head.text()
    assert "整改逾期 1 处" in sec.head.text()
    hazards = sec.tables["hazards"]
    assert hazards.rowCount() == 1 and hazards.item(0, 4).text() == "整改逾期"
    assert hazards.item(0, 0).foreground().color().name() == "#b00020"
    records = sec.tables["records"]
    assert records.rowCount() == 1 and records.item(0, 2).text() == "发现问题"
    assert sec.tables["tasks"].rowCount() > 0  # the rest of July's daily patrols
    card.close()
