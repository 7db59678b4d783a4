"""Read side of campaigns: the list's id lists and row pages (a station has dozens of
campaigns and hundreds of sweep actions a year, not millions)."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, func, or_, select

from station_app import clock
from station_app.data.engine import Database
from station_app.data.models import Campaign
from station_app.data.repo import campaign_checks as checks_repo
from station_app.domain import campaigns as rules
from station_app.domain.campaigns import CampaignFilter

SORT_COLUMNS = {
    "number": (Campaign.year, Campaign.seq),
    "name": (Campaign.name,),
    "kind": (Campaign.kind,),
    "period": (Campaign.first_day,),
    "phase": (Campaign.state, Campaign.last_day),
}


def _conditions(flt: CampaignFilter, today: date) -> list:
    conds: list = []
    text = (flt.text or "").strip()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds.append(
            or_(
                Campaign.number.like(pattern, escape="\\"), Campaign.name.like(pattern, escape="\\")
            )
        )
    if flt.kind:
        conds.append(Campaign.kind == flt.kind)
    if flt.year:
        conds.append(Campaign.year == flt.year)
    phase = flt.phase
    if phase in (rules.CLOSED, rules.CANCELLED):
        conds.append(Campaign.state == phase)
    elif phase == rules.PLANNED:
        conds.append(and_(Campaign.state == rules.OPEN, Campaign.first_day > today))
    elif phase == rules.RUNNING:
        conds.append(
            and_(
                Campaign.state == rules.OPEN,
                Campaign.first_day <= today,
                Campaign.last_day >= today,
            )
        )
    elif phase == rules.DUE:
        conds.append(and_(Campaign.state == rules.OPEN, Campaign.last_day < today))
    return conds


class CampaignRows:
    """The campaign list (``CampaignService.rows``), a ``services.base.Rows``; rows in
    ``domain.campaigns.LIST_COLUMNS`` order, then the phase code (colouring)."""

    def __init__(self, db: Database, flt: CampaignFilter | None = None) -> None:
        self.db = db
        self.filter = flt or CampaignFilter()

    def with_filter(self, flt: CampaignFilter) -> CampaignRows:
        self.filter = flt
        return self

    @property
    def today(self) -> date:
        return self.filter.today or clock.today()

    def _id_select(self, sort_key: str | None, descending: bool):
        stmt = select(Campaign.id).where(*_conditions(self.filter, self.today))
        columns = SORT_COLUMNS.get(sort_key or "")
        if columns is None:  # newest first
            return stmt.order_by(Campaign.id if descending else Campaign.id.desc())
        if descending:
            return stmt.order_by(*(c.desc() for c in columns), Campaign.id.desc())
        return stmt.order_by(*columns, Campaign.id)

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        with self.db.session() as s:
            return array("q", s.execute(self._id_select(sort_key, descending)).scalars())

    def count(self) -> int:
        stmt = (
            select(func.count()).select_from(Campaign).where(*_conditions(self.filter, self.today))
        )
        with self.db.session() as s:
            return int(s.execute(stmt).scalar_one())

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        c = Campaign
        stmt = select(c.id, c.number, c.name, c.kind, c.first_day, c.last_day, c.state).where(
            c.id.in_(list(ids))
        )
        with self.db.session() as s:
            rows = s.execute(stmt).all()
            counts = checks_repo.campaign_counts(s, [r[0] for r in rows])
        out = {}
        for r in rows:
            targets, checked, revisits = counts.get(r[0], (0, 0, 0))
            phase = rules.phase(r[6], r[4], r[5], self.today)
            out[r[0]] = (
                r[1],
                r[2],
                rules.KIND_LABELS.get(r[3], r[3]),
                f"{r[4].isoformat()} 至 {r[5].isoformat()}",
                rules.PHASE_LABELS[phase],
                targets,
                checked,
                revisits,
                phase,
            )
        return out


# ---- the county report and the home page ------------------------------------------------------


def report_counts(db: Database, first: date, last: date) -> dict[str, int]:
    """The 专项行动与双随机 section's counts for the days ``first`` … ``last`` (a few GROUP-free
    aggregates over the period's rows, by index ranges)."""
    from station_app.data.models import (
        CampaignCheck,
        Draw,
        DrawObject,
        Hazard,
        PatrolRecord,
    )

    r, c = PatrolRecord, CampaignCheck
    in_period = and_(r.day >= first, r.day <= last, ~r.voided)
    checks = (
        select(
            func.count(func.distinct(c.target_id)),
            func.count(func.distinct(c.campaign_id)),
        )
        .join(r, r.id == c.record_id)
        .where(in_period, c.kind == "check", r.result.in_(("clear", "found", "fixed")))
    )
    problems = (
        select(func.count(func.distinct(c.target_id)), func.count(Hazard.id))
        .join(r, r.id == c.record_id)
        .join(Hazard, Hazard.record_id == r.id)
        .where(in_period)
    )
    revisits = select(func.count()).select_from(c).join(r, r.id == c.record_id)
    revisits = revisits.where(in_period, c.kind == "revisit")
    started = select(func.count()).where(
        Campaign.kind == "campaign", Campaign.first_day >= first, Campaign.first_day <= last
    )
    d = Draw
    draws = select(func.count()).where(
        d.state != "superseded", d.drawn_at >= _start(first), d.drawn_at < _start(last, 1)
    )
    objects = (
        select(func.count())
        .select_from(DrawObject)
        .join(d, d.id == DrawObject.draw_id)
        .where(d.state != "superseded", d.drawn_at >= _start(first), d.drawn_at < _start(last, 1))
    )
    results = select(func.count()).where(
        DrawObject.checked_on >= first,
        DrawObject.checked_on <= last,
        DrawObject.result.in_(("未发现问题", "发现问题", "当场整改", "无法检查")),
    )
    found = select(func.count()).where(
        DrawObject.checked_on >= first,
        DrawObject.checked_on <= last,
        DrawObject.result.in_(("发现问题", "当场整改")),
    )
    with db.session() as s:
        shops, campaigns = s.execute(checks).one()
        problem_shops, hazards = s.execute(problems).one()
        return {
            "campaigns_started": int(s.execute(started).scalar_one()),
            "campaigns_working": int(campaigns),
            "shops_checked": int(shops),
            "problem_shops": int(problem_shops),
            "hazards_found": int(hazards),
            "revisits_done": int(s.execute(revisits).scalar_one()),
            "draws": int(s.execute(draws).scalar_one()),
            "drawn_objects": int(s.execute(objects).scalar_one()),
            "draw_results": int(s.execute(results).scalar_one()),
            "draw_findings": int(s.execute(found).scalar_one()),
        }


