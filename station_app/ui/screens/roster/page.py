"""网格花名册: grids with their members, warnings and history; people; trainings and attendance.
One tab per file (``grids_tab``, ``people_tab``, ``trainings_tab``); this page holds the
toolbar shared by all three (new, print, Excel export and import) and the certificate alert.

Keyboard: Ctrl+N new (grid, person or training, by tab), Ctrl+F search, Ctrl+P print the
roster, Ctrl+S save attendance, F5 refresh (main window). Warnings of the staffing rule follow
every change at once: each tab listens to ``Changes`` of grids, people and assignments.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from station_app.services.base import Changes
from station_app.ui.screens.base import Page
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.files import (
    ask_open_xlsx,
    ask_save_xlsx,
    open_pdf_preview,
    temp_pdf,
)

from . import labels as L
from .grids_tab import ROSTER_KINDS, WARN_COLOR, GridsTab
from .people_tab import PeopleTab
from .trainings_tab import TrainingsTab

TAB_INDEX = {"grids": 0, "people": 1, "trainings": 2}


class RosterPage(Page):
    """GUI thread only. The tabs are ``grids``, ``people`` and ``trainings``."""

    TAB_KEYS = TAB_INDEX  # screenshot --tab

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.roster = ui.services.roster
        auth = ui.app.auth
        self.can_edit, self.can_export = auth.can("roster.edit"), auth.can("data.export")
        self.preview = None
        self.body.addLayout(self._toolbar())
        self.tabs = QTabWidget(self)
        self.grids, self.people, self.trainings = GridsTab(ui), PeopleTab(ui), TrainingsTab(ui)
        for tab, title in (
            (self.grids, L.TAB_GRIDS),
            (self.people, L.TAB_PEOPLE),
            (self.trainings, L.TAB_TRAININGS),
        ):
            self.tabs.addTab(tab, title)
        self.tabs.currentChanged.connect(lambda _i: self._update_tab_buttons())
        self.body.addWidget(self.tabs, 1)
        for keys, slot in (
            (QKeySequence.StandardKey.New, self.new_record),
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence.StandardKey.Print, self.print_roster),
            (QKeySequence.StandardKey.Save, self.save_attendance),
        ):
            QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.new_button = self._button(row, L.NEW_GRID, self.new_record, self.can_edit)
        self.print_button = self._button(row, L.PRINT, self.print_roster, self.can_export)
        self.export_button = self._button(row, L.EXPORT, None, self.can_export)
        menu = QMenu(self.export_button)
        menu.addAction(L.EXPORT_MASKED, lambda: self.export_xlsx(unmasked=False))
        unmasked = menu.addAction(L.EXPORT_UNMASKED, lambda: self.export_xlsx(unmasked=True))
        unmasked.setEnabled(self.ui.app.auth.can("personal.unmasked"))
        self.export_button.setMenu(menu)
        self.import_button = self._button(row, L.IMPORT, self.import_xlsx, self.can_edit)
        self.template_button = self._button(row, L.TEMPLATE, self.save_template, True)
        row.addStretch(1)
        self.cert_label = QLabel("", self)
        self.cert_label.setStyleSheet(f"color: {WARN_COLOR.name()};")
        row.addWidget(self.cert_label)
        return row

    def _button(self, row: QHBoxLayout, text: str, slot, enabled: bool) -> QPushButton:
        button = QPushButton(text, self)
        if slot is not None:
            button.clicked.connect(lambda _checked=False: slot())
        button.setEnabled(enabled)
        row.addWidget(button)
        return button

    # -- print, export, import ------------------------------------------------------------------
    def print_roster(self) -> None:
        if not self.can_export:
            return
        path = temp_pdf("roster")
        roster = self.roster
        self.ui.ops.run_read(
            lambda _p: roster.export_pdf(path),
            on_done=self._preview_roster,
            progress_label=L.MAKING_ROSTER,
            parent=self,
        )

    def _preview_roster(self, path) -> None:
        name = L.ROSTER_FILE.format(format_date(self.roster.today()), "pdf")
        self.preview = open_pdf_preview(self, path, L.ROSTER, landscape=True, name=name)

    def export_xlsx(self, *, unmasked: bool) -> None:
        name = L.ROSTER_FILE.format(format_date(self.roster.today()), "xlsx")
        target = ask_save_xlsx(self, L.EXPORT_TITLE, name)
        if target is None:
            return
        roster = self.roster
        self.ui.ops.run_write(
            lambda _p: roster.export_xlsx(target, unmasked=unmasked),
            on_done=lambda p: QMessageBox.information(self, L.EXPORT_DONE, L.EXPORTED.format(p)),
            progress_label=L.EXPORTING,
            parent=self,
        )

    def save_template(self) -> None:
        target = ask_save_xlsx(self, L.TEMPLATE_TITLE, L.TEMPLATE_FILE)
        if target is None:
            return
        roster = self.roster
        self.ui.ops.run_read(
            lambda _p: roster.write_template(target),
            on_done=lambda p: QMessageBox.information(self, L.TEMPLATE_SHORT, L.SAVED_AT.format(p)),
            parent=self,
        )

    def import_xlsx(self, path: str | None = None) -> None:
        source = Path(path) if path else ask_open_xlsx(self, L.IMPORT_CHOOSE)
        if source is None:
            return
        roster = self.roster
        self.ui.ops.run_write(
            lambda p: roster.import_xlsx(source, dry_run=True, progress=p),
            on_done=lambda result: self._after_dry_run(source, result[0]),
            progress_label=L.CHECKING_IMPORT,
            parent=self,
        )

    def _after_dry_run(self, source, report) -> None:
        if report.errors:
            self._show_import_errors(report)
            return
        text = L.IMPORT_CONFIRM.format(summary=report.summary())
        if QMessageBox.question(self, L.IMPORT_TITLE, text) != QMessageBox.StandardButton.Yes:
            return
        roster = self.roster
        self.ui.ops.run_write(
            lambda p: roster.import_xlsx(source, progress=p),
            on_done=lambda result: self._after_import(result[0]),
            progress_label=L.IMPORTING,
            parent=self,
        )

    def _after_import(self, report) -> None:
        if report.errors:
            self._show_import_errors(report)
        else:
            QMessageBox.information(self, L.IMPORT_DONE, report.summary())

    def _show_import_errors(self, report) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(L.IMPORT_ERRORS_TITLE)
        lay = QVBoxLayout(dialog)
        lay.addWidget(QLabel(report.summary(), dialog))
        text = QPlainTextEdit(dialog)
        text.setObjectName("importErrors")
        text.setReadOnly(True)
        text.setPlainText("\n".join(str(e) for e in report.errors))
        lay.addWidget(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        lay.addWidget(buttons)
        dialog.resize(640, 420)
        self.import_errors_dialog = dialog
        dialog.open()

    # -- tabs -----------------------------------------------------------------------------------
    def new_record(self) -> None:
        if self.can_edit:
            tab = self.tabs.currentIndex()
            (self.grids.new_grid, self.people.new_person, self.trainings.new_training)[tab]()

    def save_attendance(self) -> None:
        if self.tabs.currentWidget() is self.trainings:
            self.trainings.save_attendance()

    def focus_search(self) -> None:
        if self.tabs.currentWidget() is self.trainings:
            self.trainings.focus_search()
            return
        self.tabs.setCurrentWidget(self.people)
        self.people.focus_search()

    def _update_tab_buttons(self) -> None:
        texts = (L.NEW_GRID, L.NEW_PERSON, L.NEW_TRAINING)
        self.new_button.setText(texts[self.tabs.currentIndex()])

    def _load_cert_alerts(self) -> None:
        alerts = self.roster.cert_alerts()
        self.cert_label.setText(L.CERT_ALERTS.format(len(alerts)) if alerts else "")
        self.cert_label.setToolTip(
            "\n".join(L.CERT_ALERT.format(a.name, a.message) for a in alerts)
        )

    # -- Page -----------------------------------------------------------------------------------
    def filter_to(self, criteria: dict) -> None:
        """Dashboard links: ``{"grid": "GZ07"}`` (or a grid id), ``{"out_of_rule": True}``
        (the first grid that breaks the staffing rule), ``{"tab": "people"|"trainings"}``,
        ``{"search": "张"}``, ``{"role": "enforcer"}`` (e.g. for expiring certificates)."""
        if "tab" in criteria:
            self.tabs.setCurrentIndex(TAB_INDEX.get(criteria["tab"], 0))
        if self.grids.wanted_grid(criteria) is not None:
            self.tabs.setCurrentWidget(self.grids)
            self.grids.filter_to(criteria)
        if "search" in criteria or "role" in criteria:
            self.tabs.setCurrentWidget(self.people)
            self.people.filter_to(criteria)

    def refresh(self) -> None:
        self._update_tab_buttons()
        for tab in (self.grids, self.people, self.trainings):
            tab.refresh()
        self._load_cert_alerts()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*ROSTER_KINDS):
            self._load_cert_alerts()

    def can_leave(self) -> bool:
        return self.trainings.confirm_attendance_discard()


PAGE_CLASS = RosterPage
