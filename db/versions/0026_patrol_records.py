"""Patrols: records, inspectors, attachments, hazards, re-checks, notices, samplings

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-02

A visit's record with its checklist answers and inspectors, the hazards it found with
rectification and re-checks, 责令改正通知书, and sampling results on the entity.
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "patrol_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("checklist_version_id", sa.Integer(), nullable=True),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("result", sa.String(length=8), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("present_party", sa.String(length=40), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("entered_by", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checklist_version_id"],
            ["checklist_version.id"],
            name=op.f("fk_patrol_record_checklist_version_id_checklist_version"),
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_patrol_record_entity_id_entity")
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"],
            ["grid.id"],
            name=op.f("fk_patrol_record_grid_id_grid"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["patrol_record.id"],
            name=op.f("fk_patrol_record_parent_id_patrol_record"),
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["patrol_task.id"],
            name=op.f("fk_patrol_record_task_id_patrol_task"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_record")),
    )
    op.create_index(
        "ix_patrol_record_day_cover",
        "patrol_record",
        ["day", "entity_id", "source", "result"],
        unique=False,
    )
    op.create_index(
        "ix_patrol_record_entity_id_day", "patrol_record", ["entity_id", "day"], unique=False
    )
    op.create_index(
        "ix_patrol_record_source_reference", "patrol_record", ["source", "reference"], unique=False
    )
    op.create_index("ix_patrol_record_task_id", "patrol_record", ["task_id"], unique=False)
    op.create_table(
        "sampling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("sampled_on", sa.Date(), nullable=False),
        sa.Column("product", sa.String(length=60), nullable=False),
        sa.Column("batch", sa.String(length=40), nullable=False),
        sa.Column("qualified", sa.Boolean(), nullable=False),
        sa.Column("failed_items", sa.Text(), nullable=False),
        sa.Column("report_no", sa.String(length=40), nullable=False),
        sa.Column("agency", sa.String(length=60), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_sampling_entity_id_entity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sampling")),
    )
    op.create_index(
        "ix_sampling_entity_id_sampled_on", "sampling", ["entity_id", "sampled_on"], unique=False
    )
    op.create_index("ix_sampling_sampled_on", "sampling", ["sampled_on"], unique=False)
    op.create_table(
        "patrol_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("mime", sa.String(length=30), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["patrol_record.id"],
            name=op.f("fk_patrol_attachment_record_id_patrol_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_attachment")),
    )
    op.create_index(
        "ix_patrol_attachment_record_id", "patrol_attachment", ["record_id"], unique=False
    )
    op.create_table(
        "patrol_record_inspector",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_patrol_record_inspector_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["patrol_record.id"],
            name=op.f("fk_patrol_record_inspector_record_id_patrol_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", "position", name=op.f("pk_patrol_record_inspector")),
    )
    op.create_index(
        "ix_patrol_record_inspector_person_id",
        "patrol_record_inspector",
        ["person_id"],
        unique=False,
    )
    op.create_table(
        "rectification_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("issued_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_rectification_notice_entity_id_entity")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["patrol_record.id"],
            name=op.f("fk_rectification_notice_record_id_patrol_record"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_notice")),
        sa.UniqueConstraint("number", name=op.f("uq_rectification_notice_number")),
    )
    op.create_index(
        "ix_rectification_notice_entity_id", "rectification_notice", ["entity_id"], unique=False
    )
    op.create_table(
        "hazard",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("severity", sa.String(length=4), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("item_key", sa.String(length=30), nullable=False),
        sa.Column("found_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("rechecks", sa.SmallInteger(), nullable=False),
        sa.Column("recheck_task_id", sa.Integer(), nullable=True),
        sa.Column("notice_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", station_app.data.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closed_record_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["closed_record_id"],
            ["patrol_record.id"],
            name=op.f("fk_hazard_closed_record_id_patrol_record"),
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_hazard_entity_id_entity")
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["rectification_notice.id"],
            name=op.f("fk_hazard_notice_id_rectification_notice"),
        ),
        sa.ForeignKeyConstraint(
            ["recheck_task_id"],
            ["patrol_task.id"],
            name=op.f("fk_hazard_recheck_task_id_patrol_task"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["patrol_record.id"], name=op.f("fk_hazard_record_id_patrol_record")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazard")),
    )
    op.create_index("ix_hazard_entity_id_state", "hazard", ["entity_id", "state"], unique=False)
    op.create_index("ix_hazard_found_on", "hazard", ["found_on"], unique=False)
    op.create_index("ix_hazard_record_id", "hazard", ["record_id"], unique=False)
    op.create_index("ix_hazard_state_deadline", "hazard", ["state", "deadline"], unique=False)
    op.create_table(
        "hazard_recheck",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("hazard_id", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("new_deadline", sa.Date(), nullable=True),
        sa.Column("transferred", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hazard_id"], ["hazard.id"], name=op.f("fk_hazard_recheck_hazard_id_hazard")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["patrol_record.id"],
            name=op.f("fk_hazard_recheck_record_id_patrol_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", "hazard_id", name=op.f("pk_hazard_recheck")),
    )
    op.create_index("ix_hazard_recheck_hazard_id", "hazard_recheck", ["hazard_id"], unique=False)


def downgrade() -> None:
    op.drop_table("hazard_recheck")
    op.drop_table("hazard")
    op.drop_table("rectification_notice")
    op.drop_table("patrol_record_inspector")
    op.drop_table("patrol_attachment")
    op.drop_table("sampling")
    op.drop_table("patrol_record")
