"""Read side of service visits (走访服务): the lists of visits, requests and annual reports
(``Rows`` contract of ``services.base``) and the period figures, counted in SQL.

A station records thousands of visits a year, not millions: text search is a ``LIKE`` over
the entity's name, the place and the note; filters and sort columns are indexed."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import and_, case, distinct, func, or_, select

from station_app.data.engine import Database
from station_app.data.models import AnnualReport, Entity, User, Visit, VisitRequest
from station_app.domain.periods import SHANGHAI
from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.domain.visits import annual_reports as ar
from station_app.domain.visits import rules
from station_app.domain.visits.lists import AnnualFilter, RequestFilter, VisitFilter
from station_app.queries.common import GridLabelCache


def like(text: str) -> str | None:
    q = remove_spaces(to_halfwidth(text or ""))
    if not q:
        return None
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _visit_conditions(f: VisitFilter) -> list:
    conds: list = [] if f.include_voided else [Visit.voided.is_(False)]
    if f.first is not None:
        conds.append(Visit.day >= f.first)
    if f.last is not None:
        conds.append(Visit.day <= f.last)
    if f.entity_id is not None:
        conds.append(Visit.entity_id == f.entity_id)
    if f.grid_id is not None:
        conds.append(Visit.grid_id == f.grid_id)
    if f.team_id is not None:
        conds.append(Visit.team_id.is_(None) if f.team_id == 0 else Visit.team_id == f.team_id)
    if f.topic:
        conds.append(or_(Visit.topics == f.topic, Visit.topics.like(f"%{f.topic}%")))
    pattern = like(f.text)
    if pattern:
        names = select(Entity.id).where(Entity.name.like(pattern, escape="\\"))
        conds.append(
            or_(
                Visit.entity_id.in_(names),
                Visit.place.like(pattern, escape="\\"),
                Visit.note.like(pattern, escape="\\"),
            )
        )
    return conds


class _Rows(GridLabelCache):
    """The common half of a list: ids in SQL order, count, with_filter."""

    model: Any
    sort_columns: ClassVar[dict[str, Any]]
    default_sort: ClassVar[str] = ""  # the column the list starts on, newest first

    def __init__(self, db: Database, flt: Any) -> None:
        self.db = db
        self.filter = flt
        self._grid_labels: dict[int, str] | None = None

    def with_filter(self, flt: Any) -> Any:
        self.filter = flt
        return self

    def conditions(self) -> list:
        raise NotImplementedError

    def _base(self):
        return select(self.model.id).where(*self.conditions())

    def _id_select(self, sort_key: str | None, descending: bool):
        column = self.sort_columns.get(sort_key or "")
        pk = self.model.id
        if column is None and self.default_sort:
            # unsorted: newest first, and "descending" its exact reverse (the list contract)
            column, descending = self.sort_columns[self.default_sort], not descending
        if column is None:
            order = [pk] if descending else [pk.desc()]  # newest first by default
        elif descending:
            order = [column.desc(), pk.desc()]
        else:
            order = [column.asc(), pk]
        return self._base().order_by(*order)

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        with self.db.session() as s:
            return array("q", s.execute(self._id_select(sort_key, descending)).scalars())

    def fetch_first_ids(self, sort_key: str | None, descending: bool, limit: int = 256) -> array:
        with self.db.session() as s:
            return array(
                "q", s.execute(self._id_select(sort_key, descending).limit(limit)).scalars()
            )

    def count(self) -> int:
        stmt = select(func.count()).select_from(self._base().subquery())
        with self.db.session() as s:
            return int(s.execute(stmt).scalar_one())


class VisitRows(_Rows):
    """The 走访记录 list: rows in ``domain.visits.lists.LIST_COLUMNS`` order plus the voided
    flag (for the row colour)."""

    model = Visit
    sort_columns: ClassVar[dict[str, Any]] = {
        "at": Visit.at,
        "grid": Visit.grid_id,
        "team": Visit.team_name,
    }
    default_sort = "at"

    def __init__(self, db: Database, flt: VisitFilter | None = None) -> None:
        super().__init__(db, flt or VisitFilter())

    def conditions(self) -> list:
        return _visit_conditions(self.filter)

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        grids = self.grid_labels()
        solved = func.sum(case((VisitRequest.outcome == rules.SOLVED, 1), else_=0))
        counts = (
            select(VisitRequest.visit_id, func.count().label("n"), solved.label("solved"))
            .where(VisitRequest.visit_id.in_(list(ids)))
            .group_by(VisitRequest.visit_id)
            .subquery()
        )
        v = Visit
        stmt = (
            select(
                v.id, v.at, Entity.name, v.place, v.grid_id, v.team_name, v.topics,
                counts.c.n, counts.c.solved, func.coalesce(User.display_name, v.entered_by),
                v.voided,
            )
            .outerjoin(Entity, Entity.id == v.entity_id)
            .outerjoin(User, User.username == v.entered_by)
            .outerjoin(counts, counts.c.visit_id == v.id)
            .where(v.id.in_(list(ids)))
        )  # fmt: skip
        out = {}
        with self.db.session() as s:
            for vid, at, name, place, gid, team, topics, n, ok, by, voided in s.execute(stmt):
                out[vid] = (
                    at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"),
                    name or place,
                    grids.get(gid, "") if gid else "",
                    team,
                    rules.topic_labels(topics),
                    int(n or 0),
                    int(ok or 0),
                    by,
                    voided,
                )
        return out


class RequestRows(_Rows):
    """The 诉求 list: rows in ``REQUEST_COLUMNS`` order plus the outcome code."""

    model = VisitRequest
    default_sort = "at"
    sort_columns: ClassVar[dict[str, Any]] = {
        "at": Visit.at,
        "outcome": VisitRequest.outcome,
        "due_on": VisitRequest.due_on,
    }

    def __init__(self, db: Database, flt: RequestFilter | None = None) -> None:
        super().__init__(db, flt or RequestFilter())

    def conditions(self) -> list:
        f = self.filter
        vf = VisitFilter(text=f.text, first=f.first, last=f.last, entity_id=f.entity_id,
                         grid_id=f.grid_id)  # fmt: skip
        visits = select(Visit.id).where(*_visit_conditions(vf))
        conds = [VisitRequest.visit_id.in_(visits)]
        if f.outcomes:
            conds.append(VisitRequest.outcome.in_(list(f.outcomes)))
        return conds

    def _base(self):
        return (
            select(VisitRequest.id)
            .join(Visit, Visit.id == VisitRequest.visit_id)
            .where(*self.conditions())
        )

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        r = VisitRequest
        stmt = (
            select(r.id, Visit.at, Entity.name, Visit.place, r.topic, r.text, r.outcome,
                   r.on_spot, r.handler, r.outcome_at, r.due_on)
            .join(Visit, Visit.id == r.visit_id)
            .outerjoin(Entity, Entity.id == Visit.entity_id)
            .where(r.id.in_(list(ids)))
        )  # fmt: skip
        out = {}
        with self.db.session() as s:
            for rid, at, name, place, topic, text, outcome, spot, who, when, due in s.execute(stmt):
                label = rules.ON_SPOT_LABEL if spot else rules.OUTCOMES.get(outcome, outcome)
                out[rid] = (
                    at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"),
                    name or place,
                    rules.TOPICS.get(topic, topic),
                    text,
                    label,
                    who,
                    when.astimezone(SHANGHAI).strftime("%Y-%m-%d") if when else "",
                    due.isoformat() if due else "",
                    outcome,
                )
        return out


class AnnualRows(_Rows):
    """The 年报 list (``year``, ``status`` filters; ``text`` over name and USCC)."""

    model = AnnualReport
    sort_columns: ClassVar[dict[str, Any]] = {
        "year": AnnualReport.year,
        "status": AnnualReport.status,
    }

    def __init__(self, db: Database, flt: AnnualFilter | None = None) -> None:
        super().__init__(db, flt or AnnualFilter())

    def conditions(self) -> list:
        f = self.filter
        conds: list = []
        if f.year:
            conds.append(AnnualReport.year == f.year)
        if f.status:
            conds.append(AnnualReport.status == f.status)
        pattern = like(f.text)
        if pattern:
            names = select(Entity.id).where(
                or_(Entity.name.like(pattern, escape="\\"), Entity.uscc.like(pattern, escape="\\"))
            )
            conds.append(AnnualReport.entity_id.in_(names))
        return conds

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        a = AnnualReport
        stmt = (
            select(a.id, a.year, Entity.name, Entity.uscc, a.status, a.filed_on, a.source)
            .join(Entity, Entity.id == a.entity_id)
            .where(a.id.in_(list(ids)))
        )
        with self.db.session() as s:
            return {
                rid: (year, name, uscc or "", ar.STATUS_LABELS.get(st, st),
                      on.isoformat() if on else "", "导入" if src.startswith("import") else "登记")
                for rid, year, name, uscc, st, on, src in s.execute(stmt)
            }  # fmt: skip


# -- figures ------------------------------------------------------------------------------------
def _between(column, first: date, last: date):
    return and_(column >= first, column <= last)


def visit_figures(s, first: date, last: date, end_utc, start_utc, grid_id: int | None = None):
    """The counts of ``domain.visits.lists.FIGURES`` for the days ``first`` … ``last``;
    ``start_utc``/``end_utc`` bound the period in UTC for the requests' outcome times."""
    v, r = Visit, VisitRequest
    base = [v.voided.is_(False)]
    if grid_id is not None:
        base.append(v.grid_id == grid_id)
    in_period = [*base, _between(v.day, first, last)]
    visits, entities = s.execute(
        select(func.count(), func.count(distinct(v.entity_id))).where(*in_period)
    ).one()
    raised = s.execute(
        select(
            func.count(),
            func.sum(case((and_(r.outcome == rules.SOLVED, r.outcome_at < end_utc), 1), else_=0)),
        )
        .select_from(r)
        .join(v, v.id == r.visit_id)
        .where(*in_period)
    ).one()
    solved = s.execute(
        select(func.count(), func.sum(case((r.on_spot.is_(True), 1), else_=0)))
        .select_from(r)
        .join(v, v.id == r.visit_id)
        .where(*base, r.outcome == rules.SOLVED, r.outcome_at >= start_utc, r.outcome_at < end_utc)
    ).one()
    open_now = s.execute(
        select(func.count())
        .select_from(r)
        .join(v, v.id == r.visit_id)
        .where(*base, v.day <= last, r.outcome.in_(sorted(rules.OPEN_OUTCOMES)))
    ).scalar_one()
    return {
        "visits.visits": int(visits),
        "visits.entities": int(entities),
        "visits.requests": int(raised[0]),
        "visits.raised_solved": int(raised[1] or 0),
        "visits.solved": int(solved[0]),
        "visits.on_spot": int(solved[1] or 0),
        "visits.open": int(open_now),
    }


