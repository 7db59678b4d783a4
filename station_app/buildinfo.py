"""Which build is running: the source commit and how the application was packaged.

An installer build writes ``station_app/_build.py`` (``COMMIT``, ``PACKAGING``) into the copy of
the sources it packs (``installers/build.py``); a source checkout asks git instead. Nothing here
runs at start-up: ``station-app info`` and ``selftest`` ask.
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

SOURCE = "source"


@cache
def commit() -> str | None:
    """The commit the running code was built from (``+dirty`` when the checkout had changes);
    None when neither a build stamp nor git can tell."""
    stamp = _stamp()
    if stamp is not None:
        return getattr(stamp, "COMMIT", None)
    return _git_commit(Path(__file__).resolve().parent.parent)


def packaging() -> str:
    """``windows-embedded``, ``linux-pyinstaller`` (as stamped by the build) or ``source``."""
    stamp = _stamp()
    if stamp is not None:
        return str(getattr(stamp, "PACKAGING", SOURCE))
    return "pyinstaller" if getattr(sys, "frozen", False) else SOURCE


def _stamp():
    try:
        from station_app import _build  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _build


def _git_commit(root: Path) -> str | None:
    if not (root / ".git").exists():
        return None
    try:
        head = _git(root, "rev-parse", "--short=12", "HEAD")
        dirty = _git(root, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    if not head:
        return None
    return head + ("+dirty" if dirty else "")


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, check=True
    )
    return result.stdout.strip()
