"""What the parts of price monitoring share: record kinds (audit and ``Changes``), the DTOs
that leave the service (frozen, no ORM object), and the small conversions between them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from station_app.clock import SHANGHAI

KIND_SUBJECT = "price_subject"
KIND_GROUP = "price_group"
KIND_OBSERVATION = "price_observation"
KIND_EVENT = "price_event"
KIND_RULE = "price_rule"
KIND_FLAG = "price_flag"
KIND_LETTER = "price_letter"

SUBJECT_GONE = "监测对象 {} 不存在。"
FLAG_GONE = "预警信号 {} 不存在（可能已被删除）。"


def local_day(at: datetime) -> date:
    """The Beijing date of an aware moment (what ``price_observation.day`` stores)."""
    return at.astimezone(SHANGHAI).date()


@dataclass(frozen=True)
class SubjectInput:
    """A 监测对象 as a form or ``prices subjects add`` gives it; prices in fen."""

    name: str
    entity_id: int | None = None
    kind: str = "客房"
    unit: str = ""
    market: str = ""
    posted_fen: int | None = None
    filed_fen: int | None = None
    district: str = ""
    klass: str = ""
    note: str = ""


@dataclass(frozen=True)
class SubjectView:
    id: int
    version: int
    kind: str
    name: str
    unit: str
    entity_id: int | None
    entity_name: str
    market: str
    posted_fen: int | None
    filed_fen: int | None
    district: str
    klass: str
    active: bool
    note: str
    groups: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.entity_name or self.market} {self.name}".strip()


@dataclass(frozen=True)
class GroupView:
    id: int
    version: int
    name: str
    note: str
    members: int


@dataclass(frozen=True)
class ObservationInput:
    """One price seen: ``at`` aware (any zone), ``price_fen`` integer fen."""

    subject_id: int
    at: datetime
    price_fen: int
    source: str = "网络平台"
    platform: str = ""
    note: str = ""


@dataclass(frozen=True)
class ObservationView:
    id: int
    subject_id: int
    subject: str
    observed_at: datetime
    day: date
    price_fen: int
    source: str
    platform: str
    recorded_by: str
    voided: bool
    void_reason: str
    corrects_id: int | None
    note: str = ""


@dataclass(frozen=True)
class RowProblem:
    """A bad row of a batch or an import: its line (1-based as the user sees it), the column
    and the reason, in Chinese."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.line} 行“{self.column}”：{self.message}"


@dataclass(frozen=True)
class BatchResult:
    """What a batch or an import wrote (nothing when ``problems`` and not ``valid_only``)."""

    written: int
    problems: tuple[RowProblem, ...] = ()
    flags_raised: int = 0
    dry_run: bool = False
    ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class FlagView:
    id: int
    version: int
    subject_id: int
    subject: str
    entity_id: int | None
    entity_name: str
    day: date
    observed_at: datetime | None
    price_fen: int
    baseline_fen: int | None
    ratio_bp: int | None
    rule_id: int
    rule: str
    explanation: str
    evidence: dict[str, Any]
    state: str
    state_by: str
    state_at: datetime | None
    check_note: str
    reason: str
    refer_kind: str
    refer_ref: str
    letter_id: int | None


@dataclass(frozen=True)
class RuleView:
    id: int
    series: int
    version: int
    kind: str
    kind_label: str
    name: str
    params: dict[str, Any]
    days: str
    period_first: date | None
    period_last: date | None
    scope: dict[str, Any]
    active: bool
    created_by: str
    created_at: datetime
    reason: str
    retired_at: datetime | None
    description: str


@dataclass(frozen=True)
class RuleInput:
    kind: str
    name: str
    params: dict[str, Any]
    days: str = "节假日及活动期间"
    period_first: date | None = None
    period_last: date | None = None
    scope: dict[str, Any] | None = None


@dataclass(frozen=True)
class LetterView:
    id: int
    number: str
    entity_id: int | None
    entity_name: str
    issued_at: datetime
    served_to: str
    served_way: str
    served_at: datetime | None
    flag_ids: tuple[int, ...]


@dataclass(frozen=True)
class EventView:
    id: int
    version: int
    name: str
    first_day: date
    last_day: date
    note: str


@dataclass(frozen=True)
class RefreshResult:
    raised: int
    withdrawn: int
    thin: int = 0
    unknown_years: tuple[int, ...] = ()
