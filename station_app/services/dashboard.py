"""首页 dashboard (工作台): tiles (counts with a warning level) and chart series, from providers.

Each module registers ``provider(db, today) -> (tiles, series)`` in ``DASHBOARD_PROVIDERS``.
Every tile and series names the page and filter that show the records behind it, so a click
opens the filtered list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from station_app.clock import Clock
from station_app.data.engine import Database
from station_app.services.auth import Auth
from station_app.services.base import Service

OK, WARN, ALERT = "ok", "warn", "alert"


@dataclass(frozen=True)
class Tile:
    key: str
    title: str  # "超期未办结投诉"
    value: int | str
    note: str = ""  # one line under the value
    level: str = OK
    page: str = "home"
    criteria: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Series:
    key: str
    title: str
    kind: str  # "line" | "bar" | "pie"
    points: tuple[tuple[str, float], ...]
    unit: str = ""
    page: str = "home"
    criteria: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Dashboard:
    today: date
    tiles: tuple[Tile, ...]
    series: tuple[Series, ...]


DashboardProvider = Callable[[Database, date], tuple[Sequence[Tile], Sequence[Series]]]
DASHBOARD_PROVIDERS: list[DashboardProvider] = []


class DashboardService(Service):
    def __init__(
        self,
        db: Database,
        auth: Auth,
        providers: Sequence[DashboardProvider] | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(db, auth, clock=clock)
        self._providers = providers

    def build(self, today: date | None = None) -> Dashboard:
        """Read-only; any signed-in role. Alerts first, then warnings, then the rest."""
        self._auth.require("data.view")
        today = today or self._clock.today()
        tiles: list[Tile] = []
        series: list[Series] = []
        providers = DASHBOARD_PROVIDERS if self._providers is None else self._providers
        for provider in providers:
            more_tiles, more_series = provider(self._db, today)
            tiles += more_tiles
            series += more_series
        order = {ALERT: 0, WARN: 1, OK: 2}
        tiles.sort(key=lambda t: order.get(t.level, 3))
        return Dashboard(today, tuple(tiles), tuple(series))
