"""GUI test helpers."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit


def type_text(widget: QLineEdit, text: str, *, replace: bool = True) -> None:
    """Type any text, Chinese included, as an input method would (qtbot.keyClicks with
    non-ASCII text aborts the test run). Emits textEdited like real typing."""
    widget.setFocus()
    if replace:
        widget.selectAll()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
