"""PostgreSQL: name and address search by the bigram index alone

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-22

The bigram index of 0013 answers any contains-search of two characters or more: a text
contains ``q`` only if it holds every pair of adjacent characters of ``q``, so
``entity_bigrams(name, address) @> ARRAY[pairs of q]`` narrows to a few candidates and the
ILIKE stays the exact condition. The trigram indexes of name and address (0004) were a second
copy of the same information: every new entity paid for both (an import of 25,000 rows spent
about a third of its server time in GIN indexes). Search, the 扫街纳管 candidates and the list
now use the bigram index; these two go. Codes, phones and pinyin initials keep theirs (0012).
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

COLUMNS = ("name", "address")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.execute(f"DROP INDEX IF EXISTS ix_entity_{column}_trgm")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.execute(
            f"CREATE INDEX IF NOT EXISTS ix_entity_{column}_trgm ON entity USING gin ({column} gin_trgm_ops)"
        )
