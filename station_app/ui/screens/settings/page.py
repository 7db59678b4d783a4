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
    QTabWidget,
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
from station_app.ui.screens.settings.profile_form import LABELS, StationProfileForm

RESTORED = "已恢复（已记入操作日志）。原数据库另存为：{}"
FORCE_PROMPT = "如确需恢复这个备份，请写明原因（记入操作日志），然后点“确定”："

UNSAVED = "所基本信息有未保存的修改。要保存吗？"


class SettingsPage(Page):
    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._profile_tab(), "所基本信息")
        self.tabs.addTab(self._database_tab(), "数据库与备份")
        self.tabs.addTab(self._preferences_tab(), "偏好设置")
        self.tabs.addTab(self._history_tab(), "修改历史")
        from station_app.ui.screens.settings.holidays_tab import HolidaysTab

        self.tabs.addTab(HolidaysTab(ui, self), "节假日")
        from station_app.ui.screens.settings.grading_tab import GradingRulesTab
        from station_app.ui.screens.settings.labels import GRADING_TAB

        self.grading = GradingRulesTab(ui, self)
        self.tabs.addTab(self.grading, GRADING_TAB)
        if ui.app.auth.can("users.manage"):
            from station_app.ui.screens.settings.users_tab import UsersTab

            self.tabs.addTab(UsersTab(ui, self), "用户")
        self.body.addWidget(self.tabs)
        QShortcut(QKeySequence.StandardKey.Save, self, self._on_save_clicked)
        self._apply_permissions()
        self.refresh()

    def filter_to(self, criteria: dict) -> None:
        """``{"tab": "database"}`` opens 数据库与备份 (the File menu's backup entry)."""
        titles = {
            "profile": "所基本信息",
            "database": "数据库与备份",
            "preferences": "偏好设置",
            "history": "修改历史",
            "grading": "分级规则",
            "users": "用户",
        }
        wanted = titles.get(criteria.get("tab", ""))
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
            self.permission_note.setText("您的角色无权修改所基本信息，只能查看。")
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
        self.revert_button = QPushButton("撤销修改", tab)
        self.revert_button.clicked.connect(self._load_profile)
        self.save_button = QPushButton("保存 (Ctrl+S)", tab)
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
        self.saved_note.setText("已保存。")

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
            "未保存的修改",
            UNSAVED,
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
        backup = self.backup_button = QPushButton("立即备份…", tab)
        backup.clicked.connect(self._on_backup_clicked)
        restore = self.restore_button = QPushButton("从备份恢复…", tab)
        restore.clicked.connect(self._on_restore_clicked)
        check = QPushButton("完整性检查", tab)
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
            self.db_form.addRow(label + "：", text)

    def _on_backup_clicked(self) -> None:
        database = self.ui.services.database
        default = str(database.default_backup_path())
        target, _ = QFileDialog.getSaveFileName(self, "备份数据库到", default)
        if target:
            self.ui.ops.run_write(
                lambda _p: database.backup(Path(target)),
                on_done=lambda path: self.db_note.setText(f"已备份到：{path}"),
                on_error=lambda exc: show_error(self, exc),
                progress_label="正在备份数据库…",
            )

    def _on_restore_clicked(self) -> None:
        source, _ = QFileDialog.getOpenFileName(
            self,
            "选择备份文件",
            str(self.ui.services.database.default_backup_path().parent),
            "数据库备份 (*.sqlite3 *.db);;所有文件 (*)",
        )
        if not source:
            return
        confirm = QMessageBox.question(
            self,
            "从备份恢复",
            f"将用备份文件替换当前数据库：\n{source}\n\n当前数据库会先另存一份，可以找回。确定恢复吗？",
        )
        if confirm != QMessageBox.StandardButton.Yes:
            return
        self._restore(Path(source))

    def _restore(self, source: Path, reason: str = "") -> None:
        database = self.ui.services.database
        self.ui.ops.run_write(
            lambda _p: database.restore(source, force_reason=reason),
            on_done=lambda result: self.db_note.setText(RESTORED.format(result[0])),
            on_error=lambda exc: self._on_restore_failed(source, exc),
            progress_label="正在恢复…",
        )

    def _on_restore_failed(self, source: Path, exc: BaseException) -> None:
        """A backup from another station or with a broken chain: restore it only with a
        reason, which the audit entry records."""
        if not isinstance(exc, RestoreRefusedError):
            show_error(self, exc, "恢复失败")
            return
        reason, ok = QInputDialog.getText(
            self, "仍要恢复吗？", f"{exc.message}\n\n{FORCE_PROMPT}", text=""
        )
        if ok and reason.strip():
            self._restore(source, reason.strip())

    def _on_check_clicked(self) -> None:
        database = self.ui.services.database
        self.ui.ops.run_read(
            lambda _p: database.integrity_check(),
            on_done=lambda r: self.db_note.setText(
                "完整性检查通过。" if r == "ok" else f"完整性检查发现问题：{r}"
            ),
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在检查数据库…",
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
            form.addRow(setting.label + "：", self._pref_widget(setting, prefs))
        note = QLabel("字号修改在下次启动时生效。", tab)
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
