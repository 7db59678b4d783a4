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
from station_app.ui.dialogs import labels as L
from station_app.ui.widgets.forms import InlineError


class RecoveryDialog(QDialog):
    """Accepted once the backup is in place; the caller then opens the database again."""

    def __init__(self, exc: DatabaseCorruptError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = Path(str(exc.path))
        self.kept: Path | None = None
        self.setWindowTitle(L.RECOVERY_TITLE)
        lay = QVBoxLayout(self)
        intro = QLabel(L.RECOVERY_INTRO.format(message=exc.message), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.backups = QListWidget(self)
        for info in list_backups(self.live.parent / "backups") or list_backups():
            text = L.BACKUP_ITEM.format(info.modified, info.size / 1_048_576, info.path.name)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.backups.addItem(item)
        self.backups.setCurrentRow(0)
        lay.addWidget(self.backups)
        other = QPushButton(L.OTHER_BACKUP, self)
        other.clicked.connect(self._on_other_clicked)
        lay.addWidget(other)
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(L.USERNAME, self.username)
        form.addRow(L.PASSWORD, self.password)
        lay.addLayout(form)
        self.error = InlineError(self)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        restore = buttons.addButton(L.RESTORE_SELECTED, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(L.QUIT, QDialogButtonBox.ButtonRole.RejectRole)
        restore.clicked.connect(self._on_restore_clicked)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(640, 480)

    def _on_other_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, L.CHOOSE_BACKUP, str(self.live.parent), L.BACKUP_FILTER
        )
        if path:
            item = QListWidgetItem(path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.backups.insertItem(0, item)
            self.backups.setCurrentRow(0)

    def _on_restore_clicked(self) -> None:
        item = self.backups.currentItem()
        if item is None:
            self.error.show_message(L.NO_BACKUP)
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
        L.RECOVERY_TITLE,
        L.CORRUPT_WHILE_OPEN.format(exc.message),
    )
    ui.ops.shutdown(cancel=True)
    ui.app.db.dispose()
    dialog = RecoveryDialog(exc, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        QMessageBox.information(
            parent,
            L.RESTORED_TITLE,
            L.RESTORED.format(dialog.kept),
        )
    QApplication.exit(0)  # not quit(): no close prompts, the database is already closed
