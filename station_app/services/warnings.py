"""预警 (early warnings, #19): the scan (each kind counted in SQL, judged by
``domain/warnings``, merged with the stored warnings by key in one unit of work), the list,
确认 (who, when) and 处置 (what was done), and the thresholds in 设置.

Evaluated at start (the GUI, in the background), on demand (立即检查) and by ``warnings scan``
for a scheduled task. Hazards (#15) are two kinds: past their rectification deadline, and one
category clustering in a grid."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from station_app.data.models import EarlyWarning
from station_app.data.repo import settings as settings_repo
from station_app.data.repo import warnings as repo
from station_app.data.types import utc_now
from station_app.domain.warnings import evaluate as judge
from station_app.domain.warnings import states, steps
from station_app.domain.warnings.kinds import (
    CLUSTER_ENTITY,
    CLUSTER_INDUSTRY,
    DIMENSION_INDUSTRY,
    ELDERLY,
    HAZARD,
    HAZARD_CLUSTER,
    KIND_LABELS,
    KINDS,
    LICENCE,
    PREPAID,
    TO_CAMPAIGN,
    TO_CONSUMER_NOTICE,
    TO_ORDER,
)
from station_app.domain.warnings.lists import WarningFilter
from station_app.domain.warnings.thresholds import (
    Thresholds,
    ThresholdVersion,
    in_force,
    parse_thresholds,
    parse_versions,
    versions_json,
    with_version,
)
from station_app.errors import NotFoundError, ValidationError
from station_app.queries.warnings import WarningRows
from station_app.services.base import Changes, Conflict, Service, Tx

KIND = "warning"
SETTING_KEY = "warnings.thresholds"
GONE = "预警 {} 不存在。"


@dataclass(frozen=True)
class WarningView:
    id: int
    version: int
    kind: str
    kind_label: str
    key: str
    title: str
    explanation: str
    level: str
    entity_id: int | None
    grid_id: int | None
    evidence: dict[str, Any]
    active: bool
    state: str
    first_seen_at: datetime
    last_seen_at: datetime
    acked_by: str
    acked_at: datetime | None
    resolved_by: str
    resolved_at: datetime | None
    resolution: str
    resolution_note: str
    action_ref: str = ""
    """What a one-step action opened: ``工单 <number>``, ``专项行动 <number>``, ``消费提示 <id>``."""


@dataclass(frozen=True)
class ScanResult:
    new: int
    refreshed: int
    cleared: int
    suppressed: int
    kinds: tuple[str, ...]
    new_ids: tuple[int, ...] = ()


def _view(w: EarlyWarning) -> WarningView:
    return WarningView(
        w.id, w.version, w.kind, KIND_LABELS.get(w.kind, w.kind), w.key, w.title, w.explanation,
        w.level, w.entity_id, w.grid_id, json.loads(w.evidence or "{}"), w.active, w.state,
        w.first_seen_at, w.last_seen_at, w.acked_by, w.acked_at, w.resolved_by, w.resolved_at,
        w.resolution, w.resolution_note, w.action_ref,
    )  # fmt: skip


def _snap(w: EarlyWarning) -> dict[str, Any]:
    return {
        "kind": w.kind, "key": w.key, "title": w.title, "state": w.state, "active": w.active,
        "digest": w.digest, "acked_by": w.acked_by, "resolution": w.resolution,
        "resolution_note": w.resolution_note,
    }  # fmt: skip


def _found(s: Any, today: date, th: Thresholds) -> tuple[list[judge.Candidate], tuple[str, ...]]:
    kinds = tuple(k for k in KINDS if th.enabled(k))
    out: list[judge.Candidate] = []
    if CLUSTER_ENTITY in kinds:
        first = today - timedelta(days=th["cluster_entity.days"] - 1)
        rows = repo.entity_counts(s, first, today, th["cluster_entity.count"])
        out += judge.cluster_entity(rows, th)
    if CLUSTER_INDUSTRY in kinds:
        (f1, l1), (f0, l0) = judge.month_to_date(today)
        now, before = repo.industry_counts(s, f1, l1), repo.industry_counts(s, f0, l0)
        out += judge.cluster_industry(now, before, today, th, DIMENSION_INDUSTRY)
    if PREPAID in kinds:
        since = today - timedelta(days=th["prepaid.complaint_days"])
        facts = repo.watch_and_facts(s, repo.prepaid_candidates(s), today, since)
        out += judge.prepaid_risk(facts, today, th)
    if ELDERLY in kinds:
        out += judge.elderly(repo.elderly_counts(s, today.replace(day=1), today), today, th)
    if LICENCE in kinds:
        horizon = today + timedelta(days=th["licence.days_ahead"])
        out += judge.licences_by_grid(repo.licences_due(s, horizon), today, th, repo.grid_names(s))
    out += _hazards(s, today, th, kinds)
    return out, kinds


def _hazards(s: Any, today: date, th: Thresholds, kinds: tuple[str, ...]) -> list[judge.Candidate]:
    """Patrols' hazards (#15): past their deadline, and one category clustering in a grid."""
    from station_app.domain.patrols.hazards import OPEN

    out: list[judge.Candidate] = []
    if HAZARD in kinds:
        cutoff = today - timedelta(days=th["hazard.grace_days"])
        out += judge.hazards(repo.hazards_overdue(s, cutoff, OPEN), today, th)
    if HAZARD_CLUSTER in kinds:
        first = today - timedelta(days=th["hazard_cluster.days"] - 1)
        rows = repo.hazard_clusters(s, first, today, th["hazard_cluster.count"], OPEN)
        out += judge.hazard_clusters(rows, today, th)
    return out


