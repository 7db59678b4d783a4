"""The installers (``installers/ci.sh``): their sizes and the installed start-up, as the last
run left them in ``dist/``."""

from __future__ import annotations

import json
from pathlib import Path

from station_app.bench.base import BenchConfig, Figure


def bench_installers(cfg: BenchConfig) -> list[Figure]:
    """The installers' sizes and the installed start-up, as the last ``installers/ci.sh`` run
    measured them (``dist/``): the .deb's start-up runs in a clean bullseye root beside the
    source tree's (target ≤ 2×); the Windows one under Wine is reported, not targeted."""
    dist = Path(__file__).resolve().parents[2] / "dist"
    figures = [
        Figure(f"installer.{kind}_size", round(path.stat().st_size / 1e6, 1), "MB")
        for kind, pattern in (("windows", "*-win-amd64-setup.exe"), ("deb", "*_amd64.deb"))
        for path in sorted(dist.glob(pattern))[-1:]
    ]
    for name, key in (("deb-test.json", "deb"), ("windows-test.json", "wine")):
        try:
            results = json.loads((dist / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if "startup_installed_s" in results:
            figures.append(Figure(f"startup.installed_{key}", results["startup_installed_s"], "s"))
            figures.append(Figure(f"startup.installed_{key}_ratio", results["startup_ratio"], "x"))
        if "startup_main_window_s" in results:
            figures.append(
                Figure(f"startup.installed_{key}", results["startup_main_window_s"], "s")
            )
    return figures
