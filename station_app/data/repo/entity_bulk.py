"""Bulk loading of the entity registry (the demo data and the benches): rows written through
the DB-API in large batches with the indexes and the search index set aside meanwhile, and the
vacuum a bulk load needs afterwards. Not for the import, which keeps every row's audit trail
(``data/repo/entities.insert_entities``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from station_app.data.engine import Database
from station_app.data.models import Entity
from station_app.data.types import utc_now


def max_entity_id(s: Session) -> int:
    from sqlalchemy import func

    return int(s.execute(select(func.max(Entity.id))).scalar() or 0)


BULK_ENTITY_COLUMNS = (
    "id",
    "uscc",
    "reg_no",
    "name",
    "name_initials",
    "name_pinyin",
    "entity_type",
    "legal_rep",
    "phone",
    "address",
    "grid_id",
    "registered_on",
    "status",
    "credit_class",
    "credit_class_on",
    "local_grade",
    "grade_computed",
    "grade_score",
    "grade_override",
    "grade_override_reason",
    "source",
    "note",
)
_BULK = {
    "entity": (*BULK_ENTITY_COLUMNS, "version", "created_at", "updated_at"),
    "entity_industry": ("entity_id", "industry"),
    "entity_tag": ("entity_id", "tag"),
    "licence": ("entity_id", "kind", "number", "issued_on", "expires_on", "issuer"),
}


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def bulk_load(
    s: Session,
    entities: list[tuple],
    industries: list[tuple],
    tags: list[tuple],
    licences: list[tuple],
) -> None:
    """Fast path for the demo and benches: rows as tuples (``BULK_ENTITY_COLUMNS`` order for
    entities, ids already set) written through the DB-API: ``executemany`` on SQLite, ``COPY``
    on PostgreSQL. Runs in the session's transaction."""
    now = utc_now()
    raw: Any = s.connection().connection.dbapi_connection
    sqlite = s.get_bind().dialect.name == "sqlite"
    tail: tuple[int, Any, Any]
    if sqlite:
        stamp = now.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        tail = (1, stamp, stamp)
    else:
        tail = (1, now, now)
    batches = {
        "entity": [(*r, *tail) for r in entities],
        "entity_industry": industries,
        "entity_tag": tags,
        "licence": licences,
    }
    cur = raw.cursor()
    try:
        for table, rows in batches.items():
            if not rows:
                continue
            cols = _BULK[table]
            if sqlite:
                marks = ", ".join("?" for _ in cols)
                cur.executemany(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                    [tuple(_sqlite_value(v) for v in r) for r in rows]
                    if table != "entity"
                    else [
                        tuple(_sqlite_value(v) if isinstance(v, date) else v for v in r)
                        for r in rows
                    ],
                )
            else:
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
        if not sqlite and entities:
            cur.execute(
                "SELECT setval(pg_get_serial_sequence('entity', 'id'), (SELECT max(id) FROM entity))"
            )
    finally:
        cur.close()


_BULK_TABLES = ("entity", "entity_industry", "entity_tag", "licence")


def bulk_suspend(s: Session) -> list[str]:
    """Before a bulk load: drop the secondary indexes of the registry tables (and on SQLite
    the FTS sync triggers); returns the SQL that :func:`bulk_resume` runs to rebuild them.
    Building an index once from sorted data is several times faster than row by row."""
    dialect = s.get_bind().dialect.name
    if dialect == "sqlite":
        s.execute(text("PRAGMA cache_size=-262144"))  # 256 MB for this connection
        found = s.execute(
            text(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
                "(type = 'index' AND tbl_name IN ('entity', 'entity_industry', 'entity_tag', 'licence'))"
                " OR (type = 'trigger' AND name LIKE 'entity_fts_%'))"
            )
        ).all()
        for kind, name, _sql in found:
            s.execute(text(f"DROP {kind.upper()} {name}"))
        return [sql for _k, _n, sql in found]
    found = s.execute(
        text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema()"
            " AND i.tablename = ANY(:tables) AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
            " WHERE c.conname = i.indexname)"
        ),
        {"tables": list(_BULK_TABLES)},
    ).all()
    for name, _sql in found:
        s.execute(text(f'DROP INDEX "{name}"'))
    return [sql for _n, sql in found]


def bulk_resume(s: Session, saved: list[str]) -> None:
    """Recreate what :func:`bulk_suspend` dropped; on SQLite rebuild the FTS index."""
    sqlite = s.get_bind().dialect.name == "sqlite"
    for sql in saved:
        s.execute(text(sql))
    if sqlite:
        s.execute(text("INSERT INTO entity_fts(entity_fts) VALUES ('rebuild')"))
        s.execute(text("PRAGMA cache_size=-2000"))
    else:
        s.execute(text("ANALYZE entity"))


def fts_suspend(s: Session) -> list[str]:
    """SQLite: drop the FTS sync triggers before a bulk load; returns their SQL for
    :func:`fts_resume` (empty on PostgreSQL, whose trigram indexes need no help)."""
    if s.get_bind().dialect.name != "sqlite":
        return []
    saved = [
        r[0]
        for r in s.execute(
            text(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'entity_fts_%'"
            )
        )
    ]
    for name in ("entity_fts_ai", "entity_fts_ad", "entity_fts_au"):
        s.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    return saved


def fts_resume(s: Session, saved: list[str]) -> None:
    """Recreate the triggers and rebuild the FTS index from the entity table."""
    if not saved:
        return
    for sql in saved:
        s.execute(text(sql))
    s.execute(text("INSERT INTO entity_fts(entity_fts) VALUES ('rebuild')"))


def vacuum_after_bulk_load(db: Database) -> None:
    """PostgreSQL: ``VACUUM (ANALYZE)`` the registry tables after a bulk load, outside any
    transaction, so the visibility map is set and sorting the list by name, grid or date is an
    index-only scan at once instead of after autovacuum's next visit. SQLite needs nothing."""
    if db.is_sqlite:
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as con:
        for table in _BULK_TABLES:
            con.exec_driver_sql(f"VACUUM (ANALYZE) {table}")
