"""Write-side queries of the entity registry, for ``services/entities.py`` and the import."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date

from sqlalchemy import (
    BigInteger,
    String,
    Text,
    any_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import array as pg_array
from sqlalchemy.orm import Session, selectinload

from station_app.data import bulk
from station_app.data.models import Entity, EntityGrade, EntityIndustry, EntityTag, Grid, Licence
from station_app.data.types import utc_now

# Entity columns a user or a ledger sets (everything but ids, versions, pinyin keys, grades).
DATA_COLUMNS = (
    "uscc",
    "reg_no",
    "name",
    "entity_type",
    "legal_rep",
    "phone",
    "address",
    "grid_id",
    "registered_on",
    "status",
    "credit_class",
    "credit_class_on",
    "source",
    "note",
)
_IN_CHUNK = 900  # stays under SQLite's bound-parameter limit on old builds


def get(s: Session, entity_id: int) -> Entity | None:
    return s.get(
        Entity,
        entity_id,
        options=[
            selectinload(Entity.industries),
            selectinload(Entity.tags),
            selectinload(Entity.licences),
        ],
    )


def grids(s: Session) -> list[tuple[int, str, str]]:
    return [tuple(r) for r in s.execute(select(Grid.id, Grid.code, Grid.name).order_by(Grid.code))]


def grid_ids_by_code_or_name(s: Session) -> dict[str, int]:
    out: dict[str, int] = {}
    for gid, code, name in grids(s):
        out[code] = gid
        out[name] = gid
        out[f"{code} {name}"] = gid
    return out


def grade_history(s: Session, entity_id: int) -> list[EntityGrade]:
    return list(
        s.execute(
            select(EntityGrade)
            .where(EntityGrade.entity_id == entity_id)
            .order_by(EntityGrade.id.desc())
        ).scalars()
    )


def uscc_exists(s: Session, uscc: str, exclude_id: int | None = None) -> int | None:
    stmt = select(Entity.id).where(Entity.uscc == uscc)
    if exclude_id:
        stmt = stmt.where(Entity.id != exclude_id)
    return s.execute(stmt).scalar()


def _chunks(values: Sequence, size: int = _IN_CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def one_of(column, values: Sequence, *, postgresql: bool):
    """``column IN values`` as one condition; on PostgreSQL ``= ANY(array)``: a single
    parameter, where thousands of placeholders cost psycopg a parse of the query text each
    time. SQLite callers keep ``values`` under its bound-parameter limit (see ``_where_in``)."""
    values = list(values)
    if not postgresql:
        return column.in_(values)
    item = BigInteger() if values and isinstance(values[0], int) else String()
    return column == any_(bindparam("in_values", values, type_=ARRAY(item)))


def _where_in(s: Session, column, values: Sequence) -> Iterable:
    """Conditions covering all ``values``: on PostgreSQL one (:func:`one_of`, one round trip
    for 25,000 codes), on SQLite chunks under its bound-parameter limit."""
    values = list(values)
    if not values:
        return
    if s.get_bind().dialect.name == "postgresql":
        yield one_of(column, values, postgresql=True)
        return
    for chunk in _chunks(values):
        yield column.in_(chunk)


def bigram_filter(fragment: str):
    """PostgreSQL: a condition true for every entity whose name or address contains
    ``fragment`` (two characters or more; case-insensitive), served by the GIN index over
    ``entity_bigrams(name, address)`` (migrations 0013, 0014). A prefilter: pair it with the
    exact ILIKE."""
    low = fragment.lower()
    pairs = sorted({low[i : i + 2] for i in range(len(low) - 1)})
    wanted = cast(pg_array(pairs), ARRAY(Text()))
    return func.entity_bigrams(Entity.name, Entity.address).op("@>")(wanted)


def snapshot_columns():
    return (Entity.id, Entity.version, *[getattr(Entity, c) for c in DATA_COLUMNS])


def by_uscc(s: Session, codes: Sequence[str]) -> dict[str, dict]:
    """Stored data columns (plus id, version) of the entities with these codes."""
    out: dict[str, dict] = {}
    for cond in _where_in(s, Entity.uscc, codes):
        for row in s.execute(select(*snapshot_columns()).where(cond)):
            out[row.uscc] = dict(row._mapping)
    return out


def by_name(s: Session, names: Sequence[str]) -> dict[tuple[str, str], dict]:
    """Entities without a code keyed by (name, address), for matching old ledgers."""
    out: dict[tuple[str, str], dict] = {}
    for cond in _where_in(s, Entity.name, names):
        for row in s.execute(select(*snapshot_columns()).where(cond)):
            out.setdefault((row.name, row.address), dict(row._mapping))
    return out


def versions_for_update(s: Session, ids: Sequence[int]) -> dict[int, int]:
    """``{id: version}`` of these entities, locked until the transaction ends (PostgreSQL
    ``FOR UPDATE``; on SQLite the unit of work already holds the write lock): a batch writer
    re-checks what it matched earlier against this, and nobody can change it before the
    write. Deleted ids are missing."""
    out: dict[int, int] = {}
    for cond in _where_in(s, Entity.id, ids):
        stmt = select(Entity.id, Entity.version).where(cond).with_for_update()
        out.update((i, v) for i, v in s.execute(stmt))
    return out


def similar_names(s: Session, prefixes: Sequence[str], limit: int = 50) -> list[tuple]:
    """(id, name, address) of entities whose name starts with one of ``prefixes``."""
    out: list[tuple] = []
    for prefix in prefixes:
        out += [
            tuple(r)
            for r in s.execute(
                select(Entity.id, Entity.name, Entity.address)
                .where(Entity.name >= prefix, Entity.name < prefix + "\uffff")
                .limit(limit)
            )
        ]
    return out


def insert_entities(
    s: Session,
    rows: Iterable[dict],
    count: int | None = None,
    *,
    while_server_works: Callable[[list[int]], None] | None = None,
) -> list[int]:
    """Bulk insert; returns the new ids in the order of ``rows``. ``rows`` may be a generator
    of ``count`` rows: on PostgreSQL they stream to the server by COPY (``data/bulk.py``) while
    the generator computes the next ones.

    An ``INSERT … RETURNING`` that must keep parameter order runs one statement per row on
    SQLite (there is no sentinel column) and is slow on PostgreSQL too, so the ids are given
    here: on SQLite after ``max(id)``, safe because a unit of work holds the write lock from its
    ``BEGIN IMMEDIATE``; on PostgreSQL drawn from the id sequence (``nextval`` never hands the
    same value to two sessions). ``while_server_works(ids)``: see ``bulk.insert_rows``."""
    if count is None:
        rows = list(rows)
        count = len(rows)
    if not count:
        if while_server_works is not None:
            while_server_works([])
        return []
    table = Entity.__table__
    sqlite = s.get_bind().dialect.name == "sqlite"
    if sqlite:
        first = (s.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(first, first + count))
    else:  # ids drawn from the sequence first: unique across sessions, one round trip
        ids = list(
            s.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence('entity', 'id')) "
                    "FROM generate_series(1, :n)"
                ),
                {"n": count},
            ).scalars()
        )
    now = utc_now()
    stamped = (
        {"version": 1, "created_at": now, "updated_at": now, **row, "id": new_id}
        for row, new_id in zip(rows, ids, strict=True)
    )
    meanwhile = (lambda: while_server_works(ids)) if while_server_works else None
    if sqlite and count >= FTS_BATCH_MIN:
        _insert_indexing_once(s, stamped, ids[0], ids[-1])
        if meanwhile is not None:
            meanwhile()
    else:
        bulk.insert_rows(s, table, stamped, while_server_works=meanwhile)
    return ids


FTS_BATCH_MIN = 200  # SQLite: from this many rows, index the batch with one statement


@contextlib.contextmanager
def _fts_trigger_set_aside(s: Session, name: str, wanted: bool = True) -> Iterator[bool]:
    """SQLite: drop the FTS sync trigger ``name`` for the block and create it again after;
    yields whether it did (not when not ``wanted``, nor when a bulk load already dropped it:
    ``bulk_suspend`` / ``fts_suspend``). FTS5 writes its pending terms out at the end of every
    statement, so a trigger under an executemany wrote one tiny index segment per row (2 of the
    2.5 s of a 25,000-row import at 1,000,000 entities); the callers index the batch with one
    statement instead. All inside the caller's transaction, which holds the write lock: no other
    writer changes entities meanwhile, and readers never see the schema without the trigger.
    On an exception the transaction rolls back, the drop with it."""
    trigger = None
    if wanted:
        trigger = s.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"), {"n": name}
        ).scalar()
    if trigger is None:
        yield False
        return
    s.execute(text(f"DROP TRIGGER {name}"))
    yield True
    s.execute(text(trigger))


def _insert_indexing_once(s: Session, batch: Iterable[dict], first: int, last: int) -> None:
    """SQLite: insert a batch with the FTS insert trigger set aside, then index the new rows
    with one statement (~0.1 s for 25,000)."""
    with _fts_trigger_set_aside(s, "entity_fts_ai") as aside:
        bulk.insert_rows(s, Entity.__table__, batch)
        if aside:
            s.execute(
                text(
                    "INSERT INTO entity_fts(rowid, name, address) SELECT id, name, address "
                    "FROM entity_fts_src WHERE id BETWEEN :first AND :last"
                ),
                {"first": first, "last": last},
            )


def update_entities(s: Session, rows: list[dict]) -> None:
    """Core bulk update of data columns by id; bumps each version. Rows changing the same
    columns go in one executemany; on SQLite a batch that changes names or addresses is
    re-indexed for search with two statements (see :func:`_refresh_search_index`)."""
    if not rows:
        return
    table = Entity.__table__
    now = utc_now()
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        keys = tuple(sorted(k for k in row if k not in ("id", "version")))
        groups.setdefault(keys, []).append(row)
    retexted = [r["id"] for r in rows if "name" in r or "address" in r]
    sqlite = s.get_bind().dialect.name == "sqlite"
    with _refresh_search_index(s, retexted if sqlite and len(retexted) >= FTS_BATCH_MIN else []):
        for keys, group in groups.items():
            if not sqlite and len(group) >= FTS_BATCH_MIN:
                _update_by_copy(s, keys, group, now)
                continue
            stmt = (
                update(table)
                .where(table.c.id == bindparam("row_id"))
                .values(
                    {
                        **{k: bindparam(f"new_{k}") for k in keys},
                        "version": table.c.version + 1,
                        "updated_at": now,
                    }
                )
            )
            s.execute(
                stmt, [{"row_id": r["id"], **{f"new_{k}": r[k] for k in keys}} for r in group]
            )


def _update_by_copy(s: Session, keys: tuple[str, ...], rows: list[dict], now) -> None:
    """PostgreSQL: the new values go by COPY into a temporary table shaped like ``entity``,
    then one ``UPDATE … FROM`` (an executemany costs a round trip a row)."""
    cols = ", ".join(keys)
    s.execute(text("DROP TABLE IF EXISTS pg_temp.entity_update"))
    s.execute(
        text(
            f"CREATE TEMP TABLE entity_update ON COMMIT DROP AS "
            f"SELECT id, {cols} FROM entity WITH NO DATA"
        )
    )
    bulk.copy_tuples(
        s, "entity_update", ("id", *keys), (tuple(r[k] for k in ("id", *keys)) for r in rows)
    )
    sets = ", ".join(f"{k} = u.{k}" for k in keys)
    s.execute(
        text(
            f"UPDATE entity SET {sets}, version = entity.version + 1, updated_at = :now "
            "FROM entity_update u WHERE entity.id = u.id"
        ),
        {"now": now},
    )
    s.execute(text("DROP TABLE entity_update"))


@contextlib.contextmanager
def _refresh_search_index(s: Session, ids: list[int]) -> Iterator[None]:
    """SQLite: around a batch update of names/addresses, set the FTS update trigger aside, take
    the rows' old texts out of the index with one statement before, and put the new ones in with
    one after (see :func:`_fts_trigger_set_aside`)."""
    with _fts_trigger_set_aside(s, "entity_fts_au", wanted=bool(ids)) as aside:
        if not aside:
            yield
            return
        s.execute(text("CREATE TEMP TABLE IF NOT EXISTS fts_refresh (id INTEGER PRIMARY KEY)"))
        s.execute(text("DELETE FROM temp.fts_refresh"))
        s.execute(text("INSERT INTO temp.fts_refresh (id) VALUES (:id)"), [{"id": i} for i in ids])
        picked = "FROM entity_fts_src WHERE id IN (SELECT id FROM temp.fts_refresh)"
        s.execute(
            text(
                "INSERT INTO entity_fts(entity_fts, rowid, name, address) "
                f"SELECT 'delete', id, name, address {picked}"
            )
        )
        yield
        s.execute(
            text(f"INSERT INTO entity_fts(rowid, name, address) SELECT id, name, address {picked}")
        )
        s.execute(text("DELETE FROM temp.fts_refresh"))


def replace_children(
    s: Session,
    industries: dict[int, Iterable[str]],
    tags: dict[int, Iterable[str]],
    licences: dict[int, Iterable[dict]],
    *,
    fresh: bool = False,
) -> None:
    """Set industries/tags/licences of the given entities (``fresh``: nothing to delete)."""
    if not fresh:
        for table, mapping in (
            (EntityIndustry, industries),
            (EntityTag, tags),
            (Licence, licences),
        ):
            ids = list(mapping)
            for chunk in _chunks(ids):
                s.execute(delete(table).where(table.entity_id.in_(chunk)))
    ind_rows = [{"entity_id": e, "industry": i} for e, values in industries.items() for i in values]
    tag_rows = [{"entity_id": e, "tag": t} for e, values in tags.items() for t in values]
    lic_rows = [{"entity_id": e, **lic} for e, values in licences.items() for lic in values]
    for model, rows in ((EntityIndustry, ind_rows), (EntityTag, tag_rows), (Licence, lic_rows)):
        bulk.insert_rows(s, model.__table__, rows)  # Core table: no ORM bulk bookkeeping


def add_licences_if_new(s: Session, licences: dict[int, Iterable[dict]]) -> None:
    """Add each licence unless the entity has one of the same kind and number (then its dates
    and issuer are updated)."""
    for entity_id, items in licences.items():
        for lic in items:
            found = s.execute(
                select(Licence).where(
                    Licence.entity_id == entity_id,
                    Licence.kind == lic["kind"],
                    Licence.number == lic["number"],
                )
            ).scalar()
            if found is None:
                s.add(Licence(entity_id=entity_id, **lic))
            else:
                found.issued_on = lic["issued_on"] or found.issued_on
                found.expires_on = lic["expires_on"] or found.expires_on
                found.issuer = lic["issuer"] or found.issuer


def licence_keys_of(s: Session, ids: Sequence[int]) -> dict[int, set[tuple]]:
    out: dict[int, set[tuple]] = {}
    for cond in _where_in(s, Licence.entity_id, ids):
        for r in s.execute(
            select(
                Licence.entity_id,
                Licence.kind,
                Licence.number,
                Licence.issued_on,
                Licence.expires_on,
                Licence.issuer,
            ).where(cond)
        ):
            out.setdefault(r[0], set()).add(tuple(r[1:]))
    return out


def industries_of(s: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for cond in _where_in(s, EntityIndustry.entity_id, ids):
        for eid, ind in s.execute(
            select(EntityIndustry.entity_id, EntityIndustry.industry).where(cond)
        ):
            out.setdefault(eid, []).append(ind)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def entity_ids_with_expired_licence(s: Session, today: date) -> set[int]:
    return set(
        s.execute(select(Licence.entity_id).where(Licence.expires_on < today).distinct()).scalars()
    )


def grade_rows(s: Session) -> list[tuple[int, str | None, str | None, int | None]]:
    """(id, grade_computed, grade_override, grade_score) of every entity."""
    return [
        tuple(r)
        for r in s.execute(
            select(Entity.id, Entity.grade_computed, Entity.grade_override, Entity.grade_score)
        )
    ]


def set_computed_grades(
    s: Session, changes: list[tuple[int, str, int, str | None]], username: str
) -> None:
    """``(id, grade, score, override)``: store computed grade and score, effective grade, and
    a history row each. Grouped by (grade, score) so a million entities are a few statements."""
    now = utc_now()
    groups: dict[tuple[str, int, str | None], list[int]] = {}
    for eid, grade, score, override in changes:
        groups.setdefault((grade, score, override), []).append(eid)
    for (grade, score, override), ids in groups.items():
        for chunk in _chunks(ids, 20_000):
            s.execute(
                update(Entity)
                .where(Entity.id.in_(chunk))
                .values(grade_computed=grade, grade_score=score, local_grade=override or grade)
                .execution_options(synchronize_session=False)
            )
    history = [
        {
            "entity_id": eid,
            "at": now,
            "grade": g,
            "score": sc,
            "kind": "计算",
            "reason": "",
            "username": username,
        }
        for eid, g, sc, _o in changes
    ]
    for start in range(0, len(history), 50_000):
        s.execute(insert(EntityGrade), history[start : start + 50_000])


def add_grade_history(
    s: Session, entity_id: int, grade: str, score: int | None, kind: str, reason: str, username: str
) -> None:
    s.add(
        EntityGrade(
            entity_id=entity_id,
            grade=grade,
            score=score,
            kind=kind,
            reason=reason,
            username=username,
        )
    )


def delete_entity(s: Session, entity_id: int, version: int) -> None:
    """Delete the entity if it is still at ``version``; else ``StaleVersion`` (nothing deleted)."""
    from station_app.data.orm import StaleVersion

    done = s.execute(delete(Entity).where(Entity.id == entity_id, Entity.version == version))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersion(f"entity {entity_id} is no longer at version {version}")


# ---- bulk loading (demo, benches) ------------------------------------------------------------


def ensure_grids(s: Session, count: int = 21) -> list[int]:
    """Grid ids; when there are none, create ``count`` grids GZ01… (demo only)."""
    existing = [g[0] for g in grids(s)]
    if existing:
        return existing
    now = utc_now()
    rows = [
        {
            "code": f"GZ{i:02d}",
            "name": f"第{i}网格",
            "boundary": "",
            "supervision_group": f"第{(i - 1) // 7 + 1}监管小组",
            "active": True,
            "note": "",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(1, count + 1)
    ]
    s.execute(insert(Grid), rows)
    return [g[0] for g in grids(s)]
