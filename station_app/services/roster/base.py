"""What the parts of the roster service share: the record kinds, the base class (staffing
rule, clock) and an assignment as the screens show it (:class:`Member`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.clock import Clock
from station_app.data.engine import Database
from station_app.data.models import GridAssignment, Person
from station_app.domain import roster_rules as rules
from station_app.domain.masking import mask_phone
from station_app.services.auth import Auth
from station_app.services.base import Service

KIND_GRID, KIND_PERSON, KIND_ASSIGNMENT, KIND_TRAINING, KIND_COMMUNITY = (
    "grid",
    "person",
    "grid_assignment",
    "training",
    "community",
)
ROSTER_KINDS = (KIND_GRID, KIND_PERSON, KIND_ASSIGNMENT, KIND_TRAINING, KIND_COMMUNITY)
EDIT = "roster.edit"


@dataclass(frozen=True)
class Member:
    """An assignment of a person to a grid."""

    assignment_id: int
    grid_id: int
    grid_code: str
    person_id: int
    name: str
    role: str
    phone: str  # masked
    start_on: date
    end_on: date | None
    note: str
    version: int

    @property
    def role_label(self) -> str:
        return rules.GRID_ROLES.get(self.role, self.role)


def member(a: GridAssignment, p: Person, grid_code: str = "") -> Member:
    return Member(
        a.id,
        a.grid_id,
        grid_code,
        p.id,
        p.name,
        a.role,
        mask_phone(p.phone),
        a.start_on,
        a.end_on,
        a.note,
        a.version,
    )


def duty_text(role: str, name: str, start_on: date, end_on: date | None = None) -> str:
    """How a duty reads in the audit trail: ``监管专员 张建华，2026-03-01 起[，… 离任]``."""
    text = f"{rules.GRID_ROLES.get(role, role)} {name}，{start_on:%Y-%m-%d} 起"
    return text + (f"，{end_on:%Y-%m-%d} 离任" if end_on else "")


class RosterBase(Service):
    """The roster's services share the staffing ``rule`` (how many specialists and workers a
    grid needs) and the clock. Any thread; each call opens its own Session."""

    def __init__(
        self,
        db: Database,
        auth: Auth,
        rule: rules.StaffingRule = rules.DEFAULT_RULE,
        *,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(db, auth, clock=clock)
        self.rule = rule

    def today(self) -> date:
        """Today's date on the station's clock."""
        return self._clock.today()
