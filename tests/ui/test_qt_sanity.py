"""Guards against a broken Qt binding: PySide6 6.12.0 under Python 3.11 lowered the reference
count of True/None on every Signal.emit() and crashed the interpreter after ~150 emits."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    carrying = Signal(object)


def test_signal_emit_keeps_reference_counts(qapp):
    emitter = _Emitter()
    emitter.carrying.connect(lambda value: None)
    before = (sys.getrefcount(True), sys.getrefcount(None))
    for _ in range(300):
        emitter.plain.emit()
        emitter.carrying.emit(None)
    after = (sys.getrefcount(True), sys.getrefcount(None))
    assert after[0] >= before[0] - 5 and after[1] >= before[1] - 5, (before, after)


def test_qtpdf_and_qtcharts_available():
    from PySide6 import QtCharts, QtPdf, QtPdfWidgets  # noqa: F401
