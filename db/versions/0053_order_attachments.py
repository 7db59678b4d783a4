"""Attachments of work orders (photos and scans); figure indexes

Revision ID: 0053
Revises: 0050
Create Date: 2026-12-02

``order_attachment``: a grid clue's photos, a scanned reply (JPEG/PNG/PDF by magic bytes,
≤ 10 MB), stored in the database so every PC of a PostgreSQL station shares them. A mistaken
one is voided with a reason, never deleted (issue #14). Indexes on ``work_order.closed_at``
and ``visited_at`` for the figures' period counts.
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0053"
down_revision = "0050"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("mime", sa.String(length=30), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=40), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("voided_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("voided_by", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["work_order.id"],
            name=op.f("fk_order_attachment_order_id_work_order"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_attachment")),
    )
    op.create_index("ix_order_attachment_order_id", "order_attachment", ["order_id"], unique=False)
    # the figures count what was closed / visited in a period by these ranges
    op.create_index("ix_work_order_closed_at", "work_order", ["closed_at"], unique=False)
    op.create_index("ix_work_order_visited_at", "work_order", ["visited_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_work_order_visited_at", table_name="work_order")
    op.drop_index("ix_work_order_closed_at", table_name="work_order")
    op.drop_index("ix_order_attachment_order_id", table_name="order_attachment")
    op.drop_table("order_attachment")
