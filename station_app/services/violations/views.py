"""The DTOs of the violations service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from station_app.domain.violations import rules
from station_app.domain.violations import types as vt
from station_app.domain.violations.decisions import decision_label


@dataclass(frozen=True)
class ViolationInput:
    """A violation as the GUI or the CLI gives it: ``type`` a code, a name or a unique part of
    one; ``source`` a code (``rules.parse_source`` reads the Chinese words)."""

    entity_id: int
    type: str
    found_on: date
    source: str = rules.OTHER
    reference: str = ""
    facts: str = ""
    harm: str = rules.UNASSESSED
    ordered_on: date | None = None
    deadline: date | None = None
    rectified_on: date | None = None
    patrol_id: int | None = None  # the patrol record it was raised from
    hazard_id: int | None = None  # the hazard it was raised from (its record is the patrol)


@dataclass(frozen=True)
class TypeView:
    id: int
    version: int
    type: vt.ViolationType
    listings: tuple[vt.Listing, ...]


@dataclass(frozen=True)
class ViolationView:
    id: int
    version: int
    entity_id: int
    entity_name: str
    uscc: str
    address: str
    legal_rep: str
    type_code: str
    type_name: str
    found_on: date
    source: str
    reference: str
    facts: str
    harm: str
    ordered_on: date | None
    deadline: date | None
    rectified_on: date | None
    decision: str | None
    ground: str
    decided_on: date | None
    decision_no: str
    fine_fen: int | None
    warning: bool
    transfer_to: str
    decision_reason: str
    override_reason: str
    check: dict | None
    provision: str
    basis: str
    decided_by: str
    voided: bool
    patrol_id: int | None = None
    hazard_id: int | None = None

    @property
    def decision_label(self) -> str:
        return decision_label(self.decision, self.ground)

    @property
    def source_label(self) -> str:
        return rules.SOURCES.get(self.source, self.source)

    @property
    def harm_label(self) -> str:
        return rules.HARMS.get(self.harm, self.harm)


@dataclass(frozen=True)
class InterviewView:
    id: int
    entity_id: int
    entity_name: str
    at: datetime
    topic: str
    interviewees: tuple[str, ...]
    interviewers: tuple[str, ...]
    commitments: tuple[str, ...]
    place: str
    content: str
    follow_up_on: date | None


@dataclass(frozen=True)
class GuidanceView:
    id: int
    number: str
    entity_id: int
    entity_name: str
    uscc: str
    address: str
    issued_on: date
    matters: str
    advice: tuple[str, ...]
    basis: str
    reply_by: date | None
    violation_id: int | None
    visit_id: int | None
    issued_by: str


@dataclass(frozen=True)
class EntityEnforcement:
    """The entity card's 执法 section."""

    violations: tuple[ViolationView, ...]
    interviews: tuple[InterviewView, ...]
    guidance: tuple[GuidanceView, ...]
    penalties_24m: int
