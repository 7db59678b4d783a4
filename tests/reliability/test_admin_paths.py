"""Issue 21, item 3: restores, the demo and other admin paths leave a trace and destroy nothing.

Attacks, as a clumsy user or a head with a grudge would try them, each through the command line
in its own process (a scheduled job, a second PC's terminal) beside a window-like holder:

* ``db restore`` under an open window: the window is told and stops writing; nothing it saved
  before is lost (it is in the kept copy); the restored database carries the audit entry.
* a backup of another station, a backup whose chain was edited: refused, unless forced with a
  reason that the audit entry records.
* ``demo`` on a real database without a profile, on one a head flagged ``is_demo``, with bad
  arguments, killed half-way (seeded moments) over an existing demo and over a new file.
* a mistyped ``--db``: an error naming the absolute path, no file created.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station_app.bootstrap import open_context
from station_app.data.engine import sqlite_url
from station_app.domain.auth import ADMIN, HEAD, Actor
from station_app.errors import DatabaseReplacedError, StationError
from tests.reliability.helpers import PASSWORD, ROOT, USER, assert_no_traceback, cli

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
WINDOW = Actor(None, "window", ADMIN, "窗口")
SEED = 20261207
SMALL_DEMO = ("--entities", "150", "--complaints", "15", "--seed", "3")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def _template(sqlite_template):
    global TEMPLATE
    TEMPLATE = sqlite_template  # a migrated database: copying it is quicker than migrating


TEMPLATE: Path | None = None


def _fresh(path: Path) -> Path:
    assert TEMPLATE is not None
    shutil.copy(TEMPLATE, path)  # nothing is connected to the new file yet
    return path


def _station(path: Path, name: str = "城关市场监督管理所", code: str = "SJ-01") -> None:
    """A real station's database: its administrator (for the CLI), profile, one grid."""
    from station_app.services.roster import GridData
    from station_app.services.station import StationProfileData

    ctx = open_context(sqlite_url(_fresh(path)), actor=WINDOW)
    try:
        ctx.services.users.add_user(USER, "管理员", ADMIN, PASSWORD)
        ctx.services.station.save_profile(StationProfileData(name=name, code=code))
        ctx.services.roster.save_grid(GridData("GZ01", "东关网格", ("东关社区",)))
    finally:
        ctx.close()


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as con:
        rows = con.execute(sql).fetchall()
    con.close()
    return rows


def _restore_entry(path: Path) -> dict:
    (changes,) = _rows(
        path,
        "SELECT changes FROM audit_log WHERE kind = 'database' AND record_id = 'restore' "
        "ORDER BY seq DESC LIMIT 1",
    )[0]
    return json.loads(changes)


def _grid(ctx, code: str):
    from station_app.services.roster import GridData

    return ctx.services.roster.save_grid(GridData(code, f"网格{code}", ("东关社区",)))


# -- restore -------------------------------------------------------------------------------------


def test_restore_under_an_open_window_tells_it_and_loses_nothing(tmp_path):
    live, backup = tmp_path / "station.sqlite3", tmp_path / "backup.sqlite3"
    _station(live)
    window = open_context(sqlite_url(live), actor=WINDOW, deep_check=False)
    try:
        window.services.database.backup(backup)
        _grid(window, "GZ02")  # saved after the backup: only the kept copy will hold it
        job = cli(tmp_path, "--db", str(live), "db", "restore", str(backup))
        assert_no_traceback(job)
        assert job.returncode == 0 and "已记入操作日志" in job.stdout, job.stderr
        assert window.services.database.still_ours()  # told, from a read-only look
        with pytest.raises(DatabaseReplacedError, match="已停止保存"):
            _grid(window, "GZ03")  # its next write is refused, not written into the other
    finally:
        window.close()
    entry = _restore_entry(live)
    (kept,) = tmp_path.glob("station.replaced-*.sqlite3")
    assert entry["restored_from"][1] == str(backup) and entry["kept_as"][1] == str(kept)
    assert entry["backup_head"][1].split(":")[0].isdigit() and entry["forced"][1] is False
    assert entry["replaced_station"][1] == "城关市场监督管理所（SJ-01）"
    grids = {r[0] for r in _rows(live, "SELECT code FROM grid")}
    assert grids == {"GZ01"}, "the restored database is the backup"
    kept_grids = {r[0] for r in _rows(kept, "SELECT code FROM grid")}
    assert kept_grids == {"GZ01", "GZ02"}, "what the window saved before is kept"
    assert "GZ03" not in kept_grids
    for path in (live, kept):
        check = cli(tmp_path, "--db", str(path), "audit", "verify")
        assert check.returncode == 0, check.stderr


