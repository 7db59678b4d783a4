"""Red and black lists (红黑榜): listing with two-person approval, removal, expiry, credit repair,
dashboard queries, publication notices with snapshots, and import of the credit system's lists.

Permissions: ``lists.propose`` (propose, refuse, remove, register and check repairs, expire
job), ``lists.approve`` (approve, decide repairs, publish, import). Every change writes audit
rows in its own transaction.

Reprints: a publication snapshot keeps the canonical JSON of what was published (with its
SHA-256) *and* the PDF bytes as issued. :meth:`ListService.reprint` returns those stored bytes,
so a reprint is **byte-identical** by construction; :meth:`ListService.redraw` rebuilds the PDF
from the JSON, which is byte-identical too as long as reportlab and the font files are the same
(invariant mode), and always text-identical.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from station_app.data import audit
from station_app.data.engine import Database
from station_app.data.models import (
    ListEntry,
    ListKind,
    PublicationSnapshot,
    RepairApplication,
    StationProfile,
)
from station_app.data.orm import conflict_guard, expect_version
from station_app.data.repo import lists as repo
from station_app.data.repo.lists import EntityBrief, EntryRow
from station_app.data.types import utc_now
from station_app.domain import lists as rules
from station_app.domain.calendar import WorkCalendar
from station_app.domain.lists import EntryFilter
from station_app.domain.periods import parse_period
from station_app.domain.text import to_halfwidth
from station_app.domain.wording import cn_date
from station_app.errors import StationError, ValidationError
from station_app.queries.lists import EntryRows
from station_app.services.auth import Auth
from station_app.services.base import Changes, NullProgress, Progress, check_cancel

__all__ = ["EntityBrief", "EntryFilter", "EntryRow", "EntryRows", "ListService"]

KIND_ENTRY, KIND_REPAIR, KIND_PUBLICATION, KIND_LIST_KIND = (
    "list_entry",
    "list_repair",
    "list_publication",
    "list_kind",
)
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
ENTRY_FIELD_LABELS = {
    "status": "状态",
    "reason": "列入原因",
    "public_summary": "公示摘要",
    "legal_basis": "法律依据",
    "decision_no": "决定书号",
    "authority": "作出决定机关",
    "tier": "修复分级",
    "listed_on": "列入日期",
    "valid_until": "有效期至",
    "review_on": "复核日期",
    "approved_by": "审批人",
    "refusal_reason": "退回理由",
    "published_on": "公示日期",
    "removed_on": "移出日期",
    "removal_way": "移出方式",
    "removal_basis": "移出依据",
}


def local_today() -> date:
    return datetime.now(SHANGHAI).date()


@dataclass(frozen=True)
class KindInfo:
    id: int
    name: str
    colour: str
    validity_months: int | None
    tiered: bool
    default_tier: str | None
    applies_to: str
    grade_indicator: str
    published_by_station: bool
    sort_order: int
    active: bool
    note: str
    version: int

    @property
    def rule(self) -> rules.KindRule:
        return rules.KindRule(
            self.name,
            self.colour,
            self.validity_months,
            self.tiered,
            self.default_tier,
            self.applies_to,
        )

    @property
    def label(self) -> str:
        return f"{rules.COLOUR_LABELS[self.colour]} · {self.name}"


@dataclass(frozen=True)
class EntryDraft:
    """A proposal as typed. ``valid_until``/``review_on`` None: the kind's defaults."""

    entity_id: int | None
    kind_id: int | None
    reason: str = ""
    public_summary: str = ""
    legal_basis: str = ""
    decision_no: str = ""
    tier: str | None = None
    listed_on: date | None = None
    valid_until: date | None = None
    review_on: date | None = None


@dataclass(frozen=True)
class DraftCheck:
    """What the listing dialog shows while it is being filled."""

    problems: tuple[tuple[str, str], ...]  # (field, message)
    notes: tuple[str, ...]
    valid_until: date | None = None
    review_on: date | None = None
    earliest_repair: date | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class RepairInfo:
    id: int
    version: int
    entry_id: int
    status: str
    applied_on: date
    earliest_on: date
    deadline_on: date
    statement: str
    registered_by: str
    check_note: str
    checked_on: date | None
    checked_by: str
    decided_on: date | None
    decided_by: str
    decision_note: str

    @property
    def status_label(self) -> str:
        return rules.REPAIR_LABELS.get(self.status, self.status)

    def overdue(self, today: date) -> bool:
        return self.status in rules.REPAIR_OPEN and today > self.deadline_on


@dataclass(frozen=True)
class DueItem:
    entry_id: int
    entity_name: str
    kind: str
    what: str  # 到期 | 复核 | 修复办理 | 待审批
    due_on: date | None
    text: str


@dataclass(frozen=True)
class DueReport:
    today: date
    within_days: int
    expiring: tuple[DueItem, ...]
    review: tuple[DueItem, ...]
    repairs: tuple[DueItem, ...]
    pending: tuple[DueItem, ...]

    @property
    def all(self) -> tuple[DueItem, ...]:
        return self.pending + self.repairs + self.review + self.expiring

    def as_json(self) -> dict:
        def items(xs):
            return [{**asdict(x), "due_on": x.due_on.isoformat() if x.due_on else None} for x in xs]

        return {
            "today": self.today.isoformat(),
            "within_days": self.within_days,
            "expiring": items(self.expiring),
            "review": items(self.review),
            "repairs": items(self.repairs),
            "pending": items(self.pending),
        }


@dataclass(frozen=True)
class PublicationInfo:
    id: int
    period: str
    title: str
    entry_count: int
    generated_at: datetime
    generated_by: str
    sha256: str


