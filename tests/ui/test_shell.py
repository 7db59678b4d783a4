"""The main window, first-run dialog and settings page, driven as a user would."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox

from station_app.services.station import StationProfileData
from station_app.ui import labels
from station_app.ui.screens.placeholder import PlaceholderPage
from tests.ui.helpers import type_text


def _texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_every_page_opens_from_navigation(window, qtbot):
    for info in labels.PAGES:
        window.nav.setCurrentRow(window.nav_row(info.name))
        page = window.current_page()
        assert page is not None and page.info.name == info.name
        text = _texts(page)
        assert info.title in text
        if isinstance(page, PlaceholderPage):  # never a blank page
            assert labels.NOT_BUILT_NOTE in text and info.will_hold[0] in text


def test_shortcuts_switch_pages(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().info.name == "entities"


def test_navigation_sections_hold_every_page_once_in_order(window):
    grouped = [name for _title, names in labels.NAV_GROUPS for name in names]
    assert grouped == [p.name for p in labels.PAGES]
    headers = [
        window.nav.item(r).text()
        for r in range(window.nav.count())
        if not window.nav.item(r).flags() & Qt.ItemFlag.ItemIsSelectable
    ]
    assert headers == [title for title, _names in labels.NAV_GROUPS]


def test_arrow_keys_in_the_navigation_skip_the_section_headers(window, qtbot):
    window.show_page("sweeps")  # the last page of 基础台账; 受理办件's header comes next
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_page().info.name == "orders"


def test_goto_page_by_pinyin_initials(window, qtbot, monkeypatch):
    """Ctrl+G, "xj" (巡查), Enter: the 巡查 page opens; pages past Ctrl+9 are reachable too."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from station_app.ui.widgets.goto import GotoPageDialog

    def answer():
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, GotoPageDialog) and w.isVisible()
        )
        type_text(dialog.query, "xc")
        assert dialog.results.count() >= 1
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    window._on_goto_triggered()
    assert window.current_page().info.name == "patrols"

    QTimer.singleShot(0, lambda: _goto_text("设置", qtbot, GotoPageDialog))
    window._on_goto_triggered()
    assert window.current_page().info.name == "settings"


def _goto_text(text, qtbot, cls):
    from PySide6.QtWidgets import QApplication

    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible())
    type_text(dialog.query, text)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)


def test_status_bar_names_station_and_database(window, ui):
    assert "城关市场监督管理所" in window.station_label.text()
    assert str(ui.app.db.info.path) in window.db_label.text()


def test_settings_save_updates_status_bar_and_home(window, ui, qtbot):
    window.show_page("settings")
    page = window.current_page()
    type_text(page.form.edits["name"], "城南市场监督管理所")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert ui.services.station.get_profile().name == "城南市场监督管理所"
    assert "城南市场监督管理所" in window.station_label.text()
    assert page.saved_note.text() == "已保存。"
    window.show_page("home")
    assert "城南市场监督管理所" in _texts(window.current_page())


def test_settings_empty_name_shows_inline_error(window, ui, qtbot):
    window.show_page("settings")
    page = window.current_page()
    page.form.edits["name"].clear()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.form.error.isVisible() or page.form.error.text()
    assert "请填写所名称" in page.form.error.text()
    assert ui.services.station.get_profile().name == "城关市场监督管理所"


def test_unsaved_changes_prompt_keeps_user_on_page(window, qtbot, monkeypatch):
    window.show_page("settings")
    page = window.current_page()
    type_text(page.form.edits["phone"], "0538-7654321")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    window.show_page("home")
    assert window.current_page() is page
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.show_page("home")
    assert window.current_page().info.name == "home"


def test_conflict_shows_both_versions_and_keeps_mine(window, ui, qtbot, monkeypatch):
    from station_app.bootstrap import open_context
    from station_app.ui.dialogs import conflict

    window.show_page("settings")
    page = window.current_page()
    other = open_context(f"sqlite:///{ui.app.db.info.path}", actor=ui.app.auth.actor)  # another PC
    stored = other.services.station.get_profile()
    other.services.station.save_profile(StationProfileData(**{**stored.__dict__, "phone": "111"}))
    other.close()
    seen = {}

    def fake_exec(dialog):
        table = dialog.findChild(conflict.QTableWidget)
        seen["rows"] = [
            (table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())
        ]
        return conflict.KEEP_MINE

    monkeypatch.setattr(conflict.ConflictDialog, "exec", fake_exec)
    type_text(page.form.edits["phone"], "222")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert ("222", "111") in seen["rows"]
    assert ui.services.station.get_profile().phone == "222"


