"""Fixtures for GUI tests: a Chinese-configured QApplication and a main window whose
background ops run synchronously."""

from __future__ import annotations

import pytest

from station_app.services.station import StationProfileData


@pytest.fixture
def qapp_zh(qapp):
    from station_app.ui.app import create_application

    return create_application()


@pytest.fixture
def ui(qapp_zh, sqlite_ctx, tmp_path):
    from station_app.settings import Preferences
    from station_app.ui.context import UiContext
    from station_app.ui.events import EventBus
    from station_app.ui.ops import SyncOpRunner

    sqlite_ctx.services.station.save_profile(StationProfileData(name="城关市场监督管理所"))
    bus = EventBus()
    return UiContext(
        app=sqlite_ctx, ops=SyncOpRunner(bus), bus=bus, prefs=Preferences(tmp_path / "prefs.json")
    )


@pytest.fixture
def window(ui, qtbot):
    from station_app.ui.main_window import MainWindow

    win = MainWindow(ui)
    qtbot.addWidget(win)
    win.show()
    return win
