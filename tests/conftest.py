"""Shared fixtures.

* Qt runs offscreen (set before any PySide6 import: without a display pytest dies silently).
* ``STATION_HOME`` points at a temporary folder: no test touches the user's real data.
* ``db_url`` / ``ctx`` give a migrated database per test: SQLite always, PostgreSQL too when
  ``TEST_PG_URL`` is set (each test gets its own database cloned from a migrated template).
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")

import pytest
from hypothesis import HealthCheck, settings

# A shared 2-core machine (CI, several engineers) makes input generation and single examples
# slow at times: timing is the bench's business, not a property's (no deadline, no too_slow).
settings.register_profile("station", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("station")

PG_URL = os.environ.get("TEST_PG_URL", "")


def _test_admin():
    from station_app.domain.auth import ADMIN, Actor

    return Actor(None, "tester", ADMIN, "测试管理员")


_home = None


def pytest_configure(config):
    global _home
    import tempfile

    _home = tempfile.mkdtemp(prefix="station-test-home-")
    os.environ["STATION_HOME"] = _home
    os.environ.pop("STATION_DB_URL", None)
    # scrypt at N=2^10 instead of 2^17 (a second a hash) for every user the tests create and
    # sign in, subprocesses included; honoured only under pytest (services/auth.hash_cost)
    os.environ["STATION_TEST_FAST_PASSWORD_HASH"] = "1"


def pytest_unconfigure(config):
    if _home:
        shutil.rmtree(_home, ignore_errors=True)


def pytest_report_header(config):
    if PG_URL:
        return "PostgreSQL tests: ON (TEST_PG_URL set)"
    return (
        "PostgreSQL tests: SKIPPED — TEST_PG_URL is not set (scripts/dev.py test starts a server)"
    )


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    ctx = open_context(sqlite_url(path), create=True)
    ctx.close()
    return path


@pytest.fixture(scope="session")
def pg_template() -> str:
    """Name of a migrated template database on the test server."""
    if not PG_URL:
        pytest.skip("PostgreSQL not available: TEST_PG_URL is not set")
    from station_app.bootstrap import open_context

    name = f"station_tpl_{uuid.uuid4().hex[:8]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    ctx = open_context(_pg_url_for(name))
    ctx.close()
    yield name
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_url_for(dbname: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=dbname).render_as_string(hide_password=False)


def _pg_admin(sql: str) -> None:
    from sqlalchemy import create_engine

    eng = create_engine(_pg_url_for("postgres"), isolation_level="AUTOCOMMIT")
    try:
        with eng.connect() as con:
            con.exec_driver_sql(sql)
    finally:
        eng.dispose()


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path) -> str:
    from station_app.data.engine import sqlite_url as to_url

    path = tmp_path / "station.sqlite3"
    shutil.copy(sqlite_template, path)
    return to_url(path)


@pytest.fixture
def pg_url(pg_template) -> str:
    name = f"station_t_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    yield _pg_url_for(name)
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def db_url(request) -> str:
    """A migrated, empty database URL: once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def ctx(db_url):
    """An :class:`AppContext` on a migrated empty database (SQLite and PostgreSQL)."""
    from station_app.bootstrap import open_context

    context = open_context(db_url, actor=_test_admin())
    yield context
    context.close()


@pytest.fixture
def sqlite_ctx(sqlite_url):
    from station_app.bootstrap import open_context

    context = open_context(sqlite_url, actor=_test_admin())
    yield context
    context.close()
