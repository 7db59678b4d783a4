"""PostgreSQL: ordered indexes for sorting the entity list

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22

The entity list sorts by ``ORDER BY column, id`` (DESIGN §5). On SQLite every index already
ends with the rowid, so ``ix_entity_<column>`` serves that order. On PostgreSQL it does not:
1,000,000 rows sorted by grid took an in-memory sort of the ties and a heap visit per row
(1.6 s). A ``(column, id)`` index lets PostgreSQL answer with an index-only scan. Raw SQL and
PostgreSQL only, like the ``_trgm`` indexes of 0004: the models describe what both databases
share, and ``tests/data/test_migrations.py`` leaves indexes named ``*_sort`` out of its comparison.
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SORT_COLUMNS = ("name", "grid_id", "registered_on", "local_grade", "status")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in SORT_COLUMNS:
        op.execute(f"CREATE INDEX ix_entity_{column}_sort ON entity ({column}, id)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in SORT_COLUMNS:
        op.execute(f"DROP INDEX IF EXISTS ix_entity_{column}_sort")
