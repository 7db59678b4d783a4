"""Violations (违法行为): record, rectify, void; the 首违不罚 check; the officer's decision
with its rules (no fine on 不予处罚, the override reason against the check, one decision per
violation, numbers), audited with the check as shown; the grade's 行政处罚 indicator moves in
the same unit of work."""

from __future__ import annotations

import json

from station_app.data.models import Violation
from station_app.data.repo import complaints as counter_repo
from station_app.data.repo import violations as repo
from station_app.data.repo import visits as visit_repo
from station_app.domain.violations import decisions as dec
from station_app.domain.violations import rules
from station_app.domain.violations import types as vt
from station_app.domain.violations.decisions import DecisionDraft
from station_app.domain.violations.leniency import LeniencyCheck, LeniencyFacts, check_leniency
from station_app.domain.violations.rules import ViolationDraft, ViolationFilter
from station_app.domain.visits.rules import check_void_reason
from station_app.errors import NotFoundError, ValidationError
from station_app.queries.violations import ViolationRows
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.violations.patrol_link import draft_from_hazard, link_patrol
from station_app.services.violations.views import TypeView, ViolationInput, ViolationView
from station_app.services.visits.grading import regrade

KIND_VIOLATION = "violation"
GONE = "该违法行为记录不存在（可能已被删除）。"


def violation_view(s, v: Violation) -> ViolationView:
    ref = visit_repo.entity_ref(s, v.entity_id)
    return ViolationView(
        v.id, v.version, v.entity_id, ref.name if ref else "", ref.uscc if ref else "",
        ref.address if ref else "", ref.legal_rep if ref else "", v.type_code, v.type_name,
        v.found_on, v.source, v.reference, v.facts, v.harm, v.ordered_on, v.deadline,
        v.rectified_on, v.decision, v.ground, v.decided_on, v.decision_no or "", v.fine_fen,
        v.warning, v.transfer_to, v.decision_reason, v.override_reason,
        json.loads(v.check) if v.check else None, v.provision, v.basis, v.decided_by, v.voided,
        v.patrol_id, v.hazard_id,
    )  # fmt: skip


def _snap(v: Violation) -> dict:
    return {
        "entity_id": v.entity_id,
        "type": f"{v.type_code} {v.type_name}",
        "found_on": v.found_on.isoformat(),
        "source": rules.SOURCES.get(v.source, v.source),
        "reference": v.reference,
        "patrol_id": v.patrol_id,
        "hazard_id": v.hazard_id,
        "harm": rules.HARMS.get(v.harm, v.harm),
        "ordered_on": v.ordered_on.isoformat() if v.ordered_on else None,
        "deadline": v.deadline.isoformat() if v.deadline else None,
        "rectified_on": v.rectified_on.isoformat() if v.rectified_on else None,
        "facts": v.facts,
    }


def _check(s, v: Violation, today) -> LeniencyCheck:
    facts = LeniencyFacts(
        v.id, v.type_code, v.type_name, v.found_on, v.harm, v.ordered_on, v.deadline,
        v.rectified_on, tuple(repo.listings(s, [v.type_code])),
        tuple(repo.priors(s, v.entity_id, v.type_code, v.id)),
        repo.blacklisted_on(s, v.entity_id, v.found_on),
    )  # fmt: skip
    return check_leniency(facts)


