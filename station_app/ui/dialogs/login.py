"""Login (登录) at start, and creation of the first administrator on a new database."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.bootstrap import AppContext
from station_app.domain.auth import ADMIN, DEMO_PASSWORD
from station_app.errors import StationError, ValidationError
from station_app.settings import Preferences
from station_app.startup import EnvironmentSignIn
from station_app.ui.dialogs import labels as L
from station_app.ui.widgets.busy import wait_for
from station_app.ui.widgets.forms import InlineError

DEMO_HINT = L.DEMO_HINT.format(DEMO_PASSWORD)
FIRST_ADMIN_INTRO = L.FIRST_ADMIN_INTRO


def _password_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class LoginDialog(QDialog):
    """Signs the user in on ``ctx.auth`` when accepted. GUI thread only."""

    def __init__(self, ctx: AppContext, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.prefs = prefs
        self.setWindowTitle(L.LOGIN_TITLE)
        lay = QVBoxLayout(self)
        profile = ctx.services.station.get_profile()
        title = QLabel(f"<h3>{profile.name if profile else '基层市场监管所工作台'}</h3>", self)
        lay.addWidget(title)
        form = QFormLayout()
        last = prefs.get("login.last_user") or ("admin" if profile and profile.is_demo else "")
        self.username = QLineEdit(last, self)
        self.username.setObjectName("field_username")
        self.password = _password_edit(self)
        self.password.setObjectName("field_password")
        form.addRow(L.USERNAME, self.username)
        form.addRow(L.PASSWORD, self.password)
        lay.addLayout(form)
        if profile is not None and profile.is_demo:
            hint = QLabel(DEMO_HINT, self)
            hint.setWordWrap(True)
            hint.setObjectName("demoHint")
            lay.addWidget(hint)
        self.error = InlineError(self)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(L.LOGIN)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        (self.password if self.username.text() else self.username).setFocus()
        self.resize(420, 0)

    def _on_buttons_accepted(self) -> None:
        try:
            users, name, password = (
                self.ctx.services.users,
                self.username.text(),
                self.password.text(),
            )
            wait_for(self, lambda: users.sign_in(name, password))  # scrypt: about a second
        except StationError as exc:
            self.error.show_message(exc.message)
            self.password.selectAll()
            self.password.setFocus()
            return
        self.prefs.set("login.last_user", self.username.text().strip())
        self.accept()


class CreateAdminDialog(QDialog):
    """First run: creates the administrator and signs in as it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(L.FIRST_ADMIN_TITLE)
        lay = QVBoxLayout(self)
        intro = QLabel(FIRST_ADMIN_INTRO, self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.username = QLineEdit("admin", self)
        self.display_name = QLineEdit(self)
        self.password = _password_edit(self)
        self.password2 = _password_edit(self)
        edits = (self.username, self.display_name, self.password, self.password2)
        for label, edit in zip(L.ADMIN_FORM, edits, strict=True):
            form.addRow(label, edit)
        lay.addLayout(form)
        note = QLabel(L.PASSWORD_RULE, self)
        note.setWordWrap(True)
        lay.addWidget(note)
        self.error = InlineError(self)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        if self.password.text() != self.password2.text():
            self.error.show_message(L.PASSWORDS_DIFFER)
            return
        users = self.ctx.services.users
        name, display, password = (
            self.username.text(),
            self.display_name.text(),
            self.password.text(),
        )

        def create() -> None:  # two scrypt hashes: off the GUI thread
            users.add_user(name, display, ADMIN, password)
            users.sign_in(name, password)

        try:
            wait_for(self, create)
        except ValidationError as exc:
            self.error.show_message(exc.message)
            return
        except StationError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()


def sign_in(
    ctx: AppContext,
    prefs: Preferences,
    parent: QWidget | None = None,
    pending: EnvironmentSignIn | None = None,
) -> bool:
    """Create the first administrator or ask for a login. False when the user cancelled.

    With STATION_USER and STATION_PASSWORD both set (automation, the bench) it signs in
    without the dialog, as the CLI does (``pending``: that check already started, see
    :class:`EnvironmentSignIn`); a failure falls back to the dialog."""
    if ctx.auth.actor is not None:
        return True
    pending = pending or EnvironmentSignIn.start(ctx)
    actor = pending.result() if pending is not None else None
    if actor is not None:
        ctx.auth.sign_in(actor)
        return True
    if ctx.services.users.count() == 0:
        dialog: QDialog = CreateAdminDialog(ctx, parent)
    else:
        dialog = LoginDialog(ctx, prefs, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
