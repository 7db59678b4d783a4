"""The small queries of the violations area: types with their listings, prior violations of a
type, an entity's section, the station's document prefix."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.data.models import (
    Guidance,
    Interview,
    LeniencyListing,
    StationProfile,
    Violation,
    ViolationType,
)
from station_app.data.repo import lists as list_repo
from station_app.domain.violations import types as vt
from station_app.domain.violations.leniency import Prior


def type_rows(s: Session, *, include_inactive: bool = True) -> list[ViolationType]:
    stmt = select(ViolationType).order_by(ViolationType.category, ViolationType.code)
    if not include_inactive:
        stmt = stmt.where(ViolationType.active.is_(True))
    return list(s.execute(stmt).scalars())


def to_type(t: ViolationType) -> vt.ViolationType:
    return vt.ViolationType(t.code, t.name, t.category, t.provision, t.basis, t.active, t.note)


def listings(s: Session, type_codes: list[str] | None = None) -> list[vt.Listing]:
    stmt = select(LeniencyListing, ViolationType.code).join(
        ViolationType, ViolationType.id == LeniencyListing.type_id
    )
    if type_codes is not None:
        stmt = stmt.where(ViolationType.code.in_(type_codes))
    return [
        vt.Listing(
            code, x.list_kind, x.document, x.list_name, x.item_no, x.effective_from,
            x.effective_to, tuple(json.loads(x.conditions or "[]")),
        )
        for x, code in s.execute(stmt.order_by(LeniencyListing.id)).all()
    ]  # fmt: skip


def listing_rows(s: Session, type_id: int) -> list[LeniencyListing]:
    stmt = select(LeniencyListing).where(LeniencyListing.type_id == type_id)
    return list(s.execute(stmt.order_by(LeniencyListing.id)).scalars())


def type_by_code(s: Session, code: str) -> ViolationType | None:
    return s.execute(select(ViolationType).where(ViolationType.code == code)).scalar_one_or_none()


def priors(s: Session, entity_id: int, type_code: str, own_id: int) -> list[Prior]:
    """The entity's other violations of the type, not voided (the check picks the window)."""
    stmt = select(Violation.id, Violation.found_on, Violation.decision).where(
        Violation.entity_id == entity_id,
        Violation.type_code == type_code,
        Violation.voided.is_(False),
        Violation.id != own_id,
    )
    return [Prior(i, d, k) for i, d, k in s.execute(stmt).all()]


def blacklisted_on(s: Session, entity_id: int, day: date) -> bool:
    return entity_id in list_repo.black_listed_entity_ids(s, day)


def doc_prefix(s: Session) -> str:
    row = s.get(StationProfile, 1)
    return row.doc_prefix if row is not None else ""


def number_taken(s: Session, number: str, own_id: int) -> bool:
    stmt = select(Violation.id).where(Violation.decision_no == number, Violation.id != own_id)
    return s.execute(stmt).first() is not None


def entity_violations(s: Session, entity_id: int, limit: int = 50) -> list[Violation]:
    stmt = (
        select(Violation)
        .where(Violation.entity_id == entity_id, Violation.voided.is_(False))
        .order_by(Violation.found_on.desc(), Violation.id.desc())
        .limit(limit)
    )
    return list(s.execute(stmt).scalars())


def entity_interviews(s: Session, entity_id: int) -> list[Interview]:
    stmt = select(Interview).where(Interview.entity_id == entity_id).order_by(Interview.at.desc())
    return list(s.execute(stmt).scalars())


def entity_guidance(s: Session, entity_id: int) -> list[Guidance]:
    stmt = select(Guidance).where(Guidance.entity_id == entity_id)
    return list(s.execute(stmt.order_by(Guidance.issued_on.desc())).scalars())


def count_by(s: Session, model, column, first: date, last: date) -> int:
    stmt = select(func.count()).select_from(model).where(column >= first, column <= last)
    return int(s.execute(stmt).scalar_one())


def interviews_in(s: Session, first: date | None, last: date | None) -> list[Interview]:
    stmt = select(Interview)
    if first is not None:
        stmt = stmt.where(Interview.day >= first)
    if last is not None:
        stmt = stmt.where(Interview.day <= last)
    return list(s.execute(stmt.order_by(Interview.at.desc())).scalars())


def followups_due(s: Session, today: date) -> tuple[int, int]:
    """``(unrectified, interviews)``: violations not decided, not voided, not rectified, whose
    rectification deadline is before ``today`` (a late rectification loses 首违不罚); and
    interviews whose follow-up day has come without a follow-up note (the home tile)."""
    v = Violation
    late = select(func.count()).select_from(v).where(
        v.voided.is_(False), v.decision.is_(None), v.rectified_on.is_(None),
        func.coalesce(v.deadline, v.found_on) < today,
    )  # fmt: skip
    due = (
        select(func.count())
        .select_from(Interview)
        .where(Interview.follow_up_on <= today, Interview.follow_up_note == "")
    )
    return int(s.execute(late).scalar_one()), int(s.execute(due).scalar_one())


def violation_of_hazard(s: Session, hazard_id: int) -> int | None:
    """The violation (not voided) already raised from the hazard, if any."""
    stmt = select(Violation.id).where(Violation.hazard_id == hazard_id, Violation.voided.is_(False))
    return s.execute(stmt).scalar()
