"""The database failed its check at start: offer a restore from a recent backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.errors import DatabaseCorruptError, StationError
from station_app.services.database import list_backups, recover_from_backup
from station_app.ui.context import UiContext
from station_app.ui.widgets.forms import InlineError

INTRO = (
    "{message}\n\n可以从下面的备份恢复（损坏的文件会另存保留，不会删除）。"
    "请选择一个备份，并用有“恢复数据库”权限的账户（系统管理员）确认。"
)


class RecoveryDialog(QDialog):
    """Accepted once the backup is in place; the caller then opens the database again."""

    def __init__(self, exc: DatabaseCorruptError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = Path(str(exc.path))
        self.kept: Path | None = None
        self.setWindowTitle("数据库已损坏")
        lay = QVBoxLayout(self)
        intro = QLabel(INTRO.format(message=exc.message), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.backups = QListWidget(self)
        for info in list_backups(self.live.parent / "backups") or list_backups():
            text = (
                f"{info.modified:%Y-%m-%d %H:%M}　{info.size / 1_048_576:.1f} MB　{info.path.name}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.backups.addItem(item)
        self.backups.setCurrentRow(0)
        lay.addWidget(self.backups)
        other = QPushButton("选择其他备份文件…", self)
        other.clicked.connect(self._on_other_clicked)
        lay.addWidget(other)
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("用户名", self.username)
        form.addRow("密码", self.password)
        lay.addLayout(form)
        self.error = InlineError(self)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        restore = buttons.addButton("从所选备份恢复", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        restore.clicked.connect(self._on_restore_clicked)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(640, 480)

    def _on_other_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", str(self.live.parent), "数据库备份 (*.sqlite3 *.db);;所有文件 (*)"
        )
        if path:
            item = QListWidgetItem(path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.backups.insertItem(0, item)
            self.backups.setCurrentRow(0)

    def _on_restore_clicked(self) -> None:
        item = self.backups.currentItem()
        if item is None:
            self.error.show_message("没有可用的备份：请选择一个备份文件。")
            return
        try:
            self.kept = recover_from_backup(
                self.live,
                Path(item.data(Qt.ItemDataRole.UserRole)),
                self.username.text(),
                self.password.text(),
            )
        except StationError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()


def offer_recovery_while_open(parent: QWidget, ui: UiContext, exc: DatabaseCorruptError) -> None:
    """The background check found the open database corrupt: stop using it (every connection
    closed, so the file can be set aside, on Windows too), offer the restore, then end the
    program; the user opens it again on the restored file."""
    QMessageBox.critical(
        parent,
        "数据库已损坏",
        f"{exc.message}\n\n为免损坏扩大，程序将停止使用这个数据库，并打开恢复窗口。",
    )
    ui.ops.shutdown(cancel=True)
    ui.app.db.dispose()
    dialog = RecoveryDialog(exc, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        QMessageBox.information(
            parent,
            "已从备份恢复",
            f"数据库已从备份恢复，损坏的文件另存为：{dialog.kept}\n请重新打开本程序。",
        )
    QApplication.exit(0)  # not quit(): no close prompts, the database is already closed
