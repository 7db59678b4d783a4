"""Complaints imported from the 12315 platform keep the platform's number

Revision ID: 0050
Revises: 0042
Create Date: 2026-12-02

``complaint.platform_no``: the 投诉单号 of a complaint imported from the platform's exported
sheet (NULL for complaints registered here). Unique per channel, so importing the same sheet
twice registers nothing twice.
"""

import sqlalchemy as sa
from alembic import op

revision = "0050"
down_revision = "0042"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("complaint", sa.Column("platform_no", sa.String(length=40), nullable=True))
    op.create_index(
        "ux_complaint_platform_no", "complaint", ["channel", "platform_no"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ux_complaint_platform_no", table_name="complaint")
    with op.batch_alter_table("complaint") as batch:
        batch.drop_column("platform_no")
