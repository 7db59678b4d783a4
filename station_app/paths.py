"""Where things live: user data, logs and preferences (platformdirs), and bundled resources.

Bundled resources (``resources/``, ``db/``) sit beside the package in a source checkout or an
editable install, and under ``sys._MEIPASS`` in a PyInstaller onedir bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from station_app import APP_NAME

_AUTHOR = "StationDesk"


def _dirs():
    import platformdirs

    return platformdirs.PlatformDirs(APP_NAME, _AUTHOR, roaming=False)


def user_data_dir() -> Path:
    """Data directory (databases, backups). ``STATION_HOME`` overrides it (tests, portable use)."""
    home = os.environ.get("STATION_HOME")
    return Path(home) / "data" if home else Path(_dirs().user_data_dir)


def user_config_dir() -> Path:
    home = os.environ.get("STATION_HOME")
    return Path(home) / "config" if home else Path(_dirs().user_config_dir)


def user_log_dir() -> Path:
    home = os.environ.get("STATION_HOME")
    return Path(home) / "logs" if home else Path(_dirs().user_log_dir)


def default_db_path() -> Path:
    return user_data_dir() / "station.sqlite3"


def demo_db_path() -> Path:
    return user_data_dir() / "demo.sqlite3"


def backup_dir() -> Path:
    return user_data_dir() / "backups"


def county_anchors_path() -> Path:
    """Where ``county merge`` keeps each station's audit anchors between runs (the county's
    side; ``exports/county_anchors.py``)."""
    return user_data_dir() / "county" / "county-anchors.json"


def demo_backup_dir() -> Path:
    """Backups of a demo database: their own folder, never beside a station's real ones (the
    daily backup's "one a day" and its pruning count per folder)."""
    return user_data_dir() / "demo-backups"


def install_root() -> Path:
    """The folder holding ``resources/`` and ``db/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return install_root().joinpath("resources", *parts)


def migrations_dir() -> Path:
    return install_root() / "db"
