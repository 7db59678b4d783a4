"""Start-up: process start → main window shown, on a demo database, against a bare PySide6
window (target ≤ 4×; docs/DEVELOPING.md, start-up)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from station_app.bench.base import BenchConfig, Figure, bench_env

BARE_QT = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800); w.show()
def report():
    print(f"BENCH_SHOWN {time.time() - float(os.environ['STATION_BENCH_T0']):.4f}", flush=True)
    app.quit()
QTimer.singleShot(0, report)
app.exec()
"""


def _time_to_shown(args: list[str], cfg: BenchConfig) -> float:
    env = bench_env(cfg)
    env["STATION_BENCH_T0"] = repr(time.time())
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH_SHOWN "):
            return float(line.split()[1])
    raise RuntimeError(f"no BENCH_SHOWN from {args}: rc={proc.returncode}\n{proc.stderr[-2000:]}")


def bench_startup(cfg: BenchConfig) -> list[Figure]:
    """Process start → main window shown, on a demo database, against a bare PySide6 window."""
    subprocess.run(
        [sys.executable, "-m", "station_app", "demo"],
        env=bench_env(cfg),
        check=True,
        capture_output=True,
    )
    # interleaved, so that a slower spell of the machine weighs on both alike
    app_args, bare_args = (
        [sys.executable, "-m", "station_app", "--demo"],
        [sys.executable, "-c", BARE_QT],
    )
    _time_to_shown(app_args, cfg)  # warm-up: bytecode compiled, files in the page cache
    _time_to_shown(bare_args, cfg)
    apps, bares = [], []
    for _ in range(cfg.runs):
        apps.append(_time_to_shown(app_args, cfg))
        bares.append(_time_to_shown(bare_args, cfg))
    app, bare = statistics.median(apps), statistics.median(bares)

    return [
        Figure("startup.main_window", round(app, 4), "s"),
        Figure("startup.bare_qt", round(bare, 4), "s"),
        Figure("startup.ratio", round(app / bare, 2), "x"),
    ]
