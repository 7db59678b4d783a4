"""List queries of the roster screens: id lists and row pages for the lazy tables.

Each source opens its own Session per call (``fetch_ids`` may run on a reader thread). Phones
are masked here: lists never show personal data in full.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy import select

from station_app.data.engine import Database
from station_app.data.models import Grid, GridAssignment, Person, Training
from station_app.data.repo import roster as repo
from station_app.domain import roster_rules as rules
from station_app.domain.masking import mask_phone
from station_app.domain.roster import (
    GRID_COLUMNS,
    GridFilter,
    PersonFilter,
    TrainingFilter,
)


def grid_summaries(
    s,
    on: date,
    rule: rules.StaffingRule,
    grid_ids: Sequence[int] | None = None,
    entity_counts: dict[int, tuple[int, int]] | None = None,
) -> dict[int, tuple]:
    """``{grid_id: row}`` with the columns of :data:`GRID_COLUMNS` for grids covering ``on``.
    ``entity_counts`` (``{grid_id: (entities, C/D)}``, as ``repo.entity_counts_by_grid``
    counts them) saves counting the registry again when the caller has them already."""
    q = select(Grid).order_by(Grid.code)
    if grid_ids is not None:
        q = q.where(Grid.id.in_(list(grid_ids)))
    grids = list(s.execute(q).scalars())
    ids = [g.id for g in grids]
    names = repo.grid_community_names(s, ids)
    members: dict[int, list[tuple[GridAssignment, Person]]] = defaultdict(list)
    for a, p in repo.assignments(s, grid_ids=ids, on=on):
        members[a.grid_id].append((a, p))
    if entity_counts is None:
        entity_counts = repo.entity_counts_by_grid(s, ids if grid_ids is not None else None)
    entities = entity_counts
    out = {}
    for g in grids:
        duties = [rules.Duty(a.role, a.start_on, a.end_on) for a, _p in members[g.id]]
        warnings = rules.grid_warnings(duties, on, rule) if g.active else []
        specialists = [p.name for a, p in members[g.id] if a.role == rules.SPECIALIST]
        workers = sum(1 for a, _p in members[g.id] if a.role == rules.GRID_WORKER)
        people = len({p.id for _a, p in members[g.id]})
        n, cd = entities.get(g.id, (0, 0))
        out[g.id] = (
            g.code,
            g.name if g.active else f"{g.name}（已停用）",
            "、".join(names.get(g.id, [])),
            g.supervision_group,
            "、".join(specialists),
            workers,
            people,
            n,
            cd,
            "；".join(warnings),
        )
    return out


class GridRows:
    """The grid list (``RosterService.rows(GridFilter())``): every grid (a station has tens),
    summarised as on the filter's day and sorted in Python on any ``GRID_COLUMNS`` key. A
    ``RowSource`` of the lazy table plus :meth:`with_filter` and :meth:`count`. Any thread."""

    def __init__(
        self,
        db: Database,
        on: Callable[[], date],
        rule: rules.StaffingRule = rules.DEFAULT_RULE,
        flt: GridFilter | None = None,
    ) -> None:
        """``on``: the clock's today, used when the filter names no day."""
        self._db = db
        self._clock_today = on
        self.rule = rule
        self.filter = flt or GridFilter()
        self._rows: dict[int, tuple] = {}  # computed by the last fetch_ids, reused by rows

    def with_filter(self, flt: GridFilter) -> GridRows:
        """Summarise the grids as on ``flt.on`` from now on; returns this object."""
        self.filter = flt
        self._rows = {}
        return self

    def _on(self) -> date:
        return self.filter.on or self._clock_today()

    def count(self) -> int:
        with self._db.session() as s:
            return len(repo.grids(s))

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        with self._db.session() as s:
            rows = grid_summaries(s, self._on(), self.rule)
        self._rows = rows
        col = GRID_COLUMNS.index(sort_key) if sort_key in GRID_COLUMNS else 0
        ordered = sorted(rows, key=lambda gid: (rows[gid][col], rows[gid][0]))
        if descending:
            ordered.reverse()
        return array("q", ordered)

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        cached = self._rows
        if all(i in cached for i in ids):
            return {i: cached[i] for i in ids}
        with self._db.session() as s:
            return grid_summaries(s, self._on(), self.rule, ids)


_PERSON_SORT = {
    "name": Person.name_pinyin,
    "gender": Person.gender,
    "roles": Person.roles,
    "organisation": Person.organisation,
    "phone": Person.phone,
    "supervision_group": Person.supervision_group,
    "cert": Person.cert_expiry,
    "status": Person.active,
}


