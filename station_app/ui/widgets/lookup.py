"""Lookup widgets that keep Enter to themselves.

In a ``QDialog`` a ``QLineEdit`` (after ``returnPressed``) and an item view (after
``activated``) ignore the Enter key, so the dialog presses its default button as well: Enter
in the complaint form's respondent lookup searched *and* saved the complaint, unlinked from
the registry. :class:`LookupLineEdit` and :class:`LookupList` accept the key once they have acted
on it, so Enter in a lookup searches (or picks a result) and nothing else. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QPushButton

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _is_enter(event: QKeyEvent) -> bool:
    return event.key() in ENTER_KEYS


class LookupLineEdit(QLineEdit):
    """A search field: Enter emits ``returnPressed`` and stops there."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if _is_enter(event):
            event.accept()


class LookupList(QListWidget):
    """A list of lookup results: Enter emits ``itemActivated`` and stops there."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if _is_enter(event):
            event.accept()


def find_button(text: str, parent) -> QPushButton:
    """A 查找 button that never becomes the dialog's default button."""
    button = QPushButton(text, parent)
    button.setAutoDefault(False)
    return button
