"""Run a short blocking call (a password check: scrypt at N=2^17 takes about a second) off the
GUI thread while the dialog stays painted, then return its result as if it were called here.

For a dialog's own button handler, where the ops writer thread does not fit (the login comes
before the main window, and the answer is needed before the dialog may close). The dialog is
disabled meanwhile, so nothing re-enters; a local event loop keeps it repainting; no
``processEvents`` loop. GUI thread only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

T = TypeVar("T")
POLL_MS = 20


def wait_for(widget: QWidget, fn: Callable[[], T]) -> T:
    """``fn()`` on a thread; re-raises what it raised."""
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # handed to the GUI thread below
            outcome["error"] = exc

    thread = threading.Thread(target=work, name="dialog-wait", daemon=True)
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    widget.setEnabled(False)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        thread.start()
        timer.start(POLL_MS)
        loop.exec()
        thread.join()
    finally:
        timer.stop()
        QGuiApplication.restoreOverrideCursor()
        widget.setEnabled(True)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
