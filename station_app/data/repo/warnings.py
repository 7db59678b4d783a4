"""The scan's set-based queries (docs/areas/prices.md §9): each warning kind is one or two
GROUP BYs over indexed ranges, joined to the registry only for the candidate ids; plus the
watch table of the prepaid-card check and the stored warnings."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.data.models import (
    Complaint,
    EarlyWarning,
    Entity,
    EntityChange,
    EntityIndustry,
    EntityTag,
    EntityWatch,
    Grid,
    Licence,
)
from station_app.domain.warnings.evaluate import (
    Change,
    EntityCount,
    GridCount,
    HazardCluster,
    HazardFacts,
    LicenceFacts,
    PrepaidFacts,
    Stored,
)
from station_app.domain.warnings.kinds import (
    PREPAID_INDUSTRY,
    TAG_HOLDS_BALANCES,
    TAG_SELLS_PREPAID,
)


def entity_counts(s: Session, first: date, last: date, least: int) -> list[EntityCount]:
    """Entities with at least ``least`` complaints received in ``first`` … ``last``."""
    c = Complaint
    agg = (
        select(c.entity_id, func.count(), func.min(c.received_on), func.max(c.received_on))
        .where(c.received_on.between(first, last), c.entity_id.is_not(None))
        .group_by(c.entity_id)
        .having(func.count() >= least)
    )
    rows = s.execute(agg).all()
    if not rows:
        return []
    names: dict[int, str] = dict(
        s.execute(select(Entity.id, Entity.name).where(Entity.id.in_([r[0] for r in rows]))).all()
    )
    grids: dict[int, int | None] = dict(
        s.execute(
            select(Entity.id, Entity.grid_id).where(Entity.id.in_([r[0] for r in rows]))
        ).all()
    )
    return [
        EntityCount(eid, names.get(eid, ""), int(n), 0, lo, hi, grids.get(eid))
        for eid, n, lo, hi in rows
    ]


def industry_counts(s: Session, first: date, last: date) -> dict[str, int]:
    """Complaints received in the span by the respondent entity's 行业."""
    stmt = (
        select(EntityIndustry.industry, func.count())
        .join(Complaint, Complaint.entity_id == EntityIndustry.entity_id)
        .where(Complaint.received_on.between(first, last))
        .group_by(EntityIndustry.industry)
    )
    return {name: int(n) for name, n in s.execute(stmt)}


def elderly_counts(s: Session, first: date, last: date) -> list[GridCount]:
    """涉老 complaints of the span by the entity's grid."""
    stmt = (
        select(Entity.grid_id, func.count())
        .select_from(Complaint)
        .outerjoin(Entity, Entity.id == Complaint.entity_id)
        .where(Complaint.received_on.between(first, last), Complaint.elderly.is_(True))
        .group_by(Entity.grid_id)
    )
    rows = s.execute(stmt).all()
    names: dict[int, str] = dict(s.execute(select(Grid.id, Grid.name)).all())
    return [GridCount(gid, names.get(gid, ""), int(n), 0) for gid, n in rows]


def licences_due(s: Session, horizon: date) -> list[LicenceFacts]:
    """Licences of entities in business expiring by ``horizon`` (or expired)."""
    stmt = (
        select(Licence.id, Licence.entity_id, Entity.name, Licence.kind, Licence.number,
               Licence.expires_on, Entity.grid_id)
        .join(Entity, Entity.id == Licence.entity_id)
        .where(Licence.expires_on.is_not(None), Licence.expires_on <= horizon,
               Entity.status == "在营")
    )  # fmt: skip
    return [LicenceFacts(*r) for r in s.execute(stmt)]


def prepaid_candidates(s: Session) -> list[int]:
    """Entities in 预付式消费 or tagged 发售预付卡."""
    by_industry = select(EntityIndustry.entity_id).where(
        EntityIndustry.industry == PREPAID_INDUSTRY
    )
    by_tag = select(EntityTag.entity_id).where(EntityTag.tag == TAG_SELLS_PREPAID)
    return sorted(set(s.scalars(by_industry)) | set(s.scalars(by_tag)))


def watch_and_facts(
    s: Session, ids: list[int], today: date, complaints_since: date
) -> list[PrepaidFacts]:
    """Compare each candidate with its last seen legal representative and status; record the
    changes (the first look only records), and return the facts the domain judges."""
    if not ids:
        return []
    entities = {e.id: e for e in s.scalars(select(Entity).where(Entity.id.in_(ids)))}
    watched = {
        w.entity_id: w for w in s.scalars(select(EntityWatch).where(EntityWatch.entity_id.in_(ids)))
    }
    for eid, e in entities.items():
        w = watched.get(eid)
        if w is None:
            s.add(
                EntityWatch(
                    entity_id=eid, legal_rep=e.legal_rep, status=e.status, status_since=today
                )
            )
            continue
        if w.legal_rep != e.legal_rep:
            s.add(
                EntityChange(
                    entity_id=eid,
                    field="legal_rep",
                    old=w.legal_rep,
                    new=e.legal_rep,
                    seen_on=today,
                )
            )
            w.legal_rep = e.legal_rep
        if w.status != e.status:
            s.add(
                EntityChange(
                    entity_id=eid, field="status", old=w.status, new=e.status, seen_on=today
                )
            )
            w.status, w.status_since = e.status, today
    s.flush()
    changes: dict[int, list[Change]] = defaultdict(list)
    for ch in s.scalars(select(EntityChange).where(EntityChange.entity_id.in_(ids))):
        changes[ch.entity_id].append(Change(ch.field, ch.old, ch.new, ch.seen_on))
    complaints: dict[int, int] = dict(
        s.execute(
            select(Complaint.entity_id, func.count())
            .where(Complaint.entity_id.in_(ids), Complaint.received_on >= complaints_since)
            .group_by(Complaint.entity_id)
        ).all()
    )
    holds = set(s.scalars(select(EntityTag.entity_id).where(
        EntityTag.entity_id.in_(ids), EntityTag.tag == TAG_HOLDS_BALANCES)))  # fmt: skip
    lapsed: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for eid, kind, exp in s.execute(
        select(Licence.entity_id, Licence.kind, Licence.expires_on).where(
            Licence.entity_id.in_(ids), Licence.expires_on < today
        )
    ):
        lapsed[eid].append((kind, exp))
    status_seen = {eid: w.status_since for eid, w in watched.items()}
    return [
        PrepaidFacts(
            eid,
            e.name,
            e.status,
            tuple(changes.get(eid, ())),
            tuple(lapsed.get(eid, ())),
            int(complaints.get(eid, 0)),
            eid in holds,
            e.grid_id,
            status_seen.get(eid),
        )
        for eid, e in entities.items()
    ]


