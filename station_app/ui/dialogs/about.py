"""关于: version and database details."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from station_app import APP_TITLE, __version__, paths
from station_app.logsetup import log_file
from station_app.services.database import DatabaseService
from station_app.ui.dialogs import labels as L


def about_rows(database: DatabaseService) -> list[tuple[str, str]]:
    status = database.status()
    kind = L.SQLITE if status.info.kind == "sqlite" else L.POSTGRESQL
    values = (
        __version__,
        kind,
        status.info.display,
        status.server_version,
        L.SCHEMA_VERSION.format(status.current, status.head),
        str(paths.user_data_dir()),
        str(log_file()),
        f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}",
    )
    return list(zip(L.ABOUT_ROWS, values, strict=True))


class AboutDialog(QDialog):
    def __init__(self, database: DatabaseService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(L.ABOUT_TITLE)
        lay = QVBoxLayout(self)
        title = QLabel(f"<h2>{APP_TITLE}</h2><p>Station desk</p>", self)
        lay.addWidget(title)
        form = QFormLayout()
        for label, value in about_rows(database):
            text = QLabel(value, self)
            text.setWordWrap(True)
            text.setTextInteractionFlags(
                text.textInteractionFlags() | text.textInteractionFlags().TextSelectableByMouse
            )
            form.addRow(L.ROW.format(label), text)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
