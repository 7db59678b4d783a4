"""Printing for the CLI: Chinese errors on stderr, JSON on request, a text progress bar."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from station_app.errors import StationError


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_error(exc: StationError, *, as_json: bool = False) -> None:
    if as_json:
        print_json({"ok": False, "error": exc.message, "field": getattr(exc, "field", "")})
    print(f"错误：{exc.message}", file=sys.stderr)


class TextProgress:
    """``Progress`` for the terminal: one line rewritten at most 5 times a second."""

    def __init__(self, stream=None) -> None:
        self._stream = stream or sys.stderr
        self._last = 0.0

    def report(self, done: int, total: int, text: str = "") -> None:
        now = time.monotonic()
        if now - self._last < 0.2 and done < total:
            return
        self._last = now
        pct = f"{100 * done // total:3d}%" if total else "   "
        end = "\n" if total and done >= total else ""
        if self._stream.isatty():
            self._stream.write(f"\r{pct} {text}".ljust(60) + end)
        elif end:
            self._stream.write(f"{pct} {text}\n")
        self._stream.flush()

    @property
    def cancelled(self) -> bool:
        return False
