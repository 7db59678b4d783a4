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
