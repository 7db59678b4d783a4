"""导入平台工单 on the 工单 page: choose the 12345 platform's exported sheet (XLSX/XLS/CSV), check
it (a dry run on the writer: new orders, 重办 escalations, unchanged, and every row error
with its row and column — then nothing is offered), confirm, import all or nothing with
progress and 取消 (``ui.ops``), show the result. GUI thread only; the service does the work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from station_app.ui.errors import show_error
from station_app.ui.screens.orders import labels as L

NUMBERS_SHOWN = 10  # order numbers listed per line of the preview


class OrderImportFlow:
    """One import, from the file dialog to the result (``trial``, ``result``)."""

    def __init__(self, ui, parent: QWidget) -> None:
        self.ui, self.parent = ui, parent
        self.path: Path | None = None
        self.trial = self.result = None

    def start(self, path: Path | None = None) -> None:
        self.path = path or self._ask()
        if self.path is None:
            return
        svc, target = self.ui.services.orders, self.path
        self.ui.ops.run_write(
            lambda p: svc.import_platform(target, dry_run=True, progress=p)[0],
            on_done=self._confirm,
            on_error=self._refused,
            progress_label=L.IMPORT_CHECKING,
            parent=self.parent,
        )

    def _ask(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.parent, L.IMPORT_TITLE, "", L.IMPORT_FILTER)
        return Path(name) if name else None

    def _refused(self, exc: BaseException) -> None:
        show_error(self.parent, exc, L.IMPORT_TITLE)

    def _confirm(self, trial) -> None:
        self.trial = trial
        lines = preview_lines(trial, self.path.name if self.path else "")
        if not (trial.created or trial.reworked):
            QMessageBox.information(
                self.parent, L.IMPORT_TITLE, "\n".join([*lines, L.IMPORT_NOTHING])
            )
            return
        lines.append(L.IMPORT_CONFIRM)
        answer = QMessageBox.question(self.parent, L.IMPORT_TITLE, "\n".join(lines))
        if answer == QMessageBox.StandardButton.Yes:
            self._run()

    def _run(self) -> None:
        svc, target = self.ui.services.orders, self.path
        self.ui.ops.run_write(
            lambda p: svc.import_platform(target, progress=p),
            on_done=self._done,
            on_error=self._refused,
            on_cancelled=self._cancelled,
            progress_label=L.IMPORTING,
            parent=self.parent,
        )

    def _done(self, outcome) -> None:
        self.result, _changes = outcome
        r = self.result
        text = L.IMPORT_DONE.format(
            created=len(r.created), reworked=len(r.reworked), unchanged=len(r.unchanged)
        )
        QMessageBox.information(self.parent, L.IMPORT_TITLE, text)

    def _cancelled(self) -> None:
        QMessageBox.information(self.parent, L.IMPORT_TITLE, L.IMPORT_CANCELLED)


def preview_lines(trial, filename: str) -> list[str]:
    """What the dry run found, a line per outcome (numbers listed, at most ten each)."""
    lines = [L.IMPORT_TRIAL.format(file=filename, rows=trial.rows)]
    lines.append(L.IMPORT_CREATED.format(len(trial.created)))
    if trial.reworked:
        lines.append(L.IMPORT_REWORKED.format(len(trial.reworked), _numbers(trial.reworked)))
    if trial.unchanged:
        lines.append(L.IMPORT_UNCHANGED.format(len(trial.unchanged)))
    if trial.lower:
        lines.append(L.IMPORT_LOWER.format(len(trial.lower), _numbers(trial.lower)))
    return lines


def _numbers(numbers) -> str:
    shown = L.IMPORT_SEP.join(numbers[:NUMBERS_SHOWN])
    return shown + (L.IMPORT_MORE if len(numbers) > NUMBERS_SHOWN else "")
