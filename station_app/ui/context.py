"""What every screen receives: the application context plus the GUI's own plumbing."""

from __future__ import annotations

from dataclasses import dataclass, field

from station_app.bootstrap import AppContext
from station_app.settings import Preferences
from station_app.ui.events import EventBus
from station_app.ui.ops import Runner
from station_app.ui.widgets.windows import RecordWindows


@dataclass
class UiContext:
    app: AppContext
    ops: Runner
    bus: EventBus
    prefs: Preferences
    windows: RecordWindows = field(default_factory=RecordWindows)  # one window per record

    @property
    def services(self):
        return self.app.services
