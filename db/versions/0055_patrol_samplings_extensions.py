"""Samplings can be voided; hazards' rectification deadlines can be extended (延期)

Revision ID: 0055
Revises: 0050
Create Date: 2026-12-02

``sampling.voided`` / ``void_reason``: a sampling entered wrongly is voided with a reason,
never deleted (it then no longer weighs on the grade). ``hazard_extension``: each 延期 of a
hazard's deadline (old and new deadline, reason, the head who approved it, when); the
hazard's own ``deadline`` is the latest one.
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0055"
down_revision = "0053"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "sampling", sa.Column("voided", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        "sampling", sa.Column("void_reason", sa.Text(), nullable=False, server_default="")
    )
    op.create_table(
        "hazard_extension",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hazard_id", sa.Integer(), nullable=False),
        sa.Column("old_deadline", sa.Date(), nullable=False),
        sa.Column("new_deadline", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.String(length=40), nullable=False),
        sa.Column(
            "approved_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["hazard_id"], ["hazard.id"], name=op.f("fk_hazard_extension_hazard_id_hazard")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazard_extension")),
    )
    op.create_index(
        "ix_hazard_extension_hazard_id", "hazard_extension", ["hazard_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_hazard_extension_hazard_id", table_name="hazard_extension")
    op.drop_table("hazard_extension")
    with op.batch_alter_table("sampling") as batch:
        batch.drop_column("void_reason")
        batch.drop_column("voided")
