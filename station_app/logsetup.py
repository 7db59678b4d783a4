"""Logging to a rotating file in the user log directory (and stderr for the CLI)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from station_app import files, paths
from station_app.errors import StationError

LOG_FILE = "station.log"


def log_file() -> Path:
    return paths.user_log_dir() / LOG_FILE


def setup_logging(*, verbose: bool = False, to_stderr: bool = False) -> Path | None:
    """Configure the root logger once. Returns the log file, or None if it cannot be written
    (the application still runs; the reason goes to stderr)."""
    root = logging.getLogger()
    if getattr(root, "_station_configured", False):
        return log_file()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    path: Path | None = log_file()
    try:
        files.private_dir(path.parent, own=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        files.restrict(path)  # the log names users and records: owner-only
        handler.setFormatter(fmt)
        root.addHandler(handler)
    except (OSError, StationError) as exc:
        print(f"警告：无法写入日志文件 {path}：{exc}", file=sys.stderr)
        path = None
    if to_stderr or verbose:
        err = logging.StreamHandler(sys.stderr)
        err.setLevel(logging.DEBUG if verbose else logging.WARNING)
        err.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        root.addHandler(err)
    root._station_configured = True  # type: ignore[attr-defined]
    return path
