"""Printing for the CLI: Chinese errors on stderr, JSON on request, a text progress bar."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from station_app.errors import StationError


def ensure_chinese_output() -> None:
    """Let stdout/stderr carry Chinese whatever the system's code page: a Windows without a
    Chinese locale redirects output to files in cp1252, where every message would raise
    UnicodeEncodeError. Such streams are switched to UTF-8; consoles and GBK stay as they are."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not encoding or not hasattr(stream, "reconfigure"):
            continue
        try:
            "中文".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            stream.reconfigure(encoding="utf-8")
        else:  # GBK has no U+FFFD, which stands in for undecodable output of other programs
            stream.reconfigure(errors="replace")


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
