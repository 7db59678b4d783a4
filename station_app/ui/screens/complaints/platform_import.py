"""导入12315工单: choose the platform's exported sheet, check it (a dry run: how many complaints,
which are already imported, which rows have errors), confirm, import. GUI thread only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from station_app.ui.widgets.files import ask_open_xlsx

from . import labels as L

ERRORS_SHOWN = 10  # rows with errors listed in the confirmation


class PlatformImportFlow:
    """One import, from the file dialog to the result (``last_result``)."""

    def __init__(self, ui, parent: QWidget) -> None:
        self.ui = ui
        self.parent = parent
        self.path: Path | None = None
        self.last_result = None

    def start(self, path: Path | None = None) -> None:
        self.path = path or ask_open_xlsx(self.parent, L.PLATFORM_IMPORT_TITLE)
        if self.path is None:
            return
        svc, target = self.ui.services.complaints, self.path
        self.ui.ops.run_read(
            lambda _p: svc.import_platform_sheet(target, dry_run=True)[0],
            on_done=self._confirm,
            progress_label=L.PLATFORM_CHECKING,
            parent=self.parent,
        )

    def _confirm(self, trial) -> None:
        self.last_result = trial
        lines = [L.PLATFORM_TRIAL.format(trial.message)]
        lines += [
            L.PLATFORM_ROW_ERROR.format(e.row, e.reason) for e in trial.rejected[:ERRORS_SHOWN]
        ]
        if not trial.imported:
            QMessageBox.information(self.parent, L.PLATFORM_IMPORT_TITLE, "\n".join(lines))
            return
        valid_only = bool(trial.rejected)
        lines.append(L.PLATFORM_CONFIRM_VALID_ONLY if valid_only else L.PLATFORM_CONFIRM)
        answer = QMessageBox.question(self.parent, L.PLATFORM_IMPORT_TITLE, "\n".join(lines))
        if answer == QMessageBox.StandardButton.Yes:
            self._run(valid_only)

    def _run(self, valid_only: bool) -> None:
        svc, target = self.ui.services.complaints, self.path
        self.ui.ops.run_write(
            lambda _p: svc.import_platform_sheet(target, valid_only=valid_only),
            on_done=self._done,
            progress_label=L.PLATFORM_IMPORTING,
            parent=self.parent,
        )

    def _done(self, outcome) -> None:
        self.last_result, _changes = outcome
        QMessageBox.information(self.parent, L.PLATFORM_IMPORT_TITLE, self.last_result.message)