def test_first_run_dialog_requires_a_name(qapp_zh, sqlite_ctx, qtbot):
    from station_app.ui.dialogs.first_run import FirstRunDialog

    dialog = FirstRunDialog(sqlite_ctx.services.station)
    qtbot.addWidget(dialog)
    buttons = dialog.findChild(QDialogButtonBox)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.text() == "保存"  # Qt's own zh_CN translation is installed
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "请填写所名称" in dialog.form.error.text()
    assert sqlite_ctx.services.station.get_profile() is None
    type_text(dialog.form.edits["name"], "城关市场监督管理所")
    type_text(dialog.form.edits["county_bureau"], "东平县市场监督管理局")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    profile = sqlite_ctx.services.station.get_profile()
    assert profile.name == "城关市场监督管理所"
    assert profile.county_bureau == "东平县市场监督管理局"


def test_about_lists_version_and_database(window, ui):
    from station_app import __version__
    from station_app.ui.dialogs.about import AboutDialog

    dialog = AboutDialog(ui.services.database, window)
    text = _texts(dialog)
    assert __version__ in text and str(ui.app.db.info.path) in text and "SQLite" in text


def test_locale_is_chinese_and_dates_iso(qapp_zh):
    from station_app.ui.widgets.dates import DateEdit, format_date

    assert QLocale().language() == QLocale.Language.Chinese
    edit = DateEdit()
    edit.setDate(QDate(2026, 7, 1))
    assert edit.text() == "2026-07-01"
    assert format_date(QDate(2026, 7, 1).toPython()) == "2026-07-01"


def test_unhandled_exception_is_logged_and_shown(qapp_zh, qtbot, monkeypatch, caplog):
    import sys

    from station_app.ui import errors

    shown = []
    monkeypatch.setattr(errors, "show_unexpected", lambda parent, exc: shown.append(exc))
    errors.install_excepthook()
    try:
        raise ValueError("故意的错误")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: bool(shown))
    assert isinstance(shown[0], ValueError)
    assert "unhandled exception" in caplog.text


def test_conflict_dialog_buttons_return_the_choice(qapp_zh, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QPushButton

    from station_app.ui.dialogs.conflict import KEEP_MINE, TAKE_THEIRS, ConflictDialog

    for text, expected in (
        ("保留我的修改", KEEP_MINE),
        ("采用已保存的版本", TAKE_THEIRS),
        ("取消", 0),
    ):
        dialog = ConflictDialog("冲突", [("电话", "1", "2")])
        qtbot.addWidget(dialog)
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == text)
        QTimer.singleShot(0, button.click)
        assert dialog.exec() == expected


def test_history_panel_shows_who_changed_what(window, ui, qtbot):
    window.show_page("settings")
    page = window.current_page()
    type_text(page.form.edits["phone"], "0538-1111111")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    tree = page.history.tree
    top = tree.topLevelItem(0)
    assert top.text(1) == "tester" and top.text(2) == "修改"
    details = [top.child(i).text(3) for i in range(top.childCount())]
    assert any(d.endswith("→ 0538-1111111") for d in details)
    assert any(top.child(i).text(2) == "电话" for i in range(top.childCount()))


