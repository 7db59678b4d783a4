"""Import wizard (导入台账): file → column mapping → dry run with errors and duplicates → import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.services.entity_import import IMPORT_FIELDS, ImportResult, LedgerPreview
from station_app.ui.errors import show_error
from station_app.ui.screens.entities import labels as L
from station_app.ui.widgets.files import ask_save_xlsx

GRIDS_SHOWN = 8  # grid names listed in the offer


class ImportWizard(QDialog):
    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.service = ui.services.entity_import
        self.path: Path | None = None
        self.preview: LedgerPreview | None = None
        self.result: ImportResult | None = None
        self.forgotten = False  # the saved mapping of this file was just cleared
        self.setObjectName("importWizard")
        self.setWindowTitle(L.IMPORT_TITLE)
        self.resize(900, 600)
        lay = QVBoxLayout(self)
        self.step_label = QLabel(self)
        lay.addWidget(self.step_label)
        self.stack = QStackedWidget(self)
        lay.addWidget(self.stack, 1)
        self.stack.addWidget(self._file_page())
        self.stack.addWidget(self._mapping_page())
        self.stack.addWidget(self._check_page())
        self.stack.addWidget(self._done_page())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.back = QPushButton(L.BACK, self)
        self.back.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next = QPushButton(L.NEXT, self)
        self.next.setDefault(True)
        self.next.clicked.connect(self._on_next)
        self.cancel = QPushButton(L.CLOSE, self)
        self.cancel.clicked.connect(self.reject)
        for b in (self.back, self.next, self.cancel):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.go(0)

    # -- pages ------------------------------------------------------------------------------
    def _file_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        help_text = QLabel(L.FILE_HELP, page)
        help_text.setWordWrap(True)
        lay.addWidget(help_text)
        row = QHBoxLayout()
        choose = QPushButton(L.CHOOSE_FILE, page)
        choose.clicked.connect(self._choose)
        self.file_label = QLabel(L.NO_FILE, page)
        row.addWidget(choose)
        row.addWidget(self.file_label, 1)
        lay.addLayout(row)
        lay.addStretch(1)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        self.mapping_help = QLabel(page)
        self.mapping_help.setWordWrap(True)
        lay.addWidget(self.mapping_help)
        self.mapping = QTableWidget(0, 3, page)
        self.mapping.setObjectName("mappingTable")
        self.mapping.setHorizontalHeaderLabels(list(L.MAPPING_HEAD))
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().setVisible(False)
        lay.addWidget(self.mapping, 1)
        row = QHBoxLayout()
        self.saved_note = QLabel(L.MAPPING_SAVED, page)
        self.saved_note.setObjectName("mappingSaved")
        self.saved_note.setWordWrap(True)
        self.saved_note.hide()
        row.addWidget(self.saved_note, 1)
        self.forget_button = QPushButton(L.IMPORT_FORGET_MAPPING, page)
        self.forget_button.setObjectName("forgetMapping")
        self.forget_button.setToolTip(L.IMPORT_FORGET_TIP)
        self.forget_button.setAutoDefault(False)
        self.forget_button.setEnabled(False)
        self.forget_button.clicked.connect(self._on_forget_mapping)
        row.addWidget(self.forget_button)
        lay.addLayout(row)
        self.save_mapping = QCheckBox(L.MAPPING_SAVE, page)
        self.save_mapping.setObjectName("saveMapping")
        lay.addWidget(self.save_mapping)
        return page

    def _check_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        self.summary = QLabel(page)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.problems = QTableWidget(0, 3, page)
        self.problems.setObjectName("problemTable")
        self.problems.setHorizontalHeaderLabels(list(L.PROBLEM_HEAD))
        self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().setVisible(False)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        lay.addWidget(self.problems, 1)
        self.create_grids = QCheckBox(page)  # the file's grids that do not exist yet
        self.create_grids.setObjectName("createGrids")
        self.create_grids.hide()
        self.create_grids.toggled.connect(lambda _on: self._dry_run(self.current_mapping()))
        lay.addWidget(self.create_grids)
        row = QHBoxLayout()
        self.valid_only = QCheckBox(L.VALID_ONLY, page)
        self.report_button = QPushButton(L.ERROR_REPORT, page)
        self.report_button.clicked.connect(self._save_report)
        row.addWidget(self.valid_only)
        row.addStretch(1)
        row.addWidget(self.report_button)
        lay.addLayout(row)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        self.done_label = QLabel(page)
        self.done_label.setObjectName("importDone")
        self.done_label.setWordWrap(True)
        lay.addWidget(self.done_label)
        self.changed = QTableWidget(0, 3, page)
        self.changed.setObjectName("changedMeanwhile")
        self.changed.setHorizontalHeaderLabels(list(L.IMPORT_CHANGED_HEADERS))
        self.changed.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.changed.verticalHeader().setVisible(False)
        self.changed.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changed.hide()
        lay.addWidget(self.changed, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.again_button = QPushButton(L.IMPORT_AGAIN, page)
        self.again_button.setObjectName("importAgain")
        self.again_button.setToolTip(L.IMPORT_AGAIN_TIP)
        self.again_button.setAutoDefault(False)
        self.again_button.clicked.connect(self._on_import_again)
        self.again_button.hide()
        row.addWidget(self.again_button)
        lay.addLayout(row)
        lay.addStretch(1)
        return page

    # -- navigation -------------------------------------------------------------------------
    def go(self, index: int) -> None:
        index = max(0, min(index, self.stack.count() - 1))
        self.stack.setCurrentIndex(index)
        self.step_label.setText(
            L.STEP_SEP.join(
                L.CURRENT_STEP.format(s) if i == index else s for i, s in enumerate(L.STEPS)
            )
        )
        self.back.setEnabled(0 < index < 3)
        self.next.setVisible(index < 3)
        self.next.setText(L.NEXT_BY_STEP.get(index, L.NEXT))
        self.next.setEnabled(index != 0 or self.path is not None)
        self.cancel.setText(L.FINISH if index == 3 else L.CLOSE)

    def _on_next(self) -> None:
        index = self.stack.currentIndex()
        if index == 0:
            self.load_file(self.path)
        elif index == 1:
            self.dry_run()
        elif index == 2:
            self.run_import()

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, L.CHOOSE_LEDGER, "", L.LEDGER_FILTER)
        if name:
            self.path = Path(name)
            self.file_label.setText(str(self.path))
            self.next.setEnabled(True)

    def load_file(self, path: Path | None) -> None:
        if path is None:
            return
        self.path = path
        self.file_label.setText(str(path))
        service = self.service
        self.ui.ops.run_read(
            lambda _p: service.preview(path),
            on_done=self._show_mapping,
            on_error=lambda exc: show_error(self, exc, L.CANNOT_READ),
            progress_label=L.READING,
        )

    def _show_mapping(self, preview: LedgerPreview) -> None:
        self.preview = preview
        self.mapping_help.setText(
            L.MAPPING_HELP.format(preview.header_row, preview.sheet, preview.data_rows)
        )
        self.mapping.setRowCount(len(preview.headers))
        for col, header in enumerate(preview.headers):
            self.mapping.setItem(col, 0, QTableWidgetItem(header))
            sample = L.LICENCE_SEP.join(
                r[col] for r in preview.sample[:3] if col < len(r) and r[col]
            )
            self.mapping.setItem(col, 1, QTableWidgetItem(sample))
            combo = QComboBox(self.mapping)
            combo.addItem(L.NOT_MAPPED, None)
            for key, label in IMPORT_FIELDS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(preview.mapping.get(col))))
            self.mapping.setCellWidget(col, 2, combo)
        self.mapping.resizeColumnToContents(0)
        note = L.MAPPING_SAVED if preview.saved_mapping else L.IMPORT_MAPPING_FORGOTTEN
        self.saved_note.setText(note)
        self.saved_note.setVisible(preview.saved_mapping or self.forgotten)
        self.forget_button.setEnabled(
            preview.saved_mapping and self.ui.app.auth.can("entities.import")
        )
        self.forgotten = False
        self.save_mapping.setChecked(False)
        self.go(1)

    def _on_forget_mapping(self) -> None:
        """Delete the mapping saved for this file's headers (station-wide), then read the file
        again: its columns are recognised by their header texts."""
        if self.preview is None or not self.preview.saved_mapping:
            return
        answer = QMessageBox.question(self, L.IMPORT_FORGET_MAPPING, L.IMPORT_FORGET_CONFIRM)
        if answer != QMessageBox.StandardButton.Yes:
            return
        service, headers = self.service, self.preview.headers

        def done(_changes) -> None:
            self.forgotten = True
            self.load_file(self.path)

        self.ui.ops.run_write(
            lambda _p: service.forget_mapping(headers),
            on_done=done,
            parent=self,
        )

    def current_mapping(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for row in range(self.mapping.rowCount()):
            value = self.mapping.cellWidget(row, 2).currentData()
            if value and value not in out.values():
                out[row] = value
        return out

    def dry_run(self) -> None:
        """Save the mapping first when asked (saving refuses a mapping without 名称), then
        check every row."""
        mapping = self.current_mapping()
        if self.save_mapping.isChecked() and self.preview is not None:
            service, headers = self.service, self.preview.headers
            self.ui.ops.run_write(
                lambda _p: service.save_mapping(headers, mapping),
                on_done=lambda _r: self._dry_run(mapping),
                parent=self,
            )
        else:
            self._dry_run(mapping)

    def _dry_run(self, mapping: dict[int, str]) -> None:
        service, path = self.service, self.path
        create = self.create_grids.isChecked()
        self.ui.ops.run_read(
            lambda p: service.run(path, mapping, dry_run=True, progress=p, create_grids=create)[0],
            on_done=self._show_check,
            parent=self,
            progress_label=L.CHECKING_ROWS,
        )

    def _show_check(self, result: ImportResult) -> None:
        self.result = result
        self.summary.setText(
            result.message
            + (L.DUPLICATES_NOTE.format(len(result.duplicates)) if result.duplicates else "")
        )
        rows = [(e.row, e.field, e.reason) for e in result.rejected]
        rows += [
            (d.row, L.MAYBE_DUPLICATE, L.DUPLICATE_OF.format(d.kind, d.other, d.score))
            for d in result.duplicates
        ]
        self.problems.setRowCount(len(rows))
        for r, values in enumerate(sorted(rows, key=lambda x: x[0])):
            for c, v in enumerate(values):
                self.problems.setItem(r, c, QTableWidgetItem(str(v)))
        self.valid_only.setVisible(bool(result.rejected))
        self.report_button.setEnabled(bool(result.rejected))
        self._offer_grids(result.new_grids)
        self.go(2)

    def _offer_grids(self, names: tuple[str, ...]) -> None:
        """Offer to create the grids the file names but the roster lacks (reviewed here)."""
        self.create_grids.setVisible(bool(names))
        if names:
            shown = L.NAME_SEP.join(names[:GRIDS_SHOWN]) + (
                L.AND_MORE if len(names) > GRIDS_SHOWN else ""
            )
            self.create_grids.setText(L.CREATE_GRIDS.format(n=len(names), names=shown))

    def _save_report(self) -> None:
        if not self.result:
            return
        target = ask_save_xlsx(self, L.SAVE_REPORT, L.REPORT_FILE)
        if target is not None:
            self.service.write_error_report(self.result, target)

    def run_import(self) -> None:
        if self.result and self.result.rejected and not self.valid_only.isChecked():
            QMessageBox.warning(
                self,
                L.ROWS_WITH_ERRORS,
                L.ROWS_WITH_ERRORS_TEXT.format(len(self.result.rejected)),
            )
            return
        service, path, mapping = self.service, self.path, self.current_mapping()
        valid_only, create = self.valid_only.isChecked(), self.create_grids.isChecked()
        self.ui.ops.run_write(
            lambda p: service.run(
                path, mapping, valid_only=valid_only, progress=p, create_grids=create
            ),
            on_done=self._on_imported,
            progress_label=L.IMPORTING,
            parent=self,
        )

    def _on_imported(self, outcome) -> None:
        result, _changes = outcome
        self.result = result
        self.done_label.setText(result.message)
        changed = result.changed_meanwhile
        self.changed.setRowCount(len(changed))
        for r, c in enumerate(changed):
            for col, value in enumerate((c.row, c.name, c.reason)):
                self.changed.setItem(r, col, QTableWidgetItem(str(value)))
        self.changed.setVisible(bool(changed))
        self.again_button.setVisible(bool(changed))
        self.go(3)

    def _on_import_again(self) -> None:
        """Import again only the rows left out as changed meanwhile: they are compared with
        the entities as they are now (what the other user saved is shown as the "before")."""
        if not self.result or not self.result.changed_meanwhile:
            return
        rows = frozenset(c.row for c in self.result.changed_meanwhile)
        service, path, mapping = self.service, self.path, self.current_mapping()
        self.ui.ops.run_write(
            lambda p: service.run(path, mapping, only_rows=rows, progress=p),
            on_done=self._on_imported,
            on_error=lambda exc: show_error(self, exc),
            progress_label=L.IMPORTING,
        )