class Violations(Service):
    """违法行为 and their decisions."""

    def today(self):
        """The station's today (the CLI's default decision day)."""
        return self._clock.today()

    # -- types -------------------------------------------------------------------------------
    def types(self, include_inactive: bool = False) -> list[TypeView]:
        self._auth.require("data.view")
        with self._db.session() as s:
            rows = repo.type_rows(s, include_inactive=include_inactive)
            listings = repo.listings(s)
        return [
            TypeView(
                t.id, t.version, repo.to_type(t),
                tuple(x for x in listings if x.type_code == t.code),
            )
            for t in rows
        ]  # fmt: skip

    # -- reading -----------------------------------------------------------------------------
    def violation(self, violation_id: int) -> ViolationView:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(Violation, violation_id)
            if row is None:
                raise NotFoundError(GONE)
            return violation_view(s, row)

    def rows(self, flt: ViolationFilter | None = None) -> ViolationRows:
        self._auth.require("data.view")
        return ViolationRows(self._db, flt)

    def from_hazard(self, hazard_id: int, type_: str = "") -> ViolationInput:
        """The draft of a violation raised from a patrol hazard (登记为违法行为): the entity,
        the found day, the patrol record, the facts and the ordered deadline filled in."""
        self._auth.require("data.view")
        with self._db.session() as s:
            return draft_from_hazard(s, hazard_id, type_)

    def leniency(self, violation_id: int) -> LeniencyCheck:
        """The 首违不罚 check from the records as they are now (a read: the decision keeps what
        it said)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(Violation, violation_id)
            if row is None:
                raise NotFoundError(GONE)
            return _check(s, row, self._clock.today())

    # -- writing -----------------------------------------------------------------------------
    def add(self, data: ViolationInput) -> tuple[ViolationView, Changes]:
        """登记违法行为: the type from the station's list, checked (not in the future, not
        before the entity was registered, rectification dates in order)."""

        def add(tx: Tx) -> int:
            ref = visit_repo.entity_ref(tx.s, data.entity_id)
            if ref is None:
                raise NotFoundError("该经营主体不存在（可能已被删除）。")
            d_in = link_patrol(tx.s, data)
            types = repo.type_rows(tx.s, include_inactive=False)
            found = vt.find_type([repo.to_type(t) for t in types], d_in.type)
            row_type = next(t for t in types if t.code == found.code)
            d = rules.check_violation(
                ViolationDraft(
                    d_in.entity_id, found.code, d_in.found_on, d_in.source, d_in.reference,
                    d_in.facts, d_in.harm, d_in.ordered_on, d_in.deadline, d_in.rectified_on,
                ),
                tx.today, registered_on=ref.registered_on, entity_name=ref.name,
            )  # fmt: skip
            row = Violation(
                entity_id=d.entity_id, type_id=row_type.id, type_code=found.code,
                type_name=found.name, found_on=d.found_on, source=d.source,
                reference=d.reference, patrol_id=d_in.patrol_id, hazard_id=d_in.hazard_id,
                facts=d.facts, harm=d.harm,
                ordered_on=d.ordered_on, deadline=d.deadline, rectified_on=d.rectified_on,
                provision=found.provision, basis=found.basis, entered_by=tx.actor.username,
            )  # fmt: skip
            tx.s.add(row)
            tx.s.flush()
            tx.created(KIND_VIOLATION, row.id, _snap(row))
            return row.id

        violation_id, changes = self._transact("violations.edit", add)
        return self.violation(violation_id), changes

    def rectified(self, violation_id: int, version: int, on) -> tuple[ViolationView, Changes]:
        """改正: the day the entity corrected it (not before found, not in the future)."""

        def done(tx: Tx) -> None:
            row = tx.load(Violation, violation_id, version, missing=GONE)
            rules.check_rectified(on, row.found_on, tx.today)
            before = _snap(row)
            row.rectified_on = on
            tx.s.flush()
            tx.updated(KIND_VIOLATION, row.id, before, _snap(row), "已改正")

        conflict = Conflict("违法行为", lambda: self.violation(violation_id))
        _, changes = self._transact("violations.edit", done, conflict=conflict)
        return self.violation(violation_id), changes

    def void(self, violation_id: int, version: int, reason: str) -> Changes:
        """作废 a record entered by mistake (its decision number stays used); regrades."""
        reason = check_void_reason(reason)

        def void(tx: Tx) -> None:
            row = tx.load(Violation, violation_id, version, missing=GONE)
            if row.voided:
                raise ValidationError("该违法行为记录已作废。", field="reason")
            row.voided, row.void_reason = True, reason
            tx.s.flush()
            tx.updated(KIND_VIOLATION, row.id, {"voided": False}, {"voided": True}, reason)
            if dec.counts_as_penalty(row.decision):
                regrade(tx, [row.entity_id], "行政处罚作废")

        conflict = Conflict("违法行为", lambda: self.violation(violation_id))
        return self._transact("records.delete", void, conflict=conflict)[1]

    def decide(
        self, violation_id: int, version: int, draft: DecisionDraft
    ) -> tuple[ViolationView, Changes]:
        """作出处理决定: checked against its rules and the 首违不罚 check as it stands now
        (``decisions.check_decision``); the number given or allocated; audited with the check
        (eligible, every reason), the override reason and who decided; a penalty regrades."""

        def decide(tx: Tx) -> None:
            row = tx.load(Violation, violation_id, version, missing=GONE)
            if row.voided:
                raise ValidationError("该违法行为记录已作废，不能作出决定。", field="decision")
            if row.decision:
                raise ValidationError(
                    f"该违法行为已于 {row.decided_on} 作出处理决定（{row.decision_no}），"
                    "不能再次决定；如有错误，请作废后重新登记。",
                    field="decision",
                )
            check = _check(tx.s, row, tx.today)
            d = dec.check_decision(draft, check, found_on=row.found_on, today=tx.today)
            number = d.number or _allocate(tx, d)
            if repo.number_taken(tx.s, number, row.id):
                raise ValidationError(f"决定书文号“{number}”已被使用。", field="number")
            shown = check.as_dict()
            row.decision, row.ground, row.decided_on = d.decision, d.ground, d.decided_on
            row.decision_no, row.fine_fen, row.warning = number, d.fine_fen, d.warning
            row.transfer_to, row.decision_reason = d.transfer_to, d.reason
            row.override_reason, row.decided_by = d.override_reason, tx.actor.username
            row.check = json.dumps(shown, ensure_ascii=False)
            tx.s.flush()
            after = {
                "decision": row.decision, "ground": row.ground,
                "decided_on": row.decided_on.isoformat(), "decision_no": number,
                "fine_fen": row.fine_fen, "warning": row.warning, "transfer_to": row.transfer_to,
                "reason": row.decision_reason, "override_reason": row.override_reason,
                "check_eligible": shown["eligible"], "check_reasons": shown["reasons"],
            }  # fmt: skip
            tx.updated(KIND_VIOLATION, row.id, {"decision": None}, after, dec.decision_label(
                row.decision, row.ground))  # fmt: skip
            if dec.counts_as_penalty(row.decision):
                regrade(tx, [row.entity_id], "行政处罚")

        conflict = Conflict("违法行为", lambda: self.violation(violation_id))
        _, changes = self._transact("violations.decide", decide, conflict=conflict)
        return self.violation(violation_id), changes


def _allocate(tx: Tx, d: DecisionDraft) -> str:
    year = d.decided_on.year
    n = counter_repo.allocate_number(tx.s, dec.counter_kind(d.decision), year)
    return dec.decision_number(repo.doc_prefix(tx.s), d.decision, year, n)


FOUND_IN = {"patrol": "日常巡查", "clue": "处置线索", "complaint": "处理投诉举报", "visit": "走访"}


def _cn_day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class NoPenaltyPrint(Service):
    """The 不予行政处罚决定书 of a 不予处罚 decision (printed, audited as an export)."""

    def print_no_penalty(self, violation_id: int, out) -> Changes:
        from pathlib import Path

        from station_app.documents.no_penalty import write_no_penalty
        from station_app.services.audit import printed_at

        def write(tx: Tx) -> None:
            row = tx.load(Violation, violation_id, missing=GONE)
            if row.decision != rules.NO_PENALTY:
                raise ValidationError("只有“不予处罚”的决定可以打印不予行政处罚决定书。",
                                      field="decision")  # fmt: skip
            doc = _no_penalty_doc(tx, violation_view(tx.s, row))
            tx.exported(KIND_VIOLATION, row.id, {"file": Path(out).name}, "打印不予行政处罚决定书")
            tx.write_audit()
            with printed_at(tx.s):
                write_no_penalty(Path(out), [doc])

        return self._transact("data.export", write)[1]


def _no_penalty_doc(tx: Tx, v: ViolationView):
    from station_app.data.repo import outreach as station_repo
    from station_app.documents.no_penalty import NoPenaltyDoc

    station = station_repo.station(tx.s)
    check = v.check or {}
    listing = check.get("listing") or {}
    item = (
        f"，属于《{listing['list_name']}》第{listing['item']}项（{listing['document']}）"
        if listing
        else ""
    )
    due = rules.rectify_deadline(v.found_on, v.ordered_on, v.deadline)
    rect = (f"本机关责令当事人于{_cn_day(due)}前改正，当事人已于{_cn_day(v.rectified_on)}改正。"
            if v.rectified_on else "当事人已当场改正。")  # fmt: skip
    where = FOUND_IN.get(v.source, "检查")
    facts = f"经查，{_cn_day(v.found_on)}，本机关在{where}中发现当事人{v.type_name}。" + (
        v.facts or ""
    )
    harm = rules.HARMS.get(v.harm, "") if v.harm else ""
    ground = (f"鉴于当事人的违法行为{harm}并已及时改正{item}，根据{rules.GROUND_CLAUSES[v.ground]}"
              "的规定，本机关决定对当事人不予行政处罚。")  # fmt: skip
    education = f"依据{rules.EDUCATION_CLAUSE}的规定，本机关已对当事人进行教育，当事人应引以为戒，依法经营。"
    bureau = station.county_bureau or station.name
    return NoPenaltyDoc(
        v.decision_no, v.entity_name, v.uscc, v.address, v.legal_rep, facts, rect, v.provision,
        v.basis, ground, education, bureau, _cn_day(v.decided_on) if v.decided_on else "",
    )  # fmt: skip
