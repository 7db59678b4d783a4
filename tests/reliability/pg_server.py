"""A throwaway PostgreSQL server of the test's own, which the test may stop and start again
(the shared TEST_PG_URL server must never be stopped under the other tests). Started the way
``scripts/dev.py`` starts one: ``initdb``/``pg_ctl`` as user postgres (via ``runuser`` when we
are root), data and socket under /tmp, a free port."""

from __future__ import annotations

import importlib.util
import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _dev_module():
    spec = importlib.util.spec_from_file_location("station_dev", ROOT / "scripts" / "dev.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


# A commit must survive the kill (the throwaway default, synchronous_commit=off, loses the last
# ~200 ms of commits when the server process dies); fsync stays off: the OS keeps the files.
DURABLE = "-c synchronous_commit=on"


class OwnServer:
    """One cluster; :meth:`stop` kills the server process (``-m immediate``: no shutdown
    checkpoint, sessions cut off mid-command, as when the server PC loses power)."""

    def __init__(self) -> None:
        dev = _dev_module()
        bindir = dev.find_pg_bin()
        if bindir is None:
            if os.environ.get("STATION_REQUIRE_PG") == "1":
                pytest.fail("STATION_REQUIRE_PG=1 but PostgreSQL is not installed")
            pytest.skip("PostgreSQL is not installed (initdb/pg_ctl not found)")
        self._pg = dev.ThrowawayPostgres(bindir)
        self.url = self._pg.start()
        self._pg.stop_server("fast")
        self._pg.start_server(DURABLE)
        self.running = True
        self._template = ""

    def stop(self) -> None:
        if self.running:
            self._pg.stop_server("immediate")
            self.running = False

    def start(self) -> None:
        if not self.running:
            self._pg.start_server(DURABLE)
            self.running = True

    def remove(self) -> None:
        self._pg.stop()

    def url_for(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def admin(self, sql: str) -> None:
        from sqlalchemy import create_engine

        engine = create_engine(self.url_for("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as con:
                con.exec_driver_sql(sql)
        finally:
            engine.dispose()

    def fresh_database(self) -> str:
        """A migrated, empty database (cloned from a template migrated once)."""
        from station_app.bootstrap import open_context

        self.start()
        if not self._template:
            self._template = "station_tpl"
            self.admin(f'CREATE DATABASE "{self._template}"')
            open_context(self.url_for(self._template)).close()
        name = f"station_{uuid.uuid4().hex[:8]}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"')
        return self.url_for(name)
