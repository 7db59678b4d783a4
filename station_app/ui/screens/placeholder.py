"""A module not built yet: says what it will hold, never a blank page."""

from __future__ import annotations

from station_app.ui import labels
from station_app.ui.screens.base import Page, bullet_list, card, heading


class PlaceholderPage(Page):
    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        frame, lay = card(self)
        lay.addWidget(heading(labels.NOT_BUILT_NOTE, frame))
        lay.addWidget(bullet_list(info.will_hold, frame))
        self.body.addWidget(frame)
        self.body.addStretch(1)
