"""QApplication set-up (locale, translations, fonts) and the GUI's start-up sequence."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from station_app import APP_NAME, APP_TITLE, __version__
from station_app.bootstrap import AppContext, open_context
from station_app.errors import StationError
from station_app.paths import resource_path
from station_app.settings import Preferences
from station_app.startup import EarlyStart, EnvironmentSignIn, begin_gui
from station_app.ui import labels
from station_app.ui.qt_zh import QtChineseFallback, use_chinese_dates

log = logging.getLogger(__name__)
UI_FONT_FILE = "NotoSansSC-Regular.ttf"
UI_FONT_FAMILY = "Noto Sans SC"
DOCUMENT_FONT_FILES = ("NotoSerifSC-Regular.ttf", "NotoSerifSC-Bold.ttf")
_translators: list[QTranslator] = []


def create_application(argv: list[str] | None = None, *, font_point_size: int = 10) -> QApplication:
    """Create (or return) the QApplication with Chinese locale, Qt's zh_CN translations and the
    bundled UI font, so Chinese renders on any PC and standard buttons read 确定/取消."""
    if QApplication.instance() is None:
        use_chinese_dates()  # read by Qt when the application starts
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    _install_translations(app)
    _install_font(app, font_point_size)
    _install_stylesheet(app)
    return app


def _install_stylesheet(app: QApplication) -> None:
    try:
        app.setStyleSheet(resource_path("qss", "app.qss").read_text(encoding="utf-8"))
    except OSError as exc:
        log.warning("stylesheet not loaded: %s", exc)


def _install_translations(app: QApplication) -> None:
    if _translators:
        return
    fallback = QtChineseFallback(app)  # asked after Qt's own files (installed later)
    app.installTranslator(fallback)
    _translators.append(fallback)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)
        if tr.load(name, folder) or tr.load(name, str(resource_path("translations"))):
            app.installTranslator(tr)
            _translators.append(tr)
        else:
            log.warning("Qt translation %s not found in %s", name, folder)


def _install_font(app: QApplication, point_size: int) -> None:
    """Register every bundled font (Qt reads glyphs lazily, so this is cheap) and use Noto Sans SC
    for the interface; the serif faces are there for on-screen document previews."""
    if UI_FONT_FAMILY not in QFontDatabase.families():
        for filename in DOCUMENT_FONT_FILES:
            QFontDatabase.addApplicationFont(str(resource_path("fonts", filename)))
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", UI_FONT_FILE)))
        if font_id < 0:
            log.warning("bundled UI font could not be loaded; using the system font")
            return
    font = QFont(UI_FONT_FAMILY, point_size)
    app.setFont(font)


def run_gui(args: argparse.Namespace, early: EarlyStart | None = None) -> int:
    """Open the database, ask for the station profile on first run, show the main window.
    ``early``: what ``station_app.startup.begin_gui`` did before Qt was imported (the
    database opened, the sign-in from the environment under way)."""
    from station_app.ui.errors import install_excepthook, show_error

    early = early or begin_gui(args)
    prefs = early.prefs
    app = create_application(font_point_size=prefs.get("ui.font_point_size"))
    install_excepthook()
    try:
        ctx = _opened_or_recovered(early)
    except StationError as exc:
        log.warning("cannot open database: %s", exc.message)
        show_error(None, exc, labels.CANNOT_OPEN_DATABASE)
        return exc.exit_code
    try:
        return _run_window(app, ctx, prefs, early.sign_in if ctx is early.ctx else None)
    finally:
        gc.enable()
        ctx.close()


def _opened_or_recovered(early: EarlyStart) -> AppContext:
    """The database :func:`begin_gui` opened; a corrupt SQLite file offers a restore from
    backup (then opens again); other errors and a declined restore propagate."""
    from station_app.errors import DatabaseCorruptError

    if early.ctx is not None:
        return early.ctx
    exc = early.error
    if not isinstance(exc, DatabaseCorruptError):
        raise exc
    log.error("database corrupt: %s", exc.message)
    from station_app.ui.dialogs.recovery import RecoveryDialog  # 20 ms: only when needed

    if RecoveryDialog(exc).exec() != RecoveryDialog.DialogCode.Accepted:
        raise exc
    return open_context(early.url)


def _run_window(
    app: QApplication, ctx: AppContext, prefs: Preferences, pending: EnvironmentSignIn | None
) -> int:
    from station_app.ui.dialogs.first_run import ensure_station_profile
    from station_app.ui.dialogs.login import sign_in
    from station_app.ui.main_window import build_main_window

    if not sign_in(ctx, prefs, pending=pending) or not ensure_station_profile(ctx):
        return 0
    window, ui = build_main_window(ctx, prefs)
    window.show()
    window.start_background_checks()
    QTimer.singleShot(0, _collect_garbage_again)
    _bench_hook(app)
    try:
        return app.exec()
    finally:
        ui.ops.shutdown()


def _collect_garbage_again() -> None:
    """``station_app.__main__`` pauses the cyclic garbage collector while modules load (~50 ms of
    full collections over objects that live for the whole run); resume it with those objects
    set aside (``gc.freeze``) so later collections do not walk them."""
    gc.freeze()
    gc.enable()


def _bench_hook(app: QApplication) -> None:
    """``python -m station_app.bench`` sets STATION_BENCH_T0: report time-to-window and quit."""
    t0 = os.environ.get("STATION_BENCH_T0")
    if not t0:
        return

    def report() -> None:
        print(f"BENCH_SHOWN {time.time() - float(t0):.4f}", flush=True)
        app.quit()

    QTimer.singleShot(0, report)
