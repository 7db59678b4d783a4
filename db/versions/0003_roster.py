"""Grid roster: communities, grids, people, grid assignments, trainings and attendance

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0003"
down_revision = "0002"
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
        "community",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community")),
        sa.UniqueConstraint("name", name=op.f("uq_community_name")),
    )
    op.create_table(
        "grid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("boundary", sa.Text(), nullable=False),
        sa.Column("supervision_group", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid")),
        sa.UniqueConstraint("code", name=op.f("uq_grid_code")),
    )
    op.create_table(
        "grid_community",
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"], ondelete="RESTRICT",
                                name=op.f("fk_grid_community_community_id_community")),
        sa.ForeignKeyConstraint(["grid_id"], ["grid.id"], ondelete="CASCADE",
                                name=op.f("fk_grid_community_grid_id_grid")),
        sa.PrimaryKeyConstraint("grid_id", "community_id", name=op.f("pk_grid_community")),
    )

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("gender", sa.String(length=2), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("organisation", sa.String(length=100), nullable=False),
        sa.Column("roles", sa.String(length=100), nullable=False),
        sa.Column("cert_no", sa.String(length=40), nullable=False),
        sa.Column("cert_expiry", sa.Date(), nullable=True),
        sa.Column("supervision_group", sa.String(length=40), nullable=False),
        sa.Column("name_initials", sa.String(length=200), nullable=False),
        sa.Column("name_pinyin", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_index("ix_person_name", "person", ["name"])
    op.create_index("ix_person_phone", "person", ["phone"])
    op.create_index("ix_person_name_initials", "person", ["name_initials"])
    op.create_table(
        "grid_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        *_versioned(),
        sa.ForeignKeyConstraint(["grid_id"], ["grid.id"], ondelete="RESTRICT",
                                name=op.f("fk_grid_assignment_grid_id_grid")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="RESTRICT",
                                name=op.f("fk_grid_assignment_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_assignment")),
    )
    op.create_index("ix_grid_assignment_grid_id_start_on", "grid_assignment", ["grid_id", "start_on"])
    op.create_index("ix_grid_assignment_person_id", "grid_assignment", ["person_id"])
    op.create_table(
        "training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("lecturer", sa.String(length=60), nullable=False),
        sa.Column("hours_tenths", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training")),
    )
    op.create_index("ix_training_held_on", "training", ["held_on"])
    op.create_table(
        "training_attendance",
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="RESTRICT",
                                name=op.f("fk_training_attendance_person_id_person")),
        sa.ForeignKeyConstraint(["training_id"], ["training.id"], ondelete="CASCADE",
                                name=op.f("fk_training_attendance_training_id_training")),
        sa.PrimaryKeyConstraint("training_id", "person_id", name=op.f("pk_training_attendance")),
    )
    op.create_index("ix_training_attendance_person_id", "training_attendance", ["person_id"])


def downgrade() -> None:
    op.drop_table("training_attendance")
    op.drop_table("training")
    op.drop_table("grid_assignment")
    op.drop_table("person")
    op.drop_table("grid_community")
    op.drop_table("grid")
    op.drop_table("community")
