"""Schema: built by migration, agrees with the models, refuses newer and foreign databases,
backs up before upgrading."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from station_app import paths
from station_app.bootstrap import open_context
from station_app.data import migrate
from station_app.data.engine import Database, sqlite_url
from station_app.data.models import Base, import_all
from station_app.errors import DatabaseOpenError, SchemaTooNewError


def test_models_and_migrations_agree(ctx):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def include_name(name, type_, _parents):  # PostgreSQL/SQLite-only structures (0004, 0010)
        if type_ == "table":
            return not (name or "").startswith("entity_fts")
        return not (type_ == "index" and (name or "").endswith(("_trgm", "_sort", "_bigrams")))

    import_all()
    with ctx.db.engine.connect() as con:
        mc = MigrationContext.configure(con, opts={"include_name": include_name})

        diff = compare_metadata(mc, Base.metadata)
    assert diff == [], f"models differ from migrations: {diff}"


def test_file_names_give_alembic_revisions_in_order():
    history = migrate.alembic_history()
    assert [rev for rev, _ in history] == migrate.known_revisions()
    for (rev, down), previous in zip(history, [None, *migrate.known_revisions()]):
        assert down == previous, f"{rev} should revise {previous}"


def test_fresh_database_is_at_head(ctx):
    status = ctx.services.database.status()
    assert status.current == migrate.head_revision()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_database_is_refused_untouched(sqlite_url):
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    before = _sha(path)
    with pytest.raises(SchemaTooNewError, match="更新版本"):
        open_context(sqlite_url)
    assert _sha(path) == before


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE contacts (name TEXT)")
    con.close()
    with pytest.raises(DatabaseOpenError, match="不是本系统创建的"):
        open_context(sqlite_url(path))


def test_upgrade_backs_up_first(tmp_path, monkeypatch):
    # GIVEN a database at the current head and an application that knows one revision more
    head = migrate.head_revision()
    db_path = tmp_path / "station.sqlite3"
    open_context(sqlite_url(db_path), create=True).close()
    scripts = tmp_path / "db"
    shutil.copytree(paths.migrations_dir(), scripts)
    (scripts / "versions" / "9001_note.py").write_text(
        f'revision = "9001"\ndown_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n'
        "import sqlalchemy as sa\nfrom alembic import op\n"
        "def upgrade():\n    op.create_table('note', sa.Column('id', sa.Integer, primary_key=True))\n"
        "def downgrade():\n    op.drop_table('note')\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "migrations_dir", lambda: scripts)
    # WHEN it opens the database
    ctx = open_context(sqlite_url(db_path))
    ctx.close()
    # THEN a backup at the old head exists and the database is at the new revision
    backups = list(paths.backup_dir().glob(f"station-before-upgrade-{head}-*.sqlite3"))
    assert backups, "no backup was made before the upgrade"
    with sqlite3.connect(backups[-1]) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head
    con.close()
    with sqlite3.connect(db_path) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9001"
    con.close()


def test_check_without_migrate_reports_pending(tmp_path, monkeypatch):
    db_path = tmp_path / "s.sqlite3"
    open_context(sqlite_url(db_path), create=True).close()
    status = migrate.schema_status(Database(sqlite_url(db_path)))
    assert status.up_to_date and status.known and not status.foreign
