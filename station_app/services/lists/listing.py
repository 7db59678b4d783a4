"""红黑榜, listing: the entries' list and details, the live check of a proposal, proposal with
two-person approval, refusal, removal, the daily expiry job, and what falls due soon.

A black listing revokes the entity's red titles (and refuses its red proposals) in the same
transaction as its approval or import (:func:`revoke_reds`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from station_app.data import audit
from station_app.data.models import ListEntry, ListKind, RepairApplication
from station_app.data.repo import lists as repo
from station_app.data.repo.lists import EntityBrief, EntryRow
from station_app.data.types import utc_now
from station_app.domain import lists as rules
from station_app.domain.lists import EntryFilter
from station_app.errors import StationError, ValidationError
from station_app.queries.lists import EntryRows
from station_app.services.base import Changes, Conflict, NullProgress, Progress, Tx, check_cancel
from station_app.services.calendar import CalendarReader
from station_app.services.lists.kinds import Kinds, kind_info

if TYPE_CHECKING:
    from station_app.data.orm import Session

KIND_ENTRY, KIND_REPAIR = "list_entry", "list_repair"
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
Result = tuple[EntryRow, Changes]


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

    def as_json(self) -> dict[str, Any]:
        def items(xs: tuple[DueItem, ...]) -> list[dict[str, Any]]:
            return [{**asdict(x), "due_on": x.due_on.isoformat() if x.due_on else None} for x in xs]

        return {
            "today": self.today.isoformat(),
            "within_days": self.within_days,
            "expiring": items(self.expiring),
            "review": items(self.review),
            "repairs": items(self.repairs),
            "pending": items(self.pending),
        }


def snap(e: ListEntry) -> dict[str, Any]:
    """Audit form of an entry: the fields ``ENTRY_FIELD_LABELS`` names."""
    return {name: getattr(e, name) for name in ENTRY_FIELD_LABELS}


def repair_snap(r: RepairApplication) -> dict[str, Any]:
    """Audit form of an application."""
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


def load_entry(s: Session, entry_id: int) -> ListEntry:
    row = s.get(ListEntry, entry_id)
    if row is None:
        raise StationError("该列入记录已不存在（可能已被他人删除）。")
    return row


def mark_removed(row: ListEntry, on: date, way: str, basis: str, username: str) -> None:
    row.status = rules.REMOVED
    row.removed_on = on
    row.removal_way = way
    row.removal_basis = basis
    row.removed_by = username
    row.updated_at = utc_now()


def revoke_reds(
    tx: Tx, black: ListEntry, kind_name: str, listings: list[rules.ActiveListing]
) -> None:
    """Red titles end when the entity goes on a black list: listed ones are removed (撤销),
    proposed ones refused; each change is recorded in ``tx``."""
    basis = f"因列入“{kind_name}”（{black.decision_no or '记录 ' + str(black.id)}）"
    for other in listings:
        if other.colour != rules.RED or other.status not in (rules.LISTED, rules.PROPOSED):
            continue
        red = load_entry(tx.s, other.entry_id)
        before = snap(red)
        if red.status == rules.PROPOSED:
            red.status, red.refusal_reason = rules.REFUSED, basis + "，不予列入红榜"
        else:
            red.status = rules.REMOVED
            red.removed_on = max(black.listed_on, red.listed_on)
            red.removal_way = rules.REVOKED
            red.removal_basis = basis + "撤销红榜称号"
            red.removed_by = tx.actor.username
        tx.s.flush()
        tx.updated(KIND_ENTRY, red.id, before, snap(red), basis)


def _tier(k: rules.KindRule, draft: EntryDraft) -> str | None:
    return draft.tier or (k.default_tier if k.tiered else None)


class Listing(Kinds, CalendarReader):
    """Entries: reading, checking, proposing, approving, removing. Any thread."""

    # --- reading ---------------------------------------------------------------------------

    def rows(self, flt: EntryFilter | None = None) -> EntryRows:
        """The entry list under ``flt`` (see ``services.base.Rows``)."""
        self._auth.require("data.view")
        return EntryRows(self._db, flt)

    def search_entities(self, text: str, limit: int = 30) -> list[EntityBrief]:
        with self._db.session() as s:
            return repo.search_entities(s, text, limit)

    def entity(self, entity_id: int) -> EntityBrief | None:
        with self._db.session() as s:
            return repo.entity(s, entity_id)

    def entries(
        self,
        *,
        kind_id: int | None = None,
        colour: str | None = None,
        statuses: tuple[str, ...] | None = None,
        entity_id: int | None = None,
        text: str = "",
    ) -> list[EntryRow]:
        """The entries matching the criteria, by kind then newest listing first."""
        criteria = {"kind_id": kind_id, "colour": colour, "statuses": statuses, "text": text}
        with self._db.session() as s:
            return repo.entry_rows(s, entity_id=entity_id, **criteria)

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

    def history(self, entry_id: int) -> list[audit.AuditRow]:
        with self._db.session() as s:
            return audit.history(s, KIND_ENTRY, entry_id)

    # --- rules while typing ----------------------------------------------------------------

    def check_draft(self, draft: EntryDraft, today: date | None = None) -> DraftCheck:
        """Every rule a proposal must pass, as messages (nothing raised, nothing written)."""
        today = today or self._clock.today()
        with self._db.session() as s:
            kind_row = s.get(ListKind, draft.kind_id) if draft.kind_id else None
            brief = repo.entity(s, draft.entity_id) if draft.entity_id else None
            listings = repo.active_listings(s, brief.id) if brief else []
        problems: list[tuple[str, str]] = []
        if brief is None:
            problems.append(("entity", "请选择经营主体（按名称或统一社会信用代码查找）。"))
        if kind_row is None:
            problems.append(("kind", "请选择榜单。"))
            dates: tuple[date | None, date | None, date | None] = (None, None, None)
            notes: list[str] = []
        else:
            k = kind_info(kind_row)
            broken = _violations(k.rule, draft, brief, listings, today)
            problems += [(exc.field or "", exc.message) for exc in broken]
            dates, notes = _draft_notes(k.rule, draft, brief, listings, k.grade_indicator)
        if self._auth.actor is not None and not self._auth.can("lists.propose"):
            problems.append(("", "您没有“提出红黑榜列入”的权限。"))
        return DraftCheck(tuple(problems), tuple(notes), *dates)

    # --- listing ---------------------------------------------------------------------------

    def propose(self, draft: EntryDraft, today: date | None = None) -> Result:
        """提请列入: the proposal waits for a second user's approval."""

        def propose(tx: Tx) -> int:
            kind = tx.s.get(ListKind, draft.kind_id) if draft.kind_id else None
            brief = repo.entity(tx.s, draft.entity_id) if draft.entity_id else None
            if brief is None:
                raise ValidationError("请选择经营主体。", field="entity")
            if kind is None:
                raise ValidationError("请选择榜单。", field="kind")
            if not kind.active:
                raise ValidationError(f"榜单“{kind.name}”已停用。", field="kind")
            k = kind_info(kind).rule
            listings = repo.active_listings(tx.s, brief.id)
            broken = _violations(k, draft, brief, listings, today or tx.today)
            if broken:
                raise broken[0]
            row = _new_entry(tx, k, kind.id, brief.id, draft)
            tx.created(
                KIND_ENTRY,
                row.id,
                {"entity": brief.name, "kind": kind.name, **snap(row)},
                "提请列入",
            )
            return row.id

        entry_id, changes = self._transact("lists.propose", propose)
        return self.entry(entry_id), changes

    def approve(self, entry_id: int, version: int) -> Result:
        """Approve a proposal (a different user from the proposer). A black listing revokes the
        entity's red titles (and refuses its red proposals) in the same transaction."""

        def approve(tx: Tx) -> None:
            row = load_entry(tx.s, entry_id)
            tx.expect(row.version, version)
            if row.status != rules.PROPOSED:
                raise ValidationError(
                    f"该记录{rules.STATUS_LABELS[row.status]}，不能审批。", field="status"
                )
            actor = tx.actor
            rules.check_approver(row.proposed_by_id, row.proposed_by, actor.user_id, actor.username)
            kind = tx.s.get(ListKind, row.kind_id)
            assert kind is not None  # an entry keeps its kind (foreign key)
            others = [x for x in repo.active_listings(tx.s, row.entity_id) if x.entry_id != row.id]
            rules.check_red_allowed(kind_info(kind).rule, others)
            before = snap(row)
            row.status = rules.LISTED
            row.approved_by_id, row.approved_by = actor.user_id, actor.username
            row.approved_at = utc_now()
            tx.s.flush()
            tx.updated(KIND_ENTRY, row.id, before, snap(row), "审批列入")
            if kind.colour == rules.BLACK:
                revoke_reds(tx, row, kind.name, others)

        return self._entry_step("lists.approve", entry_id, approve)

    def refuse(self, entry_id: int, version: int, reason: str) -> Result:
        """退回 a proposal with the reason."""
        if not reason.strip():
            raise ValidationError("请填写退回理由。", field="refusal_reason")

        def refuse(tx: Tx) -> None:
            row = load_entry(tx.s, entry_id)
            tx.expect(row.version, version)
            if row.status != rules.PROPOSED:
                raise ValidationError("只有待审批的记录可以退回。", field="status")
            before = snap(row)
            row.status, row.refusal_reason = rules.REFUSED, reason.strip()
            tx.s.flush()
            tx.updated(KIND_ENTRY, row.id, before, snap(row), "退回")

        return self._entry_step("lists.propose", entry_id, refuse)

    def remove(
        self, entry_id: int, version: int, way: str, basis: str, removed_on: date | None = None
    ) -> Result:
        """Take an entry off its list: 期满, 信用修复, 撤销 or 纠错, with its basis; an open
        repair application of the entry ends with it."""

        def remove(tx: Tx) -> None:
            on = removed_on or tx.today
            row = load_entry(tx.s, entry_id)
            tx.expect(row.version, version)
            if row.status != rules.LISTED:
                raise ValidationError(
                    f"该记录{rules.STATUS_LABELS[row.status]}，不能移出。", field="status"
                )
            rules.check_removal(way, basis, on, row.listed_on)
            before = snap(row)
            mark_removed(row, on, way, basis.strip(), tx.actor.username)
            tx.updated(KIND_ENTRY, row.id, before, snap(row), f"移出（{way}）")
            for rep in repo.repairs(tx.s, entry_id=row.id, open_only=True):
                _end_repair(tx, rep, on, f"记录已以“{way}”方式移出，申请终结")

        return self._entry_step("lists.propose", entry_id, remove)

    def _entry_step(self, permission: str, entry_id: int, step) -> Result:
        conflict = Conflict("列入记录", lambda: self.entry(entry_id))
        _, changes = self._transact(permission, step, conflict=conflict)
        return self.entry(entry_id), changes

    def expire_due(
        self, today: date | None = None, progress: Progress | None = None
    ) -> tuple[int, Changes]:
        """The daily job: entries whose term ended before ``today`` are removed as 期满 (red
        titles at 有效期至; tiered black entries at their automatic end). Returns how many."""
        progress = progress or NullProgress()

        def expire(tx: Tx) -> int:
            day, count = today or tx.today, 0
            for row in repo.listed_entries(tx.s):
                check_cancel(progress)
                if not rules.is_expired(row.valid_until, day):
                    continue
                if row.source == "导入" and row.tier is None:
                    continue  # imported official lists end by the authority's decision
                before = snap(row)
                basis = f"有效期至 {row.valid_until:%Y-%m-%d} 届满"
                end = row.valid_until + timedelta(days=1)
                mark_removed(row, end, rules.EXPIRED, basis, tx.actor.username)
                tx.s.flush()
                tx.updated(KIND_ENTRY, row.id, before, snap(row), "期满自动移出")
                count += 1
            return count

        return self._transact("lists.propose", expire)

    # --- dashboard -------------------------------------------------------------------------

    def due(self, today: date | None = None, within_days: int = 30) -> DueReport:
        """Entries expiring within ``within_days``, reviews due, open repairs (with their
        deadlines) and proposals waiting for approval."""
        today = today or self._clock.today()
        with self._db.session() as s:
            rows = repo.entry_rows(s, statuses=(rules.PROPOSED, rules.LISTED))
            reps = repo.repairs(s, open_only=True)
        by_id = {r.id: r for r in rows}
        pending = tuple(_pending(r) for r in rows if r.status == rules.PROPOSED)
        listed = [r for r in rows if r.status != rules.PROPOSED]
        expiring = [_expiring(r, today) for r in listed if _due(r.valid_until, today, within_days)]
        review = [_review(r) for r in listed if _due(r.review_on, today, within_days)]
        repairs = [_repair_due(by_id[p.entry_id], p, today) for p in reps if p.entry_id in by_id]

        def order(items: list[DueItem]) -> tuple[DueItem, ...]:
            return tuple(sorted(items, key=lambda x: (x.due_on or today, x.entity_name)))

        return DueReport(
            today, within_days, order(expiring), order(review), order(repairs), pending
        )


