"""The DTOs of the visits service (frozen; no ORM object leaves a Session)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from station_app.domain.visits import rules
from station_app.domain.visits.rules import Member, RequestDraft


@dataclass(frozen=True)
class TeamDraft:
    """A team as entered: its name, members by name (a user name or a roster person's name,
    optionally ``姓名（身份）``), the grid (None: the whole station). ``id`` 0: a new team."""

    name: str
    members: tuple[str, ...]
    grid_id: int | None = None
    note: str = ""
    active: bool = True
    id: int = 0
    version: int = 0


@dataclass(frozen=True)
class TeamView:
    id: int
    version: int
    name: str
    grid_id: int | None
    grid: str
    note: str
    active: bool
    members: tuple[Member, ...]
    warnings: tuple[str, ...] = ()

    @property
    def members_text(self) -> str:
        return "、".join(f"{m.name}（{m.role_label}）" for m in self.members)


@dataclass(frozen=True)
class VisitInput:
    """A visit as the GUI or the CLI gives it: ``team`` a registered team's name or names
    separated by 、/，/, (an ad-hoc team); ``entity_id`` or ``place``."""

    at: datetime
    team: str
    topics: tuple[str, ...]
    entity_id: int | None = None
    place: str = ""
    grid_id: int | None = None
    requests: tuple[RequestDraft, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class RequestView:
    id: int
    version: int
    visit_id: int
    position: int
    topic: str
    text: str
    outcome: str
    on_spot: bool
    handler: str
    outcome_at: datetime | None
    due_on: date | None
    note: str
    order_number: str = ""  # the work order it raised (转为工单)

    @property
    def outcome_label(self) -> str:
        return rules.ON_SPOT_LABEL if self.on_spot else rules.OUTCOMES[self.outcome]

    @property
    def topic_label(self) -> str:
        return rules.TOPICS.get(self.topic, self.topic)


@dataclass(frozen=True)
class VisitView:
    id: int
    version: int
    entity_id: int | None
    entity_name: str
    uscc: str
    place: str
    grid_id: int | None
    at: datetime
    day: date
    team_id: int | None
    team_name: str
    topics: tuple[str, ...]
    members: tuple[Member, ...]
    requests: tuple[RequestView, ...]
    note: str
    entered_by: str
    voided: bool
    void_reason: str = ""
    warnings: tuple[str, ...] = ()
    photo_ids: tuple[int, ...] = ()

    @property
    def subject(self) -> str:
        return self.entity_name or self.place

    @property
    def topics_label(self) -> str:
        return rules.topic_labels(self.topics)


@dataclass(frozen=True)
class ReportView:
    id: int
    version: int
    entity_id: int
    year: int
    status: str
    filed_on: date | None
    source: str
    note: str


@dataclass(frozen=True)
class AnnualImport:
    """What an import did (or, dry, would do): rows read, created, updated, unchanged, and the
    rows skipped because no entity has that USCC (``(row, uscc, name)``)."""

    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    unknown: tuple[tuple[int, str, str], ...] = ()
    years: tuple[int, ...] = ()
    regraded: int = 0
    dry_run: bool = False


@dataclass(frozen=True)
class EntityVisits:
    """The entity card's 走访 section: the latest visits, open requests, annual reports, the
    year the grade reads."""

    count: int
    visits: tuple[VisitView, ...]
    open_requests: tuple[RequestView, ...]
    reports: tuple[ReportView, ...]
    grade_year: int


@dataclass(frozen=True)
class VisitFigures:
    """Figures of a period (``domain.visits.lists.FIGURES`` keys) and the groups."""

    period: str
    counts: dict[str, int]
    by_grid: tuple[tuple[str, int, int, int, int], ...] = ()
    by_team: tuple[tuple[str, int, int, int, int], ...] = ()
    by_topic: tuple[tuple[str, int], ...] = ()
    solve_rate: float | None = None
    extra: dict[str, object] = field(default_factory=dict)