@dataclass(frozen=True)
class ImportIssue:
    row: int
    uscc: str
    name: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    kind: str
    total: int
    imported: int
    dry_run: bool
    committed: bool
    unmatched: tuple[ImportIssue, ...] = ()
    skipped: tuple[ImportIssue, ...] = ()
    rerouted: int = 0
    entry_ids: tuple[int, ...] = field(default=())

    @property
    def message(self) -> str:
        verb = "可导入" if self.dry_run else "已导入"
        parts = [f"共 {self.total} 行，{verb} {self.imported} 条（{self.kind}）"]
        if self.rerouted:
            parts.append(f"其中 {self.rerouted} 户个体工商户记为“经营异常状态”")
        if self.unmatched:
            parts.append(f"{len(self.unmatched)} 行在台账中找不到对应主体")
        if self.skipped:
            parts.append(f"{len(self.skipped)} 行已在名单上或不符合规则，未导入")
        text = "，".join(parts) + "。"
        return text + ("（试导入，未写入数据库）" if self.dry_run else "")

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "total": self.total,
            "imported": self.imported,
            "dry_run": self.dry_run,
            "committed": self.committed,
            "rerouted": self.rerouted,
            "unmatched": [asdict(i) for i in self.unmatched],
            "skipped": [asdict(i) for i in self.skipped],
            "message": self.message,
        }


def _kind_info(k: ListKind) -> KindInfo:
    return KindInfo(
        k.id,
        k.name,
        k.colour,
        k.validity_months,
        k.tiered,
        k.default_tier,
        k.applies_to,
        k.grade_indicator,
        k.published_by_station,
        k.sort_order,
        k.active,
        k.note,
        k.version,
    )


def _repair_info(r: RepairApplication) -> RepairInfo:
    return RepairInfo(
        r.id,
        r.version,
        r.entry_id,
        r.status,
        r.applied_on,
        r.earliest_on,
        r.deadline_on,
        r.statement,
        r.registered_by,
        r.check_note,
        r.checked_on,
        r.checked_by,
        r.decided_on,
        r.decided_by,
        r.decision_note,
    )


_AUDITED = tuple(ENTRY_FIELD_LABELS)


def _snap(e: ListEntry) -> dict[str, Any]:
    return {name: getattr(e, name) for name in _AUDITED}


def build_notice_pdf(payload: dict[str, Any]) -> bytes:
    from station_app.documents.list_notice import build_notice_pdf as build  # reportlab: lazy

    return build(payload)


