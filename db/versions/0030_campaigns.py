"""Campaigns (专项行动): departments, campaigns, their targets and 回头看

Revision ID: 0030
Revises: 0016
Create Date: 2026-12-02

The joining-department directory (seeded with the usual departments), campaigns with the
canonical JSON of their target filter and the hashes of filter and list, the frozen target
list (tasks) and the revisits owed. The links to the patrols area's records and hazards
(``record_id``, ``hazard_id``) are plain nullable integers here; the patrols merge adds the
foreign keys (docs/areas/campaigns.md §2, 0032).
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0030"
down_revision = "0016"
branch_labels = None
depends_on = None

DEPARTMENTS = (
    "公安",
    "城管",
    "消防",
    "教育",
    "卫健",
    "街道",
    "社区",
    "应急管理",
    "文旅",
    "商务",
    "交通运输",
    "住建",
)


def upgrade() -> None:
    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("name", name=op.f("uq_department_name")),
    )
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("lead_person_id", sa.Integer(), nullable=True),
        sa.Column("lead_unit", sa.String(length=60), nullable=False),
        sa.Column("checklist_code", sa.String(length=40), nullable=False),
        sa.Column("target_filter", sa.Text(), nullable=False),
        sa.Column("filter_hash", sa.String(length=64), nullable=False),
        sa.Column("filter_name", sa.String(length=40), nullable=False),
        sa.Column("filter_as_of", sa.Date(), nullable=False),
        sa.Column("target_hash", sa.String(length=64), nullable=False),
        sa.Column("sample_ratio", sa.String(length=10), nullable=False),
        sa.Column("sample_delay_days", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("closed_at", station_app.data.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=40), nullable=False),
        sa.Column("close_note", sa.Text(), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_person_id"], ["person.id"], name=op.f("fk_campaign_lead_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
        sa.UniqueConstraint("number", name=op.f("uq_campaign_number")),
    )
    op.create_index("ix_campaign_kind_first_day", "campaign", ["kind", "first_day"], unique=False)
    op.create_index("ix_campaign_state_last_day", "campaign", ["state", "last_day"], unique=False)
    op.create_table(
        "campaign_department",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_department_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_campaign_department_department_id_department"),
        ),
        sa.PrimaryKeyConstraint(
            "campaign_id", "department_id", name=op.f("pk_campaign_department")
        ),
    )
    op.create_table(
        "campaign_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("added_reason", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("removed_reason", sa.Text(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_target_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_campaign_target_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_campaign_target_entity_id_entity")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_campaign_target_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_target")),
        sa.UniqueConstraint(
            "campaign_id", "entity_id", name=op.f("uq_campaign_target_campaign_id_entity_id")
        ),
    )
    op.create_index(
        "ix_campaign_target_campaign_id_person_id",
        "campaign_target",
        ["campaign_id", "person_id"],
        unique=False,
    )
    op.create_index("ix_campaign_target_entity_id", "campaign_target", ["entity_id"], unique=False)
    op.create_table(
        "campaign_revisit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("hazard_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("waived_reason", sa.Text(), nullable=False),
        sa.Column("waived_by", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_revisit_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["campaign_target.id"],
            name=op.f("fk_campaign_revisit_target_id_campaign_target"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_revisit")),
    )
    op.create_index(
        "ix_campaign_revisit_campaign_id_state",
        "campaign_revisit",
        ["campaign_id", "state"],
        unique=False,
    )
    op.create_index(
        "ix_campaign_revisit_state_due_on", "campaign_revisit", ["state", "due_on"], unique=False
    )
    now = datetime.now(UTC)
    table = sa.table(
        "department",
        sa.column("name", sa.String),
        sa.column("position", sa.Integer),
        sa.column("active", sa.Boolean),
        sa.column("note", sa.Text),
        sa.column("version", sa.Integer),
        sa.column("created_at", station_app.data.types.UtcDateTime()),
        sa.column("updated_at", station_app.data.types.UtcDateTime()),
    )
    op.bulk_insert(
        table,
        [
            dict(
                name=n, position=i, active=True, note="", version=1, created_at=now, updated_at=now
            )
            for i, n in enumerate(DEPARTMENTS, 1)
        ],
    )


def downgrade() -> None:
    for name in (
        "campaign_revisit",
        "campaign_target",
        "campaign_department",
        "campaign",
        "department",
    ):
        op.drop_table(name)