def _start(day: date, plus_days: int = 0):
    """The UTC moment Beijing's ``day`` (+ ``plus_days``) begins."""
    from datetime import datetime, time, timedelta

    from station_app.domain.periods import SHANGHAI

    return datetime.combine(day + timedelta(days=plus_days), time(0), SHANGHAI)


def home_counts(db: Database, today: date) -> dict[str, int]:
    """The home tiles: 回头看到期 (and overdue), 专项行动已到期未结束, 双随机待录入结果."""
    from station_app.data.models import Draw, DrawObject
    from station_app.data.repo import campaign_checks

    due_campaigns = select(func.count()).where(
        Campaign.state == rules.OPEN, Campaign.last_day < today
    )
    waiting = (
        select(func.count())
        .select_from(DrawObject)
        .join(Draw, Draw.id == DrawObject.draw_id)
        .where(
            Draw.state == "drawn",
            DrawObject.result.not_in(("未发现问题", "发现问题", "当场整改", "无法检查")),
        )
    )
    with db.session() as s:
        revisits, overdue = campaign_checks.due_revisits(s, today)
        return {
            "revisits_due": revisits,
            "revisits_overdue": overdue,
            "campaigns_due": int(s.execute(due_campaigns).scalar_one()),
            "draw_results_waiting": int(s.execute(waiting).scalar_one()),
        }
