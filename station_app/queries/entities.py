"""Read side of the entity registry: ordered id lists and row pages for the lazy list
(DESIGN §5), and streaming for exports.

Search kinds, picked from the query text:

* 3+ characters with Chinese in them: FTS5 ``trigram`` (SQLite) / ``pg_trgm``-indexed ``LIKE``
  (PostgreSQL) over name and address;
* 2 characters: on SQLite the trigrams that begin with them, from the FTS vocabulary (the
  indexed texts end with U+001F, migration 0011); on PostgreSQL the GIN index over
  ``entity_bigrams(name, address)`` (migration 0013), then ``ILIKE``;

* 1 character: ``instr`` over the (name, address) index (SQLite 3.40's trigram table gets short
  CJK ``LIKE`` wrong), a ``LIMIT`` stopping early;

* letters only: pinyin initials (every 多音字 variant) or full pinyin, prefix or contained, plus
  a code fragment when it could be one;
* digits/letters with a digit: USCC or registration-number fragment, and phone digits.

No ``OFFSET`` anywhere: the id list is fetched once per filter and rows by ``WHERE id IN``.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    and_,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.sql import Select

from station_app import clock
from station_app.data.engine import Database
from station_app.data.models import Entity, EntityIndustry, EntityTag, Licence
from station_app.data.repo import entities as entity_repo
from station_app.domain.entities import EntityFilter, is_personal_phone, search_kind
from station_app.domain.masking import mask_phone
from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.queries.common import GridLabelCache

SORT_COLUMNS = {
    "name": Entity.name,
    "uscc": Entity.uscc,
    "entity_type": Entity.entity_type,
    "grid": Entity.grid_id,
    "status": Entity.status,
    "registered_on": Entity.registered_on,
    "credit_class": Entity.credit_class,
    "local_grade": Entity.local_grade,
}
_HAS_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column, value: str):
    """PostgreSQL: ``ILIKE``, case-insensitive like SQLite's trigram index (pg_trgm serves it)."""
    return column.ilike(f"%{_like_escape(value)}%", escape="\\")


def _prefix(column, value: str):
    return and_(column >= value, column < value + "\uffff")


def _scan(column, value: str, index: str | None, sqlite: bool) -> Select:
    """Ids whose ``column`` contains ``value``: on SQLite ``instr`` over the column's own
    (covering) index, which is a fraction of the table's size."""
    if not sqlite:
        return select(Entity.id).where(_contains(column, value))
    # "> ''" starts the index scan after the NULL and empty entries (most entities have no
    # registration number; many no phone): they cannot contain a fragment anyway
    stmt = select(Entity.id).where(column > "", func.instr(column, value) > 0)

    return stmt.with_hint(Entity, f"INDEXED BY {index}", "sqlite") if index else stmt


def _fts_query(q: str) -> str:
    return '"' + q.replace('"', '""') + '"'


