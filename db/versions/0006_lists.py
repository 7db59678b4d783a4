"""Red and black lists (红黑榜)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

List kinds (seeded with the default red and black lists), entries, credit-repair applications
and publication snapshots.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Frozen copy of the defaults (domain/lists.DEFAULT_KINDS at the time of writing):
# name, colour, validity_months, tiered, default_tier, applies_to, grade_indicator, published
_KINDS = (
    ("红色合伙人", "red", 24, False, None, "", "", True),
    ("放心消费示范单位", "red", 36, False, None, "", "", True),
    ("诚信经营示范店", "red", 24, False, None, "", "", True),
    ("无理由退货承诺单位", "red", 12, False, None, "", "", True),
    ("严重违法失信名单", "black", 36, True, "serious", "", "blacklisted", False),
    ("经营异常名录", "black", None, False, None, "企业", "abnormal", False),
    ("经营异常状态", "black", None, False, None, "个体工商户", "abnormal", False),
    ("食品安全黑榜", "black", 12, True, "moderate", "", "blacklisted", True),
    ("消费投诉黑榜", "black", 12, True, "moderate", "", "blacklisted", True),
)


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
    ]


def _str(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False)


def upgrade() -> None:
    kind = op.create_table(
        "list_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        _str("name", 40),
        _str("colour", 5),
        sa.Column("validity_months", sa.Integer(), nullable=True),
        sa.Column("tiered", sa.Boolean(), nullable=False),
        _str("default_tier", 10, nullable=True),
        _str("applies_to", 10),
        _str("grade_indicator", 20),
        sa.Column("published_by_station", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _text("note"),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_kind")),
        sa.UniqueConstraint("name", name=op.f("uq_list_kind_name")),
    )
    op.create_table(
        "list_publication",
        sa.Column("id", sa.Integer(), nullable=False),
        _str("period", 10),
        _str("title", 200),
        _text("kinds"),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("generated_at", station_app.data.types.UtcDateTime(), nullable=False),
        _str("generated_by", 40),
        _text("payload"),
        _str("sha256", 64),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_publication")),
    )
    op.create_index("ix_list_publication_period", "list_publication", ["period"])
    op.create_table(
        "list_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        _str("status", 10),
        _str("source", 10),
        _text("reason"),
        _str("public_summary", 200),
        _text("legal_basis"),
        _str("decision_no", 60),
        _str("authority", 100),
        _str("tier", 10, nullable=True),
        sa.Column("listed_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        _str("proposed_by", 40),
        sa.Column("proposed_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        _str("approved_by", 100),
        sa.Column("approved_at", station_app.data.types.UtcDateTime(), nullable=True),
        _text("refusal_reason"),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("publication_id", sa.Integer(), nullable=True),
        sa.Column("removed_on", sa.Date(), nullable=True),
        _str("removal_way", 10, nullable=True),
        _text("removal_basis"),
        _str("removed_by", 40),
        *_versioned(),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_list_entry_entity_id_entity")
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"], ["list_kind.id"], name=op.f("fk_list_entry_kind_id_list_kind")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["app_user.id"], name=op.f("fk_list_entry_proposed_by_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["app_user.id"], name=op.f("fk_list_entry_approved_by_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["list_publication.id"],
            name=op.f("fk_list_entry_publication_id_list_publication"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_entry")),
    )
    for col in ("entity_id", "kind_id", "status", "valid_until", "listed_on"):
        op.create_index(f"ix_list_entry_{col}", "list_entry", [col])
    op.create_table(
        "list_repair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        _str("status", 10),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("earliest_on", sa.Date(), nullable=False),
        sa.Column("deadline_on", sa.Date(), nullable=False),
        _text("statement"),
        _str("registered_by", 40),
        _text("check_note"),
        sa.Column("checked_on", sa.Date(), nullable=True),
        _str("checked_by", 40),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        _str("decided_by", 40),
        _text("decision_note"),
        *_versioned(),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["list_entry.id"], name=op.f("fk_list_repair_entry_id_list_entry")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["app_user.id"], name=op.f("fk_list_repair_decided_by_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_repair")),
    )
    op.create_index("ix_list_repair_entry_id", "list_repair", ["entry_id"])
    op.create_index("ix_list_repair_status", "list_repair", ["status"])

    now = datetime.now(UTC)
    op.bulk_insert(
        kind,
        [
            {
                "name": name,
                "colour": colour,
                "validity_months": months,
                "tiered": tiered,
                "default_tier": tier,
                "applies_to": applies,
                "grade_indicator": indicator,
                "published_by_station": published,
                "sort_order": i * 10,
                "active": True,
                "note": "",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for i, (name, colour, months, tiered, tier, applies, indicator, published) in enumerate(
                _KINDS, start=1
            )
        ],
    )


def downgrade() -> None:
    op.drop_table("list_repair")
    op.drop_table("list_entry")
    op.drop_table("list_publication")
    op.drop_table("list_kind")
