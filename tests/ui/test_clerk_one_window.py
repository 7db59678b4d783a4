"""A clerk's day: one window per record. A double-click on a list row opens the record once;
opening a record whose window is already open raises that window instead of a second one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def _open_windows(cls, main=None) -> list:
    """Visible ``cls`` windows of ``main`` (every main window when None: other tests' leftovers
    are not counted when it is given)."""

    def under(w) -> bool:
        while w is not None:
            if w is main:
                return True
            w = w.parentWidget()
        return main is None

    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, cls) and w.isVisible() and under(w)
    ]


def _registered(ui):
    from station_app.services.complaints import ComplaintInput

    view, _ = ui.services.complaints.register(
        ComplaintInput(
            channel="来电",
            received_on=date(2026, 10, 8),
            complainant_name="张小明",
            complainant_phone="13812348000",
            complainant_address="东平县城关镇幸福路12号",
            respondent_name="东平县鑫源家电销售有限公司",
            respondent_address="东平县城关镇人民路120号",
            claim="退货",
            facts="空调制冷不良。",
        )
    )
    return view


def _double_click_row(qtbot, view, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_double_click_opens_one_case_window_and_again_raises_it(window, ui, qtbot):
    from station_app.ui.screens.complaints.case_dialog import CaseDialog

    view = _registered(ui)
    window.show_page("complaints")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    _double_click_row(qtbot, page.table, 0)
    opened = _open_windows(CaseDialog, window)
    assert len(opened) == 1
    page.open_case(view.id)  # the 打开 button, Enter, the entity card's section
    page.open_selected()
    assert _open_windows(CaseDialog, window) == opened
    opened[0].accept()
    assert _open_windows(CaseDialog, window) == []
    again = page.open_case(view.id)  # closed: a fresh window
    assert _open_windows(CaseDialog, window) == [again] and again is not opened[0]
    again.accept()


def test_entity_card_opens_once(window, ui, qtbot):
    from station_app.services.entities import EntityData
    from station_app.ui.screens.entities.card import EntityCardDialog

    ui.services.entities.save(EntityData(name="东平县鑫源家电销售有限公司"))
    window.show_page("entities")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    _double_click_row(qtbot, page.table, 0)
    page.open_card(page.model.id_at(0))
    opened = _open_windows(EntityCardDialog, window)
    assert len(opened) == 1
    opened[0].reject()