def visit_groups(s, first: date, last: date, column) -> list[tuple[Any, int, int, int, int]]:
    """``(key, visits, entities, requests, solved)`` per value of ``column`` (grid, team)."""
    v, r = Visit, VisitRequest
    req = (
        select(
            r.visit_id,
            func.count().label("n"),
            func.sum(case((r.outcome == rules.SOLVED, 1), else_=0)).label("ok"),
        )
        .group_by(r.visit_id)
        .subquery()
    )
    stmt = (
        select(
            column,
            func.count(),
            func.count(distinct(v.entity_id)),
            func.coalesce(func.sum(req.c.n), 0),
            func.coalesce(func.sum(req.c.ok), 0),
        )
        .outerjoin(req, req.c.visit_id == v.id)
        .where(v.voided.is_(False), _between(v.day, first, last))
        .group_by(column)
        .order_by(func.count().desc())
    )
    return [(k, int(a), int(b), int(c), int(d)) for k, a, b, c, d in s.execute(stmt)]


def topic_counts(s, first: date, last: date) -> dict[str, int]:
    """Visits per topic code (a visit of two topics counts in both)."""
    stmt = (
        select(Visit.topics, func.count())
        .where(Visit.voided.is_(False), _between(Visit.day, first, last))
        .group_by(Visit.topics)
    )
    out: dict[str, int] = {}
    for topics, n in s.execute(stmt):
        for code in rules.topic_codes(topics):
            out[code] = out.get(code, 0) + int(n)
    return out
