"""The lists and figures of the visits area (走访服务): the list contract of visits and
requests, and the figures with their printed definitions. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from station_app.domain.report_model import RateDef

# -- lists --------------------------------------------------------------------------------------
LIST_COLUMNS = (
    "at",
    "subject",
    "grid",
    "team",
    "topics",
    "requests",
    "solved",
    "entered_by",
)
"""Column keys of a visit row (``VisitRows.fetch_rows``): 时间, 主体/地点, 网格, 服务队, 事项,
诉求, 已解决, 登记人. ``at``, ``grid`` and ``team`` sort in SQL."""

REQUEST_COLUMNS = ("at", "subject", "topic", "text", "outcome", "handler", "outcome_at", "due_on")
"""Column keys of a request row (``RequestRows.fetch_rows``): 走访时间, 主体/地点, 事项, 诉求,
办理结果, 办理人/去向, 办理时间, 承诺日期."""


@dataclass(frozen=True)
class VisitFilter:
    """Visits whose day is in ``first`` … ``last`` (inclusive, either open), of one entity,
    grid, team (0: the ad-hoc ones) or topic, matching ``text`` (entity name, place, note);
    voided ones only with ``include_voided``."""

    text: str = ""
    first: date | None = None
    last: date | None = None
    entity_id: int | None = None
    grid_id: int | None = None
    team_id: int | None = None
    topic: str = ""
    include_voided: bool = False


@dataclass(frozen=True)
class RequestFilter:
    """Requests with an outcome among ``outcomes`` (empty: any) of visits in the days
    ``first`` … ``last``, of one entity or grid, matching ``text``."""

    text: str = ""
    outcomes: tuple[str, ...] = ()
    first: date | None = None
    last: date | None = None
    entity_id: int | None = None
    grid_id: int | None = None


# -- figures -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class FigureDef:
    key: str
    label: str
    unit: str
    definition: str


FIGURES: tuple[FigureDef, ...] = (
    FigureDef("visits.visits", "走访次数", "次", "走访日期在统计期内的走访次数（不含作废）"),
    FigureDef("visits.entities", "走访主体数", "户", "上述走访涉及的不同经营主体数"),
    FigureDef("visits.requests", "收集诉求", "件", "上述走访中登记的诉求件数"),
    FigureDef(
        "visits.solved",
        "解决诉求",
        "件",
        "办结时间在统计期内、办理结果为“已解决”的诉求件数（含当场解决和事后解决）",
    ),
    FigureDef("visits.on_spot", "当场解决", "件", "上述已解决诉求中在走访时当场解决的件数"),
    FigureDef(
        "visits.raised_solved",
        "期内诉求已解决",
        "件",
        "统计期内收集的诉求中，到统计期末已解决的件数",
    ),
    FigureDef("visits.open", "待办诉求", "件", "统计期末仍为“待办理”或“已转办”的诉求件数"),
)
FIGURE_BY_KEY = {f.key: f for f in FIGURES}
SOLVE_RATE = RateDef(
    "visits.solve_rate",
    "诉求解决率",
    "visits.raised_solved",
    "visits.requests",
    "诉求解决率 = 统计期内收集的诉求中到期末已解决的件数 ÷ 统计期内收集的诉求件数 × 100%",
    headline=True,
)
"""The one rate of the area, over two of :data:`FIGURES` (the county report computes it)."""


@dataclass(frozen=True)
class GroupCounts:
    """Counts of one group (a grid, a team, a topic) for the figures tables."""

    label: str
    visits: int = 0
    entities: int = 0
    requests: int = 0
    solved: int = 0

    @property
    def solve_rate(self) -> float | None:
        return None if not self.requests else self.solved / self.requests


@dataclass(frozen=True)
class VisitTotals:
    counts: dict[str, int] = field(default_factory=dict)

    def rate(self) -> float | None:
        return SOLVE_RATE.compute(self.counts)


@dataclass(frozen=True)
class AnnualFilter:
    """Annual reports of ``year`` (0: any) with ``status`` (empty: any), matching ``text``
    (entity name or USCC)."""

    text: str = ""
    year: int = 0
    status: str = ""


ANNUAL_COLUMNS = ("year", "entity", "uscc", "status", "filed_on", "source")
"""Column keys of an annual-report row: 年度, 主体, 统一社会信用代码, 年报状态, 报送日期, 来源."""
