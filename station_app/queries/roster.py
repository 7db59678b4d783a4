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

GRID_COLUMNS = (
    "code",
    "name",
    "communities",
    "supervision_group",
    "specialist",
    "workers",
    "people",
    "entities",
    "cd_entities",
    "warnings",
)
PERSON_COLUMNS = (
    "name",
    "gender",
    "roles",
    "organisation",
    "phone",
    "supervision_group",
    "grids",
    "cert",
    "status",
)
TRAINING_COLUMNS = ("held_on", "topic", "lecturer", "hours", "location", "attendance")


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
    """Every grid (a station has tens): sorted in Python on any column."""

    def __init__(
        self, db: Database, on: Callable[[], date], rule: rules.StaffingRule = rules.DEFAULT_RULE
    ) -> None:
        self._db = db
        self._on = on
        self.rule = rule
        self._rows: dict[int, tuple] = {}  # computed by the last fetch_ids, reused by rows

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
    """People matching a search (name, pinyin initials or full pinyin, phone digits)."""

    def __init__(self, db: Database, today: Callable[[], date]) -> None:
        self._db = db
        self._today = today
        self.text = ""
        self.role = ""
        self.include_left = False
        self.group = ""

    def _query(self, sort_key: str | None, descending: bool):
        q = select(Person.id)
        if not self.include_left:
            q = q.where(Person.active.is_(True))
        if self.role:
            q = q.where(Person.roles.like(f"%{self.role}%"))
        if self.group:
            q = q.where(Person.supervision_group == self.group)
        if self.text.strip():
            q = q.where(repo.person_match(self.text))
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
    """Trainings of one year (``year`` 0 = all), newest first by default."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.year = 0

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        keys = {
            "topic": Training.topic,
            "lecturer": Training.lecturer,
            "hours": Training.hours_tenths,
            "location": Training.location,
        }
        q = select(Training.id)
        if self.year:
            q = q.where(
                Training.held_on >= date(self.year, 1, 1),
                Training.held_on < date(self.year + 1, 1, 1),
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
