"""Street sweeps (扫街纳管)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

Shops captured on a sweep (``sweep_capture``) and their optional photos (``sweep_photo``,
kept apart so lists never read image bytes).
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _str(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "sweep_capture",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        _str("name", 200),
        _str("address", 300),
        _str("phone", 40),
        _str("operator", 60),
        _str("industry", 30),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("has_photo", sa.Boolean(), nullable=False),
        sa.Column("captured_on", sa.Date(), nullable=False),
        _str("captured_by", 40),
        _str("status", 10),
        sa.Column("linked_entity_id", sa.Integer(), nullable=True),
        sa.Column("linked_at", station_app.data.types.UtcDateTime(), nullable=True),
        _str("linked_by", 40),
        sa.Column("dismiss_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grid.id"], name=op.f("fk_sweep_capture_grid_id_grid")
        ),
        sa.ForeignKeyConstraint(
            ["linked_entity_id"],
            ["entity.id"],
            name=op.f("fk_sweep_capture_linked_entity_id_entity"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sweep_capture")),
    )
    op.create_index("ix_sweep_capture_status_grid_id", "sweep_capture", ["status", "grid_id"])
    for col in ("grid_id", "captured_on", "linked_entity_id"):
        op.create_index(f"ix_sweep_capture_{col}", "sweep_capture", [col])
    op.create_table(
        "sweep_photo",
        sa.Column("capture_id", sa.Integer(), nullable=False),
        _str("mime", 20),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["capture_id"],
            ["sweep_capture.id"],
            name=op.f("fk_sweep_photo_capture_id_sweep_capture"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("capture_id", name=op.f("pk_sweep_photo")),
    )


def downgrade() -> None:
    op.drop_table("sweep_photo")
    op.drop_table("sweep_capture")
