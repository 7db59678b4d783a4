"""The station's clock: what day it is in Asia/Shanghai (UTC+8, no daylight saving since 1991).

One :class:`Clock` lives on the application context (``AppContext.clock``) and every service
reads today's date from it, never from ``date.today()`` (the PC's own zone, which may be UTC on
a server or a misconfigured PC). Tests set the day with :meth:`Clock.set_day`. A leaf module
like ``errors``: any layer may import it; ``domain/`` still takes ``today`` as an argument.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def now() -> datetime:
    """The current moment, aware, in Beijing time."""
    return datetime.now(SHANGHAI)


def today() -> date:
    """Today's date in Beijing time (what the station's calendar says)."""
    return now().date()


class Clock:
    """Today's date for the services. Thread-safe to read; set only in tests and tools."""

    def __init__(self, day: date | None = None) -> None:
        self._day = day

    def today(self) -> date:
        """The fixed day when one was set, otherwise :func:`today`."""
        return self._day if self._day is not None else today()

    def now(self) -> datetime:
        """The current moment in Beijing time; on a fixed day, that day at the current time."""
        moment = now()
        if self._day is None:
            return moment
        return datetime.combine(self._day, moment.timetz())

    def now_utc(self) -> datetime:
        """:meth:`now` in UTC (what the database stores)."""
        return self.now().astimezone(UTC)

    def set_day(self, day: date | None) -> None:
        """Fix the day (tests, the demo's "as of" date); ``None`` follows the real clock again."""
        self._day = day
