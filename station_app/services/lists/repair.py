"""红黑榜, credit repair (信用修复): an application for an entry on a black list is registered
(申请), checked (核查) and decided (决定) within 7 working days; approval removes the entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.data import audit
from station_app.data.models import ListKind, RepairApplication
from station_app.data.repo import lists as repo
from station_app.domain import lists as rules
from station_app.errors import StationError, ValidationError
from station_app.services.base import Changes, Conflict, Tx
from station_app.services.calendar import work_calendar
from station_app.services.lists.listing import (
    KIND_ENTRY,
    KIND_REPAIR,
    Listing,
    load_entry,
    mark_removed,
    repair_snap,
    snap,
)


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


def repair_info(r: RepairApplication) -> RepairInfo:
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


def _load(tx: Tx, repair_id: int, version: int) -> RepairApplication:
    row = tx.s.get(RepairApplication, repair_id)
    if row is None:
        raise StationError("该修复申请已不存在。")
    tx.expect(row.version, version)
    return row


class Repairs(Listing):
    """Credit repair applications. Any thread."""

    def repairs(self, *, entry_id: int | None = None, open_only: bool = False) -> list[RepairInfo]:
        with self._db.session() as s:
            found = repo.repairs(s, entry_id=entry_id, open_only=open_only)
            return [repair_info(r) for r in found]

    def repair(self, repair_id: int) -> RepairInfo:
        with self._db.session() as s:
            row = s.get(RepairApplication, repair_id)
            if row is None:
                raise StationError("该修复申请已不存在。")
            return repair_info(row)

    def earliest_repair(self, entry_id: int) -> date:
        row = self.entry(entry_id)
        return rules.earliest_repair_date(row.listed_on, row.tier)

    def apply_repair(
        self, entry_id: int, applied_on: date, statement: str
    ) -> tuple[RepairInfo, Changes]:
        """Register an application (申请). Refused before the tier's earliest date; the decision
        is due 7 working days after ``applied_on``."""
        if not statement.strip():
            raise ValidationError(
                "请填写申请事由（已履行行政处罚、已消除不良影响、未再受同类处罚等）。",
                field="statement",
            )

        def apply(tx: Tx) -> RepairInfo:
            entry = load_entry(tx.s, entry_id)
            kind = tx.s.get(ListKind, entry.kind_id)
            if kind is None or kind.colour != rules.BLACK or entry.status != rules.LISTED:
                raise ValidationError("只有在黑榜上的记录可以申请信用修复。", field="entry")
            if repo.repairs(tx.s, entry_id=entry_id, open_only=True):
                raise ValidationError("该记录已有一份未办结的修复申请。", field="entry")
            earliest = rules.check_repair_date(entry.listed_on, entry.tier, applied_on)
            row = RepairApplication(
                entry_id=entry_id,
                status=rules.APPLIED,
                applied_on=applied_on,
                earliest_on=earliest,
                deadline_on=rules.repair_deadline(work_calendar(tx.s), applied_on),
                statement=statement.strip(),
                registered_by=tx.actor.username,
            )
            tx.s.add(row)
            tx.s.flush()
            info = repair_info(row)
            tx.created(KIND_REPAIR, row.id, repair_snap(row), "信用修复申请")
            tx.record(
                audit.UPDATE,
                KIND_ENTRY,
                entry_id,
                {"repair": [None, row.id]},
                f"收到信用修复申请，{info.deadline_on:%Y-%m-%d} 前办结",
            )
            return info

        return self._transact("lists.propose", apply)

    def check_repair(
        self, repair_id: int, version: int, note: str, checked_on: date | None = None
    ) -> tuple[RepairInfo, Changes]:
        """核查: record what was checked (penalty performed, harm removed, no repeat)."""
        if not note.strip():
            raise ValidationError("请填写核查情况。", field="check_note")

        def check(tx: Tx) -> RepairInfo:
            row = _load(tx, repair_id, version)
            if row.status != rules.APPLIED:
                raise ValidationError(
                    f"该申请{rules.REPAIR_LABELS[row.status]}，不能再核查。", field="status"
                )
            before = repair_snap(row)
            row.status, row.check_note = rules.CHECKED, note.strip()
            row.checked_on, row.checked_by = checked_on or tx.today, tx.actor.username
            tx.s.flush()
            tx.updated(KIND_REPAIR, row.id, before, repair_snap(row), "核查")
            return repair_info(row)

        conflict = Conflict("修复申请", lambda: self.repair(repair_id))
        return self._transact("lists.propose", check, conflict=conflict)

    def decide_repair(
        self, repair_id: int, version: int, approve: bool, note: str, decided_on: date | None = None
    ) -> tuple[RepairInfo, Changes]:
        """决定: approve → the entry is removed (信用修复); refuse → the entry stays listed."""
        if not note.strip():
            raise ValidationError(
                "请填写决定意见（准予修复的依据或不予修复的理由）。", field="decision_note"
            )

        def decide(tx: Tx) -> RepairInfo:
            on = decided_on or tx.today
            row = _load(tx, repair_id, version)
            if row.status != rules.CHECKED:
                raise ValidationError("请先完成核查，再作决定。", field="status")
            if on < row.applied_on:
                raise ValidationError("决定日期不能早于申请日期。", field="decided_on")
            before = repair_snap(row)
            row.status = rules.REPAIR_DONE if approve else rules.REPAIR_REFUSED
            row.decided_on, row.decided_by_id = on, tx.actor.user_id
            row.decided_by, row.decision_note = tx.actor.username, note.strip()
            tx.s.flush()
            late = "（超过办理期限）" if on > row.deadline_on else ""
            verdict = ("准予修复" if approve else "不予修复") + late
            tx.updated(KIND_REPAIR, row.id, before, repair_snap(row), verdict)
            entry = load_entry(tx.s, row.entry_id)
            if approve:
                entry_before = snap(entry)
                basis = f"信用修复申请（{row.applied_on:%Y-%m-%d}）准予修复：{note.strip()}"
                mark_removed(entry, on, rules.REPAIRED, basis, tx.actor.username)
                tx.s.flush()
                tx.updated(KIND_ENTRY, entry.id, entry_before, snap(entry), "信用修复移出")
            else:
                tx.touch(KIND_ENTRY, [entry.id])  # its repair column changes
            return repair_info(row)

        conflict = Conflict("修复申请", lambda: self.repair(repair_id))
        return self._transact("lists.approve", decide, conflict=conflict)
