"""The roster's lists (网格花名册): what each list row shows and what its filter may ask. Pure.

The rules (roles, staffing, validation) are in :mod:`station_app.domain.roster_rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

GRID_COLUMNS = (
    "code",
    "name",
    "communities",
    "supervision_group",
    "specialist",
    "workers",
    "people",
    "entities",
    "cd_entities",
    "warnings",
)
"""Column keys of a grid row (``GridRows.fetch_rows``); any of them sorts."""

PERSON_COLUMNS = (
    "name",
    "gender",
    "roles",
    "organisation",
    "phone",
    "supervision_group",
    "grids",
    "cert",
    "status",
)
"""Column keys of a person row (``PersonRows.fetch_rows``); ``grids`` sorts by name."""

TRAINING_COLUMNS = ("held_on", "topic", "lecturer", "hours", "location", "attendance")
"""Column keys of a training row (``TrainingRows.fetch_rows``); any of them sorts."""


@dataclass(frozen=True)
class GridFilter:
    """Every grid (a station has tens), staffed as on ``on`` (``None``: the clock's today)."""

    on: date | None = None


@dataclass(frozen=True)
class PersonFilter:
    """People matching ``text`` (name, pinyin initials or full pinyin, phone digits), with
    ``role`` among their roles (a ``roster_rules.PERSON_ROLES`` code), in one supervision
    group; those who left only with ``include_left``."""

    text: str = ""
    role: str = ""
    group: str = ""
    include_left: bool = False


@dataclass(frozen=True)
class TrainingFilter:
    """Trainings held in ``year`` (0: every year), newest first by default."""

    year: int = 0
