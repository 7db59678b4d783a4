"""Read side of the patrol records and samplings lists (``PatrolService.record_rows`` and
``sampling_rows``) for the lazy table: ids in SQL order, rows of the page shown only."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import func, or_, select

from station_app.data.engine import Database
from station_app.data.models import (
    ChecklistVersion,
    Entity,
    Hazard,
    PatrolRecord,
    PatrolRecordInspector,
    Person,
    Sampling,
)
from station_app.domain.patrols.lists import RecordFilter, SamplingFilter
from station_app.domain.patrols.records import RESULT_LABELS, SOURCE_LABELS
from station_app.domain.patrols.rules import KIND_LABELS
from station_app.domain.patrols.samplings import QUALIFIED_LABELS
from station_app.queries.common import GridLabelCache
from station_app.queries.patrols import _entity_text, _like

VOIDED_LABEL = "已作废"


class _Rows(GridLabelCache):
    """Ids and counts of one table joined to ``entity``; a subclass says its model, sort
    columns, conditions and rows."""

    MODEL: ClassVar[Any]
    SORT: ClassVar[dict] = {}
    DEFAULT_SORT: ClassVar[str] = ""  # the SORT key shown newest first when none is asked

    def __init__(self, db: Database, flt) -> None:
        self.db = db
        self.filter = flt
        self._grid_labels: dict[int, str] | None = None

    def with_filter(self, flt):
        self.filter = flt
        return self

    def _conditions(self) -> list:
        raise NotImplementedError

    def _select(self, what):
        m = self.MODEL
        return (
            select(what)
            .select_from(m)
            .join(Entity, Entity.id == m.entity_id)
            .where(*self._conditions())
        )

    def _ordered(self, sort_key: str | None, descending: bool):
        m = self.MODEL
        column = Entity.name if sort_key == "entity" else self.SORT.get(sort_key or "")
        if column is None:
            default = self.SORT[self.DEFAULT_SORT]
            order = [default, m.id] if descending else [default.desc(), m.id.desc()]
        elif descending:
            order = [column.desc(), m.id.desc()]
        else:
            order = [column.asc(), m.id]
        return self._select(m.id).order_by(*order)

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        with self.db.session() as s:
            return array("q", s.execute(self._ordered(sort_key, descending)).scalars())

    def fetch_first_ids(self, sort_key: str | None, descending: bool, limit: int = 256) -> array:
        with self.db.session() as s:
            stmt = self._ordered(sort_key, descending).limit(limit)
            return array("q", s.execute(stmt).scalars())

    def count(self) -> int:
        with self.db.session() as s:
            return int(s.execute(self._select(func.count())).scalar_one())


class RecordRows(_Rows):
    """Patrol records. Rows in ``RECORD_COLUMNS`` order, then the entity id, the result code
    and whether the record is voided."""

    MODEL = PatrolRecord
    SORT: ClassVar[dict] = {
        "at": PatrolRecord.at,
        "kind": PatrolRecord.kind,
        "source": PatrolRecord.source,
        "result": PatrolRecord.result,
    }
    DEFAULT_SORT = "at"

    def __init__(self, db: Database, flt: RecordFilter | None) -> None:
        super().__init__(db, flt or RecordFilter())

    def _conditions(self) -> list:
        f, r = self.filter, PatrolRecord
        conds: list = []
        if f.first is not None:
            conds.append(r.day >= f.first)
        if f.last is not None:
            conds.append(r.day <= f.last)
        if f.grid_id is not None:
            conds.append(r.grid_id == f.grid_id)
        for col, value in ((r.kind, f.kind), (r.source, f.source), (r.result, f.result)):
            if value:
                conds.append(col == value)
        if f.entity_id is not None:
            conds.append(r.entity_id == f.entity_id)
        pattern = _like(f.text)
        if pattern:
            conds.append(_entity_text(pattern))
        return conds

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        grids, r, wanted = self.grid_labels(), PatrolRecord, list(ids)
        stmt = (
            select(r.id, r.at, Entity.name, r.kind, r.source, r.result, r.grid_id)
            .add_columns(r.entity_id, r.voided, ChecklistVersion.name)
            .join(Entity, Entity.id == r.entity_id)
            .outerjoin(ChecklistVersion, ChecklistVersion.id == r.checklist_version_id)
            .where(r.id.in_(wanted))
        )
        people = (
            select(PatrolRecordInspector.record_id, Person.name)
            .join(Person, Person.id == PatrolRecordInspector.person_id)
            .where(PatrolRecordInspector.record_id.in_(wanted))
            .order_by(PatrolRecordInspector.record_id, PatrolRecordInspector.position)
        )
        found = (
            select(Hazard.record_id, func.count())
            .where(Hazard.record_id.in_(wanted))
            .group_by(Hazard.record_id)
        )
        with self.db.session() as s:
            rows = s.execute(stmt).all()
            names: dict[int, list[str]] = {}
            for rid, name in s.execute(people).all():
                names.setdefault(rid, []).append(name)
            hazards: dict[int, int] = {rid: n for rid, n in s.execute(found).all()}
        from station_app.domain.patrols.records import local

        out = {}
        for i, at, entity, kind, source, result, grid_id, entity_id, voided, sheet in rows:
            label = VOIDED_LABEL if voided else RESULT_LABELS.get(result, result)
            out[i] = (
                local(at).strftime("%Y-%m-%d %H:%M"), entity, KIND_LABELS.get(kind, kind),
                SOURCE_LABELS.get(source, source), label, "、".join(names.get(i, [])),
                hazards.get(i, 0), grids.get(grid_id, ""), sheet or "", entity_id, result, voided,
            )  # fmt: skip
        return out


class SamplingRows(_Rows):
    """Samplings. Rows in ``SAMPLING_COLUMNS`` order, then the entity id, whether it failed
    and whether it is voided."""

    MODEL = Sampling
    SORT: ClassVar[dict] = {
        "sampled_on": Sampling.sampled_on,
        "product": Sampling.product,
        "qualified": Sampling.qualified,
        "agency": Sampling.agency,
    }
    DEFAULT_SORT = "sampled_on"

    def __init__(self, db: Database, flt: SamplingFilter | None) -> None:
        super().__init__(db, flt or SamplingFilter())

    def _conditions(self) -> list:
        f, m = self.filter, Sampling
        conds: list = []
        if f.qualified is not None:
            conds += [m.qualified.is_(f.qualified), m.voided.is_(False)]
        if f.entity_id is not None:
            conds.append(m.entity_id == f.entity_id)
        if f.first is not None:
            conds.append(m.sampled_on >= f.first)
        if f.last is not None:
            conds.append(m.sampled_on <= f.last)
        pattern = _like(f.text)
        if pattern:
            conds.append(or_(_entity_text(pattern), m.product.like(pattern, escape="\\")))
        return conds

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        m = Sampling
        stmt = (
            select(m.id, m.sampled_on, Entity.name, m.product, m.batch, m.qualified)
            .add_columns(m.failed_items, m.report_no, m.agency, m.entity_id, m.voided)
            .join(Entity, Entity.id == m.entity_id)
            .where(m.id.in_(list(ids)))
        )
        with self.db.session() as s:
            rows = s.execute(stmt).all()
        out = {}
        for i, day, entity, product, batch, ok, items, report, agency, eid, voided in rows:
            label = VOIDED_LABEL if voided else QUALIFIED_LABELS[ok]
            out[i] = (
                day, entity, product, batch, label, items, report, agency, eid, not ok, voided,
            )  # fmt: skip
        return out
