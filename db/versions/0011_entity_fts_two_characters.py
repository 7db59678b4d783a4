"""SQLite: two-character search of entity names and addresses through the trigram index

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22

A trigram index cannot answer a two-character query directly, so 0004 scanned the
(name, address) index with instr(): ~265 ms over 1,000,000 entities. Every occurrence of a
two-character string is, however, the start of some trigram, provided the indexed text ends
with a terminator: "超市" in "惠民超市" is the start of the trigram "超市␟". So the FTS table now
indexes name and address each followed by U+001F (through the view ``entity_fts_src``, which
is also what ``'rebuild'`` reads), and ``entity_fts_vocab`` lists its trigrams: the query takes
the trigrams that begin with the two characters (an index range on the vocabulary) and
matches any of them. Three-character and longer queries are unchanged (they never contain
U+001F). PostgreSQL is untouched (pg_trgm).
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_OLD = [
    "CREATE VIRTUAL TABLE entity_fts USING fts5(name, address, content='entity', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER entity_fts_ai AFTER INSERT ON entity BEGIN "
    "INSERT INTO entity_fts(rowid, name, address) VALUES (new.id, new.name, new.address); END",
    "CREATE TRIGGER entity_fts_ad AFTER DELETE ON entity BEGIN "
    "INSERT INTO entity_fts(entity_fts, rowid, name, address) "
    "VALUES ('delete', old.id, old.name, old.address); END",
    "CREATE TRIGGER entity_fts_au AFTER UPDATE OF name, address ON entity BEGIN "
    "INSERT INTO entity_fts(entity_fts, rowid, name, address) "
    "VALUES ('delete', old.id, old.name, old.address); "
    "INSERT INTO entity_fts(rowid, name, address) VALUES (new.id, new.name, new.address); END",
]
_NEW_NAME = "new.name || char(31), new.address || char(31)"
_OLD_NAME = "old.name || char(31), old.address || char(31)"
NEW = [
    "CREATE VIEW entity_fts_src AS "
    "SELECT id, name || char(31) AS name, address || char(31) AS address FROM entity",
    "CREATE VIRTUAL TABLE entity_fts USING fts5(name, address, content='entity_fts_src', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE VIRTUAL TABLE entity_fts_vocab USING fts5vocab(entity_fts, 'row')",
    "CREATE TRIGGER entity_fts_ai AFTER INSERT ON entity BEGIN "
    f"INSERT INTO entity_fts(rowid, name, address) VALUES (new.id, {_NEW_NAME}); END",
    "CREATE TRIGGER entity_fts_ad AFTER DELETE ON entity BEGIN "
    "INSERT INTO entity_fts(entity_fts, rowid, name, address) "
    f"VALUES ('delete', old.id, {_OLD_NAME}); END",
    "CREATE TRIGGER entity_fts_au AFTER UPDATE OF name, address ON entity BEGIN "
    "INSERT INTO entity_fts(entity_fts, rowid, name, address) "
    f"VALUES ('delete', old.id, {_OLD_NAME}); "
    f"INSERT INTO entity_fts(rowid, name, address) VALUES (new.id, {_NEW_NAME}); END",
]
_DROP = [
    "DROP TRIGGER IF EXISTS entity_fts_ai",
    "DROP TRIGGER IF EXISTS entity_fts_ad",
    "DROP TRIGGER IF EXISTS entity_fts_au",
    "DROP TABLE IF EXISTS entity_fts_vocab",
    "DROP TABLE IF EXISTS entity_fts",
    "DROP VIEW IF EXISTS entity_fts_src",
]


def _replace(statements: list[str]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for sql in [*_DROP, *statements]:
        op.execute(sql)
    op.execute("INSERT INTO entity_fts(entity_fts) VALUES ('rebuild')")


def upgrade() -> None:
    _replace(NEW)


def downgrade() -> None:
    _replace(_OLD)
