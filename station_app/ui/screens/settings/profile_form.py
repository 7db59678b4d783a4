"""所基本信息 form, used by the first-run dialog and the settings page."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from station_app.errors import ValidationError
from station_app.services.station import StationProfileData
from station_app.ui.widgets.forms import FormFields, InlineError

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "所名称 *", "例如：城关市场监督管理所"),
    ("county_bureau", "上级局", "例如：东平县市场监督管理局"),
    ("code", "单位代码", "县局编定的所代码，可不填"),
    ("address", "地址", ""),
    ("phone", "电话", "例如：0538-2281234"),
    ("seal_text", "印章文字", "打印文书盖章处的单位名称，不填则用所名称"),
    ("doc_prefix", "文书字号前缀", "例如：东市监城（文号显示为 东市监城调〔2026〕1号）"),
)
LABELS = {key: label.rstrip(" *") for key, label, _ in FIELDS}


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
