"""Write-side queries of 投诉调解 for ``services/complaints/``: number counters, entity look-ups
for respondents, and the rows the figures are computed from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from station_app.data.models import (
    Complaint,
    ComplaintDocument,
    ComplaintMediator,
    DocCounter,
    Entity,
    ServiceStation,
    User,
)
from station_app.domain.text import strip_controls


def allocate_number(s: Session, kind: str, year: int) -> int:
    """The next number of ``kind`` in ``year`` (1, 2, …), in the caller's transaction.

    The counter row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's writer holds
    ``BEGIN IMMEDIATE`` from ``Database.uow()``), so two PCs never get the same number, and a
    rolled-back transaction gives its number back: no gaps."""
    dialect = s.get_bind().dialect.name
    insert: Any
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    key = and_(DocCounter.kind == kind, DocCounter.year == year)
    current = s.execute(select(DocCounter.last_number).where(key).with_for_update()).scalar()
    if current is None:
        s.execute(
            insert(DocCounter)
            .values(kind=kind, year=year, last_number=0)
            .on_conflict_do_nothing(index_elements=["kind", "year"])
        )
        current = s.execute(
            select(DocCounter.last_number).where(key).with_for_update()
        ).scalar_one()
    s.execute(update(DocCounter).where(key).values(last_number=current + 1))
    return current + 1


def peek_number(s: Session, kind: str, year: int) -> int:
    return (
        s.execute(
            select(DocCounter.last_number).where(DocCounter.kind == kind, DocCounter.year == year)
        ).scalar()
        or 0
    )


# ---- complaints ----------------------------------------------------------------------------


def get(s: Session, complaint_id: int) -> Complaint | None:
    return s.get(
        Complaint,
        complaint_id,
        options=[
            selectinload(Complaint.mediators),
            selectinload(Complaint.sessions),
            selectinload(Complaint.terms),
        ],
    )


def lock(s: Session, complaint_id: int) -> None:
    """Lock the complaint row for the rest of the transaction (PostgreSQL ``FOR UPDATE``; on
    SQLite the writer lock is already held): two PCs issuing the same document queue up."""
    s.execute(select(Complaint.id).where(Complaint.id == complaint_id).with_for_update())


def id_by_number(s: Session, number: str) -> int | None:
    """The complaint numbered ``number``, ignoring letter case (``ts2026…`` finds ``TS2026…``):
    the exact spelling first (the unique index), then case-insensitively."""
    found = s.execute(select(Complaint.id).where(Complaint.number == number)).scalar()
    if found is None:
        upper = func.upper(Complaint.number) == number.upper()
        found = s.execute(select(Complaint.id).where(upper).order_by(Complaint.id)).scalar()
    return found


def ids_by_numbers(s: Session, numbers: Sequence[str]) -> list[int]:
    rows: dict[str, int] = dict(
        s.execute(select(Complaint.number, Complaint.id).where(Complaint.number.in_(numbers)))
    )
    return [rows[n] for n in numbers if n in rows]


def document(s: Session, complaint_id: int, kind: str) -> ComplaintDocument | None:
    return s.execute(
        select(ComplaintDocument).where(
            ComplaintDocument.complaint_id == complaint_id, ComplaintDocument.kind == kind
        )
    ).scalar()


def documents(s: Session, complaint_id: int) -> list[ComplaintDocument]:
    return list(
        s.scalars(
            select(ComplaintDocument)
            .where(ComplaintDocument.complaint_id == complaint_id)
            .order_by(ComplaintDocument.id)
        )
    )


def entity_brief(s: Session, entity_id: int) -> dict | None:
    """Name, USCC, legal representative, phone and address of a registered entity."""
    row = s.execute(
        select(Entity.name, Entity.uscc, Entity.legal_rep, Entity.phone, Entity.address).where(
            Entity.id == entity_id
        )
    ).first()
    if row is None:
        return None
    return {
        "name": row.name,
        "uscc": row.uscc or "",
        "legal_rep": row.legal_rep,
        "phone": row.phone,
        "address": row.address,
    }


def find_entities(s: Session, text: str, limit: int = 20) -> list[tuple[int, str, str, str]]:
    """(id, name, uscc, address) of entities whose name, USCC or address contains ``text``."""
    q = strip_controls(text).strip()
    if not q:
        return []
    # ``%`` and ``_`` are the user's characters, not wildcards (``%`` listed everything)
    found = [c.contains(q, autoescape=True) for c in (Entity.name, Entity.uscc, Entity.address)]
    stmt = (
        select(Entity.id, Entity.name, Entity.uscc, Entity.address)
        .where(or_(*found))
        .order_by(func.length(Entity.name), Entity.id)
        .limit(limit)
    )
    return [(r[0], r[1], r[2] or "", r[3]) for r in s.execute(stmt)]


def entity_sample(s: Session, limit: int) -> list[tuple[int, str, str, str, str, str]]:
    """Up to ``limit`` entities (id order) for the demo: id, name, uscc, legal_rep, phone, address."""
    stmt = (
        select(Entity.id, Entity.name, Entity.uscc, Entity.legal_rep, Entity.phone, Entity.address)
        .order_by(Entity.id)
        .limit(limit)
    )
    return [tuple(r) for r in s.execute(stmt)]


def stations(s: Session) -> list[ServiceStation]:
    return list(s.scalars(select(ServiceStation).order_by(ServiceStation.id)))


def user_names(s: Session) -> dict[str, int]:
    """Display name (or username) → user id, for linking mediators to users."""
    out: dict[str, int] = {}
    for uid, username, name in s.execute(select(User.id, User.username, User.display_name)):
        out[username] = uid
        if name:
            out[name] = uid
    return out


def mediator_names(s: Session, complaint_ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not complaint_ids:
        return out
    for cid, name in s.execute(
        select(ComplaintMediator.complaint_id, ComplaintMediator.name)
        .where(ComplaintMediator.complaint_id.in_(complaint_ids))
        .order_by(ComplaintMediator.id)
    ):
        out.setdefault(cid, []).append(name)
    return out


def open_rows(s: Session) -> list[Complaint]:
    """Complaints still waiting on a deadline (待受理, 调解中, 终止调解 not yet notified)."""
    return list(
        s.scalars(
            select(Complaint).where(
                or_(
                    Complaint.status.in_(("待受理", "调解中")),
                    and_(Complaint.status == "终止调解", Complaint.notice_on.is_(None)),
                )
            )
        )
    )


def mediator_suggestions(s: Session) -> list[str]:
    """Display names of active users plus names that mediated before, most used first."""
    used = [
        name
        for name, _n in s.execute(
            select(ComplaintMediator.name, func.count())
            .group_by(ComplaintMediator.name)
            .order_by(func.count().desc(), ComplaintMediator.name)
        )
    ]
    users = [
        name or username
        for username, name in s.execute(
            select(User.username, User.display_name)
            .where(User.disabled.is_(False))
            .order_by(User.id)
        )
    ]
    return list(dict.fromkeys([*used, *users]))


def max_complaint_id(s: Session) -> int:
    return int(s.execute(select(func.max(Complaint.id))).scalar() or 0)


def bulk_insert(
    s: Session,
    complaints: list[dict],
    mediators: list[dict],
    sessions: list[dict],
    terms: list[dict],
) -> None:
    """Fast path for the demo: complaints as dicts with their ids set (every dict the same
    keys) and their child rows, written with Core ``executemany`` in the session's transaction.
    On PostgreSQL the complaint id sequence is moved past the ids written."""
    from sqlalchemy import insert

    from station_app.data.models import AgreementTerm, MediationSession

    if not complaints:
        return
    s.execute(insert(Complaint.__table__), complaints)
    for model, rows in (
        (ComplaintMediator, mediators),
        (MediationSession, sessions),
        (AgreementTerm, terms),
    ):
        if rows:
            s.execute(insert(model.__table__), rows)
    if s.get_bind().dialect.name == "postgresql":
        s.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence("complaint", "id"),
                    select(func.max(Complaint.id)).scalar_subquery(),
                )
            )
        )


def platform_numbers(s: Session, channel: str) -> set[str]:
    """The platform numbers already imported for ``channel`` (12315)."""
    rows = s.execute(
        select(Complaint.platform_no).where(
            Complaint.channel == channel, Complaint.platform_no.is_not(None)
        )
    )
    return set(rows.scalars())
