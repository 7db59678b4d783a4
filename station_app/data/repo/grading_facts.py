"""What other modules know about entities that feeds the local grade (本所分级): black and
abnormal listings (红黑榜), complaints in the last 12 months (投诉调解), and hazards found
by patrols and failed samplings in the last 12 months (日常巡查)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.data.models import Complaint
from station_app.data.repo import lists as list_repo
from station_app.data.repo import patrols as patrol_repo


@dataclass(frozen=True)
class GradeFacts:
    blacklisted: frozenset[int] = frozenset()
    abnormal: frozenset[int] = frozenset()
    complaints_12m: dict[int, int] = field(default_factory=dict)
    hazards_12m: dict[int, int] = field(default_factory=dict)
    failed_samplings_12m: dict[int, int] = field(default_factory=dict)


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
        patrol_repo.hazard_counts_12m(s, today, entity_ids),
        patrol_repo.failed_sampling_counts_12m(s, today, entity_ids),
    )
