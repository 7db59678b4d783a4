"""首页: tiles and charts from providers; a tile opens the filtered list."""

from __future__ import annotations

from datetime import date

from station_app.services import dashboard as dash
from station_app.services.dashboard import ALERT, WARN, Series, Tile


def provider(db, today):
    return (
        [
            Tile(
                "c.overdue",
                "超期未办结投诉",
                3,
                "最早超期 5 个工作日",
                ALERT,
                "complaints",
                {"overdue": True},
            ),
            Tile("g.rule", "配置不合规的网格", 2, "", WARN, "roster", {"out_of_rule": True}),
        ],
        [
            Series(
                "c.month",
                "每月投诉量",
                "bar",
                (("8月", 30), ("9月", 41), ("10月", 35)),
                "件",
                "complaints",
            ),
            Series("e.grade", "经营主体分级", "pie", (("A", 10), ("B", 60), ("C", 25), ("D", 5))),
        ],
    )


def test_dashboard_orders_alerts_first(ui):
    service = dash.DashboardService(ui.app.db, ui.app.auth, [provider])
    board = service.build(date(2026, 11, 22))
    assert [t.level for t in board.tiles] == [ALERT, WARN]


def test_home_shows_tiles_and_charts_and_opens_filtered_page(window, ui, monkeypatch, qtbot):
    from station_app.ui.screens.home.page import TileWidget
    from station_app.ui.widgets.charts import SeriesChart

    monkeypatch.setattr(dash, "DASHBOARD_PROVIDERS", [provider])
    window.show_page("home")
    home = window.current_page()
    home.refresh()
    tiles = home.findChildren(TileWidget)
    assert {t.tile.key for t in tiles} == {"c.overdue", "g.rule"}
    assert len(home.findChildren(SeriesChart)) == 2
    assert home.empty.isHidden()
    seen = {}
    monkeypatch.setattr(
        type(window.page("roster")), "filter_to", lambda self, criteria: seen.update(criteria)
    )
    tile = next(t for t in tiles if t.tile.key == "g.rule")
    tile.activated.emit(tile.tile)
    assert window.current_page().info.name == "roster" and seen == {"out_of_rule": True}


def test_home_without_providers_explains(window, monkeypatch):
    monkeypatch.setattr(dash, "DASHBOARD_PROVIDERS", [])
    window.show_page("home")
    home = window.current_page()
    home.refresh()
    assert not home.empty.isHidden() and "临期" in home.empty.text()


def test_double_click_on_a_chart_opens_its_list(window, monkeypatch, qtbot):
    from PySide6.QtCore import Qt

    from station_app.ui.widgets.charts import SeriesChart

    monkeypatch.setattr(dash, "DASHBOARD_PROVIDERS", [provider])
    window.show_page("home")
    home = window.current_page()
    home.refresh()
    bar = next(v for v in home.findChildren(SeriesChart) if v.title == "每月投诉量")
    qtbot.mouseDClick(bar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_page().info.name == "complaints")


def test_real_tiles_open_filtered_module_pages(window, ui):
    """Complaints and lists honour the dashboard's criteria."""
    window.open_filtered("complaints", {"overdue": True})
    assert window.current_page().deadline.currentData() == "overdue"
    window.open_filtered("lists", {"status": "proposed"})
    assert window.current_page().status.currentData() == ("proposed",)


def test_licence_tile_opens_registry_filtered(window, ui):
    window.open_filtered("entities", {"licence_days": 30})
    page = window.current_page()
    assert page.filters["licence"].currentData() == 30


def test_sweep_tile_opens_the_sweeps_page(window, ui):
    window.open_filtered("sweeps", {})
    page = window.current_page()
    assert page.info.name == "sweeps" and page.todo.currentRow() >= 0
