"""网格花名册 page, driven as a clerk would: create a grid, assign people, watch the staffing
warning appear and clear; search people; mark attendance; print preview; import errors."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPageLayout
from PySide6.QtWidgets import QApplication, QMessageBox

from station_app.domain import roster_rules as rules
from station_app.services.roster import PersonData, TrainingData
from station_app.ui.screens.roster import labels as L
from station_app.ui.screens.roster.dialogs import AssignDialog, GridDialog, PersonDialog
from tests.ui.helpers import type_text


def _page(window):
    window.show_page("roster")
    return window.current_page()


def _in_dialog(cls, action):
    """Run ``action(dialog)`` on the next visible ``cls`` dialog once its exec() loop runs."""

    def go():
        dialog = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()
        )
        action(dialog)

    QTimer.singleShot(0, go)


def _warning_cell(page) -> str:
    row = page.grids.grid_model.row_of(page.grids.selected_grid)
    return page.grids.grid_model.index(row, page.grids.grid_model.WARN_COLUMN).data() or ""


def _assign(page, name, role):
    def fill(dialog):
        dialog.role.setCurrentIndex(dialog.role.findData(role))
        type_text(dialog.search, name)
        assert dialog.results.count() == 1
        dialog.submit()

    _in_dialog(AssignDialog, fill)
    page.grids.add_member()


def test_create_grid_assign_people_warning_appears_and_clears(window, ui, qtbot):
    page = _page(window)
    roster = ui.services.roster
    for name, role in (
        ("张建华", rules.SPECIALIST),
        ("李秀英", rules.GRID_WORKER),
        ("王芳", rules.GRID_WORKER),
    ):
        roster.save_person(PersonData(name, (role,)))

    def fill_grid(dialog):
        type_text(dialog.code, "GZ30")
        type_text(dialog.name, "东关网格")
        type_text(dialog.communities, "东关社区、王庄村")
        dialog.submit()

    _in_dialog(GridDialog, fill_grid)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    assert page.grids.grid_title.text() == "GZ30　东关网格"
    assert (
        "缺监管专员" in page.grids.grid_warning.text()
        and "无网格员" in page.grids.grid_warning.text()
    )
    assert "缺监管专员" in _warning_cell(page)

    _assign(page, "张建华", rules.SPECIALIST)
    _assign(page, "李秀英", rules.GRID_WORKER)
    assert (
        page.grids.grid_warning.text().startswith("⚠")
        and "网格员仅 1 名" in page.grids.grid_warning.text()
    )
    assert "缺监管专员" not in _warning_cell(page)
    assert page.grids.members_table.rowCount() == 2

    _assign(page, "王芳", rules.GRID_WORKER)
    assert page.grids.grid_warning.text() == L.RULE_OK
    assert _warning_cell(page) == ""
    assert page.grids.members_table.item(0, 1).text() == "张建华"  # specialist first

    # a worker leaves the grid: the warning is back at once
    page.grids.members_table.selectRow(2)
    member = page.grids._current_member()

    def end(dialog):
        dialog.submit()

    from station_app.ui.screens.roster.dialogs import DateReasonDialog

    _in_dialog(DateReasonDialog, end)
    page.grids.end_member()
    assert member.name in {"李秀英", "王芳"}
    assert "网格员仅 1 名" in page.grids.grid_warning.text()
    assert "网格员仅 1 名" in _warning_cell(page)
    page.grids.grid_tabs.setCurrentIndex(1)
    assert (
        page.grids.assignment_table.rowCount() == 3
        and page.grids.grid_history.tree.topLevelItemCount() >= 4
    )


def test_person_dialog_validates_phone_inline(window, ui, qtbot):
    page = _page(window)
    dialog = PersonDialog(ui, None, page)
    qtbot.addWidget(dialog)
    type_text(dialog.name, "周敏")
    type_text(dialog.phone, "1381234")
    dialog.phone.editingFinished.emit()
    assert "11位" in dialog.error.text() and dialog.phone.styleSheet()
    dialog.role_boxes[rules.ENFORCER].setChecked(True)
    type_text(dialog.phone, "13812345678")
    dialog.phone.editingFinished.emit()
    assert dialog.error.text() == ""
    dialog.submit()
    assert "执法证号" in dialog.error.text()
    type_text(dialog.cert_no, "鲁A0001")
    dialog.cert_expiry.setDate(dialog.cert_expiry.date().addDays(10))
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert "执法证" in page.cert_label.text()  # expires within 30 days: flagged at once


def test_people_search_by_initials_and_leaving(window, ui, qtbot, monkeypatch):
    page = _page(window)
    roster = ui.services.roster
    roster.save_person(PersonData("张建华", (rules.SPECIALIST,), phone="13812345678"))
    roster.save_person(PersonData("李秀英", (rules.GRID_WORKER,)))
    page.tabs.setCurrentIndex(1)
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.people.search.hasFocus()
    qtbot.keyClicks(page.people.search, "zjh")
    assert page.people.person_model.rowCount() == 1
    assert page.people.person_model.index(0, 0).data() == "张建华"
    assert page.people.person_model.index(0, 4).data() == "138****5678"
    page.people.person_view.selectRow(0)
    assert page.people.person_title.text().startswith("张建华")
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    from station_app.ui.screens.roster.dialogs import DateReasonDialog

    _in_dialog(DateReasonDialog, lambda d: d.submit())
    page.people.person_leaves()
    assert shown and "已离任" in shown[0]
    assert page.people.person_model.rowCount() == 0  # left people are hidden by default
    page.people.include_left.setChecked(True)
    assert page.people.person_model.rowCount() == 1


def test_attendance_entry_updates_totals(window, ui, qtbot):
    roster = ui.services.roster
    people = [roster.save_person(PersonData(n, (rules.VOLUNTEER,)))[0] for n in ("甲一", "乙二")]
    year = date.today().year
    roster.save_training(TrainingData(date(year, 1, 5), "食品安全快检", "张建华", 2))
    page = _page(window)
    page.tabs.setCurrentIndex(2)
    page.trainings.training_view.selectRow(0)
    assert page.trainings.attendance_list.count() == 2
    for i in range(2):
        page.trainings.attendance_list.item(i).setCheckState(Qt.CheckState.Checked)
    assert page.trainings.save_attendance_button.isEnabled()
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "参训 2 人次" in page.trainings.totals_label.text()
    _, attendees = roster.get_training(page.trainings.selected_training)
    assert sorted(attendees) == sorted(p.id for p in people)


def test_print_preview_is_a4_landscape(window, ui, qtbot, tmp_path):
    page = _page(window)
    page.print_roster()
    preview = page.preview
    qtbot.addWidget(preview)
    assert preview.document.pageCount() >= 1
    printer = preview.make_printer()
    layout = printer.pageLayout()
    assert layout.orientation() == QPageLayout.Orientation.Landscape
    assert layout.pageSize().id() == layout.pageSize().PageSizeId.A4
    from PySide6.QtPrintSupport import QPrinter

    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    preview.render_to(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
    preview.close()


def test_import_errors_are_listed(window, ui, qtbot, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "人员类别", "联系电话"])
    wb.active.append(["王五", "保安", ""])
    wb.save(tmp_path / "bad.xlsx")
    page = _page(window)
    page.import_xlsx(str(tmp_path / "bad.xlsx"))
    dialog = page.import_errors_dialog
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QPlainTextEdit

    text = dialog.findChild(QPlainTextEdit, "importErrors").toPlainText()
    assert text.startswith("第 2 行“人员类别”：") and "保安" in text
    dialog.close()


def test_filter_to_from_dashboard_links(window, ui):
    from station_app.services.roster import GridData

    roster = ui.services.roster
    roster.save_grid(GridData("GZ01", "甲网格", ("东关社区",)))
    roster.save_person(
        PersonData("周敏", (rules.ENFORCER,), cert_no="A1", cert_expiry=date(2030, 1, 1))
    )
    roster.save_person(PersonData("李秀英", (rules.GRID_WORKER,)))
    page = _page(window)
    page.filter_to({"out_of_rule": True})
    assert page.tabs.currentIndex() == 0 and page.grids.grid_title.text().startswith("GZ01")
    page.filter_to({"role": rules.ENFORCER})
    assert page.tabs.currentIndex() == 1 and page.people.person_model.rowCount() == 1
    page.filter_to({"tab": "trainings"})
    assert page.tabs.currentIndex() == 2