def test_readonly_user_cannot_edit_profile(qapp_zh, sqlite_ctx, tmp_path, qtbot):
    from station_app.domain.auth import READONLY, Actor
    from station_app.settings import Preferences
    from station_app.ui.context import UiContext
    from station_app.ui.events import EventBus
    from station_app.ui.main_window import MainWindow
    from station_app.ui.ops import SyncOpRunner

    sqlite_ctx.services.station.save_profile(StationProfileData(name="城关所"))
    sqlite_ctx.auth.sign_in(Actor(None, "viewer", READONLY, "县局查看"))
    bus = EventBus()
    ui = UiContext(sqlite_ctx, SyncOpRunner(bus), bus, Preferences(tmp_path / "p.json"))
    win = MainWindow(ui)
    qtbot.addWidget(win)
    win.show_page("settings")
    page = win.current_page()
    assert not page.save_button.isEnabled()
    assert page.form.edits["name"].isReadOnly()
    assert "无权修改所基本信息" in page.permission_note.text()
    assert not page.backup_button.isEnabled() and not page.restore_button.isEnabled()
    assert "用户" not in [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "县局查看（只读）" in win.user_label.text()


def test_admin_adds_a_user_from_settings(window, ui, qtbot, monkeypatch):
    from station_app.ui.screens.settings import users_tab

    ui.services.users.add_user("boss", "张所长", "admin", "Station-2026")
    window.show_page("settings")
    page = window.current_page()
    tab = page.tabs.widget([page.tabs.tabText(i) for i in range(page.tabs.count())].index("用户"))

    def fill_and_accept(dialog):
        type_text(dialog.username, "sunli")
        type_text(dialog.display_name, "孙丽")
        dialog.role.setCurrentIndex(dialog.role.findData("clerk"))
        type_text(dialog.password, "Clerk-2026")
        dialog._on_buttons_accepted()
        return dialog.result()

    monkeypatch.setattr(users_tab.AddUserDialog, "exec", fill_and_accept)
    tab._on_add_clicked()
    names = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    assert "sunli" in names
    assert any(u.username == "sunli" and u.role == "clerk" for u in ui.services.users.list_users())


def test_login_dialog_signs_in_and_explains_failures(qapp_zh, sqlite_ctx, tmp_path, qtbot):
    from station_app.settings import Preferences
    from station_app.ui.dialogs.login import LoginDialog

    sqlite_ctx.services.users.add_user("boss", "张所长", "admin", "Station-2026")
    sqlite_ctx.auth.sign_out()
    prefs = Preferences(tmp_path / "p.json")
    dialog = LoginDialog(sqlite_ctx, prefs)
    qtbot.addWidget(dialog)
    type_text(dialog.username, "boss")
    type_text(dialog.password, "wrong-one")
    dialog._on_buttons_accepted()
    assert "用户名或密码不正确" in dialog.error.text()
    assert sqlite_ctx.auth.actor is None
    type_text(dialog.password, "Station-2026")
    dialog._on_buttons_accepted()
    assert sqlite_ctx.auth.actor.username == "boss"
    assert prefs.get("login.last_user") == "boss"
    assert LoginDialog(sqlite_ctx, prefs).username.text() == "boss"  # remembered


def test_demo_login_shows_the_demo_password(qapp_zh, sqlite_ctx, tmp_path, qtbot):
    from PySide6.QtWidgets import QLabel

    from station_app.data.repo.station import mark_demo
    from station_app.settings import Preferences
    from station_app.ui.dialogs.login import LoginDialog

    sqlite_ctx.services.station.save_profile(StationProfileData(name="演示所", is_demo=True))
    real = LoginDialog(sqlite_ctx, Preferences(tmp_path / "p.json"))
    qtbot.addWidget(real)
    assert real.findChild(QLabel, "demoHint") is None  # a user cannot flag a demo (issue 21)
    with sqlite_ctx.db.core_uow() as con:
        mark_demo(con)  # as the demo generator does
    dialog = LoginDialog(sqlite_ctx, Preferences(tmp_path / "p.json"))
    qtbot.addWidget(dialog)
    hint = dialog.findChild(QLabel, "demoHint")
    assert hint is not None and "station-demo" in hint.text()


def test_first_admin_dialog_creates_and_signs_in(qapp_zh, sqlite_ctx, qtbot):
    from station_app.ui.dialogs.login import CreateAdminDialog

    sqlite_ctx.auth.sign_out()
    dialog = CreateAdminDialog(sqlite_ctx)
    qtbot.addWidget(dialog)
    type_text(dialog.display_name, "张三")
    type_text(dialog.password, "Zhangsan-Desk-26")
    type_text(dialog.password2, "Zhangsan-Desk-27")
    dialog._on_buttons_accepted()
    assert "不一致" in dialog.error.text()
    type_text(dialog.password2, "Zhangsan-Desk-26")
    dialog._on_buttons_accepted()
    assert sqlite_ctx.auth.actor.username == "admin"
    assert sqlite_ctx.auth.actor.role == "admin"


def test_daily_backup_reports_in_status_bar(window, ui):
    from station_app import paths

    for old in paths.backup_dir().glob("station-daily-*"):
        old.unlink()
    window.start_daily_backup()
    assert "今日自动备份已完成" in window.statusBar().currentMessage()
    assert list(paths.backup_dir().glob("station-daily-*"))


def test_recovery_dialog_restores_a_corrupt_database(qapp_zh, tmp_path, qtbot):
    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url
    from station_app.domain.auth import ADMIN, Actor
    from station_app.errors import DatabaseCorruptError
    from station_app.ui.dialogs.recovery import RecoveryDialog

    live = tmp_path / "station.sqlite3"
    ctx = open_context(sqlite_url(live), actor=Actor(None, "setup", ADMIN), create=True)
    ctx.services.users.add_user("boss", "张所长", "admin", "Station-2026")
    ctx.services.station.save_profile(StationProfileData(name="城关所"))
    for n in range(300):
        ctx.services.audit.record_view("entity", n, ["phone"])
    (tmp_path / "backups").mkdir()
    ctx.services.database.backup(tmp_path / "backups" / "station-manual-1.sqlite3")
    ctx.close()
    data = bytearray(live.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    live.write_bytes(bytes(data))
    try:
        open_context(sqlite_url(live))
    except DatabaseCorruptError as exc:
        dialog = RecoveryDialog(exc)
    qtbot.addWidget(dialog)
    assert dialog.backups.count() >= 1
    assert "station-manual-1.sqlite3" in dialog.backups.item(0).text()
    type_text(dialog.username, "boss")
    type_text(dialog.password, "nope")
    dialog._on_restore_clicked()
    assert "用户名或密码不正确" in dialog.error.text()
    type_text(dialog.password, "Station-2026")
    dialog._on_restore_clicked()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.kept.exists()
    reopened = open_context(sqlite_url(live), actor=Actor(None, "c", ADMIN))
    assert reopened.services.station.get_profile().name == "城关所"
    reopened.close()


def test_bundled_fonts_registered_in_qt(qapp_zh):
    from PySide6.QtGui import QFontDatabase

    families = QFontDatabase.families()
    assert "Noto Sans SC" in families and "Noto Serif SC" in families
    assert qapp_zh.font().family() == "Noto Sans SC"


def test_backup_menu_opens_database_tab(window):
    window._on_backup_triggered()
    page = window.current_page()
    assert (
        page.info.name == "settings"
        and page.tabs.tabText(page.tabs.currentIndex()) == "数据库与备份"
    )


def test_background_check_failure_offers_recovery_and_skips_the_daily_backup(
    window, ui, monkeypatch
):
    from station_app.errors import DatabaseCorruptError
    from station_app.ui.dialogs import recovery

    offered, backups = [], []
    bad = DatabaseCorruptError("数据库文件已损坏，无法打开：x", path="x")
    monkeypatch.setattr(ui.services.database, "check_file", lambda: (_ for _ in ()).throw(bad))
    monkeypatch.setattr(ui.services.database, "auto_backup", lambda: backups.append(1))
    monkeypatch.setattr(
        recovery, "offer_recovery_while_open", lambda parent, u, exc: offered.append(exc)
    )
    window.start_background_checks()
    assert offered == [bad] and backups == []


def test_background_check_passes_then_daily_backup_runs(window, ui, monkeypatch):
    checked, backups = [], []
    monkeypatch.setattr(ui.services.database, "check_file", lambda: checked.append(1))
    monkeypatch.setattr(ui.services.database, "auto_backup", lambda: backups.append(1))
    window.start_background_checks()
    assert checked == [1] and backups == [1]


def test_login_checks_the_password_off_the_gui_thread(qapp_zh, sqlite_ctx, tmp_path, qtbot):
    """scrypt at N=2^17 takes about a second: the dialog stays painted meanwhile."""
    import threading

    from station_app.settings import Preferences
    from station_app.ui.dialogs.login import LoginDialog

    sqlite_ctx.services.users.add_user("boss", "张所长", "admin", "Station-2026")
    sqlite_ctx.auth.sign_out()
    users = sqlite_ctx.services.users
    seen = []
    real = users.authenticate
    users.authenticate = lambda *a, **k: (
        seen.append(threading.current_thread().name) or real(*a, **k)
    )
    dialog = LoginDialog(sqlite_ctx, Preferences(tmp_path / "p.json"))
    qtbot.addWidget(dialog)
    type_text(dialog.username, "boss")
    type_text(dialog.password, "Station-2026")
    dialog._on_buttons_accepted()
    assert seen == ["dialog-wait"] and sqlite_ctx.auth.actor.username == "boss"
    assert dialog.isEnabled()
