"""Patrols (日常巡查): rules, checklists, plan windows and tasks

Revision ID: 0025
Revises: 0020
Create Date: 2026-12-02

Rule versions by effective date, checklist templates and their versions, the plan's windows
and tasks (docs/areas/patrols.md §2). ``patrol_task`` has no foreign keys on purpose (the
plan writes millions of rows; see the model).
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0025"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checklist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("industries", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist")),
        sa.UniqueConstraint("code", name=op.f("uq_checklist_code")),
    )
    op.create_table(
        "patrol_rule_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_rule_version")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_patrol_rule_version_effective_from")),
    )
    op.create_table(
        "patrol_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=True),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.Column("done_record_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_task")),
        sa.UniqueConstraint(
            "entity_id", "window_id", name=op.f("uq_patrol_task_entity_id_window_id")
        ),
    )
    op.create_index(
        "ix_patrol_task_due_on_cover",
        "patrol_task",
        ["due_on", "grid_id", "person_id", "grade", "status", "end_on"],
        unique=False,
    )
    op.create_index(
        "ix_patrol_task_unassigned",
        "patrol_task",
        ["due_on"],
        unique=False,
        postgresql_where=sa.text("person_id IS NULL"),
        sqlite_where=sa.text("person_id IS NULL"),
    )
    op.create_table(
        "patrol_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("performer", sa.String(length=12), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_window")),
        sa.UniqueConstraint(
            "kind",
            "performer",
            "start_on",
            "end_on",
            name=op.f("uq_patrol_window_kind_performer_start_on_end_on"),
        ),
    )
    op.create_table(
        "checklist_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checklist_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checklist_id"],
            ["checklist.id"],
            name=op.f("fk_checklist_version_checklist_id_checklist"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_version")),
        sa.UniqueConstraint(
            "checklist_id", "number", name=op.f("uq_checklist_version_checklist_id_number")
        ),
    )


def downgrade() -> None:
    op.drop_table("checklist_version")
    op.drop_table("patrol_window")
    op.drop_table("patrol_task")
    op.drop_table("patrol_rule_version")
    op.drop_table("checklist")
