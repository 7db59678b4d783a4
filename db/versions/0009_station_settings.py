"""Station-wide settings and saved views

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

``station_setting``: key/value (JSON text) settings shared by every PC of the station (grading
rules, saved import column mappings). ``saved_view``: each user's named filters on a screen.
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0009"
down_revision = "0008"
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
        "station_setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=40), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_station_setting")),
    )
    op.create_table(
        "saved_view",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("screen", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_view")),
        sa.UniqueConstraint(
            "owner", "screen", "name", name=op.f("uq_saved_view_owner_screen_name")
        ),
    )


def downgrade() -> None:
    op.drop_table("saved_view")
    op.drop_table("station_setting")