class WarningsService(Service):
    """Scan (``warnings.handle``), list (``data.view``), acknowledge and resolve."""

    def thresholds(self, on: date | None = None) -> Thresholds:
        """The thresholds in force on ``on`` (default today)."""
        return in_force(self.threshold_versions(), on or self._clock.today())

    def threshold_versions(self) -> tuple[ThresholdVersion, ...]:
        """Every version saved, by effective day (设置 → 预警阈值 lists them)."""
        with self._db.session() as s:
            return _versions(s)

    def save_thresholds(
        self,
        values: dict[str, Any],
        disabled: list[str],
        reason: str = "",
        effective: date | None = None,
    ) -> Changes:
        """A new version of the thresholds, in force from ``effective`` (default today; not
        before today); a version of the same day is replaced. Audited with the reason."""
        th = parse_thresholds({"values": values, "disabled": disabled})

        def save(tx: Tx) -> None:
            row = settings_repo.setting(tx.s, SETTING_KEY)
            before = json.loads(row.value) if row else None
            new = ThresholdVersion(
                effective or tx.today, th, tx.actor.username, utc_now().isoformat(timespec="seconds"),
                (reason or "").strip(),
            )  # fmt: skip
            after = versions_json(with_version(_versions(tx.s), new, tx.today))
            settings_repo.put_setting(tx.s, SETTING_KEY, json.dumps(after), tx.actor.username)
            tx.saved("station_setting", SETTING_KEY, before, after, reason)

        return self._transact("settings.edit", save)[1]

    def scan(self) -> tuple[ScanResult, Changes]:
        """Evaluate every enabled kind and merge with the stored warnings (one transaction)."""

        def run(tx: Tx) -> ScanResult:
            th = in_force(_versions(tx.s), tx.today)
            found, kinds = _found(tx.s, tx.today, th)
            merge = judge.merge(kinds, repo.stored(tx.s), found)
            now = utc_now()
            new_ids = [_insert(tx, c, now) for c in merge.new]
            for wid, c in merge.refresh:
                _refresh(tx, wid, c, now)
            for wid in merge.cleared:
                _clear(tx, wid, now)
            return ScanResult(len(new_ids), len(merge.refresh), len(merge.cleared),
                              merge.suppressed, kinds, tuple(new_ids))  # fmt: skip

        return self._transact("warnings.handle", run)

    def warning(self, warning_id: int) -> WarningView:
        with self._db.session() as s:
            w = s.get(EarlyWarning, warning_id)
            if w is None:
                raise NotFoundError(GONE.format(warning_id))
            return _view(w)

    def warnings(
        self, *, state: str | None = None, kind: str | None = None, active_only: bool = False
    ) -> list[WarningView]:
        """The list, newest first; ``state`` 新/已确认/已处置 or new/acknowledged/resolved."""
        self._auth.require("data.view")
        wanted = states.state_of(state) if state else None
        with self._db.session() as s:
            ids = repo.warning_ids(s, wanted, kind, active_only)
            return [_view(s.get(EarlyWarning, i)) for i in ids]

    def rows(self, flt: WarningFilter | None = None) -> WarningRows:
        """The 预警 list (the lazy table's source)."""
        self._auth.require("data.view")
        return WarningRows(self._db, flt or WarningFilter())

    def home_counts(self) -> dict[str, int]:
        """Active warnings by state (the home tile shows 新)."""
        with self._db.session() as s:
            return repo.counts_by_state(s)

    def ack(self, warning_id: int, version: int | None = None) -> tuple[WarningView, Changes]:
        """确认: who and when."""

        def ack(tx: Tx) -> None:
            w = tx.load(EarlyWarning, warning_id, version, missing=GONE.format(warning_id))
            before = _snap(w)
            w.state = states.check_ack(w.state)
            w.acked_by, w.acked_at = tx.actor.username, utc_now()
            tx.s.flush()
            tx.updated(KIND, w.id, before, _snap(w), "确认")

        conflict = Conflict("预警", lambda: self.warning(warning_id))
        _, changes = self._transact("warnings.handle", ack, conflict=conflict)
        return self.warning(warning_id), changes

    def resolve(
        self, warning_id: int, action: str, note: str, version: int | None = None
    ) -> tuple[WarningView, Changes]:
        """处置: what was done (转工单, 列入专项行动目标, 发布消费提示, 约谈告诫, 现场核查, 其他)."""

        def resolve(tx: Tx) -> None:
            w = tx.load(EarlyWarning, warning_id, version, missing=GONE.format(warning_id))
            before = _snap(w)
            state, act, text = states.check_resolve(w.state, action, note)
            if not w.acked_by:
                w.acked_by, w.acked_at = tx.actor.username, utc_now()
            w.state, w.resolution, w.resolution_note = state, act, text
            w.resolved_by, w.resolved_at = tx.actor.username, utc_now()
            tx.s.flush()
            tx.updated(KIND, w.id, before, _snap(w), act)

        conflict = Conflict("预警", lambda: self.warning(warning_id))
        _, changes = self._transact("warnings.handle", resolve, conflict=conflict)
        return self.warning(warning_id), changes

    # ---- from a warning, one step (a work order, a campaign, a consumer notice) ---------------

    def to_order(
        self, warning_id: int, version: int | None = None, *, category: str = "", grid: str = ""
    ) -> tuple[WarningView, str, Changes]:
        """转工单: a 网格线索 about the warning's entity (or grid), its text the warning's, and
        the warning 已处置 with the order's number — one unit of work. Returns the number."""
        from station_app.domain.orders.kinds import CLUE
        from station_app.services.orders import OrderInput, OrdersService

        self._auth.require("orders.register")
        orders = OrdersService(self._db, self._auth, clock=self._clock)

        def step(tx: Tx) -> str:
            w = _open_warning(tx, warning_id, version)
            now = orders.now()
            data = OrderInput(
                kind=CLUE, received_at=now, text=steps.order_text(w.title, w.explanation)[:2000],
                entity=str(w.entity_id) if w.entity_id else "", grid=grid,
                grid_id=None if grid else w.grid_id,
                category=category or steps.ORDER_CATEGORY.get(w.kind, "其他"),
            )  # fmt: skip
            number = orders.register_in(tx, orders.clean(data, now), now)
            _resolved(tx, w, TO_ORDER, f"已转工单 {number}", f"工单 {number}")
            return number

        return self._one_step(warning_id, step)

    def to_campaign(
        self, warning_id: int, version: int | None = None, *, name: str = "",
        first_day: date | None = None, last_day: date | None = None,
    ) -> tuple[WarningView, int, Changes]:  # fmt: skip
        """列入专项行动目标: a campaign whose targets are the warning's industry or grid (its
        frozen target list), and the warning 已处置 with the campaign's number. Returns its id."""
        from station_app.domain.campaign_targets import TargetFilter
        from station_app.services.campaigns import CampaignDraft, CampaignService

        self._auth.require("campaigns.manage")
        campaigns = CampaignService(self._db, self._auth, clock=self._clock)
        today = self._clock.today()

        def step(tx: Tx) -> int:
            w = _open_warning(tx, warning_id, version)
            scope = steps.campaign_scope(w.kind, json.loads(w.evidence or "{}"), w.grid_id)
            flt = TargetFilter(
                industries=scope.industries, grids=repo.grid_codes(tx.s, scope.grid_ids)
            )
            draft = CampaignDraft(
                name=name.strip() or steps.campaign_name(w.title), first_day=first_day or today,
                last_day=last_day or today + timedelta(days=30), target_filter=flt,
                basis=f"风险预警：{w.title}"[:200], note=w.explanation[:500],
            )  # fmt: skip
            campaign_id = campaigns._add_operation(draft)(tx)
            number = repo.campaign_number(tx.s, campaign_id)
            _resolved(tx, w, TO_CAMPAIGN, f"已列入专项行动 {number}", f"专项行动 {number}")
            return campaign_id

        return self._one_step(warning_id, step)

    def to_notice(
        self, warning_id: int, version: int | None = None, *, title: str = "", text: str = ""
    ) -> tuple[WarningView, int, Changes]:
        """发布消费提示: a draft consumer notice (the outreach area's; the head publishes it)
        from the warning, and the warning 已处置 with the draft's id. Returns the draft's id."""
        from station_app.services.outreach import draft_notice_in

        self._auth.require("outreach.edit")

        def step(tx: Tx) -> int:
            w = _open_warning(tx, warning_id, version)
            topic = steps.NOTICE_TOPIC.get(w.kind, "other")
            notice_id = draft_notice_in(
                tx, title.strip() or steps.notice_title(KIND_LABELS.get(w.kind, w.kind)),
                text.strip() or steps.notice_text(w.kind, w.explanation), topic,
            )  # fmt: skip
            _resolved(tx, w, TO_CONSUMER_NOTICE, f"已起草消费提示（第 {notice_id} 号草稿）",
                      f"消费提示 {notice_id}")  # fmt: skip
            return notice_id

        return self._one_step(warning_id, step)

    def _one_step(self, warning_id: int, step: Any) -> Any:
        conflict = Conflict("预警", lambda: self.warning(warning_id))
        made, changes = self._transact("warnings.handle", step, conflict=conflict)
        return self.warning(warning_id), made, changes


