"""What every demo step receives: the options of the build and the run (database, the one seeded
``random.Random``, progress, the counts it reports)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from station_app import clock
from station_app.data.engine import Database
from station_app.services.base import Progress


@dataclass
class DemoOptions:
    seed: int = 2026
    entities: int = 12_000  # used by the entity registry step
    complaints: int = 420  # used by the complaints step
    complaints_year: int | None = None  # received in this calendar year, else the last 12 months


@dataclass
class DemoRun:
    """What each step receives."""

    db: Database
    rng: random.Random
    options: DemoOptions
    progress: Progress
    counts: dict[str, int] = field(default_factory=dict)
    today: date = field(default_factory=clock.today)  # the day the demo is made (Beijing)


DemoStep = Callable[[DemoRun], None]
