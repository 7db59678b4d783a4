"""The GUI's start before Qt (station_app/startup.py, cli/options.py): the quick parse of a
start without a command, the database opened early with its errors kept for the GUI, and the
sign-in from STATION_USER / STATION_PASSWORD checked on a thread."""

from __future__ import annotations

import argparse

import pytest

from station_app.cli.options import parse_gui_start
from station_app.domain.auth import ADMIN


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], {"command": None, "demo": False, "db": None}),
        (["--demo"], {"command": None, "demo": True}),
        (["--db", "x.sqlite3", "-v"], {"command": None, "db": "x.sqlite3", "verbose": True}),
        (["db", "check"], None),  # a command: the full parser
        (["--help"], None),
        (["--version"], None),
        (["--db"], None),  # a mistake: the full parser explains it in Chinese
        (["--ver"], None),  # no abbreviations: --verbose must not swallow --version
    ],
)
def test_gui_start_is_parsed_without_the_command_parser(argv, expected):
    args = parse_gui_start(argv)
    if expected is None:
        assert args is None
    else:
        assert {k: getattr(args, k) for k in expected} == expected


@pytest.fixture
def with_user(sqlite_ctx):
    sqlite_ctx.services.users.add_user("boss", "所长", ADMIN, "Station-2026")
    return sqlite_ctx


def test_environment_sign_in_checks_on_a_thread(with_user, monkeypatch):
    from station_app.startup import EnvironmentSignIn

    monkeypatch.setenv("STATION_USER", "boss")
    monkeypatch.setenv("STATION_PASSWORD", "Station-2026")
    pending = EnvironmentSignIn.start(with_user)
    actor = pending.result()
    assert actor is not None and actor.username == "boss"
    assert with_user.auth.actor.username != "boss"  # checked only: the GUI signs in with it
    monkeypatch.setenv("STATION_PASSWORD", "wrong")
    assert EnvironmentSignIn.start(with_user).result() is None  # the login dialog asks then
    monkeypatch.delenv("STATION_USER")
    assert EnvironmentSignIn.start(with_user) is None


def test_begin_gui_keeps_the_error_of_a_file_that_is_not_a_database(tmp_path):
    from station_app.errors import StationError
    from station_app.startup import begin_gui

    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_bytes(b"this is a Word document, not a database" * 100)
    before = bad.read_bytes()
    early = begin_gui(argparse.Namespace(db=str(bad), demo=False))
    assert early.ctx is None and isinstance(early.error, StationError)
    assert "数据库" in early.error.message
    assert bad.read_bytes() == before  # untouched


def test_begin_gui_keeps_the_error_of_an_unwritable_data_directory(tmp_path, monkeypatch):
    """The first start creates the database in the default location: it cannot there."""
    from station_app.errors import StorageError
    from station_app.startup import begin_gui

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("STATION_HOME", str(blocker / "sub"))
    early = begin_gui(argparse.Namespace(db=None, demo=False))
    assert early.ctx is None and isinstance(early.error, StorageError)
    assert str(blocker / "sub") in early.error.message


def test_begin_gui_on_a_missing_file_elsewhere_creates_nothing(tmp_path):
    from station_app.errors import DatabaseOpenError
    from station_app.startup import begin_gui

    early = begin_gui(argparse.Namespace(db=str(tmp_path / "s.sqlite3"), demo=False))
    assert early.ctx is None and isinstance(early.error, DatabaseOpenError)
    assert f"找不到数据库文件：{tmp_path / 's.sqlite3'}" in early.error.message
    assert not (tmp_path / "s.sqlite3").exists()