class PersonRows:
    """The people list (``RosterService.rows(PersonFilter(...))``): a ``RowSource`` of the
    lazy table plus :meth:`with_filter` and :meth:`count`. Any thread; rows in
    ``PERSON_COLUMNS`` order, phones masked; ``today`` judges certificates and duties."""

    def __init__(
        self, db: Database, today: Callable[[], date], flt: PersonFilter | None = None
    ) -> None:
        self._db = db
        self._today = today
        self.filter = flt or PersonFilter()

    def with_filter(self, flt: PersonFilter) -> PersonRows:
        """Show the people matching ``flt`` from now on; returns this object."""
        self.filter = flt
        return self

    def count(self) -> int:
        with self._db.session() as s:
            return len(list(s.execute(self._query(None, False)).scalars()))

    def _query(self, sort_key: str | None, descending: bool):
        f = self.filter
        q = select(Person.id)
        if not f.include_left:
            q = q.where(Person.active.is_(True))
        if f.role:
            q = q.where(Person.roles.like(f"%{f.role}%"))
        if f.group:
            q = q.where(Person.supervision_group == f.group)
        if f.text.strip():
            q = q.where(repo.person_match(f.text))
        key = _PERSON_SORT.get(sort_key or "name", Person.name_pinyin)
        if descending:
            return q.order_by(key.desc(), Person.id.desc())
        return q.order_by(key, Person.id)

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        with self._db.session() as s:
            return array("q", s.execute(self._query(sort_key, descending)).scalars())

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        today = self._today()
        with self._db.session() as s:
            people = repo.people(s, ids)
            codes: dict[int, list[str]] = defaultdict(list)
            grid_codes = {g.id: g.code for g in repo.grids(s)}
            for a in s.execute(
                select(GridAssignment).where(
                    GridAssignment.person_id.in_(list(ids)),
                    GridAssignment.start_on <= today,
                    (GridAssignment.end_on.is_(None)) | (GridAssignment.end_on > today),
                )
            ).scalars():
                codes[a.person_id].append(
                    f"{grid_codes.get(a.grid_id, '?')}{rules.GRID_ROLES.get(a.role, '')}"
                )
        out = {}
        for p in people:
            cert = ""
            if p.cert_expiry is not None:
                cert = rules.cert_warning(p.cert_expiry, today) or f"{p.cert_expiry:%Y-%m-%d} 到期"
            status = "在岗" if p.active else f"{p.left_on:%Y-%m-%d} 离任" if p.left_on else "离任"
            out[p.id] = (
                p.name,
                p.gender,
                rules.role_labels(p.roles),
                p.organisation,
                mask_phone(p.phone),
                p.supervision_group,
                "、".join(sorted(codes.get(p.id, []))),
                cert,
                status,
            )
        return out


class TrainingRows:
    """The training list (``RosterService.rows(TrainingFilter(...))``): a ``RowSource`` of
    the lazy table plus :meth:`with_filter` and :meth:`count`. Any thread; rows in
    ``TRAINING_COLUMNS`` order."""

    def __init__(self, db: Database, flt: TrainingFilter | None = None) -> None:
        self._db = db
        self.filter = flt or TrainingFilter()

    def with_filter(self, flt: TrainingFilter) -> TrainingRows:
        """Show the trainings of ``flt.year`` from now on; returns this object."""
        self.filter = flt
        return self

    def count(self) -> int:
        return len(self.fetch_ids(None, False))

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        keys = {
            "topic": Training.topic,
            "lecturer": Training.lecturer,
            "hours": Training.hours_tenths,
            "location": Training.location,
        }
        year = self.filter.year
        q = select(Training.id)
        if year:
            q = q.where(
                Training.held_on >= date(year, 1, 1), Training.held_on < date(year + 1, 1, 1)
            )
        if sort_key is None:
            q = q.order_by(Training.held_on.desc(), Training.id.desc())
            with self._db.session() as s:
                return array("q", s.execute(q).scalars())
        if sort_key == "attendance":
            with self._db.session() as s:
                ids = list(s.execute(q).scalars())
                counts = repo.attendance_counts(s, ids)
            ids.sort(key=lambda i: (counts.get(i, 0), i), reverse=descending)
            return array("q", ids)
        key = keys.get(sort_key, Training.held_on)
        q = (
            q.order_by(key.desc(), Training.id.desc())
            if descending
            else q.order_by(key, Training.id)
        )
        with self._db.session() as s:
            return array("q", s.execute(q).scalars())

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        with self._db.session() as s:
            rows = repo.trainings(s, ids)
            counts = repo.attendance_counts(s, ids)
        return {
            t.id: (
                f"{t.held_on:%Y-%m-%d}",
                t.topic,
                t.lecturer,
                f"{t.hours_tenths / 10:g}",
                t.location,
                counts.get(t.id, 0),
            )
            for t in rows
        }
