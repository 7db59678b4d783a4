"""Keep invisible control characters out of one-line inputs as they are typed or pasted.

Text copied from other programs (a web platform's page, a WeChat message, a PDF) can carry NUL
and other C0 controls that nothing shows: PostgreSQL refuses a query parameter holding NUL, and
XML (hence every xlsx) cannot hold any of them (issue 17). The ORM guard (``data/text_guard``)
drops them from what is saved; this validator drops them from what is searched, before any
screen reads the box. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from station_app.domain.text import strip_controls


class PlainTextValidator(QValidator):
    """Accepts everything, minus :data:`domain.text.CONTROL_CHARACTERS` (tab stays)."""

    def validate(self, text: str, pos: int) -> object:
        cleaned = strip_controls(text)
        if cleaned == text:
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Acceptable, cleaned, max(0, pos - (len(text) - len(cleaned)))


def plain_text(edit: QLineEdit, parent: QWidget | None = None) -> QLineEdit:
    """Give ``edit`` the validator (unless it has one already, e.g. a number) and return it."""
    if edit.validator() is None:
        edit.setValidator(PlainTextValidator(parent or edit))
    return edit
