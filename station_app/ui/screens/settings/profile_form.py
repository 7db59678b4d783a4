"""所基本信息 form, used by the first-run dialog and the settings page."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from station_app.errors import ValidationError
from station_app.services.station import StationProfileData
from station_app.ui.screens.settings import labels as L
from station_app.ui.widgets.forms import FormFields, InlineError

FIELDS: tuple[tuple[str, str, str], ...] = L.PROFILE_FIELDS
# 修改历史 labels: the form's fields and the flags the form does not edit
LABELS = {key: label.rstrip(" *") for key, label, _ in FIELDS} | L.PROFILE_FLAG_LABELS


class StationProfileForm(FormFields):
    """Edits a :class:`StationProfileData`; keeps the version it was loaded with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded = StationProfileData(name="")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        for key, label, placeholder in FIELDS:
            form.addRow(label, self._add_edit(key, placeholder))
        outer.addLayout(form)
        self.error = InlineError(self)
        outer.addWidget(self.error)

    def load(self, data: StationProfileData | None) -> None:
        self._loaded = data or StationProfileData(name="")
        for key, edit in self.edits.items():
            edit.setText(getattr(self._loaded, key))
        self.dirty = False
        self.error.show_message("")

    def data(self) -> StationProfileData:
        values = {key: edit.text() for key, edit in self.edits.items()}
        return replace(self._loaded, **values)

    def show_validation(self, exc: ValidationError) -> None:
        self.error.show_message(exc.message)
        self.mark_invalid(exc.field)
