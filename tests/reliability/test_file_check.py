"""Issue 21, item 1: the GUI's background file check must never corrupt a SQLite database that
another process writes at the same time.

Closing any descriptor of the database file drops all of the process's POSIX locks on it,
SQLite's included; the next process that closes its last connection then believes it is alone,
checkpoints and deletes the WAL under the open window, and a few writes later the b-tree is
corrupt. Each round here is what a station does every day: the window opens the file as the GUI
does (``deep_check=False``), writes, runs the background check, and a scheduled job writes
through the command line in its own process, interleaved with the window's own writes. Then
``PRAGMA integrity_check`` must say ``ok`` and every committed row must be there.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from station_app.bootstrap import open_context
from station_app.data.engine import sqlite_url
from station_app.domain.auth import ADMIN, Actor
from tests.reliability.helpers import PASSWORD, USER, assert_no_traceback, cli

ROUNDS = 20
CLI_WRITES_PER_ROUND = 2  # the damage needs two: one deletes the WAL, the next makes a new one
WINDOW_BATCH = 8  # captures the window saves between two jobs (the b-tree must split to show it)
SEED = 20261121
WINDOW = Actor(None, "window", ADMIN, "窗口")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, sqlite_template) -> tuple[Path, int]:
    """A migrated database with a user for the command line and one grid (GZ01)."""
    from station_app.services.roster import GridData

    base = tmp_path_factory.mktemp("file-check") / "base.sqlite3"
    shutil.copy(sqlite_template, base)
    ctx = open_context(sqlite_url(base), actor=WINDOW)
    try:
        ctx.services.users.add_user(USER, "管理员", ADMIN, PASSWORD)
        grid, _ = ctx.services.roster.save_grid(
            GridData(code="GZ01", name="城关一网格", communities=("人民路社区",))
        )
    finally:
        ctx.close()
    return base, grid.id


def _capture(ctx, grid_id: int, name: str, count: int = 1) -> int:
    """``count`` captures saved one by one, as an officer types them in; returns ``count``."""
    from station_app.services.sweeps import SweepData

    for i in range(count):
        data = SweepData(grid_id=grid_id, name=f"{name}-{i}", address="城关镇人民路" * 6)
        ctx.services.sweeps.capture(data)
    return count


def _one_round(n: int, rng: random.Random, base: Path, grid_id: int, tmp: Path) -> str:
    """One day of a window and a scheduled job on the same file; '' when the file is intact,
    else what is wrong with it."""
    path = tmp / f"round-{n}.sqlite3"
    shutil.copy(base, path)  # no connection exists yet: a plain copy is safe here
    window = open_context(sqlite_url(path), actor=WINDOW, deep_check=False)  # as the GUI opens
    mine = theirs = 0
    try:
        mine += _capture(window, grid_id, f"窗口店{n}")
        window.services.database.check_file()  # MainWindow.start_background_checks
        for step in range(CLI_WRITES_PER_ROUND):
            name = f"任务店{n}-{step}"
            job = cli(tmp, "--db", str(path), "sweeps", "add", "--grid", "GZ01", "--name", name)
            assert_no_traceback(job)
            assert job.returncode == 0, job.stderr
            theirs += 1
            batch = rng.randint(1, WINDOW_BATCH)
            mine += _capture(window, grid_id, f"窗口店{n}-{step}", batch)
    finally:
        window.close()
    with sqlite3.connect(path) as con:  # the file as the next start (or a recovery tool) sees it
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
            count = con.execute("SELECT count(*) FROM sweep_capture").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            result, count = str(exc), -1
    con.close()
    if result != "ok":
        return f"round {n}: integrity_check: {result}"
    if count != mine + theirs:
        return f"round {n}: {count} captures on file, {mine + theirs} committed"
    return ""


def test_background_file_check_beside_a_cli_writer_never_corrupts(prepared, tmp_path):
    base, grid_id = prepared
    rng = random.Random(SEED)
    found = [_one_round(n, rng, base, grid_id, tmp_path) for n in range(ROUNDS)]
    bad = [b for b in found if b]
    corrupt = sum("integrity_check" in b for b in bad)
    assert bad == [], (
        f"{corrupt}/{ROUNDS} rounds corrupt, {len(bad) - corrupt} more lost committed writes:\n"
        + "\n".join(bad)
    )