def _open_warning(tx: Tx, warning_id: int, version: int | None) -> EarlyWarning:
    w = tx.load(EarlyWarning, warning_id, version, missing=GONE.format(warning_id))
    if w.state == states.RESOLVED:
        raise ValidationError(f"这条预警已处置（{w.resolution}）。", field="state")
    return w


def _resolved(tx: Tx, w: EarlyWarning, action: str, note: str, ref: str) -> None:
    """The warning 已处置 by a one-step action, linked to what it opened (``action_ref``)."""
    before = _snap(w)
    state, act, text = states.check_resolve(w.state, action, note)
    if not w.acked_by:
        w.acked_by, w.acked_at = tx.actor.username, utc_now()
    w.state, w.resolution, w.resolution_note, w.action_ref = state, act, text, ref
    w.resolved_by, w.resolved_at = tx.actor.username, utc_now()
    tx.s.flush()
    tx.updated(KIND, w.id, before, {**_snap(w), "action_ref": ref}, act)


def _versions(s: Any) -> tuple[ThresholdVersion, ...]:
    row = settings_repo.setting(s, SETTING_KEY)
    return parse_versions(json.loads(row.value) if row else None)


def _insert(tx: Tx, c: judge.Candidate, now: datetime) -> int:
    w = EarlyWarning(
        kind=c.kind, key=c.key[:120], title=c.title[:300], explanation=c.explanation,
        level=c.level, entity_id=c.entity_id, grid_id=c.grid_id,
        evidence=json.dumps(c.evidence, ensure_ascii=False, sort_keys=True, default=str),
        digest=c.digest, latest=c.latest, first_seen_at=now, last_seen_at=now, active=True,
        state=states.NEW, acked_by="", resolved_by="", resolution="", resolution_note="",
        action_ref="",
    )  # fmt: skip
    tx.s.add(w)
    tx.s.flush()
    tx.created(KIND, w.id, _snap(w), "检查发现")
    return w.id


def _refresh(tx: Tx, warning_id: int, c: judge.Candidate, now: datetime) -> None:
    w = tx.load(EarlyWarning, warning_id, missing=GONE.format(warning_id))
    before = _snap(w)
    w.title, w.explanation, w.level = c.title[:300], c.explanation, c.level
    w.evidence = json.dumps(c.evidence, ensure_ascii=False, sort_keys=True, default=str)
    w.digest, w.latest, w.last_seen_at, w.active, w.cleared_at = c.digest, c.latest, now, True, None
    tx.s.flush()
    tx.updated(KIND, w.id, before, _snap(w), "检查更新")


def _clear(tx: Tx, warning_id: int, now: datetime) -> None:
    w = tx.load(EarlyWarning, warning_id, missing=GONE.format(warning_id))
    before = _snap(w)
    w.active, w.cleared_at = False, now
    tx.s.flush()
    tx.updated(KIND, w.id, before, _snap(w), "条件已消除")


__all__ = ["ScanResult", "ValidationError", "WarningView", "WarningsService"]
