"""EventBus and the op runners: threads, ordering, errors, Cancel, progress dialog timing."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from station_app.errors import ValidationError
from station_app.services.base import Changes, check_cancel
from station_app.ui.events import EventBus
from station_app.ui.ops import OpRunner, SyncOpRunner, changes_of


class Recorder:
    """Collects every callback, with the thread it ran on."""

    def __init__(self) -> None:
        self.done: list[object] = []
        self.errors: list[BaseException] = []
        self.cancelled = 0
        self.threads: set[int] = set()

    def on_done(self, value: object) -> None:
        self.threads.add(threading.get_ident())
        self.done.append(value)

    def on_error(self, exc: BaseException) -> None:
        self.threads.add(threading.get_ident())
        self.errors.append(exc)

    def on_cancelled(self) -> None:
        self.threads.add(threading.get_ident())
        self.cancelled += 1

    def kwargs(self) -> dict:
        return {
            "on_done": self.on_done,
            "on_error": self.on_error,
            "on_cancelled": self.on_cancelled,
        }

    @property
    def finished(self) -> int:
        return len(self.done) + len(self.errors) + self.cancelled


@pytest.fixture
def bus(qapp) -> EventBus:
    return EventBus()


@pytest.fixture
def published(bus) -> list[Changes]:
    seen: list[Changes] = []
    bus.changed.connect(seen.append)
    return seen


@pytest.fixture
def runner(bus):
    ops = OpRunner(bus)
    yield ops
    ops.shutdown(cancel=True)


def visible_progress_dialogs() -> list[QProgressDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]


# --- EventBus ---------------------------------------------------------------------------


def test_bus_publishes_changes_and_ignores_empty(bus, published):
    bus.publish(Changes.of("entity", [1]))
    bus.publish(Changes())
    assert published == [Changes.of("entity", [1])]


def test_bus_refuses_other_threads(bus, published):
    errors: list[BaseException] = []

    def publish() -> None:
        try:
            bus.publish(Changes.of("entity"))
        except RuntimeError as exc:
            errors.append(exc)

    worker = threading.Thread(target=publish)
    worker.start()
    worker.join()
    assert len(errors) == 1
    assert published == []


def test_changes_of_result_conventions():
    a, b = Changes.of("a", [1]), Changes.of("b", [2])
    assert changes_of(a) == a
    assert changes_of(("dto", a)) == a
    assert changes_of((a, "x", b)) == a | b
    assert not changes_of("dto")
    assert not changes_of(None)


# --- SyncOpRunner -----------------------------------------------------------------------


def test_sync_runner_delivers_result_and_publishes(bus, published):
    ops, rec = SyncOpRunner(bus), Recorder()
    change = Changes.of("station_profile", [1])
    ops.run_write(lambda p: ("saved", change), progress_label="正在保存", **rec.kwargs())
    assert rec.done == [("saved", change)]
    assert published == [change]
    assert ops.labels == ["正在保存"]


def test_sync_runner_delivers_errors_and_logs_them(bus, caplog):
    ops, rec = SyncOpRunner(bus), Recorder()

    def boom(progress):
        raise KeyError("bug")

    with caplog.at_level(logging.INFO, logger="station_app.ui.ops"):
        ops.run_read(boom, **rec.kwargs())
        ops.run_write(
            lambda p: (_ for _ in ()).throw(ValidationError("请填写名称")), **rec.kwargs()
        )
    assert [type(e) for e in rec.errors] == [KeyError, ValidationError]
    error_records = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(error_records) == 1 and error_records[0].exc_info
    assert "请填写名称" in caplog.text


def test_sync_runner_cancel_goes_to_cancel_path_only(bus, published):
    ops, rec = SyncOpRunner(bus, cancel=True), Recorder()

    def long_job(progress):
        check_cancel(progress)
        return Changes.of("entity")

    ops.run_write(long_job, **rec.kwargs())
    assert rec.cancelled == 1 and rec.errors == [] and rec.done == []
    assert published == []


def test_cancel_without_on_cancelled_is_silent(bus):
    ops = SyncOpRunner(bus, cancel=True)
    errors: list[BaseException] = []
    ops.run_write(check_cancel, on_error=errors.append)
    assert errors == []


# --- OpRunner (threads) -----------------------------------------------------------------


def test_results_arrive_on_the_gui_thread(qtbot, runner, published):
    rec = Recorder()
    op_threads: list[int] = []
    gui_thread = QCoreApplication.instance().thread()
    in_gui: list[bool] = []

    def write(progress):
        op_threads.append(threading.get_ident())
        return 42, Changes.of("entity", [7])

    def read(progress):
        op_threads.append(threading.get_ident())
        in_gui.append(QThread.currentThread() is gui_thread)
        return "read"

    runner.run_write(write, **rec.kwargs())
    runner.run_read(read, **rec.kwargs())
    qtbot.waitUntil(lambda: len(rec.done) == 2 and not runner.busy, timeout=1500)

    assert (42, Changes.of("entity", [7])) in rec.done and "read" in rec.done
    assert rec.threads == {threading.get_ident()}
    assert threading.get_ident() not in op_threads
    assert in_gui == [False]
    assert published == [Changes.of("entity", [7])]


def test_callbacks_see_the_gui_thread_as_current(qtbot, runner):
    seen: list[bool] = []
    gui_thread = QCoreApplication.instance().thread()
    runner.run_write(
        lambda p: None,
        on_done=lambda _: seen.append(QThread.currentThread() is gui_thread),
        on_error=pytest.fail,
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=1500)
    assert seen == [True]


def test_writes_run_in_submission_order_on_one_thread(qtbot, runner):
    ran: list[tuple[int, int]] = []
    delivered: list[int] = []

    def write(i: int):
        def job(progress):
            time.sleep(0.002 if i % 2 else 0)  # uneven durations must not reorder
            ran.append((i, threading.get_ident()))
            return i

        return job

    for i in range(30):
        runner.run_write(write(i), on_done=delivered.append, on_error=pytest.fail)
    qtbot.waitUntil(lambda: len(delivered) == 30, timeout=1500)

    assert [i for i, _ in ran] == list(range(30))
    assert delivered == list(range(30))
    writer_threads = {t for _, t in ran}
    assert len(writer_threads) == 1
    assert threading.get_ident() not in writer_threads


def test_unexpected_error_is_logged_and_delivered(qtbot, runner, caplog):
    rec = Recorder()

    def broken(progress):
        raise ZeroDivisionError("oops")

    with caplog.at_level(logging.ERROR, logger="station_app.ui.ops"):
        runner.run_write(broken, **rec.kwargs())
        qtbot.waitUntil(lambda: rec.finished == 1, timeout=1500)
    assert isinstance(rec.errors[0], ZeroDivisionError)
    assert rec.threads == {threading.get_ident()}
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_station_error_reaches_on_error(qtbot, runner):
    rec = Recorder()

    def refuse(progress):
        raise ValidationError("请填写所名称", field="name")

    runner.run_write(refuse, **rec.kwargs())
    qtbot.waitUntil(lambda: rec.finished == 1, timeout=1500)
    assert rec.errors[0].message == "请填写所名称"


def test_cancelled_op_reaches_cancel_path(qtbot, runner, published):
    rec = Recorder()

    def job(progress):
        while True:
            check_cancel(progress)
            time.sleep(0.005)

    progress = runner.run_write(job, **rec.kwargs())
    progress.cancel()
    qtbot.waitUntil(lambda: rec.finished == 1, timeout=1500)
    assert rec.cancelled == 1 and rec.errors == []
    assert published == []


def test_quick_op_shows_no_progress_dialog(qtbot, runner):
    rec = Recorder()
    runner.run_write(lambda p: time.sleep(0.15), progress_label="正在保存……", **rec.kwargs())
    qtbot.waitUntil(lambda: rec.finished == 1, timeout=1000)
    qtbot.wait(650)  # past the 600 ms mark
    assert visible_progress_dialogs() == []


def test_slow_op_shows_progress_dialog_with_working_cancel(qtbot, runner):
    # GIVEN an op that reports progress until cancelled
    rec = Recorder()

    def import_rows(progress):
        for i in range(1_000_000):
            check_cancel(progress)
            progress.report(i, 1000, f"已导入 {i} 行")
            time.sleep(0.005)

    started = time.monotonic()
    runner.run_write(import_rows, progress_label="正在导入……", **rec.kwargs())
    # THEN after ~600 ms a dialog "请稍候" appears, showing the progress
    qtbot.waitUntil(lambda: bool(visible_progress_dialogs()), timeout=1500)
    assert time.monotonic() - started >= 0.55
    dialog = visible_progress_dialogs()[0]
    assert dialog.windowTitle() == "请稍候"
    qtbot.waitUntil(lambda: "已导入" in dialog.labelText(), timeout=500)
    # WHEN the user clicks 取消
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")
    button.click()
    # THEN the op stops through the cancel path, without an error, and the dialog goes away
    qtbot.waitUntil(lambda: rec.finished == 1, timeout=1000)
    assert rec.cancelled == 1 and rec.errors == []
    assert visible_progress_dialogs() == []


def test_shutdown_finishes_queued_writes(qapp, bus):
    ops = OpRunner(bus)
    saved: list[int] = []

    def save(i: int):
        def job(progress):
            time.sleep(0.01)
            saved.append(i)

        return job

    for i in range(5):
        ops.run_write(save(i), on_error=pytest.fail)
    ops.shutdown()
    assert saved == [0, 1, 2, 3, 4]
    with pytest.raises(RuntimeError):
        ops.run_write(save(5), on_error=pytest.fail)
    ops.shutdown()  # idempotent


@pytest.mark.parametrize("kind", ["write", "read"])
def test_without_on_error_the_error_shows_over_the_parent(qtbot, bus, monkeypatch, kind):
    from PySide6.QtWidgets import QMessageBox, QWidget

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append((a[0], a[2])))
    parent = QWidget()
    qtbot.addWidget(parent)
    ops = SyncOpRunner(bus)

    def refuse(progress):
        raise ValidationError("请填写所名称", field="name")

    getattr(ops, f"run_{kind}")(refuse, parent=parent)
    assert shown == [(parent, "请填写所名称")]


def test_default_error_dialog_survives_a_deleted_parent(qtbot, bus, monkeypatch):
    import shiboken6
    from PySide6.QtWidgets import QMessageBox, QWidget

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    parent = QWidget()
    ops = SyncOpRunner(bus)
    progress_parent = parent
    shiboken6.delete(parent)

    def refuse(progress):
        raise ValidationError("已被删除", field="name")

    ops.run_write(refuse, parent=progress_parent)
    assert shown == ["已被删除"]


def _flaky(failures: list[BaseException]):
    """An op that raises the given errors one after the other, then returns "saved"."""

    def op(_progress):
        if failures:
            raise failures.pop(0)
        return "saved"

    return op


def _lost(stage: str = "work"):
    from station_app.errors import ConnectionLostError

    return ConnectionLostError("db.station.local:5432/station", stage)


@pytest.mark.parametrize("threaded", [False, True])
def test_lost_connection_offers_retry_and_the_retry_delivers(
    qtbot, bus, monkeypatch, request, threaded
):
    """Issue 21 item 6: nothing was saved, so the runner asks 重试 / 取消 before on_error."""
    from station_app.ui import errors as ui_errors

    asked: list[str] = []
    monkeypatch.setattr(
        ui_errors, "ask_retry", lambda parent, exc: asked.append(exc.message) or True
    )
    runner = request.getfixturevalue("runner") if threaded else SyncOpRunner(bus)
    rec = Recorder()
    runner.run_write(_flaky([_lost(), _lost()]), **rec.kwargs())
    qtbot.waitUntil(lambda: rec.finished == 1, timeout=3000)
    assert rec.done == ["saved"] and rec.errors == [] and len(asked) == 2
    assert "没有保存" in asked[0]


def test_declined_retry_reaches_on_error_once_and_is_not_shown_again(bus, monkeypatch):
    from station_app.ui import errors as ui_errors

    monkeypatch.setattr(ui_errors, "ask_retry", lambda parent, exc: False)
    shown: list[str] = []
    monkeypatch.setattr(ui_errors.QMessageBox, "warning", lambda *a: shown.append(a[2]))
    rec = Recorder()
    SyncOpRunner(bus).run_write(_flaky([_lost()]), **rec.kwargs())
    assert len(rec.errors) == 1 and rec.errors[0].reported
    ui_errors.show_error(None, rec.errors[0])
    assert shown == []  # the retry question already said it


def test_a_commit_cut_off_is_not_retried_but_explained(bus, monkeypatch):
    """Unknown whether it was saved: a retry could save twice, so the message says to check."""
    from station_app.ui import errors as ui_errors

    monkeypatch.setattr(ui_errors, "ask_retry", lambda parent, exc: pytest.fail("offered retry"))
    rec = Recorder()
    SyncOpRunner(bus).run_write(_flaky([_lost("commit")]), **rec.kwargs())
    assert len(rec.errors) == 1 and not rec.errors[0].reported
    assert "无法确定" in rec.errors[0].message
