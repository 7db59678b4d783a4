"""Queries of the red and black lists, for ``services/lists.py`` and for the grading code.

:func:`black_listed_entity_ids` and :func:`abnormal_listed_entity_ids` are what the local grade
(``domain/grading.GradeInputs.blacklisted`` / ``abnormal_listed``) reads: entities with an
approved entry, in force on a date, of a kind whose ``grade_indicator`` says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from station_app.data.models import (
    Entity,
    ListEntry,
    ListKind,
    PublicationSnapshot,
    RepairApplication,
)
from station_app.data.repo.users import display_names
from station_app.domain import lists as rules
from station_app.domain.auth import person_name

_IN_CHUNK = 900


@dataclass(frozen=True)
class EntityBrief:
    id: int
    name: str
    uscc: str
    entity_type: str
    legal_rep: str  # for masking only: never published
    address: str


@dataclass(frozen=True)
class EntryRow:
    """One entry joined with its kind and entity (a list row, a notice row)."""

    id: int
    version: int
    entity_id: int
    entity_name: str
    uscc: str
    entity_type: str
    legal_rep: str
    kind_id: int
    kind: str
    colour: str
    status: str
    source: str
    reason: str
    public_summary: str
    legal_basis: str
    decision_no: str
    authority: str
    tier: str | None
    listed_on: date
    valid_until: date | None
    review_on: date | None
    proposed_by_id: int | None
    proposed_by: str
    approved_by: str
    refusal_reason: str
    published_on: date | None
    removed_on: date | None
    removal_way: str | None
    removal_basis: str
    open_repair_id: int | None = None


def _in_force(on_date: date):
    return and_(
        ListEntry.status.in_((rules.LISTED, rules.REMOVED)),
        ListEntry.approved_at.is_not(None),
        ListEntry.listed_on <= on_date,
        or_(ListEntry.removed_on.is_(None), ListEntry.removed_on > on_date),
        or_(ListEntry.valid_until.is_(None), ListEntry.valid_until >= on_date),
    )


def _listed_ids(s: Session, on_date: date, indicator: str) -> set[int]:
    rows = s.execute(
        select(ListEntry.entity_id)
        .join(ListKind, ListKind.id == ListEntry.kind_id)
        .where(ListKind.grade_indicator == indicator, _in_force(on_date))
        .distinct()
    )
    return {r[0] for r in rows}


def black_listed_entity_ids(s: Session, on_date: date) -> set[int]:
    """Entities on a black list that sets the grade's 黑名单 indicator (grade D by default)."""
    return _listed_ids(s, on_date, rules.INDICATOR_BLACKLISTED)


def abnormal_listed_entity_ids(s: Session, on_date: date) -> set[int]:
    """Entities on the 经营异常名录 or with the 经营异常状态 on ``on_date``."""
    return _listed_ids(s, on_date, rules.INDICATOR_ABNORMAL)


# --- kinds -----------------------------------------------------------------------------------


def kinds(s: Session, *, active_only: bool = False) -> list[ListKind]:
    q = select(ListKind).order_by(ListKind.sort_order, ListKind.id)
    if active_only:
        q = q.where(ListKind.active.is_(True))
    return list(s.scalars(q))


def kind_by_name(s: Session, name: str) -> ListKind | None:
    return s.scalar(select(ListKind).where(ListKind.name == name))


def ensure_default_kinds(s: Session) -> int:
    """Add any default kind missing by name (a database whose kinds were all deleted)."""
    have = {k.name for k in kinds(s)}
    added = 0
    top = s.scalar(select(func.max(ListKind.sort_order))) or 0
    for d in rules.DEFAULT_KINDS:
        if d.name in have:
            continue
        top += 10
        s.add(
            ListKind(
                name=d.name,
                colour=d.colour,
                validity_months=d.validity_months,
                tiered=d.tiered,
                default_tier=d.default_tier,
                applies_to=d.applies_to,
                grade_indicator=d.grade_indicator,
                published_by_station=d.published_by_station,
                sort_order=top,
            )
        )
        added += 1
    return added


# --- entities ---------------------------------------------------------------------------------


def _brief(e: Entity) -> EntityBrief:
    return EntityBrief(e.id, e.name, e.uscc or "", e.entity_type, e.legal_rep, e.address)


def entity(s: Session, entity_id: int) -> EntityBrief | None:
    row = s.execute(
        select(
            Entity.id,
            Entity.name,
            Entity.uscc,
            Entity.entity_type,
            Entity.legal_rep,
            Entity.address,
        ).where(Entity.id == entity_id)
    ).first()
    return EntityBrief(row[0], row[1], row[2] or "", row[3], row[4], row[5]) if row else None


