"""Error dialogs and the last-resort exception hook. GUI thread only."""

from __future__ import annotations

import logging
import sys
import threading
import traceback

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from station_app.errors import ConnectionLostError, StationError
from station_app.logsetup import log_file
from station_app.ui import labels

log = logging.getLogger(__name__)
_showing = False


def show_error(parent: QWidget | None, exc: BaseException, title: str = "") -> None:
    """A StationError shows its own Chinese message (unless the user has read it already:
    ``reported``); anything else the unexpected-error text."""
    if isinstance(exc, StationError):
        if not exc.reported:
            QMessageBox.warning(parent, title or labels.CANNOT_COMPLETE, exc.message)
        return
    show_unexpected(parent, exc)


def ask_retry(parent: QWidget | None, exc: ConnectionLostError) -> bool:
    """The database connection broke and nothing was saved: say so; True for 重试."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        labels.CONNECTION_LOST_TITLE,
        exc.message,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    retry = box.addButton(labels.RETRY, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(labels.CANCEL, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry


def show_unexpected(parent: QWidget | None, exc: BaseException) -> None:
    global _showing
    if _showing:  # an error inside the dialog must not stack dialogs
        return
    _showing = True
    try:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            labels.ERROR_TITLE,
            labels.UNEXPECTED_ERROR,
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setInformativeText(labels.LOG_AT.format(log_file()))
        box.setDetailedText("".join(traceback.format_exception(exc)))
        box.exec()
    finally:
        _showing = False


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("unhandled exception", exc_info=(exc_type, exc, tb))
    if QApplication.instance() is not None:
        # Show it from the event loop, never from inside the failing slot's stack frame.
        QTimer.singleShot(0, lambda: show_unexpected(QApplication.activeWindow(), exc))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    log.error(
        "unhandled exception in thread %s",
        args.thread,
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )


def install_excepthook() -> None:
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
