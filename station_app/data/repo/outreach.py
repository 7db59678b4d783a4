"""The small queries of outreach and consumer warnings."""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from station_app.data.models import ConsumerWarning, OutreachEvent, StationProfile


def events_in(s: Session, first: date | None, last: date | None) -> list[OutreachEvent]:
    stmt = select(OutreachEvent)
    if first is not None:
        stmt = stmt.where(OutreachEvent.held_on >= first)
    if last is not None:
        stmt = stmt.where(OutreachEvent.held_on <= last)
    return list(s.execute(stmt.order_by(OutreachEvent.held_on.desc())).scalars())


def warnings(s: Session) -> list[ConsumerWarning]:
    stmt = select(ConsumerWarning).order_by(
        ConsumerWarning.published_on.is_(None).desc(),
        ConsumerWarning.published_on.desc(),
        ConsumerWarning.id.desc(),
    )
    return list(s.execute(stmt).scalars())


def station(s: Session) -> StationProfile:
    row = s.get(StationProfile, 1)
    if row is None:
        return StationProfile(name="", county_bureau="", doc_prefix="")
    return row


def figures(s: Session, first: date, last: date) -> dict[str, int]:
    e = OutreachEvent
    events, live, views, participants, materials, reached = s.execute(
        select(
            func.count(),
            func.sum(case((e.kind == "live", 1), else_=0)),
            func.sum(case((e.kind == "live", e.views), else_=0)),
            func.sum(e.participants),
            func.sum(e.materials),
            func.sum(e.reached),
        ).where(e.held_on >= first, e.held_on <= last)
    ).one()
    published = s.execute(
        select(func.count()).where(
            ConsumerWarning.published_on >= first, ConsumerWarning.published_on <= last
        )
    ).scalar_one()
    return {
        "outreach.events": int(events or 0),
        "outreach.live": int(live or 0),
        "outreach.views": int(views or 0),
        "outreach.participants": int(participants or 0),
        "outreach.materials": int(materials or 0),
        "outreach.reached": int(reached or 0),
        "outreach.warnings": int(published or 0),
    }
