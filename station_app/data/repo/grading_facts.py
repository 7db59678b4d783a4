"""What other modules know about entities that feeds the local grade (本所分级): black and
abnormal listings (红黑榜), complaints in the last 12 months (投诉调解), penalties decided in the
last 24 months and a recorded 未报送 annual report of the year the grade reads (走访与执法,
docs/areas/visits.md §8), and hazards found by patrols and failed samplings in the last 12
months (日常巡查)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.data.models import AnnualReport, Complaint, Violation
from station_app.data.repo import lists as list_repo
from station_app.data.repo import patrols as patrol_repo
from station_app.domain.violations.rules import LOOKBACK_MONTHS, PENALTY_KINDS, months_before
from station_app.domain.visits.annual_reports import NOT_FILED, due_year


@dataclass(frozen=True)
class GradeFacts:
    blacklisted: frozenset[int] = frozenset()
    abnormal: frozenset[int] = frozenset()
    complaints_12m: dict[int, int] = field(default_factory=dict)
    penalties_24m: dict[int, int] = field(default_factory=dict)
    annual_not_filed: frozenset[int] = frozenset()
    hazards_12m: dict[int, int] = field(default_factory=dict)
    failed_samplings_12m: dict[int, int] = field(default_factory=dict)

    def entity_ids(self) -> set[int]:
        """Entities with any fact that moves their grade (the others share one result)."""
        return (
            set(self.blacklisted)
            | self.abnormal
            | set(self.complaints_12m)
            | set(self.penalties_24m)
            | self.annual_not_filed
            | set(self.hazards_12m)
            | set(self.failed_samplings_12m)
        )


def grade_facts(s: Session, today: date, entity_ids: list[int] | None = None) -> GradeFacts:
    """Facts for every entity (``entity_ids`` None) or only for the given ones."""
    since = today - timedelta(days=365)
    query = (
        select(Complaint.entity_id, func.count())
        .where(
            Complaint.entity_id.is_not(None),
            Complaint.received_on > since,
            Complaint.received_on <= today,
        )
        .group_by(Complaint.entity_id)
    )
    if entity_ids is not None:
        query = query.where(Complaint.entity_id.in_(entity_ids))
    complaints = {eid: n for eid, n in s.execute(query).all()}
    return GradeFacts(
        frozenset(list_repo.black_listed_entity_ids(s, today)),
        frozenset(list_repo.abnormal_listed_entity_ids(s, today)),
        complaints,
        penalties_24m(s, today, entity_ids),
        frozenset(annual_not_filed(s, today, entity_ids)),
        patrol_repo.hazard_counts_12m(s, today, entity_ids),
        patrol_repo.failed_sampling_counts_12m(s, today, entity_ids),
    )


def penalties_24m(s: Session, today: date, entity_ids: list[int] | None = None) -> dict[int, int]:
    """Decisions of a penalty kind (处罚, 从轻, 减轻) decided after the day 24 months before
    ``today`` and not after it, per entity; voided violations left out."""
    since = months_before(today, LOOKBACK_MONTHS)
    query = (
        select(Violation.entity_id, func.count())
        .where(
            Violation.voided.is_(False),
            Violation.decision.in_(sorted(PENALTY_KINDS)),
            Violation.decided_on > since,
            Violation.decided_on <= today,
        )
        .group_by(Violation.entity_id)
    )
    if entity_ids is not None:
        query = query.where(Violation.entity_id.in_(entity_ids))
    return {eid: n for eid, n in s.execute(query).all()}


def annual_not_filed(s: Session, today: date, entity_ids: list[int] | None = None) -> set[int]:
    """Entities whose annual report of ``due_year(today)`` is recorded as 未报送 (no record
    reads as filed: the grade penalises what is recorded, not what is unknown)."""
    query = select(AnnualReport.entity_id).where(
        AnnualReport.year == due_year(today), AnnualReport.status == NOT_FILED
    )
    if entity_ids is not None:
        query = query.where(AnnualReport.entity_id.in_(entity_ids))
    return set(s.execute(query).scalars())
