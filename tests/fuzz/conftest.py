"""The fuzz suite (issue 17): malformed files and absurd command lines must end in a Chinese
message, never a traceback, and change nothing. Each child process that reads a file reports
its peak memory; the suite prints the largest at the end (``peak memory``)."""

from __future__ import annotations

import pytest

PEAKS: dict[str, float] = {}  # what was read → peak resident memory of its process, MB


def pytest_terminal_summary(terminalreporter):
    if not PEAKS:
        return
    name, peak = max(PEAKS.items(), key=lambda kv: kv[1])
    terminalreporter.write_sep("-", "fuzz: peak memory")
    terminalreporter.write_line(
        f"{len(PEAKS)} inputs read in child processes; largest peak {peak:,.0f} MB ({name})"
    )


@pytest.fixture
def peaks() -> dict[str, float]:
    return PEAKS
