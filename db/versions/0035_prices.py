"""Price monitoring (价格监测)

Revision ID: 0035
Revises: 0033
Create Date: 2026-12-01

Price monitoring (#19, docs/areas/prices.md §2): subjects, groups, observations (append-only,
voided with a reason), local events, rule versions, 价格提醒告诫书, flags; and the rule in force on
a new database (series 1, version 1: during holiday windows, more than 50 % above the 30 days
before the window, holidays left out — ``domain/prices/rules.DEFAULT_RULE``).
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0035"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "price_subject",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("market", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("posted_fen", sa.BigInteger(), nullable=True),
        sa.Column("filed_fen", sa.BigInteger(), nullable=True),
        sa.Column("district", sa.String(length=40), nullable=False),
        sa.Column("klass", sa.String(length=10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_price_subject_entity_id_entity"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_subject")),
        sa.UniqueConstraint("entity_id", "name", name="uq_price_subject_entity_id_name"),
    )
    op.create_index("ix_price_subject_entity_id", "price_subject", ["entity_id"], unique=False)
    op.create_index("ix_price_subject_name", "price_subject", ["name"], unique=False)
    op.create_table(
        "price_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_group")),
        sa.UniqueConstraint("name", name=op.f("uq_price_group_name")),
    )
    op.create_table(
        "price_group_member",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["price_group.id"],
            name=op.f("fk_price_group_member_group_id_price_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["price_subject.id"],
            name=op.f("fk_price_group_member_subject_id_price_subject"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "subject_id", name=op.f("pk_price_group_member")),
    )
    op.create_index(
        "ix_price_group_member_subject_id", "price_group_member", ["subject_id"], unique=False
    )
    op.create_table(
        "price_observation",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("observed_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("price_fen", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("platform", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("batch", sa.String(length=60), nullable=False),
        sa.Column("recorded_by", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("voided_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("voided_by", sa.String(length=40), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column(
            "corrects_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["price_observation.id"],
            name=op.f("fk_price_observation_corrects_id_price_observation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["price_subject.id"],
            name=op.f("fk_price_observation_subject_id_price_subject"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_observation")),
    )
    op.create_index(
        "ix_price_observation_day_subject_id_price_fen",
        "price_observation",
        ["day", "subject_id", "price_fen"],
        unique=False,
    )
    op.create_index(
        "ix_price_observation_subject_id_day",
        "price_observation",
        ["subject_id", "day"],
        unique=False,
    )
    op.create_table(
        "price_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_event")),
    )
    op.create_index("ix_price_event_first_day", "price_event", ["first_day"], unique=False)
    op.create_table(
        "price_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("days", sa.String(length=12), nullable=False),
        sa.Column("period_first", sa.Date(), nullable=True),
        sa.Column("period_last", sa.Date(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("retired_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_rule")),
        sa.UniqueConstraint("series", "version", name="uq_price_rule_series_version"),
    )
    op.create_index("ix_price_rule_retired_at", "price_rule", ["retired_at"], unique=False)
    op.create_table(
        "price_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("entity_name", sa.String(length=200), nullable=False),
        sa.Column("issued_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("issued_by", sa.String(length=40), nullable=False),
        sa.Column("served_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("served_to", sa.String(length=60), nullable=False),
        sa.Column("served_way", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_price_letter_entity_id_entity"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_letter")),
        sa.UniqueConstraint("number", name=op.f("uq_price_letter_number")),
    )
    op.create_index("ix_price_letter_entity_id", "price_letter", ["entity_id"], unique=False)
    op.create_table(
        "price_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "observation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("price_fen", sa.BigInteger(), nullable=False),
        sa.Column("baseline_fen", sa.BigInteger(), nullable=True),
        sa.Column("ratio_bp", sa.Integer(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=6), nullable=False),
        sa.Column("raised_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("state_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("state_by", sa.String(length=40), nullable=False),
        sa.Column("check_note", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("refer_kind", sa.String(length=4), nullable=False),
        sa.Column("refer_ref", sa.String(length=40), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["price_letter.id"],
            name=op.f("fk_price_flag_letter_id_price_letter"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["price_observation.id"],
            name=op.f("fk_price_flag_observation_id_price_observation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["price_rule.id"], name=op.f("fk_price_flag_rule_id_price_rule")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["price_subject.id"],
            name=op.f("fk_price_flag_subject_id_price_subject"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_flag")),
        sa.UniqueConstraint(
            "rule_id", "subject_id", "day", name="uq_price_flag_rule_id_subject_id_day"
        ),
    )
    op.create_index("ix_price_flag_day", "price_flag", ["day"], unique=False)
    op.create_index("ix_price_flag_state", "price_flag", ["state"], unique=False)
    op.create_index(
        "ix_price_flag_subject_id_day", "price_flag", ["subject_id", "day"], unique=False
    )

    rule = sa.table(
        "price_rule",
        sa.column("series", sa.Integer),
        sa.column("version", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("name", sa.String),
        sa.column("params", sa.Text),
        sa.column("days", sa.String),
        sa.column("scope", sa.Text),
        sa.column("active", sa.Boolean),
        sa.column("created_at", station_app.data.types.UtcDateTime()),
        sa.column("created_by", sa.String),
        sa.column("reason", sa.Text),
    )
    op.bulk_insert(
        rule,
        [
            {
                "series": 1,
                "version": 1,
                "kind": "baseline_rise",
                "name": "节假日涨幅>50%",
                "params": '{"days_before": 30, "exclude_windows": true, "k": "1.5", "min_observations": 3}',
                "days": "节假日及活动期间",
                "scope": '{"classes": [], "group_id": null, "subject_kind": null}',
                "active": True,
                "created_at": datetime(2026, 12, 1, tzinfo=UTC),
                "created_by": "system",
                "reason": "新数据库的默认规则（#19）",
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("price_flag")
    op.drop_table("price_letter")
    op.drop_table("price_rule")
    op.drop_table("price_event")
    op.drop_table("price_observation")
    op.drop_table("price_group_member")
    op.drop_table("price_group")
    op.drop_table("price_subject")
