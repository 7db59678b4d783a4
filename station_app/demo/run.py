"""What every demo step receives: the options of the build and the run (database, the one seeded
``random.Random``, progress, the counts it reports)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from station_app import clock
from station_app.data.engine import Database
from station_app.errors import ValidationError
from station_app.services.base import Progress

MAX_ENTITIES = 2_000_000
MAX_COMPLAINTS = 200_000
FIRST_YEAR = 2000


@dataclass
class DemoOptions:
    seed: int = 2026
    entities: int = 12_000  # used by the entity registry step
    complaints: int = 420  # used by the complaints step
    complaints_year: int | None = None  # received in this calendar year, else the last 12 months

    def validate(self, today: date | None = None) -> DemoOptions:
        """Refuse options the steps cannot use, before anything is built or dropped."""
        this_year = (today or clock.today()).year
        if not 0 <= self.entities <= MAX_ENTITIES:
            raise ValidationError(
                f"经营主体数量应在 0 到 {MAX_ENTITIES} 之间（现为 {self.entities}）。",
                field="entities",
            )
        if not 0 <= self.complaints <= MAX_COMPLAINTS:
            raise ValidationError(
                f"投诉数量应在 0 到 {MAX_COMPLAINTS} 之间（现为 {self.complaints}）。",
                field="complaints",
            )
        year = self.complaints_year
        if year is not None and not FIRST_YEAR <= year <= this_year:
            raise ValidationError(
                f"投诉年份应在 {FIRST_YEAR} 到 {this_year} 之间（现为 {year}）。",
                field="complaints_year",
            )
        return self


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
