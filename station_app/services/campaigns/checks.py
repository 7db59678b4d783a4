"""专项检查 and 回头看 (docs/areas/campaigns.md §4–5): a campaign check is a patrol record of
the patrols area (#15) written by ``PatrolService.record_in`` **inside this area's unit of
work**, linked by a ``campaign_check`` row; what it finds are the patrols area's hazards.

回头看 are scheduled in the same transaction as the check: one ``problem`` revisit per ordered
hazard (its re-check; due on the re-check day, moved by an extension or a failed re-check,
done when the hazard is final) and a ``sample`` revisit for a passed shop drawn by its ticket
(``rules.in_sample``), due ``sample_delay_days`` later on a working day. A campaign closes
only when none is open (``CampaignService.close``). Part of ``CampaignService``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from fractions import Fraction

from station_app.data.models import (
    Campaign,
    CampaignCheck,
    CampaignRevisit,
    CampaignTarget,
    Entity,
    Hazard,
    PatrolRecord,
    PatrolTask,
)
from station_app.data.repo import campaign_checks as repo
from station_app.data.repo import campaigns as campaigns_repo
from station_app.domain import campaigns as rules
from station_app.domain import draw_inputs
from station_app.domain.patrols import hazards as H
from station_app.domain.patrols import records as D
from station_app.domain.patrols.rules import CHECK
from station_app.errors import NotFoundError, ValidationError
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.calendar import work_calendar
from station_app.services.patrols import PatrolService, RecheckDraft, RecordView
from station_app.services.patrols.records import record_view

CHECK_KIND, REVISIT_KIND, TARGET_KIND = "campaign_check", "campaign_revisit", "campaign_target"
GONE = "该专项行动不存在。"
REVISIT_GONE = "该回头看不存在。"
REVISIT_SUFFIX = "·回头看"


@dataclass(frozen=True)
class RevisitView:
    """One 回头看 as the list shows it; ``state`` read from the hazard for a problem shop
    (open / done / waived / void — the record that found the hazard was voided)."""

    id: int
    campaign_id: int
    target_id: int
    entity_id: int
    entity_name: str
    kind: str
    kind_label: str
    hazard_id: int | None
    due_on: date
    state: str
    state_label: str
    overdue: bool
    record_id: int | None
    done_on: date | None
    waived_reason: str
    version: int


@dataclass(frozen=True)
class CheckView:
    """A campaign visit as entered: the patrol record, the target's state after it and the
    回头看 it scheduled."""

    record: RecordView
    campaign_id: int
    campaign_number: str
    target_id: int
    target_state: str
    target_state_label: str
    revisits: tuple[RevisitView, ...]


def _revisit_view(s, row, today: date) -> RevisitView:
    (rid, cid, tid, kind, hazard_id, state, due, record_id, done_on, closed_at, why, version) = row
    target = s.get(CampaignTarget, tid)
    entity = s.get(Entity, target.entity_id)
    if done_on is None and state == rules.R_DONE and closed_at is not None:
        done_on = D.local(closed_at).date()
    labels = {**rules.REVISIT_STATE_LABELS, repo.VOID: "检查记录已作废"}
    return RevisitView(
        rid, cid, tid, entity.id, entity.name, kind, rules.REVISIT_KIND_LABELS.get(kind, kind),
        hazard_id, due, state, labels.get(state, state), rules.is_overdue(state, due, today),
        record_id, done_on, why, version,
    )  # fmt: skip


def revisit_views(s, today: date, campaign_id=None, ids=()) -> list[RevisitView]:
    return [_revisit_view(s, r, today) for r in repo.revisits(s, campaign_id, ids)]


def target_state(s, target_id: int) -> str:
    """待检查 … 已移送 from the target's visits and their hazards (#15)."""
    visits = repo.target_checks(s, target_id)
    checked = any(k == "check" and r in repo.COMPLETED for _, k, r, _, _ in visits)
    states = [h.state for rid, *_ in visits for h in repo.record_hazards(s, rid)]
    return rules.target_state(checked, states)


