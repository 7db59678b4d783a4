"""Grid roster: communities and grids (people, assignments, trainings follow in this module)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "community",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community")),
        sa.UniqueConstraint("name", name=op.f("uq_community_name")),
    )
    op.create_table(
        "grid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("boundary", sa.Text(), nullable=False),
        sa.Column("supervision_group", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid")),
        sa.UniqueConstraint("code", name=op.f("uq_grid_code")),
    )
    op.create_table(
        "grid_community",
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"], ondelete="RESTRICT",
                                name=op.f("fk_grid_community_community_id_community")),
        sa.ForeignKeyConstraint(["grid_id"], ["grid.id"], ondelete="CASCADE",
                                name=op.f("fk_grid_community_grid_id_grid")),
        sa.PrimaryKeyConstraint("grid_id", "community_id", name=op.f("pk_grid_community")),
    )


def downgrade() -> None:
    op.drop_table("grid_community")
    op.drop_table("grid")
    op.drop_table("community")
