"""What the reliability attacks share: the CLI as a separate process, a prepared database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "admin", "reliability-pass-1"


def _env(home: Path, user: str | None = USER) -> dict[str, str]:
    env = {**os.environ, "STATION_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    # PYTHONDONTWRITEBYTECODE would recompile ~100 modules in every child (~0.2 s each)
    for key in ("STATION_DB_URL", "STATION_USER", "STATION_PASSWORD", "PYTHONDONTWRITEBYTECODE"):
        env.pop(key, None)
    if user:
        env.update(STATION_USER=user, STATION_PASSWORD=PASSWORD)
    return env


def cli(home: Path, *args: str, user: str | None = USER, timeout: float = 120):
    """``station-app ARGS`` in its own process, signed in as ``user`` (a scheduled job)."""
    return subprocess.run(
        [sys.executable, "-m", "station_app", *args],
        cwd=ROOT,
        env=_env(home, user),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
