"""关于: version and database details."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from station_app import APP_TITLE, __version__, paths
from station_app.logsetup import log_file
from station_app.services.database import DatabaseService


def about_rows(database: DatabaseService) -> list[tuple[str, str]]:
    status = database.status()
    kind = "SQLite（本机单机）" if status.info.kind == "sqlite" else "PostgreSQL（共享服务器）"
    return [
        ("程序版本", __version__),
        ("数据库类型", kind),
        ("数据库位置", status.info.display),
        ("数据库版本", status.server_version),
        ("数据结构版本", f"{status.current}（程序支持到 {status.head}）"),
        ("数据目录", str(paths.user_data_dir())),
        ("日志文件", str(log_file())),
        (
            "运行环境",
            f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}",
        ),
    ]


class AboutDialog(QDialog):
    def __init__(self, database: DatabaseService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("关于")
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
            form.addRow(label + "：", text)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
