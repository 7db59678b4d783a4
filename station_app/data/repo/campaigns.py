"""Queries of the campaigns area: the target filter as SQL (the list is written with one
``INSERT … SELECT``), departments, the progress board's ``GROUP BY`` and the list rows.
Each takes the caller's Session."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, insert, literal, or_, select
from sqlalchemy.orm import Session

from station_app.data.models import (
    Campaign,
    CampaignTarget,
    Community,
    Complaint,
    Department,
    Entity,
    EntityIndustry,
    EntityTag,
    Grid,
    Licence,
    campaign_department,
    grid_community,
)
from station_app.domain.campaign_targets import TargetFilter, complaints_since


def _escape(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def target_conditions(flt: TargetFilter, as_of: date) -> list:
    """The filter as conditions on ``entity`` (every condition holds; a list means any of)."""
    conds: list = []
    if flt.text:
        pattern = _escape(flt.text)
        conds.append(
            or_(Entity.name.like(pattern, escape="\\"), Entity.address.like(pattern, escape="\\"))
        )
    if flt.industries:
        conds.append(
            Entity.id.in_(
                select(EntityIndustry.entity_id).where(EntityIndustry.industry.in_(flt.industries))
            )
        )
    if flt.grids:
        conds.append(Entity.grid_id.in_(select(Grid.id).where(Grid.code.in_(flt.grids))))
    if flt.communities:
        conds.append(
            Entity.grid_id.in_(
                select(grid_community.c.grid_id)
                .join(Community, Community.id == grid_community.c.community_id)
                .where(Community.name.in_(flt.communities))
            )
        )
    for column, values in (
        (Entity.local_grade, flt.grades),
        (Entity.credit_class, flt.credit_classes),
        (Entity.status, flt.statuses),
        (Entity.entity_type, flt.entity_types),
    ):
        if values:
            conds.append(column.in_(values))
    if flt.tags:
        conds.append(Entity.id.in_(select(EntityTag.entity_id).where(EntityTag.tag.in_(flt.tags))))
    if flt.licence_kinds:
        conds.append(
            Entity.id.in_(select(Licence.entity_id).where(Licence.kind.in_(flt.licence_kinds)))
        )
    if flt.complaints_min:
        since = complaints_since(as_of, flt.complaints_months)
        counted = (
            select(Complaint.entity_id)
            .where(
                Complaint.entity_id.is_not(None),
                Complaint.received_on >= since,
                Complaint.received_on <= as_of,
            )
            .group_by(Complaint.entity_id)
            .having(func.count() >= flt.complaints_min)
        )
        conds.append(Entity.id.in_(counted))
    return conds


def count_targets(s: Session, flt: TargetFilter, as_of: date) -> int:
    stmt = select(func.count()).select_from(Entity).where(*target_conditions(flt, as_of))
    return int(s.execute(stmt).scalar_one())


def preview_targets(
    s: Session, flt: TargetFilter, as_of: date, limit: int = 50
) -> list[tuple[int, str, str]]:
    stmt = (
        select(Entity.id, Entity.name, Entity.address)
        .where(*target_conditions(flt, as_of))
        .order_by(Entity.name, Entity.id)
        .limit(limit)
    )
    return [(r[0], r[1], r[2]) for r in s.execute(stmt)]


def insert_targets(s: Session, campaign_id: int, flt: TargetFilter, as_of: date) -> int:
    """The frozen list in one ``INSERT … SELECT``; returns how many targets."""
    chosen = select(
        literal(campaign_id), Entity.id, literal("filter"), literal(""), literal(False), literal("")
    ).where(*target_conditions(flt, as_of))
    s.execute(
        insert(CampaignTarget).from_select(
            ["campaign_id", "entity_id", "origin", "added_reason", "removed", "removed_reason"],
            chosen,
        )
    )
    return int(
        s.execute(
            select(func.count())
            .select_from(CampaignTarget)
            .where(CampaignTarget.campaign_id == campaign_id)
        ).scalar_one()
    )


def target_keys(s: Session, campaign_id: int) -> list[tuple[int, str | None]]:
    stmt = (
        select(Entity.id, Entity.uscc)
        .join(CampaignTarget, CampaignTarget.entity_id == Entity.id)
        .where(CampaignTarget.campaign_id == campaign_id, ~CampaignTarget.removed)
    )
    return [(r[0], r[1]) for r in s.execute(stmt)]


def departments(s: Session, *, active_only: bool = True) -> list[Department]:
    stmt = select(Department).order_by(Department.position, Department.id)
    if active_only:
        stmt = stmt.where(Department.active)
    return list(s.execute(stmt).scalars())


def campaign_departments(s: Session, campaign_id: int) -> list[str]:
    stmt = (
        select(Department.name)
        .join(campaign_department, campaign_department.c.department_id == Department.id)
        .where(campaign_department.c.campaign_id == campaign_id)
        .order_by(Department.position, Department.id)
    )
    return list(s.execute(stmt).scalars())


def set_departments(s: Session, campaign_id: int, ids: Iterable[int]) -> None:
    rows = [{"campaign_id": campaign_id, "department_id": i} for i in ids]
    if rows:
        s.execute(insert(campaign_department), rows)


def campaign_by_number(s: Session, number: str) -> Campaign | None:
    return s.execute(select(Campaign).where(Campaign.number == number)).scalars().first()


def choices(s: Session) -> dict[str, list[str]]:
    """Known values a target filter may name (grid codes, communities)."""
    return {
        "grids": list(s.execute(select(Grid.code)).scalars()),
        "communities": list(s.execute(select(Community.name)).scalars()),
    }


# ---- sweep actions --------------------------------------------------------------------------


def people_named(s: Session, names: Iterable[str]) -> dict[str, int]:
    """Roster name → id for the names given (a name on two people: the first by id)."""
    from station_app.data.models import Person

    wanted = sorted({n.strip() for n in names if n.strip()})
    out: dict[str, int] = {}
    if wanted:
        stmt = select(Person.name, Person.id).where(Person.name.in_(wanted)).order_by(Person.id)
        for name, pid in s.execute(stmt):
            out.setdefault(name, pid)
    return out


def known_users(s: Session, usernames: Iterable[str]) -> set[str]:
    from station_app.data.models import User

    wanted = sorted(set(usernames))
    if not wanted:
        return set()
    return set(s.execute(select(User.username).where(User.username.in_(wanted))).scalars())


def community_ids(s: Session, names: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(names))
    stmt = select(Community.name, Community.id).where(Community.name.in_(wanted))
    return {r[0]: r[1] for r in s.execute(stmt)}


def set_plan(
    s: Session, campaign_id: int, people: list[int], users: list[str], communities: list[int]
) -> None:
    from station_app.data.models import CampaignMember, campaign_community

    members: list[dict[str, Any]] = [
        {"campaign_id": campaign_id, "position": i, "person_id": p, "username": None}
        for i, p in enumerate(people, 1)
    ]
    members += [
        {"campaign_id": campaign_id, "position": len(people) + i, "person_id": None, "username": u}
        for i, u in enumerate(users, 1)
    ]
    if members:
        s.execute(insert(CampaignMember), members)
    if communities:
        s.execute(
            insert(campaign_community),
            [{"campaign_id": campaign_id, "community_id": c} for c in communities],
        )


def sweep_actions(s: Session, first: date | None, last: date | None) -> list[dict[str, Any]]:
    """Sweep campaigns of the days ``first`` … ``last`` with their team, communities, grids
    and the captures of their day in those grids."""
    from station_app.data.models import CampaignMember, Person, SweepCapture, campaign_community

    stmt = (
        select(Campaign).where(Campaign.kind == "sweep").order_by(Campaign.first_day, Campaign.id)
    )
    if first is not None:
        stmt = stmt.where(Campaign.first_day >= first)
    if last is not None:
        stmt = stmt.where(Campaign.first_day <= last)
    out = []
    for row in s.execute(stmt).scalars():
        team = [
            name or username or ""
            for name, username in s.execute(
                select(Person.name, CampaignMember.username)
                .outerjoin(Person, Person.id == CampaignMember.person_id)
                .where(CampaignMember.campaign_id == row.id)
                .order_by(CampaignMember.position)
            )
        ]
        communities = list(
            s.execute(
                select(Community.name)
                .join(campaign_community, campaign_community.c.community_id == Community.id)
                .where(campaign_community.c.campaign_id == row.id)
                .order_by(Community.name)
            ).scalars()
        )
        grids = s.execute(
            select(Grid.id, Grid.code)
            .join(grid_community, grid_community.c.grid_id == Grid.id)
            .join(
                campaign_community,
                campaign_community.c.community_id == grid_community.c.community_id,
            )
            .where(campaign_community.c.campaign_id == row.id)
            .distinct()
            .order_by(Grid.code)
        ).all()
        captures = 0
        if grids:
            captures = int(
                s.execute(
                    select(func.count())
                    .select_from(SweepCapture)
                    .where(
                        SweepCapture.captured_on == row.first_day,
                        SweepCapture.grid_id.in_([g[0] for g in grids]),
                    )
                ).scalar_one()
            )
        out.append(
            {
                "id": row.id,
                "number": row.number,
                "day": row.first_day,
                "name": row.name,
                "team": team,
                "communities": communities,
                "grids": [g[1] for g in grids],
                "captures": captures,
            }
        )
    return out
