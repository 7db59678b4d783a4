"""Sweep actions' plans (扫街行动: 定人、定社区): the fixed team and communities of a campaign

Revision ID: 0033
Revises: 0031
Create Date: 2026-12-02

A sweep action is a campaign of kind ``sweep`` (0030) whose period is its day; these tables
hold its team (roster people or users, in order) and its communities. Attaching the existing
扫街纳管 captures to actions (``sweep_capture.action_id`` and the data step of
docs/areas/campaigns.md §2) is not part of this revision. 0032 stays reserved for the links to
the patrols area's records and hazards.
"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_member",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_member_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_campaign_member_person_id_person")
        ),
        sa.PrimaryKeyConstraint("campaign_id", "position", name=op.f("pk_campaign_member")),
    )
    op.create_table(
        "campaign_community",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_community_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_campaign_community_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("campaign_id", "community_id", name=op.f("pk_campaign_community")),
    )


def downgrade() -> None:
    op.drop_table("campaign_community")
    op.drop_table("campaign_member")
