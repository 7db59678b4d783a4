"""专项行动 (campaigns, issue #18): ``CampaignService`` and its DTOs. Design:
``docs/areas/campaigns.md``. A campaign's targets come from a reproducible filter
(``domain/campaign_targets.TargetFilter``, stored canonical with its hash and as-of day) and
are frozen at creation with one ``INSERT … SELECT``; the list's hash is that of the sorted
entity keys. Checks, hazards and re-checks are the patrols area's (#15): a check is a patrol record
written by ``PatrolService.record_in`` in this area's transaction (``checks.py``), the board
reads the hazards (``board.py``). Any thread; each call opens its own session."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from station_app.data.models import Campaign, Department, StationProfile
from station_app.data.repo import campaign_checks as checks_repo
from station_app.data.repo import campaigns as repo
from station_app.data.repo import settings as settings_repo
from station_app.data.repo.complaints import allocate_number
from station_app.domain import campaign_targets as targets
from station_app.domain import campaigns as rules
from station_app.domain import draw_inputs
from station_app.domain.campaign_targets import TargetFilter
from station_app.domain.campaigns import CampaignFilter
from station_app.errors import NotFoundError, ValidationError
from station_app.queries.campaigns import CampaignRows
from station_app.services.base import Changes, Conflict, Tx
from station_app.services.campaigns.board import Board, CampaignBoard
from station_app.services.campaigns.checks import CampaignChecks, CheckView, RevisitView
from station_app.services.campaigns.drafts import CampaignDraft
from station_app.services.campaigns.summary import SummaryPrint
from station_app.services.campaigns.sweeps import SweepActions, SweepActionView, SweepPlanDraft
from station_app.services.campaigns.views import CampaignView, _view

if TYPE_CHECKING:
    from station_app.data.orm import Session

KIND = "campaign"
DEPARTMENT_KIND = "department"
GONE = "该专项行动不存在。"
TARGET_VIEW_SCREEN = "campaign_targets"

__all__ = [
    "KIND",
    "Board",
    "CampaignDraft",
    "CampaignFilter",
    "CampaignRows",
    "CampaignService",
    "CampaignView",
    "CheckView",
    "RevisitView",
    "SweepActionView",
    "SweepPlanDraft",
    "TargetFilter",
    "TargetPreview",
]


@dataclass(frozen=True)
class TargetPreview:
    count: int
    sample: list[tuple[int, str, str]]  # (entity id, name, address), the first 50
    text: str


def _snap(row: Campaign) -> dict:
    return {
        k: getattr(row, k)
        for k in ("name", "kind", "first_day", "last_day", "state", "basis", "close_note")
    }


class CampaignService(CampaignBoard, CampaignChecks, SummaryPrint, SweepActions):
    """Campaigns: add, list, show, the frozen target list, checks and 回头看 (patrol
    records), progress, the summary, close, departments."""

    # -- reading -------------------------------------------------------------------------------
    def rows(self, flt: CampaignFilter | None = None) -> CampaignRows:
        self._auth.require("data.view")
        flt = flt or CampaignFilter()
        if flt.today is None:
            from dataclasses import replace

            flt = replace(flt, today=self._clock.today())
        return CampaignRows(self._db, flt)

    def get(self, campaign_id: int) -> CampaignView:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(Campaign, campaign_id)
            if row is None:
                raise NotFoundError(GONE)
            return _view(s, row, self._clock.today())

    def find(self, number_or_id: str) -> int:
        self._auth.require("data.view")
        text = (number_or_id or "").strip()
        with self._db.session() as s:
            if text.isdigit() and s.get(Campaign, int(text)) is not None:
                return int(text)
            row = repo.campaign_by_number(s, text)
        if row is None:
            raise NotFoundError(f"没有编号为“{text}”的专项行动。")
        return row.id

    def departments(self) -> list[str]:
        self._auth.require("data.view")
        with self._db.session() as s:
            return [d.name for d in repo.departments(s)]

    def preview_targets(self, flt: TargetFilter, as_of: date | None = None) -> TargetPreview:
        """How many entities the filter selects today (and the first 50), nothing written."""
        self._auth.require("data.view")
        day = as_of or self._clock.today()
        with self._db.session() as s:
            flt = targets.check_target_filter(flt, repo.choices(s))
            return TargetPreview(
                repo.count_targets(s, flt, day),
                repo.preview_targets(s, flt, day),
                targets.describe(flt, day),
            )

    # -- writing -------------------------------------------------------------------------------
    def add(self, draft: CampaignDraft) -> tuple[CampaignView, Changes]:
        """A new campaign with its frozen target list (one ``INSERT … SELECT``)."""
        campaign_id, changes = self._transact("campaigns.manage", self._add_operation(draft))
        return self.get(campaign_id), changes

    def _add_operation(self, draft: CampaignDraft) -> Callable[[Tx], int]:
        """The checks that need no database, then the unit of work that adds the campaign."""
        name = rules.check_name(draft.name)
        first, last = rules.check_period(draft.first_day, draft.last_day)
        basis = rules.check_basis(draft.basis)
        if draft.kind not in rules.KIND_LABELS:
            raise ValidationError(f"类型“{draft.kind}”无效。", field="kind")
        ratio = draw_inputs.parse_ratio("抽样回头看", draft.sample_ratio)
        if not 0 <= draft.sample_delay_days <= 365:
            raise ValidationError("抽样回头看的间隔应在 0–365 天之间。", field="sample_delay_days")

        def add(tx: Tx) -> int:
            s = tx.s
            flt, filter_name = self._resolve_filter(s, tx.actor.username, draft)
            flt = targets.check_target_filter(flt, repo.choices(s))
            known = {d.name: d.id for d in repo.departments(s)}
            departments = rules.check_departments(draft.departments, known)
            lead = self._lead(s, draft.lead_person)
            seq = allocate_number(s, "zx" if draft.kind == rules.CAMPAIGN else "sj", first.year)
            profile = s.get(StationProfile, 1)
            prefix = profile.doc_prefix if profile and profile.doc_prefix else "市监"
            row = Campaign(
                number=rules.campaign_number(prefix, draft.kind, first.year, seq),
                year=first.year,
                seq=seq,
                kind=draft.kind,
                name=name,
                basis=basis,
                first_day=first,
                last_day=last,
                lead_person_id=lead,
                lead_unit=" ".join(draft.lead_unit.split())[:60],
                target_filter=flt.canonical(),
                filter_hash=flt.hash,
                filter_name=filter_name,
                filter_as_of=tx.today,
                target_hash="",
                sample_ratio=draw_inputs.decimal_text(ratio.ratio or Fraction(0)),
                sample_delay_days=draft.sample_delay_days,
                state=rules.OPEN,
                note=draft.note.strip(),
                created_by=tx.actor.username,
            )
            s.add(row)
            s.flush()
            repo.set_departments(s, row.id, [known[d] for d in departments])
            n = repo.insert_targets(s, row.id, flt, tx.today)
            keys = [draw_inputs.entity_key(u, i) for i, u in repo.target_keys(s, row.id)]
            row.target_hash = targets.list_hash(keys)
            s.flush()
            tx.created(
                KIND,
                row.id,
                {
                    **_snap(row),
                    "number": row.number,
                    "filter": row.target_filter,
                    "filter_hash": row.filter_hash,
                    "targets": n,
                    "target_hash": row.target_hash,
                    "departments": list(departments),
                },
            )
            tx.touch("campaign_target", None)
            return row.id

        return add

    def _resolve_filter(self, s: Session, owner: str, draft: CampaignDraft):
        name = " ".join(draft.filter_name.split())
        if not name:
            return draft.target_filter, ""
        for screen in (TARGET_VIEW_SCREEN, "entities"):
            view = settings_repo.view_named(s, owner, screen, name)
            if view is None:
                continue
            criteria = json.loads(view.criteria)
            if screen == "entities" and criteria.get("grid_id"):
                from station_app.data.models import Grid

                grid = s.get(Grid, int(criteria.pop("grid_id")))
                criteria["grids"] = [grid.code] if grid else []
            return TargetFilter.from_criteria(criteria), name
        raise ValidationError(f"没有名为“{name}”的常用筛选。", field="target_filter")

    @staticmethod
    def _lead(s: Session, name: str) -> int | None:
        text = " ".join((name or "").split())
        if not text:
            return None
        from station_app.data.repo import roster as roster_repo

        found = [p for p in roster_repo.search_people(s, text, limit=5) if p.name == text]
        if len(found) != 1:
            raise ValidationError(
                f"网格花名册中{'没有' if not found else '有多个'}名为“{text}”的人员。",
                field="lead",
            )
        return found[0].id

    def close(self, campaign_id: int, version: int, note: str = "") -> tuple[CampaignView, Changes]:
        """结束: refused while any 回头看 is open (the message names them)."""

        def close(tx: Tx) -> None:
            row = tx.load(Campaign, campaign_id, version, missing=GONE)
            open_ = [
                rules.OpenRevisit(n, d, k)
                for n, d, k in checks_repo.open_revisits(tx.s, campaign_id)
            ]
            rules.check_close(row.state, open_, tx.today)
            before = _snap(row)
            row.state, row.close_note = rules.CLOSED, " ".join(note.split())
            row.closed_at, row.closed_by = self._clock.now_utc(), tx.actor.username
            tx.s.flush()
            tx.updated(KIND, campaign_id, before, _snap(row), "结束专项行动")

        conflict = Conflict("专项行动", lambda: self.get(campaign_id))
        _, changes = self._transact("campaigns.close", close, conflict=conflict)
        return self.get(campaign_id), changes

    def close_warnings(self, campaign_id: int) -> list[str]:
        view = self.get(campaign_id)
        return rules.close_warnings(view.targets - view.checked, view.targets)

    def add_department(self, name: str) -> tuple[int, Changes]:
        """Add a department to the station-wide directory."""
        text = rules.check_department_name(name)

        def add(tx: Tx) -> int:
            if any(d.name == text for d in repo.departments(tx.s, active_only=False)):
                raise ValidationError(f"部门“{text}”已在名录中。", field="name")
            row = Department(name=text, position=len(repo.departments(tx.s, active_only=False)))
            tx.s.add(row)
            tx.s.flush()
            tx.created(DEPARTMENT_KIND, row.id, {"name": text})
            return row.id

        return self._transact("settings.draws", add)
