"""Form helpers: inline validation messages and dirty tracking."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

ERROR_STYLE = "color: #b00020;"
INVALID_STYLE = "QLineEdit { border: 1px solid #b00020; }"


class InlineError(QLabel):
    """A red message under a form; empty and hidden when there is nothing wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class FormFields(QWidget):
    """Base for forms made of line edits keyed by field name. Emits ``edited`` on any change."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.dirty = False

    def _add_edit(self, key: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(f"field_{key}")
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self._on_edit_text_edited)
        self.edits[key] = edit
        return edit

    def _on_edit_text_edited(self, _text: str) -> None:
        self.dirty = True
        for edit in self.edits.values():
            edit.setStyleSheet("")
        self.edited.emit()

    def mark_invalid(self, key: str) -> None:
        edit = self.edits.get(key)
        if edit is not None:
            edit.setStyleSheet(INVALID_STYLE)
            edit.setFocus()
