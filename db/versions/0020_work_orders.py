"""Work orders on an hour clock (工单, issue #14)

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-02

``work_order`` (the order; its state, assignee, timestamps and clock columns are a cache of
the log), ``order_event`` (the log: appended, never changed), ``order_supervision`` (督办,
双督办) and ``person_user`` (a roster person linked to a user: a grid worker signs in as
themselves).
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0020"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_user",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_user_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_person_user_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_user")),
        sa.UniqueConstraint("user_id", name=op.f("uq_person_user_user_id")),
    )
    op.create_table(
        "work_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("platform_no", sa.String(length=40), nullable=True),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("subject_name", sa.String(length=200), nullable=False),
        sa.Column("subject_address", sa.String(length=300), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("requester_name", sa.String(length=60), nullable=False),
        sa.Column("requester_phone", sa.String(length=40), nullable=False),
        sa.Column("real_name", sa.Boolean(), nullable=False),
        sa.Column("reporter_person_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("next_clock", sa.String(length=10), nullable=False),
        sa.Column("next_due_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("rework", sa.Integer(), nullable=False),
        sa.Column("lead_level", sa.Integer(), nullable=False),
        sa.Column("assignee_user_id", sa.Integer(), nullable=True),
        sa.Column("assignee_person_id", sa.Integer(), nullable=True),
        sa.Column("assignee_name", sa.String(length=40), nullable=False),
        sa.Column("received_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("dispatched_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("responded_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("onsite_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("handled_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("fed_back_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("confirmed_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("closed_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("response_24h", sa.Boolean(), nullable=True),
        sa.Column("on_time", sa.Boolean(), nullable=True),
        sa.Column("same_day", sa.Boolean(), nullable=False),
        sa.Column("visited_at", station_app.data.types.UtcDateTime(), nullable=True),
        sa.Column("process_satisfaction", sa.String(length=10), nullable=False),
        sa.Column("result_satisfaction", sa.String(length=10), nullable=False),
        sa.Column("reasonable", sa.Boolean(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_person_id"],
            ["person.id"],
            name=op.f("fk_work_order_assignee_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["assignee_user_id"],
            ["app_user.id"],
            name=op.f("fk_work_order_assignee_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["complaint.id"],
            name=op.f("fk_work_order_case_id_complaint"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_work_order_entity_id_entity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grid.id"], name=op.f("fk_work_order_grid_id_grid"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["reporter_person_id"],
            ["person.id"],
            name=op.f("fk_work_order_reporter_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order")),
        sa.UniqueConstraint("kind", "platform_no", name="uq_work_order_kind_platform_no"),
        sa.UniqueConstraint("number", name=op.f("uq_work_order_number")),
    )
    op.create_index("ix_work_order_grid_id", "work_order", ["grid_id"], unique=False)
    op.create_index("ix_work_order_platform_no", "work_order", ["platform_no"], unique=False)
    op.create_index("ix_work_order_received_at", "work_order", ["received_at"], unique=False)
    op.create_index(
        "ix_work_order_state_next_due_at", "work_order", ["state", "next_due_at"], unique=False
    )
    op.create_table(
        "order_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("recorded_at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["work_order.id"],
            name=op.f("fk_order_event_order_id_work_order"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_order_event_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_event")),
        sa.UniqueConstraint("order_id", "seq", name="uq_order_event_order_id_seq"),
    )
    op.create_table(
        "order_supervision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("doc_number", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("station_side", sa.String(length=60), nullable=False),
        sa.Column("community_side", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", station_app.data.types.UtcDateTime(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["work_order.id"],
            name=op.f("fk_order_supervision_order_id_work_order"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_supervision")),
    )
    op.create_index(
        "ix_order_supervision_order_id", "order_supervision", ["order_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_order_supervision_order_id", table_name="order_supervision")
    op.drop_table("order_supervision")
    op.drop_table("order_event")
    for name in ("state_next_due_at", "received_at", "platform_no", "grid_id"):
        op.drop_index(f"ix_work_order_{name}", table_name="work_order")
    op.drop_table("work_order")
    op.drop_table("person_user")
