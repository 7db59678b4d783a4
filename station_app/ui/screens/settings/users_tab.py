"""用户 tab (administrators): list users, add, reset password, disable or enable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.auth import ROLE_LABELS
from station_app.errors import StationError
from station_app.services.base import Changes
from station_app.ui.context import UiContext
from station_app.ui.formatting import local_time
from station_app.ui.screens.settings import labels as L
from station_app.ui.widgets.busy import wait_for
from station_app.ui.widgets.forms import InlineError

COLUMNS = L.USER_COLUMNS


class UsersTab(QWidget):
    """A handful of users: a QTableWidget is right here. GUI thread only."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        lay = QVBoxLayout(self)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        for text, slot in (
            (L.ADD_USER, self._on_add_clicked),
            (L.RESET_PASSWORD, self._on_reset_clicked),
            (L.DISABLE, lambda: self._set_disabled(True)),
            (L.ENABLE, lambda: self._set_disabled(False)),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        ui.bus.changed.connect(self._on_bus_changed)
        self.load()

    def load(self) -> None:
        users = self.ui.services.users.list_users()
        self.table.setRowCount(len(users))
        for r, u in enumerate(users):
            last = local_time(u.last_login_at).strftime("%Y-%m-%d %H:%M") if u.last_login_at else ""
            for c, text in enumerate(
                (
                    u.username,
                    u.display_name,
                    u.role_label,
                    L.DISABLED if u.disabled else L.ACTIVE,
                    last,
                )
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, u.username)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def _selected(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0)
        return item.text() if item else None

    def _run(self, fn) -> None:
        self.ui.ops.run_write(lambda _p: fn(), parent=self)

    def _on_add_clicked(self) -> None:
        dialog = AddUserDialog(self.ui, self)
        dialog.exec()

    def _on_reset_clicked(self) -> None:
        username = self._selected()
        if not username:
            return
        password, ok = QInputDialog.getText(
            self, L.RESET_TITLE, L.NEW_PASSWORD.format(username), QLineEdit.EchoMode.Password
        )
        if ok:
            self._run(lambda: self.ui.services.users.change_password(username, password))

    def _set_disabled(self, disabled: bool) -> None:
        username = self._selected()
        if username:
            self._run(lambda: self.ui.services.users.set_disabled(username, disabled))

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches("user", "*"):
            self.load()


class AddUserDialog(QDialog):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setWindowTitle(L.ADD_USER_TITLE)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.display_name = QLineEdit(self)
        self.role = QComboBox(self)
        for key, label in ROLE_LABELS.items():
            self.role.addItem(label, key)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        widgets = (self.username, self.display_name, self.role, self.password)
        for label, widget in zip(L.USER_FORM, widgets, strict=True):
            form.addRow(label, widget)
        lay.addLayout(form)
        self.error = InlineError(self)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        values = (
            self.username.text(),
            self.display_name.text(),
            self.role.currentData(),
            self.password.text(),
        )
        try:
            wait_for(self, lambda: self.ui.services.users.add_user(*values))  # scrypt
        except StationError as exc:
            self.error.show_message(exc.message)
            return
        self.ui.bus.publish(Changes.of("user"))
        self.accept()
