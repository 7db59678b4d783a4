"""The list contracts of price monitoring: the columns and filters of the 监测对象, 预警信号 and
监测记录 lists (``service.*_rows(filter)``, docs/DEVELOPING.md "A list")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SUBJECT_COLUMNS = (
    "entity",
    "name",
    "kind",
    "klass",
    "district",
    "posted",
    "last_day",
    "last_price",
)
FLAG_COLUMNS = (
    "day",
    "subject",
    "entity",
    "price",
    "baseline",
    "ratio",
    "rule",
    "state",
    "explanation",
)
OBSERVATION_COLUMNS = (
    "observed_at",
    "subject",
    "price",
    "source",
    "platform",
    "recorded_by",
    "status",
)


@dataclass(frozen=True)
class SubjectFilter:
    """A text in the entity's name, the market or the room type; one group; one 档次."""

    text: str = ""
    group_id: int | None = None
    klass: str = ""
    active_only: bool = True


@dataclass(frozen=True)
class FlagFilter:
    """Flags of a span of days, in a state (``None``: any; ``"open"``: 待处理/已告诫/核查中),
    of one rule series, of one subject."""

    first: date | None = None
    last: date | None = None
    state: str | None = None
    series: int | None = None
    subject_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class ObservationFilter:
    subject_id: int | None = None
    first: date | None = None
    last: date | None = None
    include_voided: bool = True
