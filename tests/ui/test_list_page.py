"""ListPage (ui/screens/list_page.py), the base of every list screen, over a fake ``Rows``:
the search waits for a pause (Enter applies at once), a filter applies at once, the count
follows the rows, Enter and double-click open, the context menu is the page's, exports take the
selection or the whole list, edits repaint rows and additions re-query."""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from station_app.services.base import Changes
from station_app.ui.models.lazy_table import Column
from station_app.ui.screens.list_page import ListPage
from tests.ui.helpers import type_text

NAMES = ("东关一网格", "东关二网格", "西关网格", "南关网格", "北关网格")


@dataclass(frozen=True)
class NameFilter:
    text: str = ""
    north: bool = False


class NameRows:
    """The Rows contract over a tuple of names (ids 1..n)."""

    def __init__(self) -> None:
        self.names = dict(enumerate(NAMES, start=1))
        self.filter = NameFilter()
        self.filters: list[NameFilter] = []

    def with_filter(self, flt: NameFilter) -> NameRows:
        self.filter = flt
        self.filters.append(flt)
        return self

    def _ids(self) -> list[int]:
        f = self.filter
        return [
            i
            for i, name in self.names.items()
            if f.text in name and (not f.north or name.startswith("北"))
        ]

    def fetch_ids(self, sort_key, descending) -> array:
        ids = sorted(self._ids(), key=lambda i: (self.names[i], i) if sort_key else i)
        return array("q", reversed(ids) if descending else ids)

    def fetch_rows(self, ids) -> dict[int, tuple]:
        return {i: (self.names[i],) for i in ids if i in self.names}

    def count(self) -> int:
        return len(self._ids())


class NameList(ListPage):
    COUNT_TEXT = "共 {:,} 个网格"

    def __init__(self, ui) -> None:
        super().__init__(ui)
        self.rows = NameRows()
        self.opened: list[int] = []
        self.body.addWidget(self.make_search("nameSearch", "按名称查找"))
        self.body.addWidget(self.make_filter("north", [("全部", False), ("只看北关", True)]))
        self.body.addWidget(self.make_table(self.rows, (Column("name", "名称"),), name="names"))
        self.body.addWidget(self.make_count("nameCount"))
        self.apply_filter()

    def current_filter(self) -> NameFilter:
        return NameFilter(self.search.text(), self.filters["north"].currentData())

    def open_record(self, record_id: int) -> None:
        self.opened.append(record_id)

    def context_actions(self, record_id: int) -> list:
        return [("打开", lambda: self.open_record(record_id), True), None, ("删除…", print, False)]


@pytest.fixture
def page(ui, qtbot):
    page = NameList(ui)
    qtbot.addWidget(page)
    page.resize(400, 400)
    page.show()
    return page


def names(page) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_search_waits_for_a_pause_and_enter_applies_at_once(page, qtbot):
    assert page.count_label.text() == "共 5 个网格"
    type_text(page.search, "东关")
    assert page.model.rowCount() == 5 and page._timer.isActive()  # not yet
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=2000)
    assert page.count_label.text() == "共 2 个网格"
    type_text(page.search, "西")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert names(page) == ["西关网格"] and not page._timer.isActive()


def test_a_filter_applies_at_once_and_the_rows_get_the_filter(page):
    page.filters["north"].setCurrentIndex(1)
    assert names(page) == ["北关网格"]
    assert page.rows.filters[-1] == NameFilter("", True)


def test_enter_and_double_click_open_the_record(page, qtbot):
    page.table.setFocus()
    page.table.selectRow(2)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    page.table.doubleClicked.emit(page.model.index(4, 0))
    assert page.opened == [3, 5] and page.current_id() == 3


def test_the_context_menu_is_the_pages(page, monkeypatch):
    shown: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, _pos: shown.append(menu))
    rect = page.table.visualRect(page.model.index(1, 0))
    page.table.customContextMenuRequested.emit(rect.center())
    actions = shown[0].actions()
    assert [a.text() for a in actions] == ["打开", "", "删除…"]
    assert actions[1].isSeparator() and not actions[2].isEnabled()
    actions[0].trigger()
    assert page.opened == [2]
    page.table.customContextMenuRequested.emit(QPoint(5, 390))  # below the rows: no menu
    assert len(shown) == 1


def test_exports_take_the_selection_or_the_whole_list(page):
    page.table.selectRow(3)
    assert page.export_ids(selection=True) == [4]
    assert page.export_ids(selection=False) == [1, 2, 3, 4, 5]
    assert page.select_record(5) and page.current_id() == 5 and not page.select_record(99)


def test_edited_rows_repaint_and_added_ones_requery(page):
    page.rows.names[2] = "东关二网格（已改名）"
    page.refresh_or_reload(Changes.of("grid", [2]), "grid")
    assert names(page)[1] == "东关二网格（已改名）" and len(page.rows.filters) == 1
    page.rows.names[6] = "新网格"
    page.refresh_or_reload(Changes.of("grid", [6]), "grid")
    assert names(page)[-1] == "新网格" and len(page.rows.filters) == 2
    page.refresh_or_reload(Changes.of("entity", [1]), "grid")  # not this list's kind
    assert len(page.rows.filters) == 2


def test_pasted_control_characters_never_reach_the_filter(page, qtbot):
    """A name pasted from a web page with a NUL and a form feed in it (PostgreSQL refuses NUL in
    a parameter; issue 17): the box drops them as they arrive, the search finds the grid."""
    page.search.insert("西\x00关\x0c")
    assert page.search.text() == "西关"
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert names(page) == ["西关网格"]
    assert all("\x00" not in f.text and "\x0c" not in f.text for f in page.rows.filters)


def test_a_form_field_drops_pasted_control_characters(qtbot):
    from station_app.ui.widgets.forms import Field, FormDialog

    dialog = FormDialog("测试", (Field("name", "名称"),))
    qtbot.addWidget(dialog)
    dialog.widgets["name"].insert("东关\x01一网格\x7f")
    assert dialog.widgets["name"].text() == "东关一网格"
