"""A personal value (ID number, phone, home address of a natural person), masked by default.

The 显示 button appears only for roles allowed to see unmasked data; pressing it calls
``reveal()``, which must be a service method that both returns the value and writes the audit
row (e.g. ``services.entities.reveal_personal(entity_id, "phone")``), so no screen can show
personal data without the view being logged.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from station_app.errors import StationError
from station_app.ui.errors import show_error
from station_app.ui.widgets import labels as L


class PersonalValue(QWidget):
    def __init__(
        self,
        masked: str,
        reveal: Callable[[], str],
        *,
        allowed: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._reveal = reveal
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(masked, self)
        self.button = QPushButton(L.SHOW, self)
        self.button.setToolTip(L.SHOW_TIP)
        self.button.setVisible(allowed and bool(masked))
        self.button.clicked.connect(self._on_button_clicked)
        lay.addWidget(self.label)
        lay.addWidget(self.button)
        lay.addStretch(1)

    def _on_button_clicked(self) -> None:
        try:
            self.label.setText(self._reveal())
        except StationError as exc:
            show_error(self, exc)
            return
        self.button.hide()
