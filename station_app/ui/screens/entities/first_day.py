"""A new station's first day: when the registry is empty (not merely filtered to nothing), the
经营主体 page says what to do first — create the grids or import the roster, then import the
ledger — with a button for each step. GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from station_app.domain.entities import EntityFilter
from station_app.ui.screens.entities import labels as L


class FirstDayPanel(QFrame):
    """Hidden unless the registry holds no entity; ``check()`` looks (on the reader pool)."""

    def __init__(self, page) -> None:
        super().__init__(page)
        self.page = page
        self.setObjectName("firstDayPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        self.text = QLabel(self)
        self.text.setObjectName("firstDayText")
        self.text.setWordWrap(True)
        lay.addWidget(self.text)
        row = QHBoxLayout()
        self.roster_button = QPushButton(L.FIRST_DAY_ROSTER, self)
        self.roster_button.clicked.connect(lambda: page.window().show_page("roster"))
        self.import_button = QPushButton(L.IMPORT, self)
        self.import_button.clicked.connect(page.open_import)
        self.import_button.setEnabled(page.ui.app.auth.can("entities.import"))
        row.addWidget(self.roster_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.hide()

    def check(self) -> None:
        """Show the panel when the whole registry is empty (whatever the filter says)."""
        service = self.page.ui.services.entities

        def look(_p) -> tuple[int, int]:
            return service.rows(EntityFilter()).count(), len(service.grids())

        self.page.ui.ops.run_read(look, on_done=self._show, parent=self.page)

    def _show(self, counts: tuple[int, int]) -> None:
        entities, grids = counts
        if entities:
            self.hide()
            return
        self.text.setText(L.FIRST_DAY_NO_GRIDS if not grids else L.FIRST_DAY_GRIDS.format(grids))
        self.roster_button.setVisible(not grids)
        self.show()
