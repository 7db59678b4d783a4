"""Station profile

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("county_bureau", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("seal_text", sa.String(length=100), nullable=False),
        sa.Column("doc_prefix", sa.String(length=40), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_station_profile_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_profile")),
    )


def downgrade() -> None:
    op.drop_table("station_profile")
