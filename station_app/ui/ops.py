"""Background work for the GUI: one writer thread, a reader pool, progress with Cancel.

Data flow (DESIGN §3–§4): a screen slot reads its form, then calls
``ops.run_write(lambda progress: service.save(...), on_done=..., on_error=...)``. The callable
runs off the GUI thread; its result or exception comes back on the GUI thread, where the
callbacks run. No Qt object and no Session crosses threads: the op gets plain arguments, the
service opens and closes its own Session, and the result is a plain DTO.

Convention for ``Changes``: an op returns either a :class:`Changes`, or a tuple with
``Changes`` among its elements (services return ``(dto, Changes)``). The runner publishes
those ``Changes`` on the :class:`EventBus` *before* calling ``on_done``, which receives the
op's return value unchanged. Anything else is returned as it is and publishes nothing.

Errors: every exception escaping an op is logged (expected :class:`StationError` at INFO,
anything else at ERROR with the traceback) and passed to ``on_error``; without one it is shown
in an error dialog over the op's ``parent`` (``ui.errors.show_error``). :class:`Cancelled`
is not an error: it goes to ``on_cancelled`` when given, otherwise it is only logged, so
cancelling never shows an error dialog. A lost database connection after which nothing was
saved (``ConnectionLostError.retry_safe``) first asks the user "重试 / 取消": 重试 runs the
op again with the same callbacks; 取消 passes the error to ``on_error`` marked ``reported``
(``show_error`` does not show it a second time). Ops failing while that question is open
share its answer.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import (
    SIGNAL,
    SLOT,
    QCoreApplication,
    QObject,
    Qt,
    QThread,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QApplication, QProgressBar, QProgressDialog, QPushButton, QWidget

from station_app.errors import ConnectionLostError, StationError
from station_app.services.base import Cancelled, Changes, Progress
from station_app.services.connection import operation
from station_app.ui import labels
from station_app.ui.errors import show_error
from station_app.ui.events import EventBus

log = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]
OnCancelled = Callable[[], None]

PROGRESS_DELAY_MS = 600
"""Ops quicker than this show no dialog at all (Anki's figure)."""
_POLL_MS = 100

DIALOG_TITLE = labels.PROGRESS_TITLE
CANCEL_TEXT = labels.CANCEL
CANCELLING_TEXT = labels.CANCELLING


class OpProgress:
    """A thread-safe :class:`Progress`: the op reports from its thread, the GUI polls it.

    ``report`` only stores the latest figures (cheap enough for tight loops); the progress
    dialog reads them every 100 ms. ``cancel()`` may be called from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: tuple[int, int, str] = (0, 0, "")
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        with self._lock:
            self._state = (done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the op to stop; it raises :class:`Cancelled` at its next ``check_cancel``."""
        self._cancel.set()

    def snapshot(self) -> tuple[int, int, str]:
        """The last reported ``(done, total, text)``."""
        with self._lock:
            return self._state


def _shown_in(parent: QWidget | None) -> OnError:
    """The default ``on_error``: the error's dialog over ``parent`` (the active window if
    ``parent`` is gone)."""

    def show(exc: BaseException) -> None:
        alive = parent is not None and shiboken6.isValid(parent)
        show_error(parent if alive else QApplication.activeWindow(), exc)

    return show


def changes_of(result: object) -> Changes:
    """The ``Changes`` an op returned: the result itself, or those inside a result tuple."""
    if isinstance(result, Changes):
        return result
    merged = Changes()
    if isinstance(result, tuple):
        for item in result:
            if isinstance(item, Changes):
                merged = merged | item
    return merged


@dataclass(frozen=True)
class _Callbacks:
    on_done: OnDone | None
    on_error: OnError
    on_cancelled: OnCancelled | None


@dataclass(frozen=True)
class _Outcome:
    result: Any = None
    error: BaseException | None = None


def _execute(fn: Callable[[Progress], Any], progress: OpProgress) -> _Outcome:
    """Run ``fn`` and capture its result or exception (runs on the worker thread)."""
    try:
        with operation():  # a lost database connection says what was saved
            return _Outcome(result=fn(progress))
    except Cancelled as exc:
        log.info("operation cancelled")
        return _Outcome(error=exc)
    except StationError as exc:
        log.info("operation refused: %s", exc.message)
        return _Outcome(error=exc)
    except BaseException as exc:
        log.exception("unexpected error in a background operation")
        return _Outcome(error=exc)


def _deliver(
    outcome: _Outcome,
    callbacks: _Callbacks,
    bus: EventBus,
    retry: Callable[[], None] | None = None,
    parent: QWidget | None = None,
) -> None:
    """Publish the op's Changes and call the matching callback (GUI thread). ``retry`` runs
    the op again (offered after a lost connection that saved nothing)."""
    error = outcome.error
    if error is None:
        bus.publish(changes_of(outcome.result))
        if callbacks.on_done is not None:
            callbacks.on_done(outcome.result)
    elif isinstance(error, Cancelled):
        if callbacks.on_cancelled is not None:
            callbacks.on_cancelled()
    elif isinstance(error, ConnectionLostError) and error.retry_safe and retry is not None:
        _offer_retry(error, callbacks, retry, parent)
    else:
        callbacks.on_error(error)


_retry_question: list[tuple[ConnectionLostError, _Callbacks, Callable[[], None]]] | None = None


def _offer_retry(
    error: ConnectionLostError,
    callbacks: _Callbacks,
    retry: Callable[[], None],
    parent: QWidget | None,
) -> None:
    """Ask once whether to run the op again; ops that fail while the question is open (the
    list pages' reads, the next queued write) are retried or cancelled with it."""
    global _retry_question
    if _retry_question is not None:
        _retry_question.append((error, callbacks, retry))
        return
    _retry_question = [(error, callbacks, retry)]
    try:
        from station_app.ui.errors import ask_retry

        again = ask_retry(parent if parent is not None else QApplication.activeWindow(), error)
    finally:
        waiting, _retry_question = _retry_question, None
    for failed, its_callbacks, its_retry in waiting:
        if again:
            its_retry()
        else:
            failed.reported = True  # the user has read it: show_error stays quiet
            its_callbacks.on_error(failed)


class Runner(Protocol):
    """What screens depend on: :class:`OpRunner` in the application, :class:`SyncOpRunner`
    in tests. ``fn`` receives a :class:`Progress`; see the module docstring for callbacks."""

    def run_write(
        self,
        fn: Callable[[Progress], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        on_cancelled: OnCancelled | None = None,
        progress_label: str | None = None,
        parent: QWidget | None = None,
    ) -> OpProgress: ...

    def run_read(
        self,
        fn: Callable[[Progress], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        on_cancelled: OnCancelled | None = None,
        progress_label: str | None = None,
        parent: QWidget | None = None,
    ) -> OpProgress: ...

    @property
    def busy(self) -> bool: ...

    def shutdown(self, *, cancel: bool = False) -> None: ...


class WriterThread(QThread):
    """The one thread that runs every database write, strictly in submission order.

    SQLite allows a single writer; funnelling all writes through one thread means they never
    contend ("database is locked") and their order is the order the user acted in. A
    dedicated ``QThread`` over a FIFO queue rather than a one-thread ``QThreadPool``: the
    pool orders by priority and retires idle threads (so "the writer" would change identity),
    while here the thread is stable and :meth:`stop` drains the queue explicitly at exit.
    Jobs must not raise (the runner wraps them); one that does is logged and skipped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("station-writer")
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()

    def submit(self, job: Callable[[], None]) -> None:
        """Queue ``job`` after every job submitted before it. Any thread."""
        self._jobs.put(job)

    def stop(self) -> None:
        """Run every queued job, then end the thread and wait for it."""
        self._jobs.put(None)
        self.wait()

    def run(self) -> None:
        threading.current_thread().name = "station-writer"
        while (job := self._jobs.get()) is not None:
            try:
                job()
            except Exception:
                log.exception("writer job failed")


class _ProgressPresenter(QObject):
    """Shows a progress dialog for one op once it has run longer than the delay. GUI thread.

    The bar is updated directly (not via ``QProgressDialog.setValue``, which re-enters the
    event loop for modal dialogs). Cancel keeps the dialog open until the op has stopped."""

    def __init__(
        self, progress: OpProgress, label: str, parent: QWidget | None, delay_ms: int
    ) -> None:
        super().__init__()
        self._progress = progress
        self._label = label
        self._parent = parent
        self._dialog: QProgressDialog | None = None
        self._bar: QProgressBar | None = None
        self._cancel_button: QPushButton | None = None
        self._show_timer = self._timer(delay_ms, self._on_show_timer_timeout, single=True)
        self._poll_timer = self._timer(_POLL_MS, self._on_poll_timer_timeout, single=False)
        self._show_timer.start()

    def close(self) -> None:
        """The op is over: stop the timers and remove the dialog if it was shown."""
        self._show_timer.stop()
        self._poll_timer.stop()
        if self._dialog is not None:
            self._dialog.hide()  # not close(): closeEvent would emit canceled
            self._dialog.deleteLater()
            self._dialog = self._bar = self._cancel_button = None

    def _timer(self, interval: int, slot: Callable[[], None], *, single: bool) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        return timer

    @Slot()
    def _on_show_timer_timeout(self) -> None:
        self._dialog = self._build_dialog()
        self._on_poll_timer_timeout()
        self._dialog.show()
        self._poll_timer.start()

    def _build_dialog(self) -> QProgressDialog:
        parent = self._dialog_parent()
        dialog = QProgressDialog(self._label, CANCEL_TEXT, 0, 0, parent)
        dialog.setWindowTitle(DIALOG_TITLE)
        modality = Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal
        dialog.setWindowModality(modality)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)  # we decide when it shows; stop Qt's own 4 s timer
        self._bar = QProgressBar(dialog)
        dialog.setBar(self._bar)
        self._cancel_button = QPushButton(CANCEL_TEXT, dialog)
        dialog.setCancelButton(self._cancel_button)
        # Qt hides the dialog on cancel; keep it up until the op has actually stopped.
        QObject.disconnect(dialog, SIGNAL("canceled()"), dialog, SLOT("cancel()"))
        dialog.canceled.connect(self._on_dialog_canceled)
        dialog.rejected.connect(self._on_dialog_canceled)
        return dialog

    def _dialog_parent(self) -> QWidget | None:
        if self._parent is not None and shiboken6.isValid(self._parent):
            return self._parent
        return QApplication.activeWindow()

    @Slot()
    def _on_poll_timer_timeout(self) -> None:
        if self._bar is None or self._dialog is None or self._progress.cancelled:
            return
        done, total, text = self._progress.snapshot()
        self._bar.setRange(0, max(total, 0))
        self._bar.setValue(min(max(done, 0), total) if total > 0 else 0)
        self._dialog.setLabelText(text or self._label)

    @Slot()
    def _on_dialog_canceled(self) -> None:
        self._progress.cancel()
        if self._dialog is None:
            return
        self._dialog.setLabelText(CANCELLING_TEXT)
        if self._cancel_button is not None:
            self._cancel_button.setEnabled(False)
        if not self._dialog.isVisible():
            self._dialog.show()


@dataclass
class _PendingOp:
    callbacks: _Callbacks
    progress: OpProgress
    presenter: _ProgressPresenter | None
    retry: Callable[[], None] | None = None
    parent: QWidget | None = None


class OpRunner(QObject):
    """Runs ops off the GUI thread and hands results back on it. Create and call on the GUI
    thread only; callbacks always run on the GUI thread.

    Writes go to the single :class:`WriterThread` (FIFO); reads to a small ``QThreadPool``
    (they may finish in any order). With ``progress_label`` a dialog titled "请稍候" with
    "取消" appears if the op is still running after ``progress_delay_ms``; ``parent`` is the
    window it belongs to (default: the active window). :meth:`shutdown` runs at the latest on
    ``QCoreApplication.aboutToQuit``; call it yourself if the runner is dropped earlier."""

    _op_finished = Signal(int, object)

    def __init__(
        self,
        bus: EventBus,
        *,
        readers: int = 3,
        progress_delay_ms: int = PROGRESS_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus = bus
        self._delay_ms = progress_delay_ms
        self._pending: dict[int, _PendingOp] = {}
        self._op_ids = itertools.count(1)
        self._closed = False
        self._writer = WriterThread()
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(readers)
        self._op_finished.connect(self._on_op_finished, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._writer.start()

    @property
    def busy(self) -> bool:
        """True while any op has not yet delivered its outcome."""
        return bool(self._pending)

    def run_write(
        self,
        fn: Callable[[Progress], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        on_cancelled: OnCancelled | None = None,
        progress_label: str | None = None,
        parent: QWidget | None = None,
    ) -> OpProgress:
        """Queue ``fn(progress)`` on the writer thread; returns its progress (``.cancel()``)."""
        callbacks = _Callbacks(on_done, on_error or _shown_in(parent), on_cancelled)
        job, progress = self._prepare(fn, callbacks, progress_label, parent)
        self._writer.submit(job)
        self._retry_with(
            progress, lambda: self.run_write(fn, **self._again(callbacks, progress_label, parent))
        )
        return progress

    def run_read(
        self,
        fn: Callable[[Progress], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        on_cancelled: OnCancelled | None = None,
        progress_label: str | None = None,
        parent: QWidget | None = None,
    ) -> OpProgress:
        """Run ``fn(progress)`` on the reader pool; returns its progress (``.cancel()``)."""
        callbacks = _Callbacks(on_done, on_error or _shown_in(parent), on_cancelled)
        job, progress = self._prepare(fn, callbacks, progress_label, parent)
        self._readers.start(job)
        self._retry_with(
            progress, lambda: self.run_read(fn, **self._again(callbacks, progress_label, parent))
        )
        return progress

    @staticmethod
    def _again(callbacks: _Callbacks, label: str | None, parent: QWidget | None) -> dict:
        return dict(
            on_done=callbacks.on_done,
            on_error=callbacks.on_error,
            on_cancelled=callbacks.on_cancelled,
            progress_label=label,
            parent=parent,
        )

    def _retry_with(self, progress: OpProgress, retry: Callable[[], None]) -> None:
        """Remember how to run the op owning ``progress`` again (unless it already ended)."""
        for op in self._pending.values():
            if op.progress is progress:
                op.retry = lambda: None if self._closed else retry()
                return

    def shutdown(self, *, cancel: bool = False) -> None:
        """Finish every queued write, drop reads not yet started, wait for running ones.

        With ``cancel`` every pending op is first asked to stop (its transaction rolls back).
        Callbacks of ops that end during shutdown are not run. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if cancel:
            for op in self._pending.values():
                op.progress.cancel()
        self._readers.clear()
        self._writer.stop()
        self._readers.waitForDone()
        for op in self._pending.values():
            if op.presenter is not None:
                op.presenter.close()

    def _prepare(
        self,
        fn: Callable[[Progress], Any],
        callbacks: _Callbacks,
        progress_label: str | None,
        parent: QWidget | None,
    ) -> tuple[Callable[[], None], OpProgress]:
        if self._closed:
            raise RuntimeError("OpRunner is shut down")
        op_id = next(self._op_ids)
        progress = OpProgress()
        presenter = None
        if progress_label is not None:
            presenter = _ProgressPresenter(progress, progress_label, parent, self._delay_ms)
        self._pending[op_id] = _PendingOp(callbacks, progress, presenter, parent=parent)

        def job() -> None:
            self._op_finished.emit(op_id, _execute(fn, progress))

        return job, progress

    @Slot(int, object)
    def _on_op_finished(self, op_id: int, outcome: _Outcome) -> None:
        op = self._pending.pop(op_id, None)
        if op is None:
            return
        if op.presenter is not None:
            op.presenter.close()
        _deliver(outcome, op.callbacks, self._bus, op.retry, op.parent)


class SyncOpRunner:
    """Same interface as :class:`OpRunner`, but runs each op at once on the calling thread
    and calls the callbacks before returning (DESIGN §11: GUI tests without threads).

    ``cancel=True`` makes every op's progress report cancelled, to test Cancel paths.
    ``labels`` records each op's ``progress_label`` (``None`` when it had none)."""

    def __init__(self, bus: EventBus, *, cancel: bool = False) -> None:
        self._bus = bus
        self.cancel = cancel
        self.labels: list[str | None] = []

    @property
    def busy(self) -> bool:
        return False

    def run_write(
        self,
        fn: Callable[[Progress], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        on_cancelled: OnCancelled | None = None,
        progress_label: str | None = None,
        parent: QWidget | None = None,
    ) -> OpProgress:
        """Run ``fn`` now and deliver its outcome before returning."""
        callbacks = _Callbacks(on_done, on_error or _shown_in(parent), on_cancelled)
        return self._run(fn, callbacks, progress_label, parent)

    def run_read(
        self,
        fn: Callable[[Progress], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        on_cancelled: OnCancelled | None = None,
        progress_label: str | None = None,
        parent: QWidget | None = None,
    ) -> OpProgress:
        """Run ``fn`` now and deliver its outcome before returning."""
        callbacks = _Callbacks(on_done, on_error or _shown_in(parent), on_cancelled)
        return self._run(fn, callbacks, progress_label, parent)

    def shutdown(self, *, cancel: bool = False) -> None:
        """Nothing to wait for."""

    def _run(
        self,
        fn: Callable[[Progress], Any],
        callbacks: _Callbacks,
        label: str | None,
        parent: QWidget | None = None,
    ) -> OpProgress:
        self.labels.append(label)
        progress = OpProgress()
        if self.cancel:
            progress.cancel()
        outcome = _execute(fn, progress)
        retry = lambda: self._run(fn, callbacks, label, parent)  # noqa: E731
        _deliver(outcome, callbacks, self._bus, retry, parent)
        return progress
