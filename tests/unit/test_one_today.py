"""One Asia/Shanghai "today" for every date (issue 17): documents, the report's 填报日期, notices,
record times and forms' default dates all come from ``station_app.clock``, never from the PC's
own zone (``date.today()`` / naive ``datetime.now()``: UTC on a server, a wrong zone on a PC)."""

from __future__ import annotations

import re
from pathlib import Path

import station_app

PC_ZONE = re.compile(r"\bdate\.today\(\)|\bdatetime\.(?:now|today)\(\s*\)")


def test_no_date_comes_from_the_pcs_own_zone():
    root = Path(station_app.__file__).parent
    found = [
        f"{path.relative_to(root)}:{n}: {line.strip()}"
        for path in root.rglob("*.py")
        if path.name != "clock.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PC_ZONE.search(line)
    ]
    assert found == []


def test_the_clock_is_beijing_time_whatever_the_pc_says(monkeypatch):
    import time
    from datetime import UTC, datetime

    from station_app import clock

    monkeypatch.setenv("TZ", "Etc/GMT+12")  # a PC twelve hours behind UTC
    time.tzset()
    try:
        utc = datetime.now(UTC)
        assert clock.now().utcoffset().total_seconds() == 8 * 3600
        assert abs((clock.now() - utc).total_seconds()) < 5
    finally:
        monkeypatch.undo()
        time.tzset()