def stored(s: Session) -> list[Stored]:
    stmt = select(
        EarlyWarning.id, EarlyWarning.kind, EarlyWarning.key, EarlyWarning.state,
        EarlyWarning.active, EarlyWarning.digest, EarlyWarning.resolved_at,
    )  # fmt: skip
    return [
        Stored(i, k, key, st, a, d, r.date() if r else None)
        for i, k, key, st, a, d, r in s.execute(stmt)
    ]


def counts_by_state(s: Session) -> dict[str, int]:
    stmt = (
        select(EarlyWarning.state, func.count())
        .where(EarlyWarning.active.is_(True))
        .group_by(EarlyWarning.state)
    )
    return {st: int(n) for st, n in s.execute(stmt)}


def warning_ids(s: Session, state: str | None, kind: str | None, active_only: bool) -> list[int]:
    stmt = select(EarlyWarning.id).order_by(EarlyWarning.id.desc())
    if state:
        stmt = stmt.where(EarlyWarning.state == state)
    if kind:
        stmt = stmt.where(EarlyWarning.kind == kind)
    if active_only:
        stmt = stmt.where(EarlyWarning.active.is_(True))
    return list(s.scalars(stmt))


# ---- hazards (patrols, #15) --------------------------------------------------------------


def hazards_overdue(s: Session, before: date, open_state: str) -> list[HazardFacts]:
    """Hazards still ``open_state`` (待整改) whose rectification deadline is before ``before``."""
    from station_app.data.models import Hazard

    stmt = (
        select(Hazard.id, Hazard.entity_id, Entity.name, Hazard.category, Hazard.deadline,
               Entity.grid_id)
        .join(Entity, Entity.id == Hazard.entity_id)
        .where(Hazard.state == open_state, Hazard.deadline.is_not(None), Hazard.deadline < before)
    )  # fmt: skip
    return [HazardFacts(*r) for r in s.execute(stmt)]


def hazard_clusters(
    s: Session, first: date, last: date, least: int, open_state: str
) -> list[HazardCluster]:
    """Hazards found in the span by (the entity's grid, category), groups of ``least`` or more."""
    from sqlalchemy import case

    from station_app.data.models import Hazard

    n = func.count()
    stmt = (
        select(Entity.grid_id, Hazard.category, n, func.count(func.distinct(Hazard.entity_id)),
               func.sum(case((Hazard.state == open_state, 1), else_=0)),
               func.min(Hazard.found_on), func.max(Hazard.found_on))
        .join(Entity, Entity.id == Hazard.entity_id)
        .where(Hazard.found_on.between(first, last))
        .group_by(Entity.grid_id, Hazard.category)
        .having(n >= least)
    )  # fmt: skip
    rows = s.execute(stmt).all()
    names: dict[int, str] = dict(s.execute(select(Grid.id, Grid.name)).all()) if rows else {}
    return [
        HazardCluster(gid, names.get(gid, ""), cat, int(k), int(e), int(o or 0), lo, hi)
        for gid, cat, k, e, o, lo, hi in rows
    ]


def grid_codes(s: Session, grid_ids: tuple[int, ...]) -> tuple[str, ...]:
    """The codes of grids by id (a campaign's target filter names grids by code)."""
    if not grid_ids:
        return ()
    return tuple(s.scalars(select(Grid.code).where(Grid.id.in_(grid_ids)).order_by(Grid.code)))


def campaign_number(s: Session, campaign_id: int) -> str:
    from station_app.data.models import Campaign

    return str(s.scalar(select(Campaign.number).where(Campaign.id == campaign_id)) or campaign_id)


def grid_names(s: Session) -> dict[int, str]:
    return dict(s.execute(select(Grid.id, Grid.name)).all())


def period_counts(s: Session, start: datetime, end: datetime) -> dict:
    """Warnings first seen in [start, end) by kind, and resolved in it by resolution."""
    raised: dict[str, int] = dict(
        s.execute(
            select(EarlyWarning.kind, func.count())
            .where(EarlyWarning.first_seen_at >= start, EarlyWarning.first_seen_at < end)
            .group_by(EarlyWarning.kind)
        ).all()
    )
    resolved: dict[str, int] = dict(
        s.execute(
            select(EarlyWarning.resolution, func.count())
            .where(EarlyWarning.resolved_at >= start, EarlyWarning.resolved_at < end)
            .group_by(EarlyWarning.resolution)
        ).all()
    )
    return {"raised": raised, "resolved": resolved}
