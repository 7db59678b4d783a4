"""What a campaign is created from (the dialog, ``campaigns add``, a sweep plan)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from station_app.domain import campaigns as rules
from station_app.domain.campaign_targets import TargetFilter


@dataclass(frozen=True)
class CampaignDraft:
    """What the dialog and ``campaigns add`` submit. ``target_filter`` is the filter itself,
    or ``filter_name`` the user's saved 常用筛选 (target builder's or the entity list's)."""

    name: str
    first_day: date | None
    last_day: date | None
    kind: str = rules.CAMPAIGN
    basis: str = ""
    lead_person: str = ""  # a roster name
    lead_unit: str = ""
    departments: tuple[str, ...] = ()
    target_filter: TargetFilter = field(default_factory=TargetFilter)
    filter_name: str = ""
    sample_ratio: str = rules.DEFAULT_SAMPLE_RATIO
    sample_delay_days: int = rules.SAMPLE_DELAY_DAYS
    note: str = ""