def _violations(
    k: rules.KindRule,
    draft: EntryDraft,
    brief: EntityBrief | None,
    listings: list[rules.ActiveListing],
    today: date,
) -> list[ValidationError]:
    """The rules a proposal breaks, in the order they are checked."""
    checks: list[Callable[[], None]] = []
    if brief is not None:
        checks += [
            lambda: rules.check_applies(k, brief.entity_type, brief.uscc),
            lambda: rules.check_red_allowed(k, listings),
            lambda: rules.check_not_duplicate(k, listings),
        ]
    checks += [
        lambda: rules.check_public_summary(draft.public_summary),
        lambda: rules.check_entry(
            k,
            reason=draft.reason,
            listed_on=draft.listed_on,
            valid_until=draft.valid_until,
            tier=_tier(k, draft),
            today=today,
        ),
    ]
    out = []
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            out.append(exc)
    return out


def _draft_notes(
    k: rules.KindRule,
    draft: EntryDraft,
    brief: EntityBrief | None,
    listings: list[rules.ActiveListing],
    indicator: str,
) -> tuple[tuple[date | None, date | None, date | None], list[str]]:
    """The dates a proposal would get and the notes that explain them."""
    notes: list[str] = []
    until = review = earliest = None
    tier = _tier(k, draft)
    if draft.listed_on:
        until = draft.valid_until or rules.default_end(k, draft.listed_on, tier)
        review = draft.review_on or rules.default_review(k, draft.listed_on, tier)
        if k.colour == rules.BLACK and tier in (rules.MODERATE, rules.SERIOUS):
            earliest = rules.earliest_repair_date(draft.listed_on, tier)
            notes.append(f"最早可申请信用修复：{earliest:%Y-%m-%d}")
        if tier:
            end = rules.automatic_end(draft.listed_on, tier)
            notes.append(f"{rules.TIER_LABELS[tier]}：{end:%Y-%m-%d} 期满后自动停止公示")
        if until:
            notes.append(f"有效期至：{until:%Y-%m-%d}")
        if review:
            notes.append(f"复核提醒：{review:%Y-%m-%d}（满 3 年前 60 日）")
    if indicator == rules.INDICATOR_BLACKLISTED:
        notes.append("列入后本所分级的“黑名单”指标为已列入，分级默认降为 D。")
    elif indicator == rules.INDICATOR_ABNORMAL:
        notes.append("列入后本所分级的“经营异常”指标为已列入。")
    if brief and k.colour == rules.BLACK:
        reds = [x for x in listings if x.colour == rules.RED and x.status == rules.LISTED]
        if reds:
            notes.append(f"审批后将撤销其红榜称号：{'、'.join(x.kind for x in reds)}。")
    return (until, review, earliest), notes


