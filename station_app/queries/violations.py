"""Read side of violations (违法行为): the list (``Rows`` contract) and the period figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import and_, func, or_, select

from station_app.data.engine import Database
from station_app.data.models import Entity, Guidance, Interview, Violation
from station_app.domain.violations import rules
from station_app.domain.violations.decisions import decision_label
from station_app.domain.violations.rules import ViolationFilter
from station_app.queries.visits import _Rows, like


class ViolationRows(_Rows):
    """The 违法行为 list: rows in ``domain.violations.rules.LIST_COLUMNS`` order plus the
    decision code (row colour)."""

    model = Violation
    sort_columns: ClassVar[dict[str, Any]] = {
        "found_on": Violation.found_on,
        "entity": Violation.entity_id,
        "decision": Violation.decision,
    }
    default_sort = "found_on"

    def __init__(self, db: Database, flt: ViolationFilter | None = None) -> None:
        super().__init__(db, flt or ViolationFilter())

    def conditions(self) -> list:
        f = self.filter
        v = Violation
        conds: list = [] if f.include_voided else [v.voided.is_(False)]
        if f.first is not None:
            conds.append(v.found_on >= f.first)
        if f.last is not None:
            conds.append(v.found_on <= f.last)
        if f.entity_id is not None:
            conds.append(v.entity_id == f.entity_id)
        if f.type_code:
            conds.append(v.type_code == f.type_code)
        if f.decision == "none":
            conds.append(v.decision.is_(None))
        elif f.decision:
            conds.append(v.decision == f.decision)
        pattern = like(f.text)
        if pattern:
            names = select(Entity.id).where(
                or_(Entity.name.like(pattern, escape="\\"), Entity.uscc.like(pattern, escape="\\"))
            )
            conds.append(
                or_(
                    v.entity_id.in_(names),
                    v.decision_no.like(pattern, escape="\\"),
                    v.type_name.like(pattern, escape="\\"),
                )
            )
        return conds

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        v = Violation
        stmt = (
            select(v.id, v.found_on, Entity.name, v.type_name, v.source, v.rectified_on,
                   v.deadline, v.ordered_on, v.decision, v.ground, v.fine_fen, v.decision_no)
            .join(Entity, Entity.id == v.entity_id)
            .where(v.id.in_(list(ids)))
        )  # fmt: skip
        out = {}
        with self.db.session() as s:
            for (
                vid,
                found,
                name,
                tname,
                src,
                done,
                due,
                ordered,
                dec,
                ground,
                fine,
                no,
            ) in s.execute(stmt):
                out[vid] = (
                    found.isoformat(), name, tname, rules.SOURCES.get(src, src),
                    _rectification(done, due, ordered), decision_label(dec, ground),
                    rules.yuan(fine) if fine else "", no or "", dec or "",
                )  # fmt: skip
        return out


def _rectification(done: date | None, due: date | None, ordered: date | None) -> str:
    if done is not None:
        return f"{done.isoformat()} 已改正"
    if due is not None:
        return f"限 {due.isoformat()} 前改正"
    return "已责令改正" if ordered else "—"


def enforcement_figures(s, first: date, last: date) -> dict[str, int]:
    """The counts of ``rules.FIGURE_DEFINITIONS`` for the days ``first`` … ``last``."""
    v = Violation
    live = v.voided.is_(False)
    found = s.execute(
        select(func.count()).where(live, v.found_on >= first, v.found_on <= last)
    ).scalar_one()
    decided = and_(live, v.decided_on >= first, v.decided_on <= last)
    by_kind = dict(
        s.execute(select(v.decision, func.count()).where(decided).group_by(v.decision)).all()
    )
    first_ground = s.execute(
        select(func.count()).where(decided, v.decision == rules.NO_PENALTY, v.ground == "first")
    ).scalar_one()
    overrides = s.execute(
        select(func.count()).where(decided, v.decision == rules.NO_PENALTY, v.override_reason != "")
    ).scalar_one()
    fines = s.execute(
        select(func.coalesce(func.sum(v.fine_fen), 0)).where(
            decided, v.decision.in_(sorted(rules.PENALTY_KINDS))
        )
    ).scalar_one()
    guidance = s.execute(
        select(func.count()).where(Guidance.issued_on >= first, Guidance.issued_on <= last)
    ).scalar_one()
    interviews = s.execute(
        select(func.count()).where(Interview.day >= first, Interview.day <= last)
    ).scalar_one()

    def k(code: str) -> int:
        return int(by_kind.get(code, 0))

    return {
        "violations.found": int(found),
        "violations.lenient": sum(k(c) for c in rules.LENIENT_KINDS),
        "violations.no_penalty": k(rules.NO_PENALTY),
        "violations.first": int(first_ground),
        "violations.mitigated": k(rules.MITIGATED),
        "violations.lighter": k(rules.LIGHTER),
        "violations.penalties": sum(k(c) for c in rules.PENALTY_KINDS),
        "violations.fines": int(fines),  # fen
        "violations.transfers": k(rules.TRANSFER),
        "violations.overrides": int(overrides),
        "violations.guidance": int(guidance),
        "violations.interviews": int(interviews),
    }