def search_entities(s: Session, text: str, limit: int = 30) -> list[EntityBrief]:
    """By USCC prefix or name fragment (the registry has its own full-text search; a picker
    needs only this)."""
    text = (text or "").strip()
    if not text:
        return []
    cols = (
        Entity.id,
        Entity.name,
        Entity.uscc,
        Entity.entity_type,
        Entity.legal_rep,
        Entity.address,
    )
    if text.isascii() and text.isalnum():
        q = select(*cols).where(Entity.uscc.like(f"{text.upper()}%"))
    else:
        q = select(*cols).where(Entity.name.like(f"%{text}%"))
    rows = s.execute(q.order_by(Entity.name).limit(limit))
    return [EntityBrief(r[0], r[1], r[2] or "", r[3], r[4], r[5]) for r in rows]


def entities_by_uscc(s: Session, codes: Iterable[str]) -> dict[str, EntityBrief]:
    codes = sorted({c for c in codes if c})
    out: dict[str, EntityBrief] = {}
    for start in range(0, len(codes), _IN_CHUNK):
        chunk = codes[start : start + _IN_CHUNK]
        for r in s.execute(
            select(
                Entity.id,
                Entity.name,
                Entity.uscc,
                Entity.entity_type,
                Entity.legal_rep,
                Entity.address,
            ).where(Entity.uscc.in_(chunk))
        ):
            out[r[2]] = EntityBrief(r[0], r[1], r[2] or "", r[3], r[4], r[5])
    return out


def entity_ids(s: Session, limit: int | None = None) -> list[int]:
    q = select(Entity.id).order_by(Entity.id)
    if limit:
        q = q.limit(limit)
    return list(s.scalars(q))


# --- entries ----------------------------------------------------------------------------------


def _entry_query():
    open_repair = (
        select(func.max(RepairApplication.id))
        .where(
            RepairApplication.entry_id == ListEntry.id,
            RepairApplication.status.in_(rules.REPAIR_OPEN),
        )
        .correlate(ListEntry)
        .scalar_subquery()
    )
    return (
        select(
            ListEntry,
            ListKind.name,
            ListKind.colour,
            Entity.name,
            Entity.uscc,
            Entity.entity_type,
            Entity.legal_rep,
            open_repair,
        )
        .join(ListKind, ListKind.id == ListEntry.kind_id)
        .join(Entity, Entity.id == ListEntry.entity_id)
    )


def _row(
    e: ListEntry,
    kind: str,
    colour: str,
    name: str,
    uscc,
    etype: str,
    rep: str,
    repair,
    *,
    names: dict[str, str],
) -> EntryRow:
    """The entry as shown: 提请人 and 审批人 by their names (``names``: login → name)."""
    return EntryRow(
        id=e.id,
        version=e.version,
        entity_id=e.entity_id,
        entity_name=name,
        uscc=uscc or "",
        entity_type=etype,
        legal_rep=rep,
        kind_id=e.kind_id,
        kind=kind,
        colour=colour,
        status=e.status,
        source=e.source,
        reason=e.reason,
        public_summary=e.public_summary,
        legal_basis=e.legal_basis,
        decision_no=e.decision_no,
        authority=e.authority,
        tier=e.tier,
        listed_on=e.listed_on,
        valid_until=e.valid_until,
        review_on=e.review_on,
        proposed_by_id=e.proposed_by_id,
        proposed_by=person_name(e.proposed_by, names),
        approved_by=person_name(e.approved_by, names) if e.approved_by else "",
        refusal_reason=e.refusal_reason,
        published_on=e.published_on,
        removed_on=e.removed_on,
        removal_way=e.removal_way,
        removal_basis=e.removal_basis,
        open_repair_id=repair,
    )


def entry_conditions(
    *,
    kind_id: int | None = None,
    colour: str | None = None,
    statuses: Iterable[str] | None = None,
    entity_id: int | None = None,
    text: str = "",
    ids: Iterable[int] | None = None,
    listed_from: date | None = None,
    listed_to: date | None = None,
) -> list:
    """The WHERE conditions of an entry list over ``entry ⋈ kind ⋈ entity``."""
    conds: list = []
    if kind_id is not None:
        conds.append(ListEntry.kind_id == kind_id)
    if colour:
        conds.append(ListKind.colour == colour)
    if statuses is not None:
        conds.append(ListEntry.status.in_(tuple(statuses)))
    if entity_id is not None:
        conds.append(ListEntry.entity_id == entity_id)
    if ids is not None:
        conds.append(ListEntry.id.in_(tuple(ids)))
    if listed_from is not None:
        conds.append(ListEntry.listed_on >= listed_from)
    if listed_to is not None:
        conds.append(ListEntry.listed_on <= listed_to)
    text = (text or "").strip()
    if text:
        like = f"%{text}%"
        conds.append(
            or_(
                Entity.name.like(like),
                Entity.uscc.like(f"{text.upper()}%"),
                ListEntry.decision_no.like(like),
            )
        )
    return conds


