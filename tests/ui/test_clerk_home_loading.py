"""首页 while the dashboard loads (7 s on a cold start): it says it is loading, never
"暂无需要关注的事项" before the dashboard has arrived, and never that modules are not built."""

from __future__ import annotations

from station_app.services.dashboard import Dashboard


def test_home_says_loading_until_the_dashboard_arrives(window, ui, qtbot, monkeypatch):
    from station_app.ui.screens.home.page import HomePage

    pending = []
    monkeypatch.setattr(
        ui.ops, "run_read", lambda call, on_done=None, **_kw: pending.append(on_done)
    )
    from datetime import date

    from station_app.ui import labels

    info = next(p for p in labels.PAGES if p.name == "home")
    home = HomePage(ui, info)
    qtbot.addWidget(home)
    home.show()
    qtbot.waitUntil(lambda: bool(pending))  # the dashboard query is under way
    assert home.empty.isVisible()
    assert "加载" in home.empty.text() and "暂无" not in home.empty.text()
    pending[-1](Dashboard(date(2026, 12, 2), (), ()))
    assert home.empty.isVisible() and "暂无需要关注的事项" in home.empty.text()
    assert "建成" not in home.empty.text()
