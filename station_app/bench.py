"""``python -m station_app.bench``: measured figures, each beside a baseline measured in the same
run, and their ratio. Not a test: it prints numbers; the targets live in the issues.

Each area adds a function to ``BENCHES`` returning ``Figure`` values. ``--json`` prints
``{"figures": [{"name", "value", "unit"}, ...]}``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str


@dataclass
class BenchConfig:
    runs: int
    home: Path  # STATION_HOME for the subprocesses (a throwaway folder)
    db_url: str | None  # PostgreSQL URL to bench as well, when given
    audit_rows: int = 1_000_000
    entities: int | None = None  # --entities: size of the entity registry benches
    complaints: int | None = None  # --complaints: complaints of the report bench's year
    cache: Path | None = None  # --cache: keep (and reuse) the report bench's SQLite database


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


def _env(cfg: BenchConfig) -> dict[str, str]:
    env = dict(os.environ)
    env["STATION_HOME"] = str(cfg.home)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("STATION_DB_URL", None)
    # An installed application starts from compiled bytecode; a shell that forbids writing
    # .pyc files would make every run recompile (~150 ms) and time the compiler, not us.
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    env.update(STATION_USER="admin", STATION_PASSWORD="station-demo")  # the demo's admin
    return env


def _time_to_shown(args: list[str], cfg: BenchConfig) -> float:
    env = _env(cfg)
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
        env=_env(cfg),
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


def _bench_audit(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench_audit import bench_audit

    return bench_audit(cfg)


def _bench_documents(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench_documents import bench_documents

    return bench_documents(cfg)


def _bench_entities(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench_entities import bench_entities

    return bench_entities(cfg)


def _bench_report(cfg: BenchConfig) -> list[Figure]:
    from station_app.bench_reports import bench_report

    return bench_report(cfg)


def bench_installers(cfg: BenchConfig) -> list[Figure]:
    """The installers' sizes and the installed start-up, as the last ``installers/ci.sh`` run
    measured them (``dist/``): the .deb's start-up runs in a clean bullseye root beside the
    source tree's (target ≤ 2×); the Windows one under Wine is reported, not targeted."""
    dist = Path(__file__).resolve().parent.parent / "dist"
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


BENCHES: dict[str, Callable[[BenchConfig], list[Figure]]] = {
    "startup": bench_startup,
    "audit": _bench_audit,
    "documents": _bench_documents,
    "entities": _bench_entities,
    "report": _bench_report,
    "installers": bench_installers,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m station_app.bench", description="性能测量")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument("--runs", type=int, default=5, help="每项测量次数（取中位数）")
    parser.add_argument("--only", action="append", choices=sorted(BENCHES), help="只测这几项")
    parser.add_argument("--entities", type=int, default=None, help="经营主体数量（相关测量用）")
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL"), help="同时测 PostgreSQL")
    parser.add_argument("--audit-rows", type=int, default=1_000_000, help="校验测量的日志条数")
    parser.add_argument("--complaints", type=int, default=None, help="报表测量的年度投诉数量")
    parser.add_argument("--cache", default=None, help="保留并复用报表测量的数据库的文件夹")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="station-bench-") as home:
        cfg = BenchConfig(
            runs=max(1, args.runs), home=Path(home), db_url=args.pg, audit_rows=args.audit_rows
        )
        cfg.entities = args.entities
        cfg.complaints = args.complaints
        cfg.cache = Path(args.cache) if args.cache else None
        figures: list[Figure] = []
        for name in args.only or list(BENCHES):
            figures += BENCHES[name](cfg)
    if args.json:
        print(json.dumps({"figures": [asdict(f) for f in figures]}, ensure_ascii=False, indent=2))
    else:
        for f in figures:
            print(f"{f.name:32} {f.value:>10} {f.unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
