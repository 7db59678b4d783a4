"""Sign-in lockouts that back off

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

``app_user.lockouts``: how many times in a row the account was locked for wrong passwords
since its last good sign-in; each lock lasts longer (5, 15, then 60 minutes,
``domain/auth.LOCK_STEPS_MINUTES``). A good sign-in or an administrator's password reset sets it
back to 0. Existing accounts start at 0.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "app_user",
        sa.Column("lockouts", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("lockouts")
