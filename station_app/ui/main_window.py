"""The main window: module navigation on the left, the current page on the right, the database
and station in the status bar. Pages are created when first shown (fast start-up)."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from station_app import APP_TITLE, paths
from station_app.bootstrap import AppContext
from station_app.domain.auth import role_label
from station_app.errors import DatabaseCorruptError, reason_text
from station_app.services.base import Changes
from station_app.settings import Preferences
from station_app.ui import labels
from station_app.ui.context import UiContext
from station_app.ui.events import EventBus
from station_app.ui.ops import OpRunner
from station_app.ui.screens.base import Page
from station_app.ui.screens.home.page import HomePage
from station_app.ui.screens.placeholder import PlaceholderPage

REPLACED_WATCH_MS = 10_000  # how often the window asks whether its database was replaced
PageFactory = Callable[[UiContext, labels.PageInfo], Page]
PAGE_FACTORIES: dict[str, PageFactory] = {"home": HomePage}  # the start page, imported eagerly
log = logging.getLogger(__name__)


def _factory(name: str) -> PageFactory:
    """A module's page is ``PAGE_CLASS`` in ``station_app.ui.screens.<name>.page`` (imported when
    first shown); a module without one gets the placeholder that says what it will hold."""
    if name in PAGE_FACTORIES:
        return PAGE_FACTORIES[name]
    try:
        module = importlib.import_module(f"station_app.ui.screens.{name}.page")
    except ModuleNotFoundError as exc:
        if exc.name != f"station_app.ui.screens.{name}.page" and exc.name != (
            f"station_app.ui.screens.{name}"
        ):
            raise
        return PlaceholderPage
    return module.PAGE_CLASS


class MainWindow(QMainWindow):
    """GUI thread only."""

    def __init__(self, ui: UiContext) -> None:
        super().__init__()
        self.ui = ui
        self.pages: dict[str, Page] = {}
        self.setWindowTitle(APP_TITLE)
        self._build_navigation()
        self._build_menus()
        self._build_status_bar()
        self.replaced_label: QLabel | None = None  # shown once the database was replaced
        self._replaced_timer: QTimer | None = None
        ui.bus.changed.connect(self._on_bus_changed)
        self._restore_geometry()
        start = ui.prefs.get("ui.start_page")
        self.show_page(ui.prefs.get("ui.last_page") if start == "last" else "home")

    # -- layout -----------------------------------------------------------------------------
    def _build_navigation(self) -> None:
        """Sections (工作台, 基础台账, …) as headers that cannot be selected; a page's item holds
        its name. Ctrl+1…9 open the first nine pages, 转到页面 (Ctrl+G) any of them."""
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        shortcut = {info.name: n for n, info in enumerate(labels.PAGES[:9], start=1)}
        for group, names in labels.NAV_GROUPS:
            header = QListWidgetItem(group)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            font = header.font()
            font.setPointSizeF(font.pointSizeF() * 0.9)
            header.setFont(font)
            self.nav.addItem(header)
            for name in names:
                info = labels.PAGE_BY_NAME[name]
                item = QListWidgetItem(f"  {info.title}")
                item.setData(Qt.ItemDataRole.UserRole, info.name)
                n = shortcut.get(name)
                item.setToolTip(f"{info.summary}（Ctrl+{n}）" if n else info.summary)
                self.nav.addItem(item)
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 56)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        self.stack = QStackedWidget(self)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        self.stack.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self._action(file_menu, "备份数据库…", self._on_backup_triggered)
        file_menu.addSeparator()
        self._action(file_menu, "退出", self.close, QKeySequence.StandardKey.Quit)
        view = self.menuBar().addMenu("查看(&V)")
        self._action(view, "刷新", self.refresh_current, QKeySequence.StandardKey.Refresh)
        view.addSeparator()
        self._action(view, labels.GOTO_MENU, self._on_goto_triggered, QKeySequence("Ctrl+G"))
        for n, info in enumerate(labels.PAGES, start=1):
            if info.name in (names[0] for _group, names in labels.NAV_GROUPS):
                view.addSeparator()
            self._action(
                view,
                info.title,
                lambda _=False, name=info.name: self.show_page(name),
                QKeySequence(f"Ctrl+{n}") if n <= 9 else None,
            )
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self._action(help_menu, "关于…", self._on_about_triggered)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        self.db_label = QLabel(self)
        self.station_label = QLabel(self)
        self.user_label = QLabel(self)
        self.statusBar().addWidget(self.station_label)
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self._update_status()

    def _update_status(self) -> None:
        info = self.ui.services.database.info
        kind = "SQLite" if info.kind == "sqlite" else "PostgreSQL"
        self.db_label.setText(labels.STATUS_DB.format(f"{kind} · {info.display}"))
        profile = self.ui.services.station.get_profile()
        name = profile.name if profile else labels.NO_STATION
        if profile and profile.is_demo:
            name += f"（{labels.DEMO_BADGE}）"
        self.station_label.setText(labels.STATUS_STATION.format(name))
        actor = self.ui.app.auth.actor
        if actor is not None:
            self.user_label.setText(f"　用户：{actor.label}（{role_label(actor.role)}）")

    # -- pages ------------------------------------------------------------------------------
    def page(self, name: str) -> Page:
        if name not in self.pages:
            info = labels.PAGE_BY_NAME[name]
            page = _factory(name)(self.ui, info)
            self.pages[name] = page
            self.stack.addWidget(page)
        return self.pages[name]

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def show_page(self, name: str) -> None:
        if name not in labels.PAGE_BY_NAME:
            name = "home"
        current = self.current_page()
        if current is not None and current.info.name != name and not current.can_leave():
            self._select_nav(current.info.name)
            return
        self.stack.setCurrentWidget(self.page(name))
        self._select_nav(name)
        self.ui.prefs.set("ui.last_page", name)

    def nav_row(self, name: str) -> int:
        """The navigation row of page ``name`` (section headers take rows too)."""
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == name:
                return row
        raise KeyError(name)

    def _select_nav(self, name: str) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self.nav_row(name))
        self.nav.blockSignals(False)

    def _on_nav_current_row_changed(self, row: int) -> None:
        item = self.nav.item(row)
        name = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if name:
            self.show_page(name)

    def _on_goto_triggered(self) -> None:
        from station_app.ui.widgets.goto import GotoPageDialog

        dialog = GotoPageDialog(self)
        chosen = dialog.chosen if dialog.exec() else None
        dialog.deleteLater()
        if chosen:
            self.show_page(chosen)

    def refresh_current(self) -> None:
        page = self.current_page()
        if page is not None:
            page.refresh()

    # -- slots ------------------------------------------------------------------------------
    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches("station_profile", "*"):
            self._update_status()

    def _on_backup_triggered(self) -> None:
        self.open_filtered("settings", {"tab": "database"})

    def open_filtered(self, name: str, criteria: dict) -> None:
        """Show page ``name`` with ``criteria`` applied (dashboard tiles, menu shortcuts)."""
        self.show_page(name)
        page = self.current_page()
        if page is not None and page.info.name == name:
            page.filter_to(criteria)

    def _on_about_triggered(self) -> None:
        from station_app.ui.dialogs.about import AboutDialog

        AboutDialog(self.ui.services.database, self).exec()

    def start_background_checks(self) -> None:
        """After the window shows: the database file's full check, then the daily backup (never
        of a file that failed its check); and, every few seconds, whether another program has
        replaced the database (a restore, a demo rebuild)."""
        self._watch_for_replacement()
        database = self.ui.services.database
        self.ui.ops.run_read(
            lambda _p: database.check_file(),
            on_done=lambda _r: self.start_daily_backup(),
            on_error=self._on_file_check_failed,
        )

    def _on_file_check_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DatabaseCorruptError):
            log.warning("database file check could not run: %s", exc)
            self.statusBar().showMessage(
                f"数据库文件检查未能完成：{reason_text(exc)}（详见日志）", 60_000
            )
            return
        from station_app.ui.dialogs.recovery import offer_recovery_while_open

        log.error("database corrupt (background check): %s", exc.message)
        offer_recovery_while_open(self, self.ui, exc)

    def _watch_for_replacement(self) -> None:
        self._replaced_timer = QTimer(self)
        self._replaced_timer.setInterval(REPLACED_WATCH_MS)
        self._replaced_timer.timeout.connect(self.check_replaced)
        self._replaced_timer.start()

    def check_replaced(self) -> None:
        """Ask (read-only, in the background) whether the database is still the one opened."""
        database = self.ui.services.database
        self.ui.ops.run_read(
            lambda _p: database.still_ours(),
            on_done=self._on_replacement_checked,
            on_error=lambda exc: log.info("replacement check failed: %s", exc),
        )

    def _on_replacement_checked(self, why: str) -> None:
        """Replaced: writing has stopped already (the Database refuses); tell the user once."""
        if not why or self.replaced_label is not None:
            return
        if self._replaced_timer is not None:
            self._replaced_timer.stop()
        self.replaced_label = QLabel(labels.REPLACED_BADGE, self)
        self.replaced_label.setObjectName("replacedBadge")
        self.statusBar().addPermanentWidget(self.replaced_label)
        QMessageBox.warning(self, labels.REPLACED_TITLE, why)

    def start_daily_backup(self) -> None:
        """Once a day, in the background: a failure shows in the status bar, never a dialog."""
        if not self.ui.prefs.get("backup.daily"):
            return
        database = self.ui.services.database
        self.ui.ops.run_write(
            lambda _p: database.auto_backup(),
            on_done=self._on_daily_backup,
            on_error=self._on_daily_backup_failed,
        )

    def _on_daily_backup(self, path) -> None:
        if path is not None:
            self.statusBar().showMessage(f"今日自动备份已完成：{path}", 15_000)

    def _on_daily_backup_failed(self, exc: BaseException) -> None:
        log.warning("daily backup failed: %s", exc)
        self.statusBar().showMessage(f"今日自动备份失败：{reason_text(exc)}（详见日志）", 60_000)

    # -- state ------------------------------------------------------------------------------
    def _settings_store(self) -> QSettings:
        return QSettings(str(paths.user_config_dir() / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        store = self._settings_store()
        geometry = store.value("main/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:
        page = self.current_page()
        if page is not None and not page.can_leave():
            event.ignore()
            return
        store = self._settings_store()
        store.setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)


def build_main_window(ctx: AppContext, prefs: Preferences) -> tuple[MainWindow, UiContext]:
    bus = EventBus()
    ui = UiContext(app=ctx, ops=OpRunner(bus), bus=bus, prefs=prefs)
    return MainWindow(ui), ui
