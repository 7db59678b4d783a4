"""双随机一公开 draws (issue #18): ``DrawService`` and its DTOs. The algorithm is
``domain/draws.py`` (published in ``docs/draws.md``); the design ``docs/areas/campaigns.md``
§7. Any thread; each call opens its own session."""

from __future__ import annotations

from station_app.services.draws.pools import DrawSettings, DrawSpec
from station_app.services.draws.printing import DrawPrinting
from station_app.services.draws.records import (
    DrawnObject,
    DrawRecords,
    DrawView,
    RecusalLine,
    Verification,
)
from station_app.services.draws.results import ConflictView, DrawResults, ItemView
from station_app.services.draws.runs import KIND, DrawRuns, PoolPreview

__all__ = [
    "KIND",
    "ConflictView",
    "DrawService",
    "DrawSettings",
    "DrawSpec",
    "DrawView",
    "DrawnObject",
    "ItemView",
    "PoolPreview",
    "RecusalLine",
    "Verification",
]


class DrawService(DrawRuns, DrawRecords, DrawResults, DrawPrinting):
    """Pools, preview and run; stored draws, verification, pool export; results, the 公示,
    the recusal register, settings and the 抽查事项清单."""
