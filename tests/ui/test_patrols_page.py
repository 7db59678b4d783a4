"""The 巡查与专项 screen driven as a clerk would: generate the month's plan in the dialog,
see the day's tasks, open the record dialog on a task, answer the checklist (a 否 becomes a
hazard), save; a required item left empty is refused in the dialog and nothing is saved;
the hazard shows in 隐患整改 with its deadline and is re-checked from there."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from station_app.data.models import Entity, PatrolRecord
from station_app.domain import roster_rules as rr
from station_app.services.entities import EntityData
from station_app.services.roster import GridData, PersonData
from tests.ui.helpers import type_text

DAY = date(2026, 7, 6)  # a Monday


@pytest.fixture
def page(window, ui):
    clock = ui.services.clock
    clock.set_day(date(2026, 6, 1))
    roster = ui.services.roster
    grid, _ = roster.save_grid(GridData("GZ01", "东关社区网格", ("东关社区",)))
    for name, role in (
        ("张建华", rr.SPECIALIST),
        ("赵磊", rr.SPECIALIST),
        ("李秀英", rr.GRID_WORKER),
    ):
        person, _ = roster.save_person(PersonData(name, (role,)))
        roster.assign(grid.id, person.id, role, date(2026, 1, 1))
    ids = []
    for n, name in enumerate(("东关丙级小吃店", "东关丁级网吧", "东关甲级超市"), 1):
        data = EntityData(name=name, address=f"东关路{n:02d}号", grid_id=grid.id)
        ids.append(ui.services.entities.save(data)[0].data.id)
    with ui.app.db.uow() as s:
        for eid, grade in zip(ids, "CDA", strict=True):
            e = s.get(Entity, eid)
            e.grade_override = e.local_grade = grade
    clock.set_day(DAY)
    window.show_page("patrols")
    return window.current_page()


def rows(tab) -> list[tuple]:
    m = tab.model
    return [
        tuple(m.data(m.index(r, c)) for c in range(m.columnCount())) for r in range(m.rowCount())
    ]


def test_plan_record_with_a_failed_item_and_recheck(page, qtbot, ui):
    assert page.tasks.model.rowCount() == 0
    page.plan()
    form = page.dialog
    assert form.value("first") == DAY and form.value("last") == date(2026, 7, 31)
    form.save()
    assert "新增" in page.plan_result.text()
    page.plan_result.accept()
    page.tasks.apply_filter()
    listed = rows(page.tasks)
    assert listed and {r[1] for r in listed} >= {"日常巡查", "现场检查"}
    patrol = next(
        r
        for r in range(len(listed))
        if listed[r][1] == "日常巡查" and listed[r][2] == "东关丙级小吃店"
    )
    page.tasks.table.selectRow(patrol)
    page.tasks.table.setFocus()
    qtbot.keyClick(page.tasks.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog.objectName() == "patrolRecord" and dialog.value("inspector1") is not None
    items = dialog.form_data.checklist.items
    for row in range(len(items)):
        dialog.set_answer(row, "yes")
    dialog.set_answer(0, "")  # a required item left empty
    dialog.save()
    assert "必须填写" in dialog.error.text() and dialog.isVisible()
    with ui.app.db.session() as s:
        assert s.query(PatrolRecord).count() == 0
    dialog.set_answer(0, "no", "营业执照未悬挂")
    dialog.widgets["present_party"].setFocus()
    type_text(dialog.widgets["present_party"], "王大明")
    dialog.save()
    assert dialog.saved is not None and not dialog.isVisible()
    (hazard,) = dialog.saved.hazards
    assert hazard.state == "open" and hazard.deadline is not None
    page.tasks.apply_filter()
    assert rows(page.tasks)[patrol][8] == "已完成"
    page.tabs.setCurrentWidget(page.hazards)
    page.hazards.apply_filter()
    (line,) = rows(page.hazards)
    assert (
        line[1] == "东关丙级小吃店"
        and line[5] == "待整改"
        and line[6] == hazard.deadline.isoformat()
    )
    ui.services.clock.set_day(date(2026, 7, 7))
    page.hazards.table.selectRow(0)
    page.hazards.open_record(hazard.id)
    recheck = page.hazards.dialog
    recheck.widgets["passed"].yes.setChecked(True)
    recheck.save()
    assert "两名" in recheck.error.text()  # the patrol had one inspector: a re-check needs two
    assert ui.services.patrols.hazard(hazard.id).state == "open"
