"""The patrol area's lists: what each row shows and what its filter may ask. Pure.

``PatrolService.tasks_rows(filter)``, ``records_rows``, ``hazards_rows`` and
``samplings_rows`` return ``<Area>Rows`` (``services.base.Rows``) with these column keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TASK_COLUMNS = (
    "due_on",
    "kind",
    "entity",
    "address",
    "grade",
    "grid",
    "person",
    "role",
    "status",
    "window_end",
)
"""Column keys of a plan task row (``due_on``, ``entity``, ``grid``, ``person`` and
``status`` sort in SQL)."""

TASK_STATUS_FILTERS = ("pending", "done", "overdue", "attempted", "open")
"""``pending`` open; ``done`` fulfilled; ``overdue`` open past its window; ``attempted``
open after a 闭门未遇 visit; ``open`` not done (pending or attempted: 未完成)."""


@dataclass(frozen=True)
class TaskFilter:
    """Tasks due ``first`` … ``last`` (either ``None``: unbounded) of one grid, person, kind,
    status (``TASK_STATUS_FILTERS``) or entity, matching ``text`` (name, address, USCC)."""

    first: date | None = None
    last: date | None = None
    grid_id: int | None = None
    person_id: int | None = None
    kind: str | None = None
    status: str | None = None
    entity_id: int | None = None
    text: str = ""
    grid_ids: frozenset[int] | None = None  # a grid worker's reach (the service sets it)


RECORD_COLUMNS = (
    "at",
    "entity",
    "kind",
    "source",
    "result",
    "inspectors",
    "hazards",
    "grid",
    "checklist",
)


@dataclass(frozen=True)
class RecordFilter:
    first: date | None = None
    last: date | None = None
    grid_id: int | None = None
    kind: str | None = None
    source: str | None = None
    result: str | None = None
    entity_id: int | None = None
    text: str = ""


HAZARD_COLUMNS = (
    "found_on",
    "entity",
    "category",
    "severity",
    "description",
    "state",
    "deadline",
    "rechecks",
    "grid",
    "notice",
)

HAZARD_STATE_FILTERS = ("open", "overdue", "closed")
"""``open`` 待整改 (overdue included); ``overdue`` 整改逾期; ``closed`` any final state."""


@dataclass(frozen=True)
class HazardFilter:
    state: str | None = None
    category: str | None = None
    grid_id: int | None = None
    entity_id: int | None = None
    first: date | None = None
    last: date | None = None
    text: str = ""
    grid_ids: frozenset[int] | None = None  # a grid worker's reach (the service sets it)


SAMPLING_COLUMNS = (
    "sampled_on",
    "entity",
    "product",
    "batch",
    "qualified",
    "failed_items",
    "report_no",
    "agency",
)


@dataclass(frozen=True)
class SamplingFilter:
    qualified: bool | None = None
    entity_id: int | None = None
    first: date | None = None
    last: date | None = None
    text: str = ""