def build_notice_xlsx(payload: dict[str, Any]) -> bytes:
    from station_app.documents.list_notice import build_notice_xlsx as build  # openpyxl: lazy

    return build(payload)


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class ListService:
    """Any thread; each call opens its own session."""

    def __init__(self, db: Database, auth: Auth) -> None:
        self._db = db
        self._auth = auth

    # --- reading -------------------------------------------------------------------------

    def kinds(self, *, active_only: bool = False) -> list[KindInfo]:
        with self._db.session() as s:
            return [_kind_info(k) for k in repo.kinds(s, active_only=active_only)]

    def kind(self, kind_id: int) -> KindInfo:
        with self._db.session() as s:
            row = s.get(ListKind, kind_id)
            if row is None:
                raise StationError("该榜单类别已被删除。")
            return _kind_info(row)

    def kind_named(self, name: str) -> KindInfo:
        with self._db.session() as s:
            row = repo.kind_by_name(s, name.strip())
            if row is None:
                names = "、".join(k.name for k in repo.kinds(s))
                raise ValidationError(f"没有名为“{name}”的榜单。可选：{names}。", field="kind")
            return _kind_info(row)

    def search_entities(self, text: str, limit: int = 30) -> list[EntityBrief]:
        with self._db.session() as s:
            return repo.search_entities(s, text, limit)

    def entity(self, entity_id: int) -> EntityBrief | None:
        with self._db.session() as s:
            return repo.entity(s, entity_id)

    def rows(self, flt: EntryFilter | None = None) -> EntryRows:
        """The entry list under ``flt`` (see ``services.base.Rows``)."""
        self._auth.require("data.view")
        return EntryRows(self._db, flt)

    def entries(
        self,
        *,
        kind_id: int | None = None,
        colour: str | None = None,
        statuses: tuple[str, ...] | None = None,
        entity_id: int | None = None,
        text: str = "",
    ) -> list[EntryRow]:
        with self._db.session() as s:
            return repo.entry_rows(
                s, kind_id=kind_id, colour=colour, statuses=statuses, entity_id=entity_id, text=text
            )

    def entry(self, entry_id: int) -> EntryRow:
        with self._db.session() as s:
            row = repo.entry_row(s, entry_id)
        if row is None:
            raise StationError("该列入记录已不存在（可能已被他人删除）。")
        return row

    def counts(self) -> dict[int, dict[str, int]]:
        """kind id → status → number of entries."""
        with self._db.session() as s:
            return repo.counts_by_kind(s)

    def calendar(self) -> WorkCalendar:
        with self._db.session() as s:
            return WorkCalendar(repo.holiday_map(s))

    def history(self, entry_id: int) -> list[audit.AuditRow]:
        with self._db.session() as s:
            return audit.history(s, KIND_ENTRY, entry_id)

    # --- rules while typing -------------------------------------------------------------------

    def check_draft(self, draft: EntryDraft, today: date | None = None) -> DraftCheck:
        """Every rule a proposal must pass, as messages (nothing raised, nothing written)."""
        today = today or local_today()
        problems: list[tuple[str, str]] = []
        notes: list[str] = []
        until = review = earliest = None
        with self._db.session() as s:
            kind_row = s.get(ListKind, draft.kind_id) if draft.kind_id else None
            kind = _kind_info(kind_row) if kind_row else None
            brief = repo.entity(s, draft.entity_id) if draft.entity_id else None
            listings = repo.active_listings(s, draft.entity_id) if brief else []
        if brief is None:
            problems.append(("entity", "请选择经营主体（按名称或统一社会信用代码查找）。"))
        if kind is None:
            problems.append(("kind", "请选择榜单。"))
        else:
            k = kind.rule
            tier = draft.tier or (k.default_tier if k.tiered else None)
            for check in (
                lambda: brief and rules.check_applies(k, brief.entity_type, brief.uscc),
                lambda: brief and rules.check_red_allowed(k, listings),
                lambda: brief and rules.check_not_duplicate(k, listings),
                lambda: rules.check_public_summary(draft.public_summary),
                lambda: rules.check_entry(
                    k,
                    reason=draft.reason,
                    listed_on=draft.listed_on,
                    valid_until=draft.valid_until,
                    tier=tier,
                    today=today,
                ),
            ):
                try:
                    check()
                except ValidationError as exc:
                    problems.append((exc.field or "", exc.message))
            if draft.listed_on:
                until = draft.valid_until or rules.default_end(k, draft.listed_on, tier)
                review = draft.review_on or rules.default_review(k, draft.listed_on, tier)
                if k.colour == rules.BLACK and tier in (rules.MODERATE, rules.SERIOUS):
                    earliest = rules.earliest_repair_date(draft.listed_on, tier)
                    notes.append(f"最早可申请信用修复：{earliest:%Y-%m-%d}")
                if tier:
                    notes.append(
                        f"{rules.TIER_LABELS[tier]}：{rules.automatic_end(draft.listed_on, tier):%Y-%m-%d} 期满后自动停止公示"
                    )
                if until:
                    notes.append(f"有效期至：{until:%Y-%m-%d}")
                if review:
                    notes.append(f"复核提醒：{review:%Y-%m-%d}（满 3 年前 60 日）")
            if kind.grade_indicator == rules.INDICATOR_BLACKLISTED:
                notes.append("列入后本所分级的“黑名单”指标为已列入，分级默认降为 D。")
            elif kind.grade_indicator == rules.INDICATOR_ABNORMAL:
                notes.append("列入后本所分级的“经营异常”指标为已列入。")
            if brief and k.colour == rules.BLACK:
                reds = [x for x in listings if x.colour == rules.RED and x.status == rules.LISTED]
                if reds:
                    names = "、".join(x.kind for x in reds)
                    notes.append(f"审批后将撤销其红榜称号：{names}。")
        actor = self._auth.actor
        if actor is not None and not self._auth.can("lists.propose"):
            problems.append(("", "您没有“提出红黑榜列入”的权限。"))
        return DraftCheck(tuple(problems), tuple(notes), until, review, earliest)

    # --- listing -----------------------------------------------------------------------------

    def propose(self, draft: EntryDraft, today: date | None = None) -> tuple[EntryRow, Changes]:
        actor = self._auth.require("lists.propose")
        today = today or local_today()
        with self._db.uow() as s:
            kind = s.get(ListKind, draft.kind_id) if draft.kind_id else None
            brief = repo.entity(s, draft.entity_id) if draft.entity_id else None
            if brief is None:
                raise ValidationError("请选择经营主体。", field="entity")
            if kind is None:
                raise ValidationError("请选择榜单。", field="kind")
            if not kind.active:
                raise ValidationError(f"榜单“{kind.name}”已停用。", field="kind")
            k = _kind_info(kind).rule
            tier = draft.tier or (k.default_tier if k.tiered else None)
            listings = repo.active_listings(s, brief.id)
            rules.check_applies(k, brief.entity_type, brief.uscc)
            rules.check_red_allowed(k, listings)
            rules.check_not_duplicate(k, listings)
            rules.check_public_summary(draft.public_summary)
            rules.check_entry(
                k,
                reason=draft.reason,
                listed_on=draft.listed_on,
                valid_until=draft.valid_until,
                tier=tier,
                today=today,
            )
            assert draft.listed_on is not None
            row = ListEntry(
                entity_id=brief.id,
                kind_id=kind.id,
                status=rules.PROPOSED,
                source="本所",
                reason=draft.reason.strip(),
                public_summary=draft.public_summary.strip()[:200],
                legal_basis=draft.legal_basis.strip(),
                decision_no=draft.decision_no.strip()[:60],
                tier=tier if k.colour == rules.BLACK else None,
                listed_on=draft.listed_on,
                valid_until=draft.valid_until or rules.default_end(k, draft.listed_on, tier),
                review_on=draft.review_on or rules.default_review(k, draft.listed_on, tier),
                proposed_by_id=actor.user_id,
                proposed_by=actor.username,
                proposed_at=utc_now(),
            )
            s.add(row)
            s.flush()
            changes = {"entity": brief.name, "kind": kind.name, **_snap(row)}
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.CREATE, KIND_ENTRY, row.id, audit.diff(None, changes), "提请列入"
                    )
                ],
            )
            entry_id = row.id
        return self.entry(entry_id), Changes.of(KIND_ENTRY, [entry_id])

    def approve(self, entry_id: int, version: int) -> tuple[EntryRow, Changes]:
        """Approve a proposal (a different user from the proposer). A black listing revokes the
        entity's red titles (and refuses its red proposals) in the same transaction."""
        actor = self._auth.require("lists.approve")
        changed = [entry_id]
        with conflict_guard("列入记录", lambda: self.entry(entry_id)), self._db.uow() as s:
            row = self._get(s, entry_id)
            expect_version(row.version, version)
            if row.status != rules.PROPOSED:
                raise ValidationError(
                    f"该记录{rules.STATUS_LABELS[row.status]}，不能审批。", field="status"
                )
            rules.check_approver(row.proposed_by_id, row.proposed_by, actor.user_id, actor.username)
            kind = s.get(ListKind, row.kind_id)
            others = [x for x in repo.active_listings(s, row.entity_id) if x.entry_id != row.id]
            rules.check_red_allowed(_kind_info(kind).rule, others)
            before = _snap(row)
            row.status = rules.LISTED
            row.approved_by_id = actor.user_id
            row.approved_by = actor.username
            row.approved_at = utc_now()
            s.flush()
            entries = [
                audit.AuditEntry(
                    audit.UPDATE, KIND_ENTRY, row.id, audit.diff(before, _snap(row)), "审批列入"
                )
            ]
            if kind.colour == rules.BLACK:
                revoked = _revoke_reds(s, row, kind.name, others, actor.username)
                entries += revoked
                changed += [int(e.record_id) for e in revoked]
            audit.append(s, actor, entries)
        return self.entry(entry_id), Changes.of(KIND_ENTRY, changed)

    def refuse(self, entry_id: int, version: int, reason: str) -> tuple[EntryRow, Changes]:
        actor = self._auth.require("lists.propose")
        if not reason.strip():
            raise ValidationError("请填写退回理由。", field="refusal_reason")
        with conflict_guard("列入记录", lambda: self.entry(entry_id)), self._db.uow() as s:
            row = self._get(s, entry_id)
            expect_version(row.version, version)
            if row.status != rules.PROPOSED:
                raise ValidationError("只有待审批的记录可以退回。", field="status")
            before = _snap(row)
            row.status, row.refusal_reason = rules.REFUSED, reason.strip()
            s.flush()
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.UPDATE, KIND_ENTRY, row.id, audit.diff(before, _snap(row)), "退回"
                    )
                ],
            )
        return self.entry(entry_id), Changes.of(KIND_ENTRY, [entry_id])

    def remove(
        self, entry_id: int, version: int, way: str, basis: str, removed_on: date | None = None
    ) -> tuple[EntryRow, Changes]:
        """Take an entry off its list: 期满, 信用修复, 撤销 or 纠错, with its basis."""
        actor = self._auth.require("lists.propose")
        removed_on = removed_on or local_today()
        with conflict_guard("列入记录", lambda: self.entry(entry_id)), self._db.uow() as s:
            row = self._get(s, entry_id)
            expect_version(row.version, version)
            if row.status != rules.LISTED:
                raise ValidationError(
                    f"该记录{rules.STATUS_LABELS[row.status]}，不能移出。", field="status"
                )
            rules.check_removal(way, basis, removed_on, row.listed_on)
            before = _snap(row)
            self._mark_removed(row, removed_on, way, basis.strip(), actor.username)
            entries = [
                audit.AuditEntry(
                    audit.UPDATE,
                    KIND_ENTRY,
                    row.id,
                    audit.diff(before, _snap(row)),
                    f"移出（{way}）",
                )
            ]
            for rep in repo.repairs(s, entry_id=row.id, open_only=True):
                rb = _repair_snap(rep)
                rep.status, rep.decision_note = (
                    rules.REPAIR_REFUSED,
                    f"记录已以“{way}”方式移出，申请终结",
                )
                rep.decided_on, rep.decided_by = removed_on, actor.username
                s.flush()
                entries.append(
                    audit.AuditEntry(
                        audit.UPDATE, KIND_REPAIR, rep.id, audit.diff(rb, _repair_snap(rep))
                    )
                )
            audit.append(s, actor, entries)
        return self.entry(entry_id), Changes.of(KIND_ENTRY, [entry_id]) | Changes.of(KIND_REPAIR)

    @staticmethod
    def _mark_removed(row: ListEntry, on: date, way: str, basis: str, username: str) -> None:
        row.status = rules.REMOVED
        row.removed_on = on
        row.removal_way = way
        row.removal_basis = basis
        row.removed_by = username
        row.updated_at = utc_now()

    def expire_due(
        self, today: date | None = None, progress: Progress | None = None
    ) -> tuple[int, Changes]:
        """The daily job: entries whose term ended before ``today`` are removed as 期满 (red
        titles at 有效期至; tiered black entries at their automatic end). Returns how many."""
        actor = self._auth.require("lists.propose")
        today = today or local_today()
        progress = progress or NullProgress()
        ids: list[int] = []
        with self._db.uow() as s:
            entries = []
            for row in repo.listed_entries(s):
                check_cancel(progress)
                if not rules.is_expired(row.valid_until, today):
                    continue
                if row.source == "导入" and row.tier is None:
                    continue  # imported official lists end by the authority's decision
                before = _snap(row)
                self._mark_removed(
                    row,
                    row.valid_until + timedelta(days=1),
                    rules.EXPIRED,
                    f"有效期至 {row.valid_until:%Y-%m-%d} 届满",
                    actor.username,
                )
                s.flush()
                entries.append(
                    audit.AuditEntry(
                        audit.UPDATE,
                        KIND_ENTRY,
                        row.id,
                        audit.diff(before, _snap(row)),
                        "期满自动移出",
                    )
                )
                ids.append(row.id)
            audit.append(s, actor, entries)
        return len(ids), (Changes.of(KIND_ENTRY, ids) if ids else Changes())

    # --- kinds -----------------------------------------------------------------------------------

    def save_kind(self, info: KindInfo) -> tuple[KindInfo, Changes]:
        """Edit a list kind's defaults (validity, tier, publication, active)."""
        actor = self._auth.require("lists.approve")
        if info.colour not in rules.COLOUR_LABELS:
            raise ValidationError("颜色只能是红榜或黑榜。", field="colour")
        if not info.name.strip():
            raise ValidationError("请填写榜单名称。", field="name")
        if info.validity_months is not None and not 1 <= info.validity_months <= 120:
            raise ValidationError(
                "有效期应为 1–120 个月，或留空表示长期。", field="validity_months"
            )
        if info.default_tier is not None and info.default_tier not in rules.TIERS:
            raise ValidationError("默认分级应为轻微、一般或严重。", field="default_tier")
        with (
            conflict_guard("榜单类别", lambda: self.kind(info.id) if info.id else None, mine=info),
            self._db.uow() as s,
        ):
            row = s.get(ListKind, info.id) if info.id else None
            expect_version(row.version if row else None, info.version)
            same = repo.kind_by_name(s, info.name.strip())
            if same is not None and same.id != info.id:
                raise ValidationError(f"已有名为“{same.name}”的榜单。", field="name")
            before = _kind_fields(_kind_info(row)) if row else None
            if row is None:
                row = ListKind(name=info.name.strip(), colour=info.colour)
                s.add(row)
            for key, value in _kind_fields(info).items():
                setattr(row, key, value.strip() if isinstance(value, str) else value)
            s.flush()
            saved = _kind_info(row)
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.UPDATE if before else audit.CREATE,
                        KIND_LIST_KIND,
                        row.id,
                        audit.diff(before, _kind_fields(saved)),
                    )
                ],
            )
        return saved, Changes.of(KIND_LIST_KIND, [saved.id])

    # --- credit repair ---------------------------------------------------------------------------

    def repairs(self, *, entry_id: int | None = None, open_only: bool = False) -> list[RepairInfo]:
        with self._db.session() as s:
            return [
                _repair_info(r) for r in repo.repairs(s, entry_id=entry_id, open_only=open_only)
            ]

    def repair(self, repair_id: int) -> RepairInfo:
        with self._db.session() as s:
            row = s.get(RepairApplication, repair_id)
            if row is None:
                raise StationError("该修复申请已不存在。")
            return _repair_info(row)

    def earliest_repair(self, entry_id: int) -> date:
        row = self.entry(entry_id)
        return rules.earliest_repair_date(row.listed_on, row.tier)

    def apply_repair(
        self, entry_id: int, applied_on: date, statement: str
    ) -> tuple[RepairInfo, Changes]:
        """Register an application (申请). Refused before the tier's earliest date; the decision
        is due 7 working days after ``applied_on``."""
        actor = self._auth.require("lists.propose")
        if not statement.strip():
            raise ValidationError(
                "请填写申请事由（已履行行政处罚、已消除不良影响、未再受同类处罚等）。",
                field="statement",
            )
        with self._db.uow() as s:
            entry = self._get(s, entry_id)
            kind = s.get(ListKind, entry.kind_id)
            if kind.colour != rules.BLACK or entry.status != rules.LISTED:
                raise ValidationError("只有在黑榜上的记录可以申请信用修复。", field="entry")
            if repo.repairs(s, entry_id=entry_id, open_only=True):
                raise ValidationError("该记录已有一份未办结的修复申请。", field="entry")
            earliest = rules.check_repair_date(entry.listed_on, entry.tier, applied_on)
            cal = WorkCalendar(repo.holiday_map(s))
            row = RepairApplication(
                entry_id=entry_id,
                status=rules.APPLIED,
                applied_on=applied_on,
                earliest_on=earliest,
                deadline_on=rules.repair_deadline(cal, applied_on),
                statement=statement.strip(),
                registered_by=actor.username,
            )
            s.add(row)
            s.flush()
            info = _repair_info(row)
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.CREATE,
                        KIND_REPAIR,
                        row.id,
                        audit.diff(None, _repair_snap(row)),
                        "信用修复申请",
                    ),
                    audit.AuditEntry(
                        audit.UPDATE,
                        KIND_ENTRY,
                        entry_id,
                        {"repair": [None, row.id]},
                        f"收到信用修复申请，{info.deadline_on:%Y-%m-%d} 前办结",
                    ),
                ],
            )
        return info, Changes.of(KIND_REPAIR, [info.id]) | Changes.of(KIND_ENTRY, [entry_id])

    def check_repair(
        self, repair_id: int, version: int, note: str, checked_on: date | None = None
    ) -> tuple[RepairInfo, Changes]:
        """核查: record what was checked (penalty performed, harm removed, no repeat)."""
        actor = self._auth.require("lists.propose")
        if not note.strip():
            raise ValidationError("请填写核查情况。", field="check_note")
        with conflict_guard("修复申请", lambda: self.repair(repair_id)), self._db.uow() as s:
            row = self._get_repair(s, repair_id)
            expect_version(row.version, version)
            if row.status != rules.APPLIED:
                raise ValidationError(
                    f"该申请{rules.REPAIR_LABELS[row.status]}，不能再核查。", field="status"
                )
            before = _repair_snap(row)
            row.status, row.check_note = rules.CHECKED, note.strip()
            row.checked_on, row.checked_by = checked_on or local_today(), actor.username
            s.flush()
            info = _repair_info(row)
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.UPDATE,
                        KIND_REPAIR,
                        row.id,
                        audit.diff(before, _repair_snap(row)),
                        "核查",
                    )
                ],
            )
        return info, Changes.of(KIND_REPAIR, [repair_id])

    def decide_repair(
        self, repair_id: int, version: int, approve: bool, note: str, decided_on: date | None = None
    ) -> tuple[RepairInfo, Changes]:
        """决定: approve → the entry is removed (信用修复); refuse → the entry stays listed."""
        actor = self._auth.require("lists.approve")
        decided_on = decided_on or local_today()
        if not note.strip():
            raise ValidationError(
                "请填写决定意见（准予修复的依据或不予修复的理由）。", field="decision_note"
            )
        with conflict_guard("修复申请", lambda: self.repair(repair_id)), self._db.uow() as s:
            row = self._get_repair(s, repair_id)
            expect_version(row.version, version)
            if row.status != rules.CHECKED:
                raise ValidationError("请先完成核查，再作决定。", field="status")
            if decided_on < row.applied_on:
                raise ValidationError("决定日期不能早于申请日期。", field="decided_on")
            before = _repair_snap(row)
            row.status = rules.REPAIR_DONE if approve else rules.REPAIR_REFUSED
            row.decided_on, row.decided_by_id, row.decided_by = (
                decided_on,
                actor.user_id,
                actor.username,
            )
            row.decision_note = note.strip()
            s.flush()
            late = "（超过办理期限）" if decided_on > row.deadline_on else ""
            entries = [
                audit.AuditEntry(
                    audit.UPDATE,
                    KIND_REPAIR,
                    row.id,
                    audit.diff(before, _repair_snap(row)),
                    ("准予修复" if approve else "不予修复") + late,
                )
            ]
            entry = self._get(s, row.entry_id)
            if approve:
                eb = _snap(entry)
                self._mark_removed(
                    entry,
                    decided_on,
                    rules.REPAIRED,
                    f"信用修复申请（{row.applied_on:%Y-%m-%d}）准予修复：{note.strip()}",
                    actor.username,
                )
                s.flush()
                entries.append(
                    audit.AuditEntry(
                        audit.UPDATE,
                        KIND_ENTRY,
                        entry.id,
                        audit.diff(eb, _snap(entry)),
                        "信用修复移出",
                    )
                )
            info = _repair_info(row)
            audit.append(s, actor, entries)
        return info, Changes.of(KIND_REPAIR, [repair_id]) | Changes.of(KIND_ENTRY, [info.entry_id])

    # --- dashboard -------------------------------------------------------------------------------

    def due(self, today: date | None = None, within_days: int = 30) -> DueReport:
        """Entries expiring within ``within_days``, reviews due, open repairs (with their
        deadlines) and proposals waiting for approval."""
        today = today or local_today()
        with self._db.session() as s:
            rows = repo.entry_rows(s, statuses=(rules.PROPOSED, rules.LISTED))
            reps = repo.repairs(s, open_only=True)
            by_id = {r.id: r for r in rows}
        expiring, review, repairs, pending = [], [], [], []
        for r in rows:
            if r.status == rules.PROPOSED:
                pending.append(
                    DueItem(
                        r.id,
                        r.entity_name,
                        r.kind,
                        "待审批",
                        None,
                        f"{r.proposed_by} 提请，待另一位审批人审批",
                    )
                )
                continue
            if r.valid_until and rules.due_within(r.valid_until, today, within_days):
                left = (r.valid_until - today).days
                text = (
                    f"已于 {r.valid_until:%Y-%m-%d} 期满，待移出"
                    if left < 0
                    else f"{r.valid_until:%Y-%m-%d} 到期（还有 {left} 天）"
                )
                expiring.append(DueItem(r.id, r.entity_name, r.kind, "到期", r.valid_until, text))
            if r.review_on and rules.due_within(r.review_on, today, within_days):
                review.append(
                    DueItem(
                        r.id,
                        r.entity_name,
                        r.kind,
                        "复核",
                        r.review_on,
                        f"{r.review_on:%Y-%m-%d} 复核（列入满 3 年前提醒）",
                    )
                )
        for rep in reps:
            r = by_id.get(rep.entry_id)
            if r is None:
                continue
            left = (rep.deadline_on - today).days
            text = f"修复申请{rules.REPAIR_LABELS[rep.status]}，" + (
                f"已超期 {-left} 天" if left < 0 else f"{rep.deadline_on:%Y-%m-%d} 前办结"
            )
            repairs.append(DueItem(r.id, r.entity_name, r.kind, "修复办理", rep.deadline_on, text))
        key = lambda x: (x.due_on or today, x.entity_name)  # noqa: E731
        return DueReport(
            today,
            within_days,
            tuple(sorted(expiring, key=key)),
            tuple(sorted(review, key=key)),
            tuple(sorted(repairs, key=key)),
            tuple(pending),
        )

    # --- publication -----------------------------------------------------------------------------

    def default_publish_kinds(self) -> list[str]:
        return [k.name for k in self.kinds(active_only=True) if k.published_by_station]

    def build_notice(
        self, period: str, kinds: list[str] | None = None, today: date | None = None
    ) -> dict[str, Any]:
        """The notice payload (what would be published), nothing saved: entries approved and
        listed, with a listing date inside the period, of the chosen kinds (default: those the
        station publishes itself). Business entities only (see module docstring)."""
        p = parse_period(period)
        today = today or local_today()
        with self._db.session() as s:
            profile = s.get(StationProfile, 1)
            if profile is None:
                raise StationError("请先在“设置”中填写所基本信息（所名称），公示需要它。")
            all_kinds = repo.kinds(s)
            chosen = kinds or [k.name for k in all_kinds if k.active and k.published_by_station]
            by_name = {k.name: k for k in all_kinds}
            unknown = [n for n in chosen if n not in by_name]
            if unknown:
                raise ValidationError(f"没有这些榜单：{'、'.join(unknown)}。", field="kinds")
            rows = repo.entry_rows(
                s, statuses=(rules.LISTED,), listed_from=p.start, listed_to=p.last
            )
            station, seal, phone = profile.name, profile.seal_text or profile.name, profile.phone
        ordered = [k for k in all_kinds if k.name in chosen]
        ordered.sort(key=lambda k: (k.colour != rules.RED, k.sort_order, k.id))
        sections = []
        for k in ordered:
            mine = sorted(
                (r for r in rows if r.kind_id == k.id),
                key=lambda r: (r.listed_on, r.entity_name, r.id),
            )
            sections.append(
                {
                    "kind": k.name,
                    "colour": k.colour,
                    "rows": [
                        {
                            "no": i,
                            "entry_id": r.id,
                            "name": rules.public_name(r.entity_name, r.entity_type, r.legal_rep),
                            "uscc": r.uscc,
                            "summary": rules.public_text(
                                r.public_summary
                                or rules.default_summary(k.name, k.colour, r.decision_no),
                                [r.legal_rep],
                            ),
                            "listed_on": r.listed_on.isoformat(),
                            "until": r.valid_until.isoformat() if r.valid_until else "",
                        }
                        for i, r in enumerate(mine, start=1)
                    ],
                }
            )
        closing = ["公示期间，对公示内容有异议的，可向本所书面反映。"]
        if phone:
            closing.append(f"联系电话：{phone}")
        return {
            "format": 1,
            "station": station,
            "issuer": seal,
            "title": rules.notice_title(station, p),
            "period": p.code,
            "period_label": p.label,
            "period_start": p.start.isoformat(),
            "period_end": p.last.isoformat(),
            "date": today.isoformat(),
            "date_text": cn_date(today),
            "intro": f"为褒扬诚信、惩戒失信，营造放心消费环境，根据市场监管信用管理有关规定，现将本所{p.label}红黑榜"
            f"（{cn_date(p.start)}至{cn_date(p.last)}期间列入）公示如下：",
            "sections": sections,
            "closing": closing,
        }

    def preview_pdf(
        self, period: str, kinds: list[str] | None = None, today: date | None = None
    ) -> bytes:
        return build_notice_pdf(self.build_notice(period, kinds, today))

    def publish(
        self, period: str, kinds: list[str] | None = None, today: date | None = None
    ) -> tuple[PublicationInfo, Changes]:
        """Build the notice, keep it as a snapshot (JSON + SHA-256 + PDF bytes) and mark the
        entries it names as published."""
        actor = self._auth.require("lists.approve")
        today = today or local_today()
        payload = self.build_notice(period, kinds, today)
        text = canonical_json(payload)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        pdf = build_notice_pdf(payload)
        ids = [row["entry_id"] for sec in payload["sections"] for row in sec["rows"]]
        with self._db.uow() as s:
            snap = PublicationSnapshot(
                period=payload["period"],
                title=payload["title"],
                kinds=json.dumps([sec["kind"] for sec in payload["sections"]], ensure_ascii=False),
                entry_count=len(ids),
                generated_at=utc_now(),
                generated_by=actor.username,
                payload=text,
                sha256=digest,
                pdf=pdf,
            )
            s.add(snap)
            s.flush()
            entries = [
                audit.AuditEntry(
                    audit.EXPORT,
                    KIND_PUBLICATION,
                    snap.id,
                    {
                        "period": [None, snap.period],
                        "entries": [None, len(ids)],
                        "sha256": [None, digest],
                    },
                    snap.title,
                )
            ]
            for entry_id in ids:
                row = s.get(ListEntry, entry_id)
                if row.published_on is None:
                    before = _snap(row)
                    row.published_on, row.publication_id = today, snap.id
                    s.flush()
                    entries.append(
                        audit.AuditEntry(
                            audit.UPDATE,
                            KIND_ENTRY,
                            row.id,
                            audit.diff(before, _snap(row)),
                            snap.title,
                        )
                    )
            audit.append(s, actor, entries)
            info = PublicationInfo(
                snap.id,
                snap.period,
                snap.title,
                snap.entry_count,
                snap.generated_at,
                snap.generated_by,
                snap.sha256,
            )
        return info, Changes.of(KIND_PUBLICATION, [info.id]) | Changes.of(KIND_ENTRY, ids)

    def publications(self) -> list[PublicationInfo]:
        with self._db.session() as s:
            return [PublicationInfo(*r) for r in repo.publication_summaries(s)]

    def snapshot_payload(self, publication_id: int) -> dict[str, Any]:
        """The published JSON, after checking it still matches its SHA-256."""
        with self._db.session() as s:
            snap = s.get(PublicationSnapshot, publication_id)
            if snap is None:
                raise StationError("该公示快照不存在。")
            text, digest = snap.payload, snap.sha256
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
            raise StationError("公示快照的内容与其校验值不符（可能被改动），不能据此重印。")
        return json.loads(text)

    def reprint(self, publication_id: int) -> bytes:
        """The PDF exactly as published (byte-identical: the stored bytes)."""
        self.snapshot_payload(publication_id)  # integrity check
        with self._db.session() as s:
            return bytes(s.get(PublicationSnapshot, publication_id).pdf)

    def redraw(self, publication_id: int) -> bytes:
        """The PDF rebuilt from the stored JSON (text-identical; byte-identical with the same
        reportlab and fonts)."""
        return build_notice_pdf(self.snapshot_payload(publication_id))

    def reprint_xlsx(self, publication_id: int) -> bytes:
        return build_notice_xlsx(self.snapshot_payload(publication_id))

    def export_publication(self, publication_id: int, path: Path) -> Path:
        """Write a snapshot as PDF (the stored bytes) or XLSX (from its JSON), by extension."""
        path = Path(path)
        data = (
            self.reprint_xlsx(publication_id)
            if path.suffix.lower() == ".xlsx"
            else self.reprint(publication_id)
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        return path

    # --- import ------------------------------------------------------------------------------------

    def import_xlsx(
        self, path: Path, kind_name: str, *, dry_run: bool = False, today: date | None = None
    ) -> tuple[ImportResult, Changes]:
        """Import a list as published by the credit system (XLSX; columns such as
        统一社会信用代码, 企业名称, 列入原因, 列入日期, 作出决定机关, 决定书文号). Rows are matched
        to entities by USCC; unmatched rows are reported. One transaction: all or nothing."""
        actor = self._auth.require("lists.approve")
        today = today or local_today()
        kind = self.kind_named(kind_name)
        rows = _read_credit_xlsx(Path(path))
        with self._db.uow() as s:
            matched = repo.entities_by_uscc(s, [r["uscc"] for r in rows])
            status_kind = repo.kind_by_name(s, "经营异常状态")
            kind_colours = {k.id: k.colour for k in repo.kinds(s)}
            kind_names = {k.id: k.name for k in repo.kinds(s)}
            existing: dict[int, set[int]] = {}
            unmatched: list[ImportIssue] = []
            skipped: list[ImportIssue] = []
            new_rows: list[ListEntry] = []
            rerouted = 0
            for r in rows:
                brief = matched.get(r["uscc"])
                if not r["uscc"]:
                    unmatched.append(ImportIssue(r["row"], "", r["name"], "缺少统一社会信用代码"))
                    continue
                if brief is None:
                    unmatched.append(
                        ImportIssue(r["row"], r["uscc"], r["name"], "台账中没有此统一社会信用代码")
                    )
                    continue
                target = kind
                if kind.applies_to == rules.APPLIES_ENTERPRISE and rules.is_individual(
                    brief.entity_type, brief.uscc
                ):
                    if status_kind is None:
                        skipped.append(
                            ImportIssue(
                                r["row"], r["uscc"], brief.name, "个体工商户不列入经营异常名录"
                            )
                        )
                        continue
                    target = _kind_info(status_kind)
                    rerouted += 1
                if r["listed_on"] is None:
                    skipped.append(
                        ImportIssue(r["row"], r["uscc"], brief.name, "列入日期缺失或无法识别")
                    )
                    continue
                if target.id not in existing:
                    existing[target.id] = repo.active_entity_kind_pairs(s, target.id)
                if brief.id in existing[target.id]:
                    skipped.append(
                        ImportIssue(r["row"], r["uscc"], brief.name, f"已在“{target.name}”上")
                    )
                    continue
                try:
                    rules.check_red_allowed(target.rule, repo.active_listings(s, brief.id))
                except ValidationError as exc:
                    skipped.append(ImportIssue(r["row"], r["uscc"], brief.name, exc.message))
                    continue
                existing[target.id].add(brief.id)
                tier = target.default_tier if target.tiered else None
                new_rows.append(
                    ListEntry(
                        entity_id=brief.id,
                        kind_id=target.id,
                        status=rules.LISTED,
                        source="导入",
                        reason=r["reason"] or f"{r['authority'] or '登记机关'}列入",
                        legal_basis="",
                        decision_no=r["decision_no"][:60],
                        authority=r["authority"][:100],
                        tier=tier,
                        listed_on=r["listed_on"],
                        valid_until=rules.default_end(target.rule, r["listed_on"], tier),
                        review_on=rules.default_review(target.rule, r["listed_on"], tier),
                        proposed_by_id=actor.user_id,
                        proposed_by=actor.username,
                        approved_by=(r["authority"] or "国家企业信用信息公示系统")[:100],
                        approved_at=utc_now(),
                    )
                )
            ids: list[int] = []
            touched: list[int] = []
            if not dry_run and new_rows:
                s.add_all(new_rows)
                s.flush()
                ids = [e.id for e in new_rows]
                revoked: list[audit.AuditEntry] = []
                for e in new_rows:
                    if kind_colours[e.kind_id] == rules.BLACK:
                        others = [
                            x for x in repo.active_listings(s, e.entity_id) if x.entry_id != e.id
                        ]
                        revoked += _revoke_reds(s, e, kind_names[e.kind_id], others, actor.username)
                touched += [int(a.record_id) for a in revoked]
                audit.append(s, actor, revoked)
                audit.append(
                    s,
                    actor,
                    [
                        audit.AuditEntry(
                            audit.CREATE,
                            KIND_ENTRY,
                            e.id,
                            audit.diff(None, _snap(e)),
                            f"从 {Path(path).name} 导入",
                        )
                        for e in new_rows
                    ],
                )
        result = ImportResult(
            kind=kind.name,
            total=len(rows),
            imported=len(new_rows),
            dry_run=dry_run,
            committed=not dry_run and bool(new_rows),
            unmatched=tuple(unmatched),
            skipped=tuple(skipped),
            rerouted=rerouted,
            entry_ids=tuple(ids),
        )
        changed = ids + touched
        return result, (Changes.of(KIND_ENTRY, changed) if changed else Changes())

    # --- helpers -----------------------------------------------------------------------------------

    @staticmethod
    def _get(s, entry_id: int) -> ListEntry:
        row = s.get(ListEntry, entry_id)
        if row is None:
            raise StationError("该列入记录已不存在（可能已被他人删除）。")
        return row

    @staticmethod
    def _get_repair(s, repair_id: int) -> RepairApplication:
        row = s.get(RepairApplication, repair_id)
        if row is None:
            raise StationError("该修复申请已不存在。")
        return row


def _revoke_reds(
    s, black: ListEntry, kind_name: str, listings: list[rules.ActiveListing], username: str
) -> list[audit.AuditEntry]:
    """Red titles end when the entity goes on a black list: listed ones are removed (撤销),
    proposed ones refused. Returns the audit entries."""
    out = []
    basis = f"因列入“{kind_name}”（{black.decision_no or '记录 ' + str(black.id)}）"
    for other in listings:
        if other.colour != rules.RED or other.status not in (rules.LISTED, rules.PROPOSED):
            continue
        red = s.get(ListEntry, other.entry_id)
        before = _snap(red)
        if red.status == rules.PROPOSED:
            red.status, red.refusal_reason = rules.REFUSED, basis + "，不予列入红榜"
        else:
            red.status = rules.REMOVED
            red.removed_on = max(black.listed_on, red.listed_on)
            red.removal_way = rules.REVOKED
            red.removal_basis = basis + "撤销红榜称号"
            red.removed_by = username
        s.flush()
        out.append(
            audit.AuditEntry(
                audit.UPDATE, KIND_ENTRY, red.id, audit.diff(before, _snap(red)), basis
            )
        )
    return out


def _kind_fields(info: KindInfo) -> dict[str, Any]:
    return {f.name: getattr(info, f.name) for f in fields(info) if f.name not in ("id", "version")}


def _repair_snap(r: RepairApplication) -> dict[str, Any]:
    return {
        "status": r.status,
        "applied_on": r.applied_on,
        "earliest_on": r.earliest_on,
        "deadline_on": r.deadline_on,
        "statement": r.statement,
        "check_note": r.check_note,
        "checked_on": r.checked_on,
        "decided_on": r.decided_on,
        "decided_by": r.decided_by,
        "decision_note": r.decision_note,
    }


_HEADERS = {
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码"),
    "name": ("企业名称", "主体名称", "市场主体名称", "名称", "个体工商户名称"),
    "reason": (
        "列入原因",
        "列入经营异常名录原因",
        "列入严重违法失信名单原因",
        "列入事由",
        "原因",
        "列入事由及依据",
    ),
    "listed_on": ("列入日期", "作出决定日期", "决定日期", "列入时间", "设立日期"),
    "authority": ("作出决定机关", "决定机关", "列入决定机关", "作出决定的机关", "列入机关"),
    "decision_no": ("决定书文号", "决定文书号", "文号", "列入决定书文号"),
}


def _parse_date(value: Any) -> date | None:
    from station_app.domain.entities import parse_ledger_date

    return parse_ledger_date(value)


def _read_credit_xlsx(path: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    if not path.exists():
        raise StationError(f"找不到文件：{path}")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise StationError(
            f"无法读取 Excel 文件（{exc.__class__.__name__}）：{path.name}。请确认是 .xlsx 格式。"
        ) from exc
    try:
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    header_at, cols = None, {}
    for i, row in enumerate(rows[:15]):
        cells = [
            to_halfwidth(str(c)).strip().replace(" ", "") if c is not None else "" for c in row
        ]
        if any(c in _HEADERS["uscc"] for c in cells):
            header_at = i
            for key, names in _HEADERS.items():
                for j, c in enumerate(cells):
                    if c in names:
                        cols[key] = j
                        break
            break
    if header_at is None:
        raise ValidationError(
            "表中没有“统一社会信用代码”列（前 15 行内未找到表头）。", field="file"
        )
    out = []
    for n, row in enumerate(rows[header_at + 1 :], start=header_at + 2):

        def cell(key: str, row: tuple = row) -> str:
            j = cols.get(key)
            value = row[j] if j is not None and j < len(row) else None
            return "" if value is None else str(value).strip()

        if not any(v not in (None, "") for v in row):
            continue
        j = cols.get("listed_on")
        raw_date = row[j] if j is not None and j < len(row) else None
        try:
            listed_on = _parse_date(raw_date)
        except (ValueError, ValidationError):
            listed_on = None
        out.append(
            {
                "row": n,
                "uscc": to_halfwidth(cell("uscc")).replace(" ", "").upper(),
                "name": cell("name"),
                "reason": cell("reason"),
                "listed_on": listed_on,
                "authority": cell("authority"),
                "decision_no": cell("decision_no"),
            }
        )
    return out


def replace_draft(draft: EntryDraft, **changes: Any) -> EntryDraft:
    return replace(draft, **changes)
