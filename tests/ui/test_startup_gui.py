"""The GUI's start with what station_app/startup.py prepared before Qt: an error kept there is
shown in Chinese by the GUI (nothing else opens), and a refused sign-in falls back to the
login dialog."""

from __future__ import annotations

import argparse

import station_app.ui.app as appmod
from station_app.settings import Preferences
from station_app.startup import EarlyStart, begin_gui


def test_an_error_kept_before_qt_is_shown_and_ends_the_start(qapp_zh, tmp_path, monkeypatch):
    bad = tmp_path / "report.sqlite3"
    bad.write_bytes(b"not a database at all" * 200)
    early = begin_gui(argparse.Namespace(db=str(bad), demo=False))
    shown = []
    monkeypatch.setattr(
        "station_app.ui.errors.show_error", lambda parent, exc, title: shown.append((title, exc))
    )
    monkeypatch.setattr(appmod, "_run_window", lambda *a: shown.append("window") or 0)
    monkeypatch.setattr("station_app.ui.errors.install_excepthook", lambda: None)

    code = appmod.run_gui(argparse.Namespace(db=str(bad), demo=False), early)
    assert code != 0
    assert [title for title, _exc in shown] == ["无法打开数据库"]  # and no window
    assert "数据库" in shown[0][1].message


def test_a_refused_environment_sign_in_asks_with_the_login_dialog(
    qapp_zh, sqlite_ctx, tmp_path, monkeypatch
):
    from station_app.ui.dialogs import login

    sqlite_ctx.services.users.add_user("boss", "张所长", "admin", "Station-2026")
    sqlite_ctx.auth.sign_out()
    monkeypatch.setenv("STATION_USER", "boss")
    monkeypatch.setenv("STATION_PASSWORD", "not-the-password")
    asked = []
    monkeypatch.setattr(login.LoginDialog, "exec", lambda self: asked.append(self) or 0)
    early = EarlyStart(Preferences(tmp_path / "p.json"), "", ctx=sqlite_ctx)
    early.sign_in = login.EnvironmentSignIn.start(sqlite_ctx)
    assert not login.sign_in(sqlite_ctx, early.prefs, pending=early.sign_in)
    assert len(asked) == 1 and sqlite_ctx.auth.actor is None
