"""PostgreSQL: trigram indexes for code and phone fragments

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22

Searching a USCC, registration-number or phone fragment (``MA00012``, ``1381234``) is a
contains-match (``ILIKE '%…%'``); without an index PostgreSQL read all 1,000,000 entities for
it (0.3–0.7 s). ``pg_trgm`` GIN indexes answer it like the name and address search of 0004.
Raw SQL and PostgreSQL only (the ``*_trgm`` indexes are left out of the models comparison).
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COLUMNS = ("uscc", "reg_no", "phone")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.execute(f"CREATE INDEX ix_entity_{column}_trgm ON entity USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.execute(f"DROP INDEX IF EXISTS ix_entity_{column}_trgm")
