"""Outreach events (普法宣传) and consumer warnings (消费警示)

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-02

Events with head counts (never names) and consumer warnings (issue #20).
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outreach_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("organiser", sa.String(length=100), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("views", sa.Integer(), nullable=True),
        sa.Column("materials", sa.Integer(), nullable=True),
        sa.Column("reached", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grid_id"],
            ["grid.id"],
            name=op.f("fk_outreach_event_grid_id_grid"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_event")),
    )
    op.create_index("ix_outreach_event_held_on", "outreach_event", ["held_on"], unique=False)
    op.create_table(
        "consumer_warning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("season", sa.String(length=20), nullable=False),
        sa.Column("channels", sa.String(length=100), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("published_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consumer_warning")),
        sa.UniqueConstraint("number", name=op.f("uq_consumer_warning_number")),
    )
    op.create_index(
        "ix_consumer_warning_published_on", "consumer_warning", ["published_on"], unique=False
    )


def downgrade() -> None:
    op.drop_table("consumer_warning")
    op.drop_table("outreach_event")