def _new_entry(tx: Tx, k: rules.KindRule, kind_id: int, entity_id: int, d: EntryDraft) -> ListEntry:
    assert d.listed_on is not None  # check_entry refused a proposal without a date
    tier = _tier(k, d)
    row = ListEntry(
        entity_id=entity_id,
        kind_id=kind_id,
        status=rules.PROPOSED,
        source="本所",
        reason=d.reason.strip(),
        public_summary=d.public_summary.strip()[:200],
        legal_basis=d.legal_basis.strip(),
        decision_no=d.decision_no.strip()[:60],
        tier=tier if k.colour == rules.BLACK else None,
        listed_on=d.listed_on,
        valid_until=d.valid_until or rules.default_end(k, d.listed_on, tier),
        review_on=d.review_on or rules.default_review(k, d.listed_on, tier),
        proposed_by_id=tx.actor.user_id,
        proposed_by=tx.actor.username,
        proposed_at=utc_now(),
    )
    tx.s.add(row)
    tx.s.flush()
    return row


def _end_repair(tx: Tx, rep: RepairApplication, on: date, note: str) -> None:
    before = repair_snap(rep)
    rep.status, rep.decision_note = rules.REPAIR_REFUSED, note
    rep.decided_on, rep.decided_by = on, tx.actor.username
    tx.s.flush()
    tx.updated(KIND_REPAIR, rep.id, before, repair_snap(rep))


