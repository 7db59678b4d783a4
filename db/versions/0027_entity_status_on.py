"""Entity: the day its status took effect (status_on)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-02

A patrol record is refused for an entity 注销/吊销 on or before its day.
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("entity", sa.Column("status_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("entity", "status_on")