@pytest.fixture
def other_station_backup(tmp_path) -> Path:
    other = tmp_path / "other.sqlite3"
    _station(other, "州城市场监督管理所", "SJ-02")
    return other


def test_backup_of_another_station_is_refused_unless_forced_with_a_reason(
    tmp_path, other_station_backup
):
    live = tmp_path / "station.sqlite3"
    _station(live)
    refused = cli(tmp_path, "--db", str(live), "db", "restore", str(other_station_backup))
    assert_no_traceback(refused)
    assert refused.returncode == 12 and "备份来自另一个所：州城市场监督管理所" in refused.stderr
    assert "--force --reason" in refused.stderr
    assert _rows(live, "SELECT name FROM station_profile") == [("城关市场监督管理所",)]
    assert not list(tmp_path.glob("station.replaced-*")) and not list(tmp_path.glob(".station*"))
    no_reason = cli(
        tmp_path, "--db", str(live), "db", "restore", str(other_station_backup), "--force"
    )
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    forced = cli(
        tmp_path,
        "--db",
        str(live),
        "db",
        "restore",
        str(other_station_backup),
        "--force",
        "--reason",
        "城关所合并到州城所，按县局通知改用州城所的库",
    )
    assert forced.returncode == 0, forced.stderr
    entry = _restore_entry(live)
    assert entry["forced"][1] is True and "另一个所" in entry["problems"][1][0]
    (reason,) = _rows(
        live, "SELECT reason FROM audit_log WHERE kind = 'database' ORDER BY seq DESC LIMIT 1"
    )[0]
    assert reason.startswith("城关所合并到州城所")


def test_backup_with_an_edited_audit_chain_is_refused(tmp_path):
    live, backup = tmp_path / "station.sqlite3", tmp_path / "backup.sqlite3"
    _station(live)
    shutil.copy(live, backup)  # nothing is connected to it: a plain copy is fine here
    with sqlite3.connect(backup) as con:  # someone rewrote history in the backup
        con.execute("UPDATE audit_log SET reason = '改过' WHERE seq = 2")
    con.close()
    refused = cli(tmp_path, "--db", str(live), "db", "restore", str(backup))
    assert refused.returncode == 12 and "操作日志校验未通过" in refused.stderr, refused.stderr
    assert not list(tmp_path.glob("station.replaced-*"))


# -- demo ----------------------------------------------------------------------------------------


def test_demo_never_touches_a_real_database(tmp_path):
    """Not one without a profile, not one a head flagged is_demo."""
    from station_app.services.station import StationProfileData

    bare = tmp_path / "bare.sqlite3"  # a real station before its profile was saved
    ctx = open_context(sqlite_url(_fresh(bare)), actor=WINDOW)
    ctx.services.users.add_user(USER, "管理员", ADMIN, PASSWORD)
    ctx.close()
    flagged = tmp_path / "flagged.sqlite3"
    _station(flagged)
    ctx = open_context(sqlite_url(flagged), actor=Actor(None, "wangjg", HEAD, "王建国"))
    profile = ctx.services.station.get_profile()
    saved, _ = ctx.services.station.save_profile(
        StationProfileData(**{**profile.__dict__, "is_demo": True})
    )
    assert not saved.is_demo, "a head must not be able to flag a real database as a demo"
    ctx.close()
    for path in (bare, flagged):
        before = _digest(path)
        job = cli(tmp_path, "--db", str(path), "demo", *SMALL_DEMO, user=None)
        assert_no_traceback(job)
        assert job.returncode != 0 and "不是演示程序生成的演示数据库" in job.stderr
        assert _digest(path) == before, f"demo changed {path.name}"
        assert _rows(path, "SELECT count(*) FROM app_user WHERE username = 'wangjg'") == [(0,)]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    job = cli(path.parent, "--db", str(path), "demo", *SMALL_DEMO, user=None)
    assert job.returncode == 0, job.stderr
    return path


