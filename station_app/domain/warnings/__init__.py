"""Early warnings (预警): the pure rules of issue #19 (docs/areas/prices.md §9).

* :mod:`.kinds` — the kinds and their vocabulary (prepaid industry and tags, resolutions);
* :mod:`.thresholds` — each threshold with label, unit, bounds and plain sentence;
* :mod:`.states` — 新 → 已确认 → 已处置;
* :mod:`.evaluate` — each kind on plain aggregates, with title and explanation; the merge of a
  scan with the stored warnings.
"""

from __future__ import annotations

from station_app.domain.warnings.evaluate import Candidate, Merge, Stored, merge
from station_app.domain.warnings.kinds import KIND_LABELS, KINDS
from station_app.domain.warnings.states import ACKED, NEW, RESOLVED, STATES
from station_app.domain.warnings.thresholds import (
    DEFAULTS,
    THRESHOLDS,
    Thresholds,
    parse_thresholds,
)

__all__ = [
    "ACKED",
    "DEFAULTS",
    "KINDS",
    "KIND_LABELS",
    "NEW",
    "RESOLVED",
    "STATES",
    "THRESHOLDS",
    "Candidate",
    "Merge",
    "Stored",
    "Thresholds",
    "merge",
    "parse_thresholds",
]
