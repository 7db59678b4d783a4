"""The campaign's view (``CampaignView``) as every part of the area reads it: out of the
package's face so its parts (the summary) import it without a circle."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from station_app.data.models import Campaign, Person
from station_app.data.repo import campaign_checks as checks_repo
from station_app.data.repo import campaigns as repo
from station_app.domain import campaign_targets as targets
from station_app.domain import campaigns as rules
from station_app.domain.campaign_targets import TargetFilter

if TYPE_CHECKING:
    from station_app.data.orm import Session


@dataclass(frozen=True)
class CampaignView:
    id: int
    number: str
    name: str
    kind: str
    first_day: date
    last_day: date
    state: str
    phase: str
    phase_label: str
    basis: str
    lead: str
    lead_unit: str
    departments: tuple[str, ...]
    filter: dict
    filter_text: str
    filter_name: str
    filter_hash: str
    filter_as_of: date
    target_hash: str
    targets: int
    checked: int
    open_revisits: int
    sample_ratio: str
    sample_delay_days: int
    close_note: str
    version: int


def _view(s: Session, row: Campaign, today: date) -> CampaignView:
    counts = checks_repo.campaign_counts(s, [row.id]).get(row.id, (0, 0, 0))
    lead = s.get(Person, row.lead_person_id) if row.lead_person_id else None
    flt = TargetFilter.from_criteria(json.loads(row.target_filter))
    phase = rules.phase(row.state, row.first_day, row.last_day, today)
    return CampaignView(
        id=row.id,
        number=row.number,
        name=row.name,
        kind=row.kind,
        first_day=row.first_day,
        last_day=row.last_day,
        state=row.state,
        phase=phase,
        phase_label=rules.PHASE_LABELS[phase],
        basis=row.basis,
        lead=lead.name if lead else "",
        lead_unit=row.lead_unit,
        departments=tuple(repo.campaign_departments(s, row.id)),
        filter=json.loads(row.target_filter),
        filter_text=targets.describe(flt, row.filter_as_of),
        filter_name=row.filter_name,
        filter_hash=row.filter_hash,
        filter_as_of=row.filter_as_of,
        target_hash=row.target_hash,
        targets=counts[0],
        checked=counts[1],
        open_revisits=counts[2],
        sample_ratio=row.sample_ratio,
        sample_delay_days=row.sample_delay_days,
        close_note=row.close_note,
        version=row.version,
    )
