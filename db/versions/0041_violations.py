"""Violations and lenient enforcement (违法行为与包容审慎)

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-02

Violation types and the leniency listings (国市监法〔2025〕10号 seeded from
``domain/violations/types``), violations with their decisions, guidance (行政指导) and
interviews (行政约谈) (issue #20).
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "violation_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("provision", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violation_type")),
        sa.UniqueConstraint("code", name=op.f("uq_violation_type_code")),
    )
    op.create_table(
        "leniency_listing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("list_kind", sa.String(length=10), nullable=False),
        sa.Column("document", sa.String(length=100), nullable=False),
        sa.Column("list_name", sa.String(length=200), nullable=False),
        sa.Column("item_no", sa.Integer(), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["violation_type.id"],
            name=op.f("fk_leniency_listing_type_id_violation_type"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leniency_listing")),
    )
    op.create_index("ix_leniency_listing_type_id", "leniency_listing", ["type_id"], unique=False)
    op.create_table(
        "violation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=True),
        sa.Column("type_code", sa.String(length=30), nullable=False),
        sa.Column("type_name", sa.String(length=200), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("patrol_id", sa.Integer(), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("harm", sa.String(length=10), nullable=False),
        sa.Column("ordered_on", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("rectified_on", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(length=12), nullable=True),
        sa.Column("ground", sa.String(length=10), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_no", sa.String(length=60), nullable=True),
        sa.Column("fine_fen", sa.BigInteger(), nullable=True),
        sa.Column("warning", sa.Boolean(), nullable=False),
        sa.Column("transfer_to", sa.String(length=20), nullable=False),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.Column("check", sa.Text(), nullable=False),
        sa.Column("provision", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=40), nullable=False),
        sa.Column("decided_by", sa.String(length=40), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_violation_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["violation_type.id"],
            name=op.f("fk_violation_type_id_violation_type"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violation")),
        sa.UniqueConstraint("decision_no", name=op.f("uq_violation_decision_no")),
    )
    op.create_index(
        "ix_violation_decision_decided_on", "violation", ["decision", "decided_on"], unique=False
    )
    op.create_index(
        "ix_violation_entity_id_type_code_found_on",
        "violation",
        ["entity_id", "type_code", "found_on"],
        unique=False,
    )
    op.create_index("ix_violation_found_on", "violation", ["found_on"], unique=False)
    op.create_table(
        "guidance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("violation_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("matters", sa.Text(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("reply_by", sa.Date(), nullable=True),
        sa.Column("issued_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_guidance_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["violation_id"],
            ["violation.id"],
            name=op.f("fk_guidance_violation_id_violation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_guidance_visit_id_visit"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guidance")),
        sa.UniqueConstraint("number", name=op.f("uq_guidance_number")),
    )
    op.create_index("ix_guidance_entity_id", "guidance", ["entity_id"], unique=False)
    op.create_index("ix_guidance_issued_on", "guidance", ["issued_on"], unique=False)
    op.create_table(
        "interview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("interviewers", sa.Text(), nullable=False),
        sa.Column("interviewees", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("commitments", sa.Text(), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("follow_up_note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_interview_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview")),
    )
    op.create_index("ix_interview_day", "interview", ["day"], unique=False)
    op.create_index("ix_interview_entity_id_day", "interview", ["entity_id", "day"], unique=False)
    _seed()


def downgrade() -> None:
    op.drop_table("interview")
    op.drop_table("guidance")
    op.drop_table("violation")
    op.drop_table("leniency_listing")
    op.drop_table("violation_type")


def _seed() -> None:
    """The station's starting list: the seed types and the national listings as data."""
    import json

    from station_app.domain.violations.types import SEED_LISTINGS, SEED_TYPES

    now = datetime.now(UTC)
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    types = sa.table(
        "violation_type",
        *(sa.column(c) for c in ("id", "code", "name", "category", "provision", "basis")),
        *(sa.column(c) for c in ("active", "note", "version", "created_at", "updated_at")),
    )
    ids = {t.code: n for n, t in enumerate(SEED_TYPES, 1)}
    op.bulk_insert(
        types,
        [
            {"id": ids[t.code], "code": t.code, "name": t.name, "category": t.category,
             "provision": t.provision, "basis": t.basis, "active": t.active, "note": t.note,
             **stamp}
            for t in SEED_TYPES
        ],
    )  # fmt: skip
    cols = ("id", "type_id", "list_kind", "document", "list_name", "item_no", "conditions")
    listings = sa.table(
        "leniency_listing",
        *(sa.column(c) for c in cols),
        *(sa.column(c) for c in ("effective_from", "effective_to", "version")),
        *(sa.column(c) for c in ("created_at", "updated_at")),
    )
    op.bulk_insert(
        listings,
        [
            {"id": n, "type_id": ids[x.type_code], "list_kind": x.list_kind,
             "document": x.document, "list_name": x.list_name, "item_no": x.item_no,
             "conditions": json.dumps(list(x.conditions), ensure_ascii=False),
             "effective_from": x.effective_from, "effective_to": x.effective_to, **stamp}
            for n, x in enumerate(SEED_LISTINGS, 1)
        ],
    )  # fmt: skip
    if op.get_context().dialect.name == "postgresql":  # ids given: move the sequences on
        for table in ("violation_type", "leniency_listing"):
            op.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