class EntityQuery:
    """Builds the filtered id query; shared by the list, counts and exports."""

    def __init__(self, db: Database, flt: EntityFilter, today: date | None = None) -> None:
        """``today``: the day ``expiring_days`` counts from when the filter has none."""
        self.db = db
        self.flt = flt
        self.today = flt.today or today or clock.today()
        self.direct_like = False

    def conditions(self) -> list:
        f = self.flt
        conds: list = []
        if f.text:
            cond = self._search(f.text)
            if cond is not None:
                conds.append(cond)
        for column, value in (
            (Entity.grid_id, f.grid_id),
            (Entity.entity_type, f.entity_type),
            (Entity.status, f.status),
            (Entity.local_grade, f.grade),
            (Entity.credit_class, f.credit_class),
            (Entity.source, f.source),
        ):
            if value is not None and value != "":
                conds.append(column == value)
        if f.industry:
            conds.append(
                Entity.id.in_(
                    select(EntityIndustry.entity_id).where(EntityIndustry.industry == f.industry)
                )
            )
        if f.tag:
            conds.append(Entity.id.in_(select(EntityTag.entity_id).where(EntityTag.tag == f.tag)))
        if f.expiring_days is not None:
            limit = self.today + timedelta(days=f.expiring_days)
            conds.append(
                Entity.id.in_(select(Licence.entity_id).where(Licence.expires_on <= limit))
            )
        return conds

    def _search(self, query: str):
        q = remove_spaces(to_halfwidth(query))
        kind = search_kind(q)
        sqlite = self.db.is_sqlite
        if kind == "pinyin":
            low = q.lower()
            parts = [
                _scan(Entity.name_initials, low, "ix_entity_name_initials", sqlite),
                select(Entity.id).where(_prefix(Entity.name_pinyin, low)),
            ]
            if len(low) >= 4:
                parts.append(_scan(Entity.name_pinyin, low, "ix_entity_name_pinyin", sqlite))
            return Entity.id.in_(union(*parts))
        if kind == "code":
            up = q.upper()
            if len(up) == 18:
                return Entity.uscc == up
            parts = [_scan(Entity.uscc, up, None, sqlite)]
            if up.isdigit():
                parts.append(_scan(Entity.reg_no, up, "ix_entity_reg_no", sqlite))
                if len(up) >= 3:
                    parts.append(_scan(Entity.phone, up, "ix_entity_phone", sqlite))
            return Entity.id.in_(union(*parts))
        text_q = q if _HAS_CJK.search(q) else query.strip()
        if kind == "fts" and sqlite:
            fts = text("SELECT rowid FROM entity_fts WHERE entity_fts MATCH :fts").bindparams(
                fts=_fts_query(text_q)
            )
            return Entity.id.in_(fts.columns(literal_column("rowid")))
        if sqlite and len(text_q) == 2:
            return self._two_characters(text_q)
        if sqlite:
            # 1 character: one pass over the narrow (name, address) index, not the table
            cond = or_(func.instr(Entity.name, text_q) > 0, func.instr(Entity.address, text_q) > 0)

            if self.direct_like:  # id_select hints the main query: a LIMIT can stop early
                return cond
            inner = select(Entity.id).where(cond)
            return Entity.id.in_(
                inner.with_hint(Entity, "INDEXED BY ix_entity_name_address", "sqlite")
            )
        exact = or_(_contains(Entity.name, text_q), _contains(Entity.address, text_q))
        if len(text_q) >= 2:  # the bigram index narrows (migrations 0013, 0014)
            return and_(entity_repo.bigram_filter(text_q), exact)
        return exact

    def _two_characters(self, q: str):
        """SQLite: ids whose name or address contains the two characters ``q``. The FTS table
        indexes each text followed by U+001F (migration 0011), so every occurrence begins some
        trigram: take the trigrams that begin with ``q`` from the vocabulary (a range on its
        index, well under a millisecond) and match any of them."""
        low = q.lower()  # the trigram tokenizer folds case
        with self.db.engine.connect() as con:
            terms = [
                r[0]
                for r in con.exec_driver_sql(
                    "SELECT term FROM entity_fts_vocab WHERE term >= ? AND term < ?",
                    (low, low + "\U0010ffff"),
                )
            ]
        if not terms:
            return false()
        fts = text("SELECT rowid FROM entity_fts WHERE entity_fts MATCH :fts").bindparams(
            fts=" OR ".join(_fts_query(t) for t in terms)
        )
        return Entity.id.in_(fts.columns(literal_column("rowid")))

    def id_select(self, sort_key: str | None = None, descending: bool = False) -> Select:
        column = SORT_COLUMNS.get(sort_key or "")
        self.direct_like = (  # 1 character: a LIMIT over the (name, address) scan stops early
            column is None
            and self.db.is_sqlite
            and search_kind(self.flt.text) == "like"
            and len(remove_spaces(to_halfwidth(self.flt.text))) == 1
        )

        stmt = select(Entity.id).where(*self.conditions())
        if self.direct_like:
            stmt = stmt.with_hint(Entity, "INDEXED BY ix_entity_name_address", "sqlite")
        if column is None:
            order = [Entity.id.desc() if descending else Entity.id]
        elif descending:
            order = [column.desc().nulls_last(), Entity.id.desc()]
        else:
            order = [column.asc().nulls_first(), Entity.id]
        return stmt.order_by(*order)


def _raw_ids(db: Database, stmt: Select) -> array:
    """Run an id query through the DB-API cursor: 1,000,000 ids in a few hundred ms, about a
    third of going through SQLAlchemy's result rows."""
    with db.engine.connect() as con:
        compiled = stmt.compile(dialect=con.dialect)
        params = compiled.params
        if db.is_sqlite:
            args: Any = tuple(_sqlite_param(params[k]) for k in compiled.positiontup or ())
        else:
            args = params
        raw: Any = con.connection.dbapi_connection
        cursor = raw.cursor()
        try:
            cursor.execute(str(compiled), args)
            out = array("q")
            while rows := cursor.fetchmany(100_000):
                out.extend(r[0] for r in rows)
            return out
        finally:
            cursor.close()


