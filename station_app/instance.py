"""A mark that the application is running, for the Windows installer to see.

The installer (``installers/windows/station-desk.nsi``) refuses to replace the program's files
while any ``station-desk`` window or ``station-app`` command (a scheduled backup) still runs:
it looks for this named mutex, as Inno Setup's ``AppMutex`` does. Windows releases the mutex
when the process ends, however it ends. Nothing happens on other systems: replacing files under
a running process is harmless there (the process keeps the old ones until it restarts).
"""

from __future__ import annotations

import sys

MUTEX_NAME = "StationDesk.Running"
_handle: object | None = None


def mark_running() -> None:
    """Hold the named mutex for the life of this process (Windows only; never fails)."""
    global _handle
    if sys.platform != "win32" or _handle is not None:
        return
    try:
        import ctypes

        _handle = ctypes.windll.kernel32.CreateMutexW(None, False, MUTEX_NAME)  # type: ignore[attr-defined]
    except (OSError, AttributeError):  # an installer check is a courtesy, never a reason to stop
        _handle = None
