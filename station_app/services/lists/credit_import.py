"""红黑榜, import of a list as the credit system publishes it (经营异常名录, 严重违法失信名单…):
rows are matched to registered entities by USCC, checked like a listing, and written in one
transaction (all or nothing); the sheet is read by ``exports.credit_list`` (python-calamine)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from station_app.data.models import ListEntry
from station_app.data.repo import lists as repo
from station_app.data.repo.lists import EntityBrief
from station_app.data.types import utc_now
from station_app.domain import lists as rules
from station_app.errors import ValidationError
from station_app.exports.credit_list import CreditRecord, read_credit_list
from station_app.services.base import Changes, Tx
from station_app.services.lists.kinds import KindInfo, kind_info
from station_app.services.lists.listing import KIND_ENTRY, Listing, revoke_reds, snap


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

    def as_json(self) -> dict[str, Any]:
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


class _Plan:
    """What an import would write, row by row: the new entries and the rows left out."""

    def __init__(self, tx: Tx, kind: KindInfo) -> None:
        self.tx, self.kind = tx, kind
        self.status_kind = repo.kind_by_name(tx.s, "经营异常状态")
        self.existing: dict[int, set[int]] = {}
        self.unmatched: list[ImportIssue] = []
        self.skipped: list[ImportIssue] = []
        self.new_rows: list[ListEntry] = []
        self.rerouted = 0

    def add(self, r: CreditRecord, brief: EntityBrief | None) -> None:
        if not r.uscc:
            self.unmatched.append(ImportIssue(r.row, "", r.name, "缺少统一社会信用代码"))
            return
        if brief is None:
            issue = ImportIssue(r.row, r.uscc, r.name, "台账中没有此统一社会信用代码")
            self.unmatched.append(issue)
            return
        target = self._target(r, brief)
        if target is None:
            return
        if r.listed_on is None:
            self._skip(r, brief, "列入日期缺失或无法识别")
            return
        pairs = self.existing.setdefault(
            target.id, repo.active_entity_kind_pairs(self.tx.s, target.id)
        )
        if brief.id in pairs:
            self._skip(r, brief, f"已在“{target.name}”上")
            return
        try:
            rules.check_red_allowed(target.rule, repo.active_listings(self.tx.s, brief.id))
        except ValidationError as exc:
            self._skip(r, brief, exc.message)
            return
        pairs.add(brief.id)
        self.new_rows.append(_entry(self.tx, target, brief, r))

    def _target(self, r: CreditRecord, brief: EntityBrief) -> KindInfo | None:
        """The kind the row goes on: an individual business named on an enterprise list goes
        on 经营异常状态 instead (or is skipped when the station has no such kind)."""
        kind = self.kind
        if kind.applies_to != rules.APPLIES_ENTERPRISE:
            return kind
        if not rules.is_individual(brief.entity_type, brief.uscc):
            return kind
        if self.status_kind is None:
            self._skip(r, brief, "个体工商户不列入经营异常名录")
            return None
        self.rerouted += 1
        return kind_info(self.status_kind)

    def _skip(self, r: CreditRecord, brief: EntityBrief, reason: str) -> None:
        self.skipped.append(ImportIssue(r.row, r.uscc, brief.name, reason))


def _entry(tx: Tx, target: KindInfo, brief: EntityBrief, r: CreditRecord) -> ListEntry:
    assert r.listed_on is not None
    tier = target.default_tier if target.tiered else None
    return ListEntry(
        entity_id=brief.id,
        kind_id=target.id,
        status=rules.LISTED,
        source="导入",
        reason=r.reason or f"{r.authority or '登记机关'}列入",
        legal_basis="",
        decision_no=r.decision_no[:60],
        authority=r.authority[:100],
        tier=tier,
        listed_on=r.listed_on,
        valid_until=rules.default_end(target.rule, r.listed_on, tier),
        review_on=rules.default_review(target.rule, r.listed_on, tier),
        proposed_by_id=tx.actor.user_id,
        proposed_by=tx.actor.username,
        approved_by=(r.authority or "国家企业信用信息公示系统")[:100],
        approved_at=utc_now(),
    )


def _write(tx: Tx, plan: _Plan, file_name: str) -> None:
    """Insert the planned entries; a black listing revokes the entity's red titles."""
    tx.s.add_all(plan.new_rows)
    tx.s.flush()
    kinds = {k.id: k for k in repo.kinds(tx.s)}
    for e in plan.new_rows:
        kind = kinds[e.kind_id]
        if kind.colour == rules.BLACK:
            others = [x for x in repo.active_listings(tx.s, e.entity_id) if x.entry_id != e.id]
            revoke_reds(tx, e, kind.name, others)
    for e in plan.new_rows:
        tx.created(KIND_ENTRY, e.id, snap(e), f"从 {file_name} 导入")


class CreditImport(Listing):
    def import_xlsx(
        self, path: Path, kind_name: str, *, dry_run: bool = False, today: date | None = None
    ) -> tuple[ImportResult, Changes]:
        """Import a list as published by the credit system (XLSX, XLS or CSV; columns such as
        统一社会信用代码, 企业名称, 列入原因, 列入日期, 作出决定机关, 决定书文号). Rows are matched
        to entities by USCC; unmatched rows are reported. One transaction: all or nothing;
        ``dry_run`` reports what would be imported and writes nothing."""
        self._auth.require("lists.approve")
        kind = self.kind_named(kind_name)
        records = read_credit_list(Path(path))

        def run(tx: Tx) -> ImportResult:
            matched = repo.entities_by_uscc(tx.s, [r.uscc for r in records])
            plan = _Plan(tx, kind)
            for r in records:
                plan.add(r, matched.get(r.uscc))
            if dry_run or not plan.new_rows:
                tx.discard()
            else:
                _write(tx, plan, Path(path).name)
            return ImportResult(
                kind=kind.name,
                total=len(records),
                imported=len(plan.new_rows),
                dry_run=dry_run,
                committed=not dry_run and bool(plan.new_rows),
                unmatched=tuple(plan.unmatched),
                skipped=tuple(plan.skipped),
                rerouted=plan.rerouted,
                entry_ids=tuple(e.id for e in plan.new_rows if not dry_run),
            )

        return self._transact("lists.approve", run)