def _sqlite_param(value):
    return value.isoformat() if isinstance(value, date) else value


class EntityRows(GridLabelCache):
    """The registry list (``EntityService.rows``): a ``RowSource`` of the lazy table
    (``fetch_ids``/``fetch_rows``, see ``ui.models.lazy_table``) under one
    :class:`~station_app.domain.entities.EntityFilter`, plus :meth:`with_filter` and
    :meth:`count`. Any thread: each call opens its own connection; ``fetch_ids`` reads the
    filter once, when it starts. Rows are tuples in ``domain.entities.LIST_COLUMNS`` order;
    personal phones masked when ``mask``."""

    def __init__(
        self,
        db: Database,
        flt: EntityFilter | None = None,
        *,
        mask: bool = True,
        today: Callable[[], date] = clock.today,
    ) -> None:
        self.db = db
        self.filter = flt or EntityFilter()
        self.mask = mask
        self._today = today
        self._grid_labels: dict[int, str] | None = None

    def with_filter(self, flt: EntityFilter) -> EntityRows:
        """Show the rows matching ``flt`` from now on; returns this object (the lazy model
        keeps its source). A query begun before keeps its old filter."""
        self.filter = flt
        return self

    def _query(self) -> EntityQuery:
        return EntityQuery(self.db, self.filter, self._today())

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        """Ids under the filter, ordered by ``sort_key`` (a ``LIST_COLUMNS`` key; ``None``:
        by id) then id, in SQL. A million ids in a few hundred ms."""
        return _raw_ids(self.db, self._query().id_select(sort_key, descending))

    def fetch_first_ids(self, sort_key: str | None, descending: bool, limit: int = 256) -> array:
        """The first ``limit`` ids of :meth:`fetch_ids` (same order): lets the list show its
        first page at once while the full id list is fetched in the background."""
        return _raw_ids(self.db, self._query().id_select(sort_key, descending).limit(limit))

    def count(self) -> int:
        """How many entities match the filter (one ``COUNT``)."""
        stmt = select(func.count()).select_from(Entity).where(*self._query().conditions())
        with self.db.session() as s:
            return int(s.execute(stmt).scalar_one())

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        grids = self.grid_labels()
        cols = (
            Entity.id,
            Entity.name,
            Entity.uscc,
            Entity.entity_type,
            Entity.legal_rep,
            Entity.phone,
            Entity.address,
            Entity.grid_id,
            Entity.status,
            Entity.registered_on,
            Entity.credit_class,
            Entity.local_grade,
        )
        with self.db.core_read() as con:
            rows = con.execute(
                select(*cols).where(
                    entity_repo.one_of(Entity.id, ids, postgresql=not self.db.is_sqlite)
                )
            ).all()
            inds: dict[int, list[str]] = {}
            for eid, industry in con.execute(
                select(EntityIndustry.entity_id, EntityIndustry.industry).where(
                    entity_repo.one_of(
                        EntityIndustry.entity_id, ids, postgresql=not self.db.is_sqlite
                    )
                )
            ):
                inds.setdefault(eid, []).append(industry)
        out = {}
        mask = self.mask
        for eid, name, uscc, etype, rep, phone, address, gid, status, reg, credit, grade in rows:
            if mask and is_personal_phone(etype, phone):
                phone = mask_phone(phone)
            industries = inds.get(eid)
            out[eid] = (
                name,
                uscc or "",
                etype,
                rep,
                phone,
                address,
                grids.get(gid, "") if gid else "",
                "、".join(sorted(industries)) if industries else "",
                status,
                reg,
                credit or "",
                grade or "",
            )
        return out

    def iter_rows(self, ids: Sequence[int], batch: int = 2000) -> Iterator[tuple]:
        """Rows in the order of ``ids`` (for exports), fetched ``batch`` at a time."""
        for start in range(0, len(ids), batch):
            chunk = list(ids[start : start + batch])
            rows = self.fetch_rows(chunk)
            for rid in chunk:
                if rid in rows:
                    yield rows[rid]
