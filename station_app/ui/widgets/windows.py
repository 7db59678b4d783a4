"""One window per record: :class:`RecordWindows` (``ui.windows``) remembers the open record
windows by ``(kind, id)``. Opening a record whose window is open raises that window; a
closed window is forgotten, so the next opening builds a fresh one. GUI thread only."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


class RecordWindows:
    """The open record windows (case windows, entity cards) of one main window."""

    def __init__(self) -> None:
        self._open: dict[tuple[str, int], QDialog] = {}

    def find(self, kind: str, record_id: int) -> QDialog | None:
        """The open window of the record, if any."""
        window = self._open.get((kind, record_id))
        if window is None or not shiboken6.isValid(window) or not window.isVisible():
            self._open.pop((kind, record_id), None)
            return None
        return window

    def show(self, kind: str, record_id: int, make: Callable[[], D]) -> D:
        """Raise the record's open window, or ``make()`` one and open it (window-modal, as
        ``QDialog.open``). Returns the window shown."""
        window = self.find(kind, record_id)
        if window is not None:
            window.raise_()
            window.activateWindow()
            return window  # type: ignore[return-value]
        window = make()
        key = (kind, record_id)
        self._open[key] = window
        window.finished.connect(lambda _r, w=window: self._forget(key, w))
        window.open()
        return window

    def _forget(self, key: tuple[str, int], window: QDialog) -> None:
        if self._open.get(key) is window:
            del self._open[key]