class CampaignChecks(Service):
    """Checks, 回头看 and waivers (part of ``CampaignService``). Any thread; writes on the
    writer."""

    @property
    def _patrols(self) -> PatrolService:
        return PatrolService(self._db, self._auth, clock=self._clock)

    # -- checks ------------------------------------------------------------------------------
    def record_check(
        self,
        campaign_id: int,
        draft: D.RecordDraft,
        departments: tuple[str, ...] = (),
        *,
        checklist: str | None = None,
        add_reason: str = "",
        assume_yes: bool = False,
    ) -> tuple[CheckView, Changes]:
        """登记检查: a 现场检查 (two officers) of a target, source 专项行动, reference the
        campaign number, in one transaction with its link, hazards, re-check tasks and 回头看.
        An entity not on the list is added first when ``add_reason`` says why."""

        def record(tx: Tx) -> tuple[int, list[int]]:
            campaign = tx.load(Campaign, campaign_id, missing=GONE)
            rules.check_check_day(
                D.local(draft.at).date(), campaign.first_day, campaign.last_day, campaign.state
            )
            target = self._target_for(tx, campaign, draft.entity_id, add_reason)
            dept_ids = self._department_ids(tx, departments)
            self._check_not_done(tx, target)
            visit = replace(draft, kind=CHECK, source=D.CAMPAIGN, reference=campaign.number)
            record_id = self._patrols.record_in(
                tx, visit, checklist=checklist or campaign.checklist_code or None,
                assume_yes=assume_yes,
            )  # fmt: skip
            row = self._link(tx, campaign, target, record_id, "check", None, dept_ids)
            if row.result in repo.COMPLETED:
                target.checked_on, target.record_id = row.day, row.id
                tx.touch(TARGET_KIND, [target.id])
            revisits = self._schedule(tx, campaign, target, row, sample=True)
            return record_id, revisits

        conflict = Conflict("专项行动", lambda: None)
        (record_id, revisits), changes = self._transact("patrols.check", record, conflict=conflict)
        return self._check_view(campaign_id, record_id, revisits), changes

    def _target_for(self, tx: Tx, campaign: Campaign, entity_id: int, reason: str):
        target = repo.target_of(tx.s, campaign.id, entity_id)
        entity = tx.s.get(Entity, entity_id)
        if entity is None:
            raise NotFoundError("该经营主体不存在（可能已被删除），未登记。")
        if target is not None and target.removed:
            raise ValidationError(
                f"“{entity.name}”已从检查对象中移除（{target.removed_reason}），不能登记检查。",
                field="entity",
            )
        if target is not None:
            return target
        text = " ".join((reason or "").split())
        if len(text) < 4:
            raise ValidationError(
                f"“{entity.name}”不是“{campaign.name}”的检查对象。如是行动中发现的商户，"
                "请写明加入理由（至少 4 个字）后再登记。",
                field="add_reason",
            )
        target = CampaignTarget(
            campaign_id=campaign.id, entity_id=entity_id, origin="added", added_reason=text,
            removed=False, removed_reason="",
        )  # fmt: skip
        tx.s.add(target)
        tx.s.flush()
        tx.created(TARGET_KIND, target.id, {"campaign_id": campaign.id, "entity_id": entity_id,
                                            "origin": "added", "added_reason": text})  # fmt: skip
        return target

    @staticmethod
    def _department_ids(tx: Tx, names: tuple[str, ...]) -> list[int]:
        known = {d.name: d.id for d in campaigns_repo.departments(tx.s)}
        return [known[n] for n in rules.check_departments(names, known)]

    @staticmethod
    def _check_not_done(tx: Tx, target: CampaignTarget) -> None:
        done = [
            (day, rid)
            for rid, kind, result, day, _ in repo.target_checks(tx.s, target.id)
            if kind == "check" and result in repo.COMPLETED
        ]
        if done:
            raise ValidationError(
                f"该检查对象已于 {done[0][0].isoformat()} 检查（巡查记录 {done[0][1]}）。"
                "再次检查请登记回头看；记录有误请先作废原记录。",
                field="entity",
            )

    @staticmethod
    def _link(tx: Tx, campaign, target, record_id, kind, revisit_id, dept_ids) -> PatrolRecord:
        tx.s.add(
            CampaignCheck(
                record_id=record_id, campaign_id=campaign.id, target_id=target.id, kind=kind,
                revisit_id=revisit_id,
            )
        )  # fmt: skip
        tx.s.flush()
        repo.add_check_departments(tx.s, record_id, dept_ids)
        tx.created(CHECK_KIND, record_id, {
            "campaign": campaign.number, "target_id": target.id, "kind": kind,
            "revisit_id": revisit_id, "departments": dept_ids,
        })  # fmt: skip
        row = tx.s.get(PatrolRecord, record_id)
        assert row is not None  # written by record_in in this transaction
        return row

    def _schedule(
        self, tx: Tx, campaign: Campaign, target: CampaignTarget, row: PatrolRecord, *, sample
    ) -> list[int]:
        """The 回头看 a visit brings: one per ordered hazard; a sample one for a passed shop."""
        cal = work_calendar(tx.s)
        made: list[CampaignRevisit] = []
        hazards = repo.record_hazards(tx.s, row.id)
        for h in hazards:
            if h.mode == H.ORDERED and h.state == H.OPEN and h.deadline is not None:
                task = tx.s.get(PatrolTask, h.recheck_task_id) if h.recheck_task_id else None
                due = task.due_on if task is not None else H.recheck_day(h.deadline, cal)
                made.append(self._revisit(tx, campaign, target, rules.PROBLEM_REVISIT, due, h.id))
        ordered = any(h.mode == H.ORDERED for h in hazards)
        if sample and row.result in repo.COMPLETED and not ordered:
            entity = tx.s.get(Entity, target.entity_id)
            key = draw_inputs.entity_key(entity.uscc if entity else None, target.entity_id)
            ratio = Fraction(campaign.sample_ratio or "0")
            if ratio and rules.in_sample(rules.revisit_seed(campaign.number), key, ratio):
                policy = rules.RevisitPolicy(ratio, max(campaign.sample_delay_days, 1))
                due = rules.sample_revisit_due(row.day, policy, cal)
                made.append(self._revisit(tx, campaign, target, rules.SAMPLE_REVISIT, due, None))
        return [r.id for r in made]

    @staticmethod
    def _revisit(tx: Tx, campaign, target, kind: str, due: date, hazard_id: int | None):
        row = CampaignRevisit(
            campaign_id=campaign.id, target_id=target.id, kind=kind, hazard_id=hazard_id,
            due_on=due, state=rules.R_OPEN, waived_reason="", waived_by="",
        )  # fmt: skip
        tx.s.add(row)
        tx.s.flush()
        tx.created(REVISIT_KIND, row.id, {
            "campaign": campaign.number, "target_id": target.id, "kind": kind,
            "hazard_id": hazard_id, "due_on": due,
        })  # fmt: skip
        return row

    # -- 回头看 ------------------------------------------------------------------------------
    def record_revisit(
        self,
        revisit_id: int,
        draft: D.RecordDraft | RecheckDraft,
        *,
        version: int | None = None,
        checklist: str | None = None,
        assume_yes: bool = False,
    ) -> tuple[CheckView, Changes]:
        """登记回头看. A problem shop's is its hazard's 复查 (a ``RecheckDraft``: pass, or fail
        with a new deadline or 移送); a sampled shop's is a 现场检查 (a ``RecordDraft``,
        reference ``<number>·回头看``), whose new hazards bring their own revisits."""

        def record(tx: Tx) -> tuple[int, int, list[int]]:
            revisit = tx.load(CampaignRevisit, revisit_id, version, missing=REVISIT_GONE)
            campaign = tx.load(Campaign, revisit.campaign_id, missing=GONE)
            target = tx.load(CampaignTarget, revisit.target_id, missing=REVISIT_GONE)
            state = self._revisit_state(tx, revisit)
            if state != rules.R_OPEN:
                label = rules.REVISIT_STATE_LABELS.get(state, "已失效")
                raise ValidationError(f"该回头看{label}，不能再登记。", field="state")
            self._check_after_check(tx, target, draft.at)
            before = {"state": revisit.state, "record_id": revisit.record_id}
            if revisit.kind == rules.PROBLEM_REVISIT:
                record_id, made = self._problem_revisit(tx, revisit, draft)
            else:
                record_id, made = self._sample_revisit(tx, campaign, target, revisit, draft,
                                                       checklist, assume_yes)  # fmt: skip
            self._link(tx, campaign, target, record_id, "revisit", revisit.id, [])
            revisit.record_id = record_id
            if self._revisit_state(tx, revisit) == rules.R_DONE:
                revisit.done_on = D.local(draft.at).date()
            tx.s.flush()
            after = {"state": revisit.state, "record_id": record_id, "done_on": revisit.done_on}
            tx.updated(REVISIT_KIND, revisit.id, before, after, "登记回头看")
            return revisit.campaign_id, record_id, made

        conflict = Conflict("回头看", lambda: None)
        (cid, record_id, made), changes = self._transact("patrols.check", record, conflict=conflict)
        return self._check_view(cid, record_id, made), changes

    @staticmethod
    def _revisit_state(tx: Tx, revisit: CampaignRevisit) -> str:
        tx.s.flush()
        return revisit_views(tx.s, tx.today, ids=[revisit.id])[0].state

    @staticmethod
    def _check_after_check(tx: Tx, target: CampaignTarget, at: datetime) -> None:
        checks = [a for _, k, r, _, a in repo.target_checks(tx.s, target.id) if k == "check"]
        moment = D.local(at)
        if checks and moment <= D.local(checks[-1]):
            raise ValidationError(
                f"回头看时间 {moment:%Y-%m-%d %H:%M} 早于该商户的专项检查时间 "
                f"{D.local(checks[-1]):%Y-%m-%d %H:%M}：回头看须在检查之后。",
                field="at",
            )

    def _problem_revisit(self, tx: Tx, revisit, draft) -> tuple[int, list[int]]:
        if not isinstance(draft, RecheckDraft):
            raise ValidationError(
                "问题商户的回头看就是对隐患的复查：请填写复查结论（合格，或不合格并给出新的整改"
                "期限或移送立案）。",
                field="passed",
            )
        assert revisit.hazard_id is not None
        hazard = tx.s.get(Hazard, revisit.hazard_id)
        if hazard is None:
            raise NotFoundError("该回头看对应的隐患不存在。")
        return self._patrols.recheck_in(tx, replace(draft, hazard_id=hazard.id)), []

    def _sample_revisit(self, tx, campaign, target, revisit, draft, checklist, assume_yes):
        if not isinstance(draft, D.RecordDraft):
            raise ValidationError("抽样回头看是一次现场检查：请填写检查记录。", field="result")
        if draft.entity_id != target.entity_id:
            raise ValidationError("回头看的经营主体与检查对象不一致。", field="entity")
        visit = replace(
            draft, kind=CHECK, source=D.CAMPAIGN, reference=campaign.number + REVISIT_SUFFIX
        )
        record_id = self._patrols.record_in(
            tx, visit, checklist=checklist or campaign.checklist_code or None,
            assume_yes=assume_yes,
        )  # fmt: skip
        row = tx.s.get(PatrolRecord, record_id)
        assert row is not None
        if row.result in repo.COMPLETED:
            revisit.state = rules.R_DONE
        return record_id, self._schedule(tx, campaign, target, row, sample=False)

    def waive_revisit(
        self, revisit_id: int, version: int, reason: str
    ) -> tuple[RevisitView, Changes]:
        """免于回头看 (the shop closed down, moved away): head only, with a reason, audited."""
        rules.check_waiver(rules.R_OPEN, reason)  # the reason first: nothing is opened for it

        def waive(tx: Tx) -> int:
            revisit = tx.load(CampaignRevisit, revisit_id, version, missing=REVISIT_GONE)
            text = rules.check_waiver(self._revisit_state(tx, revisit), reason)
            before = {"state": revisit.state, "waived_reason": ""}
            revisit.state, revisit.waived_reason = rules.R_WAIVED, text
            revisit.waived_by = tx.actor.username
            tx.s.flush()
            after = {"state": revisit.state, "waived_reason": text}
            tx.updated(REVISIT_KIND, revisit.id, before, after, "免于回头看")
            return revisit.campaign_id

        conflict = Conflict("回头看", lambda: self.revisit(revisit_id))
        _, changes = self._transact("campaigns.close", waive, conflict=conflict)
        return self.revisit(revisit_id), changes

    # -- reading -----------------------------------------------------------------------------
    def revisits(self, campaign_id: int, *, open_only: bool = False) -> list[RevisitView]:
        """A campaign's 回头看 by due day (tens of rows: a plain list)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            if s.get(Campaign, campaign_id) is None:
                raise NotFoundError(GONE)
            views = revisit_views(s, self._clock.today(), campaign_id)
        return [v for v in views if v.state == rules.R_OPEN] if open_only else views

    def revisit(self, revisit_id: int) -> RevisitView:
        self._auth.require("data.view")
        with self._db.session() as s:
            views = revisit_views(s, self._clock.today(), ids=[revisit_id])
        if not views:
            raise NotFoundError(REVISIT_GONE)
        return views[0]

    def _check_view(self, campaign_id: int, record_id: int, revisits: list[int]) -> CheckView:
        with self._db.session() as s:
            campaign = s.get(Campaign, campaign_id)
            link = s.get(CampaignCheck, record_id)
            record = s.get(PatrolRecord, record_id)
            assert campaign is not None and link is not None and record is not None
            state = target_state(s, link.target_id)
            made = revisit_views(s, self._clock.today(), ids=revisits) if revisits else []
            return CheckView(
                record_view(s, record), campaign_id, campaign.number, link.target_id, state,
                rules.TARGET_LABELS[state], tuple(made),
            )  # fmt: skip
