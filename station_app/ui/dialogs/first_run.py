"""First run: no station profile in the database yet, so ask for it before anything else."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from station_app.bootstrap import AppContext
from station_app.errors import StationError, ValidationError
from station_app.services.station import StationService
from station_app.ui.dialogs import labels as L
from station_app.ui.errors import show_error
from station_app.ui.screens.settings.profile_form import StationProfileForm


class FirstRunDialog(QDialog):
    """Saves the profile itself on OK (a single quick write before any other work starts)."""

    def __init__(self, station: StationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._station = station
        self.setWindowTitle(L.FIRST_RUN_TITLE)
        lay = QVBoxLayout(self)
        intro = QLabel(L.FIRST_RUN_INTRO, self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.form = StationProfileForm(self)
        self.form.load(None)
        lay.addWidget(self.form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 420)

    def _on_buttons_accepted(self) -> None:
        try:
            self._station.save_profile(self.form.data())
        except ValidationError as exc:
            self.form.show_validation(exc)
            return
        except StationError as exc:
            show_error(self, exc)
            return
        self.accept()


def ensure_station_profile(ctx: AppContext, parent: QWidget | None = None) -> bool:
    """True when a profile exists or was just entered; False when the user cancelled."""
    if ctx.services.station.get_profile() is not None:
        return True
    return FirstRunDialog(ctx.services.station, parent).exec() == QDialog.DialogCode.Accepted
