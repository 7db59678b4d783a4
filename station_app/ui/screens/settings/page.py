"""设置: station profile, database and backups, preferences."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.errors import ConflictError, RestoreRefusedError, ValidationError
from station_app.services.base import Changes
from station_app.services.station import StationProfileData
from station_app.settings import SETTINGS
from station_app.ui.dialogs.about import about_rows
from station_app.ui.dialogs.conflict import KEEP_MINE, TAKE_THEIRS, ConflictDialog
from station_app.ui.errors import show_error
from station_app.ui.screens.base import Page
from station_app.ui.screens.settings import labels as L
from station_app.ui.screens.settings.profile_form import LABELS, StationProfileForm
from station_app.ui.widgets.side_tabs import SideTabs


class SettingsPage(Page):
    TAB_KEYS = L.TABS  # key → title (filter_to, screenshot --tab)

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.tabs = SideTabs(self)
        self.tabs.addTab(self._profile_tab(), L.TABS["profile"])
        self.tabs.addTab(self._database_tab(), L.TABS["database"])
        self.tabs.addTab(self._preferences_tab(), L.TABS["preferences"])
        self.tabs.addTab(self._history_tab(), L.TABS["history"])
        from station_app.ui.screens.settings.holidays_tab import HolidaysTab

        self.tabs.addTab(HolidaysTab(ui, self), L.TABS["holidays"])
        from station_app.ui.screens.settings.grading_tab import GradingRulesTab

        self.grading = GradingRulesTab(ui, self)
        self.tabs.addTab(self.grading, L.TABS["grading"])
        from station_app.ui.screens.orders.limits_tab import OrderLimitsTab

        self.tabs.addTab(OrderLimitsTab(ui, self), L.TABS["orders"])
        from station_app.ui.screens.patrols.checklists_tab import ChecklistsTab
        from station_app.ui.screens.patrols.rules_tab import PatrolRulesTab

        self.patrol_rules, self.checklists = PatrolRulesTab(ui, self), ChecklistsTab(ui, self)
        self.tabs.addTab(self.patrol_rules, L.TABS["patrol_rules"])
        self.tabs.addTab(self.checklists, L.TABS["checklists"])
        from station_app.ui.screens.warnings.thresholds_tab import WarningThresholdsTab

        self.tabs.addTab(WarningThresholdsTab(ui, self), L.TABS["warnings"])
        from station_app.ui.screens.settings.violation_types_tab import ViolationTypesTab

        self.violation_types = ViolationTypesTab(ui, self)
        self.tabs.addTab(self.violation_types, L.TABS["violation_types"])
        if ui.app.auth.can("users.manage"):
            from station_app.ui.screens.settings.users_tab import UsersTab

            self.tabs.addTab(UsersTab(ui, self), L.TABS["users"])
        self.body.addWidget(self.tabs)
        QShortcut(QKeySequence.StandardKey.Save, self, self._on_save_clicked)
        self._apply_permissions()
        self.refresh()

    def filter_to(self, criteria: dict) -> None:
        """``{"tab": "database"}`` opens 数据库与备份 (the File menu's backup entry)."""
        wanted = L.TABS.get(criteria.get("tab", ""))
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == wanted:
                self.tabs.setCurrentIndex(index)

    def _apply_permissions(self) -> None:
        """The GUI only hides or disables; the services enforce the same rules."""
        auth = self.ui.app.auth
        editable = auth.can("station.edit")
        for edit in self.form.edits.values():
            edit.setReadOnly(not editable)
        self.save_button.setEnabled(editable)
        self.revert_button.setEnabled(editable)
        if not editable:
            self.permission_note.setText(L.READ_ONLY)
        self.backup_button.setEnabled(auth.can("db.backup"))
        self.restore_button.setEnabled(auth.can("db.restore"))

    # -- 所基本信息 -------------------------------------------------------------------------
    def _profile_tab(self) -> QWidget:
        tab = QWidget(self)
        lay = QVBoxLayout(tab)
        self.form = StationProfileForm(tab)
        self.form.setMaximumWidth(760)
        lay.addWidget(self.form)
        row = QHBoxLayout()
        self.revert_button = QPushButton(L.REVERT, tab)
        self.revert_button.clicked.connect(self._load_profile)
        self.save_button = QPushButton(L.SAVE, tab)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._on_save_clicked)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.saved_note = QLabel("", tab)
        lay.addWidget(self.saved_note)
        self.permission_note = QLabel("", tab)
        lay.addWidget(self.permission_note)
        lay.addStretch(1)
        return tab

    def _load_profile(self) -> None:
        self.form.load(self.ui.services.station.get_profile())
        self.saved_note.setText("")

    def _on_save_clicked(self) -> None:
        if self.save_button.isEnabled():
            self.save_profile(self.form.data())

    def save_profile(self, data: StationProfileData) -> None:
        station = self.ui.services.station
        self.ui.ops.run_write(
            lambda _progress: station.save_profile(data),
            on_done=self._on_profile_saved,
            on_error=self._on_profile_error,
        )

    def _on_profile_saved(self, result) -> None:
        saved, _changes = result
        self.form.load(saved)
        self.saved_note.setText(L.SAVED)

    def _on_profile_error(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.form.show_validation(exc)
        elif isinstance(exc, ConflictError):
            self._resolve_conflict(exc)
        else:
            show_error(self, exc)

    def _resolve_conflict(self, exc: ConflictError) -> None:
        mine, theirs = exc.mine, exc.theirs
        rows = [
            (label, getattr(mine, k), getattr(theirs, k) if theirs else "")
            for k, label in LABELS.items()
        ]
        choice = ConflictDialog(exc.message, rows, self).exec()
        if choice == KEEP_MINE and theirs is not None:
            self.save_profile(StationProfileData(**{**mine.__dict__, "version": theirs.version}))
        elif choice == TAKE_THEIRS:
            self.form.load(theirs)

    def can_leave(self) -> bool:
        return self.grading.can_leave() and self._profile_can_leave()

    def _profile_can_leave(self) -> bool:
        if not self.form.dirty or not self.save_button.isEnabled():
            return True
        answer = QMessageBox.question(
            self,
            L.UNSAVED_TITLE,
            L.UNSAVED,
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            self._on_save_clicked()
            return True
        if answer == QMessageBox.StandardButton.Discard:
            self._load_profile()
            return True
        return False

    # -- 数据库与备份 -----------------------------------------------------------------------
    def _database_tab(self) -> QWidget:
        tab = QWidget(self)
        lay = QVBoxLayout(tab)
        self.db_form = QFormLayout()
        lay.addLayout(self.db_form)
        row = QHBoxLayout()
        backup = self.backup_button = QPushButton(L.BACKUP, tab)
        backup.clicked.connect(self._on_backup_clicked)
        restore = self.restore_button = QPushButton(L.RESTORE, tab)
        restore.clicked.connect(self._on_restore_clicked)
        check = QPushButton(L.CHECK, tab)
        check.clicked.connect(self._on_check_clicked)
        for button in (backup, restore, check):
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        self.db_note = QLabel("", tab)
        self.db_note.setWordWrap(True)
        lay.addWidget(self.db_note)
        lay.addStretch(1)
        return tab

    def _load_database(self) -> None:
        while self.db_form.rowCount():
            self.db_form.removeRow(0)
        for label, value in about_rows(self.ui.services.database)[1:6]:
            text = QLabel(value)
            text.setWordWrap(True)
            self.db_form.addRow(L.ROW.format(label), text)

    def _on_backup_clicked(self) -> None:
        database = self.ui.services.database
        default = str(database.default_backup_path())
        target, _ = QFileDialog.getSaveFileName(self, L.BACKUP_TO, default)
        if target:
            self.ui.ops.run_write(
                lambda _p: database.backup(Path(target)),
                on_done=lambda path: self.db_note.setText(L.BACKED_UP.format(path)),
                progress_label=L.BACKING_UP,
                parent=self,
            )

    def _on_restore_clicked(self) -> None:
        source, _ = QFileDialog.getOpenFileName(
            self,
            L.CHOOSE_BACKUP,
            str(self.ui.services.database.default_backup_path().parent),
            L.BACKUP_FILTER,
        )
        if not source:
            return
        confirm = QMessageBox.question(
            self,
            L.RESTORE_TITLE,
            L.RESTORE_CONFIRM.format(source),
        )
        if confirm != QMessageBox.StandardButton.Yes:
            return
        self._restore(Path(source))

    def _restore(self, source: Path, reason: str = "") -> None:
        database = self.ui.services.database
        self.ui.ops.run_write(
            lambda _p: database.restore(source, force_reason=reason),
            on_done=lambda result: self.db_note.setText(L.RESTORED.format(result[0])),
            on_error=lambda exc: self._on_restore_failed(source, exc),
            progress_label=L.RESTORING,
        )

    def _on_restore_failed(self, source: Path, exc: BaseException) -> None:
        """A backup from another station or with a broken chain: restore it only with a
        reason, which the audit entry records."""
        if not isinstance(exc, RestoreRefusedError):
            show_error(self, exc, L.RESTORE_FAILED)
            return
        reason, ok = QInputDialog.getText(
            self, L.FORCE_TITLE, L.FORCE_PROMPT.format(exc.message), text=""
        )
        if ok and reason.strip():
            self._restore(source, reason.strip())

    def _on_check_clicked(self) -> None:
        database = self.ui.services.database
        self.ui.ops.run_read(
            lambda _p: database.integrity_check(),
            on_done=lambda r: self.db_note.setText(
                L.CHECK_OK if r == "ok" else L.CHECK_PROBLEM.format(r)
            ),
            progress_label=L.CHECKING,
            parent=self,
        )

    def _history_tab(self) -> QWidget:
        from station_app.ui.widgets.history import HistoryPanel

        self.history = HistoryPanel(self.ui, "station_profile", 1, LABELS, self)
        return self.history

    # -- 偏好设置 ---------------------------------------------------------------------------
    def _preferences_tab(self) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        prefs = self.ui.prefs
        for setting in SETTINGS:
            if setting.key in ("ui.last_page", "login.last_user"):
                continue
            form.addRow(L.ROW.format(setting.label), self._pref_widget(setting, prefs))
        note = QLabel(L.FONT_NOTE, tab)
        form.addRow(note)
        return tab

    def _pref_widget(self, setting, prefs) -> QWidget:
        if setting.type is bool:
            box = QCheckBox(self)
            box.setChecked(prefs.get(setting.key))
            box.toggled.connect(lambda v, k=setting.key: prefs.set(k, bool(v)))
            return box
        if setting.type is int:
            spin = QSpinBox(self)
            spin.setRange(8, 20)
            spin.setValue(prefs.get(setting.key))
            spin.valueChanged.connect(lambda v, k=setting.key: prefs.set(k, int(v)))
            return spin
        combo = QComboBox(self)
        for value, label in setting.choices:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(prefs.get(setting.key))))
        combo.currentIndexChanged.connect(
            lambda _i, k=setting.key, c=combo: prefs.set(k, c.currentData())
        )
        return combo

    def refresh(self) -> None:
        self._load_profile()
        self._load_database()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("station_profile", "*") and not self.form.dirty:
            self._load_profile()
        if changes.touches("*"):
            self._load_database()


PAGE_CLASS = SettingsPage
