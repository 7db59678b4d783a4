"""Early warnings (预警) and the 涉老 mark on complaints

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-01

Early warnings (#19, docs/areas/prices.md §9): the warning list (one open warning per kind and
key, 新 → 已确认 → 已处置), the last seen legal representative and status of the entities the
prepaid-card check watches and the changes it found; ``complaint.elderly`` (涉老) for the
elderly-marketing warning (existing complaints: not marked).
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "warning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=2), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=16), nullable=False),
        sa.Column("latest", sa.Date(), nullable=True),
        sa.Column("first_seen_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("cleared_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("state", sa.String(length=4), nullable=False),
        sa.Column("acked_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("acked_by", sa.String(length=40), nullable=False),
        sa.Column("resolved_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=40), nullable=False),
        sa.Column("resolution", sa.String(length=12), nullable=False),
        sa.Column("resolution_note", sa.Text(), nullable=False),
        sa.Column("action_ref", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_warning_entity_id_entity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grid.id"], name=op.f("fk_warning_grid_id_grid"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning")),
    )
    op.create_index("ix_warning_entity_id", "warning", ["entity_id"], unique=False)
    op.create_index("ix_warning_kind_key", "warning", ["kind", "key"], unique=False)
    op.create_index("ix_warning_state", "warning", ["state"], unique=False)
    op.create_table(
        "entity_watch",
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("legal_rep", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=False),
        sa.Column("first_seen_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_entity_watch_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entity_id", name=op.f("pk_entity_watch")),
    )
    op.create_table(
        "entity_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("old", sa.String(length=200), nullable=False),
        sa.Column("new", sa.String(length=200), nullable=False),
        sa.Column("seen_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_entity_change_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_change")),
    )
    op.create_index("ix_entity_change_entity_id", "entity_change", ["entity_id"], unique=False)
    op.create_index("ix_entity_change_seen_on", "entity_change", ["seen_on"], unique=False)
    with op.batch_alter_table("complaint") as batch:
        batch.add_column(
            sa.Column("elderly", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("complaint") as batch:
        batch.drop_column("elderly")
    op.drop_table("entity_change")
    op.drop_table("entity_watch")
    op.drop_table("warning")
