"""User preferences on disk (not in the database): each setting declared once with its key,
default, type and Chinese label, like Picard's options. Window geometry is kept apart by the GUI.

Stored as JSON in the user config directory with a format version; ``_UPGRADES`` maps an old
version to a function that rewrites the stored dict, so old files keep working.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station_app import paths

log = logging.getLogger(__name__)
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    type: type
    label: str
    choices: tuple[tuple[Any, str], ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "ui.start_page",
        "home",
        str,
        "启动后显示的页面",
        (("home", "首页"), ("last", "上次关闭时的页面")),
    ),
    Setting("ui.last_page", "home", str, "上次关闭时的页面"),
    Setting("ui.font_point_size", 10, int, "界面字号（磅）"),
    Setting("backup.daily", True, bool, "每天自动备份数据库"),
    Setting("login.last_user", "", str, "上次登录的用户"),
)
_BY_KEY = {s.key: s for s in SETTINGS}
_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class Preferences:
    """Read at start, written on change. GUI thread only (not shared across threads)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.user_config_dir() / "preferences.json"
        self._values: dict[str, Any] = {}
        self._load()

    def _load(self) -> None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            log.warning("preferences unreadable, using defaults: %s", exc)
            return
        version = int(raw.get("version", 1))
        values = raw.get("values", {})
        while version in _UPGRADES:
            values = _UPGRADES[version](values)
            version += 1
        self._values = {k: v for k, v in values.items() if k in _BY_KEY}

    def get(self, key: str) -> Any:
        setting = _BY_KEY[key]
        value = self._values.get(key, setting.default)
        return value if isinstance(value, setting.type) else setting.default

    def set(self, key: str, value: Any) -> None:
        setting = _BY_KEY[key]
        if not isinstance(value, setting.type):
            raise TypeError(f"{key} expects {setting.type.__name__}")
        self._values[key] = value
        self.save()

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            data = {"version": FORMAT_VERSION, "values": self._values}
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("cannot save preferences to %s: %s", self.path, exc)