def test_demo_arguments_are_checked_before_anything_is_dropped(demo_file):
    from station_app.demo import DemoOptions

    before = _digest(demo_file)
    job = cli(demo_file.parent, "--db", str(demo_file), "demo", "--entities", "-5", user=None)
    assert_no_traceback(job)
    # refused by the command line's bounded number (or by DemoOptions), before anything is dropped
    assert job.returncode == 2 and "--entities" in job.stderr and "数量" in job.stderr
    ctx = open_context(sqlite_url(demo_file), actor=WINDOW, migrate=False)
    try:
        for options, words in (
            (DemoOptions(complaints=-1), "投诉数量"),
            (DemoOptions(complaints_year=1800), "投诉年份"),
            (DemoOptions(entities=10**9), "经营主体数量"),
        ):
            with pytest.raises(StationError, match=words):
                ctx.services.demo.build(options)
    finally:
        ctx.close()
    assert _digest(demo_file) == before


def test_a_killed_demo_rebuild_leaves_the_old_demo(demo_file, tmp_path):
    """Killed at seeded moments of a rebuild: the old demo stays whole, every time."""
    rng = random.Random(SEED)
    target = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, target)
    entities = _rows(target, "SELECT count(*) FROM entity")
    cut = 0
    for _ in range(3):
        before = _rows(target, "SELECT instance FROM db_identity")
        _kill_after(rng.uniform(0.8, 2.5), "--db", str(target), "demo", *SMALL_DEMO)
        assert _rows(target, "PRAGMA integrity_check") == [("ok",)]
        assert _rows(target, "SELECT count(*) FROM entity") == entities
        assert _rows(target, "SELECT origin FROM db_identity") == [("demo",)]
        if list(tmp_path.glob(".demo.sqlite3.demo-build-*.sqlite3")):  # killed mid-build
            cut += 1
            assert _rows(target, "SELECT instance FROM db_identity") == before, "half swapped"
    assert cut, "no kill landed in the middle of a rebuild: the test proved nothing"
    new = tmp_path / "new-demo.sqlite3"
    _kill_after(1.0, "--db", str(new), "demo", *SMALL_DEMO)
    assert not new.exists(), "a killed first build must leave no half-made database"
    from station_app.data.restore import remove_stale

    for path in (target, new):  # what the next build (or restore) does first
        remove_stale(path, "demo-build")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def _kill_after(seconds: float, *args: str) -> None:
    from tests.reliability.helpers import _env

    child = subprocess.Popen(
        [sys.executable, "-m", "station_app", *args],
        cwd=ROOT,
        env=_env(Path(args[1]).parent, None),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(seconds)
    child.send_signal(signal.SIGKILL)
    child.wait(30)


def test_demo_backups_have_their_own_folder_and_names(demo_file, tmp_path, monkeypatch):
    from station_app import paths

    monkeypatch.setenv("STATION_HOME", str(tmp_path / "home"))
    real = tmp_path / "station.sqlite3"
    _station(real)
    demo = open_context(sqlite_url(demo_file), actor=WINDOW)
    station = open_context(sqlite_url(real), actor=WINDOW)
    try:
        made = demo.services.database.auto_backup()
        manual = demo.services.database.backup()
        assert made.parent == manual.parent == paths.demo_backup_dir()
        assert made.name.startswith("demo-daily-") and manual.name.startswith("demo-manual-")
        ours = station.services.database.auto_backup()  # the demo's does not count for ours
        assert ours is not None and ours.parent == paths.backup_dir()
        assert ours.name.startswith("station-daily-")
    finally:
        demo.close()
        station.close()


# -- a mistyped --db -----------------------------------------------------------------------------


def test_a_mistyped_db_path_is_an_error_naming_it_and_creates_nothing(tmp_path):
    typo = tmp_path / "statoin.sqlite3"
    job = cli(tmp_path, "--db", str(typo), "info")
    assert job.returncode == 3 and f"找不到数据库文件：{typo}" in job.stderr
    relative = subprocess.run(
        [sys.executable, "-m", "station_app", "--db", "sqlite:///statoin.sqlite3", "info"],
        cwd=tmp_path,
        env=_cli_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert relative.returncode == 3 and f"找不到数据库文件：{typo}" in relative.stderr
    assert "三个斜杠" in relative.stderr and "四个斜杠" in relative.stderr
    assert not typo.exists() and list(tmp_path.glob("*.sqlite3")) == []


def _cli_env(home: Path) -> dict[str, str]:
    from tests.reliability.helpers import _env

    return _env(home, USER)


def test_gui_start_on_a_mistyped_path_says_so(tmp_path):
    from station_app.startup import begin_gui

    class Args:
        db, demo = str(tmp_path / "nowhere.sqlite3"), False

    early = begin_gui(Args())
    assert early.ctx is None and isinstance(early.error, StationError)
    assert "找不到数据库文件" in early.error.message
    assert not (tmp_path / "nowhere.sqlite3").exists()
