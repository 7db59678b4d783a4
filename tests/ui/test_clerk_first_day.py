"""A new station's first day (issue 17): the empty registry tells the clerk what to do first
(create grids or import the roster, then import the ledger)."""

from __future__ import annotations


def test_empty_registry_says_what_to_do_first(window, ui, qtbot):
    from station_app.services.entities import EntityData
    from station_app.services.roster import GridData

    window.show_page("entities")
    page = window.current_page()
    panel = page.first_day
    assert panel.isVisible() and "第一步" in panel.text.text() and "网格" in panel.text.text()
    assert panel.roster_button.isVisible() and panel.import_button.isEnabled()
    # a filter that matches nothing is not an empty registry
    ui.services.roster.save_grid(GridData(code="G01", name="城关一网格", communities=("幸福社区",)))
    ui.services.entities.save(EntityData(name="东平县城关老街食品店"))
    page.apply_filter()
    assert not panel.isVisible()
    from tests.ui.helpers import type_text

    type_text(page.search, "没有这个名字")
    page.apply_filter()
    assert page.model.rowCount() == 0 and not panel.isVisible()


def test_with_grids_the_next_step_is_the_ledger(window, ui, qtbot):
    from station_app.services.roster import GridData

    ui.services.roster.save_grid(GridData(code="G01", name="城关一网格", communities=("幸福社区",)))
    window.show_page("entities")
    panel = window.current_page().first_day
    assert panel.isVisible() and "已有 1 个网格" in panel.text.text()
    assert not panel.roster_button.isVisible()
    panel.roster_button.click()  # hidden, but the page switch must work when shown
    assert window.current_page().info.name == "roster"


def test_import_wizard_offers_to_create_the_files_grids(window, ui, qtbot, tmp_path):
    from tests.services.ledgers import HEADERS, good_rows, write_ledger

    rows = good_rows()[:2]
    rows[0][HEADERS.index("网格")] = "城关一网格"
    rows[1][HEADERS.index("网格")] = "城关二网格"
    path = write_ledger(tmp_path / "台账.xlsx", rows)
    window.show_page("entities")
    page = window.current_page()
    page.open_import()
    wizard = page.wizard
    wizard.load_file(path)
    wizard._on_next()  # the dry run: both rows name a grid that does not exist
    offer = wizard.create_grids
    assert offer.isVisible() and "2 个网格" in offer.text() and "城关一网格" in offer.text()
    assert wizard.problems.rowCount() == 2
    offer.setChecked(True)  # reviewed: the dry run again, with the grids
    assert wizard.problems.rowCount() == 0 and "将新建网格 2 个" in wizard.summary.text()
    assert ui.services.roster.list_grids() == []
    wizard._on_next()
    assert "新增 2 户" in wizard.done_label.text()
    assert {g.name for g in ui.services.roster.list_grids()} == {"城关一网格", "城关二网格"}
