"""What every screen receives: the application context plus the GUI's own plumbing."""

from __future__ import annotations

from dataclasses import dataclass

from station_app.bootstrap import AppContext
from station_app.settings import Preferences
from station_app.ui.events import EventBus
from station_app.ui.ops import Runner


@dataclass
class UiContext:
    app: AppContext
    ops: Runner
    bus: EventBus
    prefs: Preferences

    @property
    def services(self):
        return self.app.services
