"""Drop every table (demo databases only: the demo service checks before calling this)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData

from station_app.data.engine import Database

# Functions our migrations create (PostgreSQL): dropped too, so migrating again starts clean.
FUNCTIONS = ("entity_bigrams(text, text)",)


def drop_all_tables(db: Database) -> None:
    meta = MetaData()
    with db.engine.begin() as con:
        meta.reflect(con)
        if con.dialect.name == "sqlite":
            con.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        meta.drop_all(con)
        if con.dialect.name == "postgresql":
            for signature in FUNCTIONS:
                con.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature}")
    if db.is_sqlite:  # VACUUM cannot run in a transaction: use the raw autocommit connection
        raw = db.engine.raw_connection()
        try:
            driver: Any = raw.driver_connection  # sqlite3.Connection
            driver.execute("VACUUM")
        finally:
            raw.close()