DEFAULT_ORDER = (ListKind.sort_order, ListEntry.listed_on.desc(), ListEntry.id.desc())


def entry_rows(s: Session, **criteria) -> list[EntryRow]:
    """Entries joined with kind and entity, matching :func:`entry_conditions` ``criteria``,
    by kind then newest listing first."""
    q = _entry_query().where(*entry_conditions(**criteria)).order_by(*DEFAULT_ORDER)
    names = display_names(s)
    return [_row(*r, names=names) for r in s.execute(q)]


def entry_row(s: Session, entry_id: int) -> EntryRow | None:
    rows = entry_rows(s, ids=[entry_id])
    return rows[0] if rows else None


def active_listings(s: Session, entity_id: int) -> list[rules.ActiveListing]:
    """Entries proposed or in force against an entity (for the listing rules)."""
    rows = s.execute(
        select(
            ListEntry.id,
            ListKind.name,
            ListKind.colour,
            ListEntry.status,
            ListEntry.listed_on,
            ListEntry.decision_no,
        )
        .join(ListKind, ListKind.id == ListEntry.kind_id)
        .where(
            ListEntry.entity_id == entity_id, ListEntry.status.in_((rules.PROPOSED, rules.LISTED))
        )
        .order_by(ListEntry.listed_on)
    )
    return [rules.ActiveListing(*r) for r in rows]


def active_entity_kind_pairs(s: Session, kind_id: int) -> set[int]:
    rows = s.execute(
        select(ListEntry.entity_id).where(
            ListEntry.kind_id == kind_id, ListEntry.status.in_((rules.PROPOSED, rules.LISTED))
        )
    )
    return {r[0] for r in rows}


def counts_by_kind(s: Session) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for kind_id, status, n in s.execute(
        select(ListEntry.kind_id, ListEntry.status, func.count()).group_by(
            ListEntry.kind_id, ListEntry.status
        )
    ):
        out.setdefault(kind_id, {})[status] = n
    return out


def listed_entries(s: Session) -> list[ListEntry]:
    return list(s.scalars(select(ListEntry).where(ListEntry.status == rules.LISTED)))


# --- repairs ----------------------------------------------------------------------------------


def repairs(
    s: Session, *, entry_id: int | None = None, open_only: bool = False
) -> list[RepairApplication]:
    q = select(RepairApplication).order_by(
        RepairApplication.applied_on.desc(), RepairApplication.id.desc()
    )
    if entry_id is not None:
        q = q.where(RepairApplication.entry_id == entry_id)
    if open_only:
        q = q.where(RepairApplication.status.in_(rules.REPAIR_OPEN))
    return list(s.scalars(q))


# --- publications -----------------------------------------------------------------------------


def publications(s: Session) -> list[PublicationSnapshot]:
    return list(
        s.scalars(
            select(PublicationSnapshot)
            .options()
            .order_by(PublicationSnapshot.generated_at.desc(), PublicationSnapshot.id.desc())
        )
    )


def publication_summaries(s: Session) -> list[tuple]:
    """The publications, newest first; 发布人 by name."""
    names = display_names(s)
    return [
        (*r[:5], person_name(r[5], names), r[6])
        for r in s.execute(
            select(
                PublicationSnapshot.id,
                PublicationSnapshot.period,
                PublicationSnapshot.title,
                PublicationSnapshot.entry_count,
                PublicationSnapshot.generated_at,
                PublicationSnapshot.generated_by,
                PublicationSnapshot.sha256,
            ).order_by(PublicationSnapshot.id.desc())
        )
    ]


def entity_ids_by_type(s: Session, limit_per_type: int = 2000) -> dict[str, list[int]]:
    """A sample of entity ids per type (for demo data), lowest ids first."""
    out: dict[str, list[int]] = {}
    for etype in [r[0] for r in s.execute(select(Entity.entity_type).distinct())]:
        out[etype] = list(
            s.scalars(
                select(Entity.id)
                .where(Entity.entity_type == etype)
                .order_by(Entity.id)
                .limit(limit_per_type)
            )
        )
    return out
