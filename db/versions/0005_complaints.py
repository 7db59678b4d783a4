"""Complaints and mediation (投诉调解)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

Service stations, complaints with mediators, sessions and agreed terms, issued documents,
the holiday table (节假日调整) and the yearly document-number counters.
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
    ]


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False)


def _str(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "service_station",
        sa.Column("id", sa.Integer(), nullable=False),
        _str("name", 100),
        _str("kind", 10),
        _str("place", 200),
        _str("community", 100),
        _str("contact_name", 60),
        _str("contact_phone", 40),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_station")),
        sa.UniqueConstraint("name", name=op.f("uq_service_station_name")),
    )
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        _str("number", 30),
        _str("channel", 10),
        sa.Column("received_on", sa.Date(), nullable=False),
        _str("complainant_name", 60),
        _str("complainant_phone", 40),
        _str("complainant_address", 300),
        _str("complainant_id_type", 20),
        _str("complainant_id_number", 40),
        _str("agent_name", 60),
        _str("agent_phone", 40),
        sa.Column("agent_authorised", sa.Boolean(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        _str("respondent_name", 200),
        _str("respondent_address", 300),
        _str("respondent_uscc", 18),
        _str("respondent_contact", 60),
        _str("respondent_phone", 40),
        _str("goods", 200),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        _str("place", 200),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        _str("claim", 10),
        _text("claim_detail"),
        _text("facts"),
        sa.Column("service_station_id", sa.Integer(), nullable=True),
        _str("status", 10),
        sa.Column("decided_on", sa.Date(), nullable=True),
        _str("refusal_ground", 2),
        _text("refusal_note"),
        sa.Column("acceptance_due", sa.Date(), nullable=False),
        sa.Column("mediation_due", sa.Date(), nullable=True),
        sa.Column("notice_due", sa.Date(), nullable=True),
        _text("deadline_warning"),
        _str("rules_name", 100),
        _str("mediation_way", 4),
        sa.Column("result_on", sa.Date(), nullable=True),
        _str("termination_reason", 2),
        _text("termination_note"),
        sa.Column("notice_on", sa.Date(), nullable=True),
        _text("performance_method"),
        sa.Column("performed_on_spot", sa.Boolean(), nullable=False),
        sa.Column("money_recovered_fen", sa.BigInteger(), nullable=False),
        _str("performance_status", 6),
        _text("performance_note"),
        sa.Column("performance_checked_on", sa.Date(), nullable=True),
        sa.Column("visit_on", sa.Date(), nullable=True),
        _str("visit_way", 4),
        _str("visit_process", 6),
        _str("visit_result", 6),
        _text("visit_note"),
        sa.Column("closed_on", sa.Date(), nullable=True),
        *_versioned(),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            ondelete="SET NULL",
            name=op.f("fk_complaint_entity_id_entity"),
        ),
        sa.ForeignKeyConstraint(
            ["service_station_id"],
            ["service_station.id"],
            ondelete="SET NULL",
            name=op.f("fk_complaint_service_station_id_service_station"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint")),
        sa.UniqueConstraint("number", name=op.f("uq_complaint_number")),
    )
    for column in (
        "received_on",
        "status",
        "channel",
        "entity_id",
        "service_station_id",
        "result_on",
    ):
        op.create_index(f"ix_complaint_{column}", "complaint", [column])

    op.create_table(
        "complaint_mediator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        _str("name", 60),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("related_to_party", sa.Boolean(), nullable=False),
        sa.Column("declared_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            ondelete="CASCADE",
            name=op.f("fk_complaint_mediator_complaint_id_complaint"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            ondelete="SET NULL",
            name=op.f("fk_complaint_mediator_user_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_mediator")),
    )
    op.create_index("ix_complaint_mediator_complaint_id", "complaint_mediator", ["complaint_id"])
    op.create_table(
        "mediation_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        _str("way", 4),
        _str("place", 200),
        _text("notes"),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            ondelete="CASCADE",
            name=op.f("fk_mediation_session_complaint_id_complaint"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_session")),
    )
    op.create_index("ix_mediation_session_complaint_id", "mediation_session", ["complaint_id"])
    op.create_table(
        "agreement_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        _str("kind", 6),
        _text("description"),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        _str("method", 200),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            ondelete="CASCADE",
            name=op.f("fk_agreement_term_complaint_id_complaint"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_term")),
        sa.UniqueConstraint("complaint_id", "seq", name=op.f("uq_agreement_term_complaint_id_seq")),
    )
    op.create_table(
        "complaint_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        _str("kind", 20),
        _str("number", 60),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", station_app.data.types.UtcDateTime(), nullable=False),
        _str("issued_by", 40),
        sa.Column("prints", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            ondelete="CASCADE",
            name=op.f("fk_complaint_document_complaint_id_complaint"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_document")),
        sa.UniqueConstraint(
            "complaint_id", "kind", name=op.f("uq_complaint_document_complaint_id_kind")
        ),
    )
    op.create_table(
        "holiday_override",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_workday", sa.Boolean(), nullable=False),
        _str("note", 100),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_holiday_override")),
    )
    op.create_table(
        "doc_counter",
        _str("kind", 20),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "year", name=op.f("pk_doc_counter")),
    )


def downgrade() -> None:
    for table in (
        "doc_counter",
        "holiday_override",
        "complaint_document",
        "agreement_term",
        "mediation_session",
        "complaint_mediator",
        "complaint",
        "service_station",
    ):
        op.drop_table(table)
