"""Database identity: instance (new at every restore and demo rebuild), origin, state

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

A window left open while another process restores a backup (or rebuilds the demo) over the
file must learn that the file now holds another database and stop writing: every unit of work
compares the instance it opened with the one stored here. ``origin`` says who built the
database: the demo generator rebuilds only databases it built itself (an existing database
flagged ``is_demo`` by the old generator counts as one).
"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "db_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("replacing_pid", sa.Integer(), nullable=True),
        sa.Column("changed_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_db_identity_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_db_identity")),
    )
    demo = op.get_bind().execute(
        sa.text("SELECT count(*) FROM station_profile WHERE is_demo")
    ).scalar()
    op.bulk_insert(
        table,
        [
            {
                "id": 1,
                "instance": uuid.uuid4().hex,
                "origin": "demo" if demo else "app",
                "state": "live",
                "replacing_pid": None,
                "changed_at": datetime.now(UTC),
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("db_identity")
