"""SIGKILL a process while it writes batches, 50 times: every time the database opens, passes
PRAGMA integrity_check, holds only whole batches, and its audit chain verifies."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station_app.bootstrap import open_context
from station_app.domain.auth import ADMIN, Actor
from tests.support.crash_writer import BATCH

ROOT = Path(__file__).resolve().parents[2]
KILLS = 50


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_sigkill_during_batch_writes_never_leaves_partial_batches(sqlite_url):
    rng = random.Random(20261122)
    path = sqlite_url.removeprefix("sqlite:///")
    committed_before = 0
    for attempt in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.support.crash_writer", sqlite_url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout.readline().strip() == "READY", child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        with sqlite3.connect(path) as con:  # the raw file, as a recovery tool would see it
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            communities = con.execute("SELECT count(*) FROM community").fetchone()[0]
            audited = con.execute(
                "SELECT count(*) FROM audit_log WHERE kind = 'community'"
            ).fetchone()[0]
        con.close()
        assert communities % BATCH == 0, f"partial batch after kill {attempt}: {communities}"
        assert audited == communities, "audit rows and records must commit together"
        assert communities >= committed_before
        committed_before = communities
        ctx = open_context(sqlite_url, actor=Actor(None, "checker", ADMIN))
        try:
            result = ctx.services.audit.verify()
            assert result.ok, f"audit chain broken after kill {attempt}: {result}"
        finally:
            ctx.close()
    assert committed_before > 0, "the writer never committed: the test proved nothing"