def _due(day: date | None, today: date, within: int) -> bool:
    return bool(day) and rules.due_within(day, today, within)


def _pending(r: EntryRow) -> DueItem:
    text = f"{r.proposed_by} 提请，待另一位审批人审批"
    return DueItem(r.id, r.entity_name, r.kind, "待审批", None, text)


def _expiring(r: EntryRow, today: date) -> DueItem:
    assert r.valid_until is not None
    left = (r.valid_until - today).days
    text = (
        f"已于 {r.valid_until:%Y-%m-%d} 期满，待移出"
        if left < 0
        else f"{r.valid_until:%Y-%m-%d} 到期（还有 {left} 天）"
    )
    return DueItem(r.id, r.entity_name, r.kind, "到期", r.valid_until, text)


def _review(r: EntryRow) -> DueItem:
    text = f"{r.review_on:%Y-%m-%d} 复核（列入满 3 年前提醒）"
    return DueItem(r.id, r.entity_name, r.kind, "复核", r.review_on, text)


def _repair_due(r: EntryRow, rep: Any, today: date) -> DueItem:
    left = (rep.deadline_on - today).days
    text = f"修复申请{rules.REPAIR_LABELS[rep.status]}，" + (
        f"已超期 {-left} 天" if left < 0 else f"{rep.deadline_on:%Y-%m-%d} 前办结"
    )
    return DueItem(r.id, r.entity_name, r.kind, "修复办理", rep.deadline_on, text)
