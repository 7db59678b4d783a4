"""Entity registry (经营主体台账)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Besides the tables: text search. SQLite gets an FTS5 ``trigram`` external-content table over
name + address, kept in sync by triggers; PostgreSQL gets ``pg_trgm`` GIN indexes.
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Also used by data/repo/entities.py to rebuild after bulk loads: keep the two in step.
SQLITE_FTS = [
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
PG_TRGM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_entity_name_trgm ON entity USING gin (name gin_trgm_ops)",
    "CREATE INDEX ix_entity_address_trgm ON entity USING gin (address gin_trgm_ops)",
    "CREATE INDEX ix_entity_name_initials_trgm ON entity USING gin (name_initials gin_trgm_ops)",
]


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "entity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.Column("reg_no", sa.String(length=15), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_initials", sa.String(length=200), nullable=False),
        sa.Column("name_pinyin", sa.String(length=400), nullable=False),
        sa.Column("entity_type", sa.String(length=20), nullable=False),
        sa.Column("legal_rep", sa.String(length=60), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("credit_class", sa.String(length=1), nullable=True),
        sa.Column("credit_class_on", sa.Date(), nullable=True),
        sa.Column("local_grade", sa.String(length=1), nullable=True),
        sa.Column("grade_computed", sa.String(length=1), nullable=True),
        sa.Column("grade_score", sa.Integer(), nullable=True),
        sa.Column("grade_override", sa.String(length=1), nullable=True),
        sa.Column("grade_override_reason", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_versioned(),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grid.id"], ondelete="SET NULL", name=op.f("fk_entity_grid_id_grid")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity")),
        sa.UniqueConstraint("uscc", name=op.f("uq_entity_uscc")),
    )
    for column in (
        "name",
        "name_initials",
        "name_pinyin",
        "reg_no",
        "entity_type",
        "grid_id",
        "registered_on",
        "status",
        "credit_class",
        "local_grade",
        "phone",
    ):
        op.create_index(f"ix_entity_{column}", "entity", [column])
    op.create_index("ix_entity_name_address", "entity", ["name", "address"])

    op.create_table(
        "entity_industry",
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("industry", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], ondelete="CASCADE",
            name=op.f("fk_entity_industry_entity_id_entity"),
        ),
        sa.PrimaryKeyConstraint("entity_id", "industry", name=op.f("pk_entity_industry")),
    )
    op.create_index("ix_entity_industry_industry", "entity_industry", ["industry"])
    op.create_table(
        "entity_tag",
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], ondelete="CASCADE",
            name=op.f("fk_entity_tag_entity_id_entity"),
        ),
        sa.PrimaryKeyConstraint("entity_id", "tag", name=op.f("pk_entity_tag")),
    )
    op.create_index("ix_entity_tag_tag", "entity_tag", ["tag"])
    op.create_table(
        "licence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("issuer", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], ondelete="CASCADE",
            name=op.f("fk_licence_entity_id_entity"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence")),
    )
    op.create_index("ix_licence_entity_id", "licence", ["entity_id"])
    op.create_index("ix_licence_expires_on", "licence", ["expires_on"])
    op.create_table(
        "entity_grade",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], ondelete="CASCADE",
            name=op.f("fk_entity_grade_entity_id_entity"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_grade")),
    )
    op.create_index("ix_entity_grade_entity_id", "entity_grade", ["entity_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in SQLITE_FTS:
            op.execute(sql)
    elif dialect == "postgresql":
        for sql in PG_TRGM:
            op.execute(sql)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("entity_fts_ai", "entity_fts_ad", "entity_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS entity_fts")
    elif dialect == "postgresql":
        for name in ("ix_entity_name_trgm", "ix_entity_address_trgm", "ix_entity_name_initials_trgm"):
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_table("entity_grade")
    op.drop_table("licence")
    op.drop_table("entity_tag")
    op.drop_table("entity_industry")
    op.drop_table("entity")
