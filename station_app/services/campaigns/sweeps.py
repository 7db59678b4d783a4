"""扫街行动 (sweep actions): a campaign of kind ``sweep`` with its plan — 定日、定人、定社区 —
and the list of actions with what they captured. Part of ``CampaignService``.

Until ``sweep_capture.action_id`` exists (0033's data step is not written yet), an action's
captures are the 扫街纳管 records of its day in the grids covering its communities; hazards
found and fixed come from the patrols area (#15) and count 0 until it lands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from station_app.data.repo import campaigns as repo
from station_app.domain import campaigns as rules
from station_app.domain import sweep_actions as plans
from station_app.domain.campaign_targets import TargetFilter
from station_app.domain.periods import parse_period
from station_app.errors import ValidationError
from station_app.services.base import Changes, Service, Tx
from station_app.services.campaigns.drafts import CampaignDraft

KIND = "campaign"


@dataclass(frozen=True)
class SweepPlanDraft:
    """One sweep action as planned: its day, team (roster names, user names), communities."""

    day: date | None
    people: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    communities: tuple[str, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class SweepActionView:
    id: int
    number: str
    day: date
    name: str
    team: tuple[str, ...]
    communities: tuple[str, ...]
    grids: tuple[str, ...]
    captures: int
    hazards_found: int
    hazards_fixed: int
    migrated: bool


class SweepActions(Service):
    """Planning and listing sweep actions."""

    def _add_operation(self, draft: CampaignDraft) -> Callable[[Tx], int]:
        raise NotImplementedError  # CampaignService's

    def plan_sweep(self, plan: SweepPlanDraft) -> tuple[int, Changes]:
        """A sweep action: refused without a day, a team member or a community (nothing
        written). Its targets are the 在营 entities of its communities."""
        checked = plans.check_sweep_plan(
            plans.SweepPlan(
                plan.day,
                tuple(range(len(plan.people))),
                tuple(u.strip() for u in plan.users if u.strip()),
                tuple(range(len(plan.communities))),
            )
        )
        day = checked.day or date.min
        name = plan.name or f"扫街行动 {day.isoformat()} {'、'.join(plan.communities)}"
        draft = CampaignDraft(
            name=name[:100],
            first_day=day,
            last_day=day,
            kind=rules.SWEEP,
            target_filter=TargetFilter(communities=tuple(plan.communities)),
        )
        add = self._add_operation(draft)

        def run(tx: Tx) -> int:
            people = repo.people_named(tx.s, plan.people)
            missing = [n for n in plan.people if n not in people]
            if missing:
                raise ValidationError(f"网格花名册中没有“{missing[0]}”。", field="team")
            users = repo.known_users(tx.s, checked.users)
            unknown = [u for u in checked.users if u not in users]
            if unknown:
                raise ValidationError(f"没有用户“{unknown[0]}”。", field="team")
            communities = repo.community_ids(tx.s, plan.communities)
            campaign_id = add(tx)
            repo.set_plan(
                tx.s,
                campaign_id,
                [people[n] for n in plan.people],
                list(checked.users),
                [communities[c] for c in plan.communities],
            )
            tx.touch(KIND, [campaign_id])
            return campaign_id

        return self._transact("campaigns.manage", run)

    def sweep_actions(self, period: str = "") -> list[SweepActionView]:
        """The sweep actions of ``period`` (``2026-11``, ``2026Q4``, ``2026``; empty: all)."""
        self._auth.require("data.view")
        first = last = None
        if period.strip():
            p = parse_period(period)
            first, last = p.start, p.last
        with self._db.session() as s:
            rows: list[dict[str, Any]] = repo.sweep_actions(s, first, last)
        return [
            SweepActionView(
                id=r["id"],
                number=r["number"],
                day=r["day"],
                name=r["name"],
                team=tuple(r["team"]),
                communities=tuple(r["communities"]),
                grids=tuple(r["grids"]),
                captures=r["captures"],
                hazards_found=0,
                hazards_fixed=0,
                migrated=False,
            )
            for r in rows
        ]
