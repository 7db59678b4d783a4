"""Campaign checks and 回头看 are patrol records (#15): the links become foreign keys

Revision ID: 0060
Revises: 0050
Create Date: 2026-12-02

docs/areas/campaigns.md §2 "0032 — checks and revisits", written now that the patrols tables
are on the branch: ``draw_object.record_id``, ``campaign_target.record_id`` and
``campaign_revisit.record_id`` → ``patrol_record``, ``campaign_revisit.hazard_id`` →
``hazard``; ``campaign_revisit`` becomes versioned (a waiver is checked against the version
the user saw); the link table ``campaign_check`` (a patrol record → its campaign, target and,
for a 回头看, the revisit it answers) and ``campaign_check_department`` (who joined that
visit). SQLite recreates the three tables (batch mode) with foreign keys deferred to the
commit, since other tables refer to them.
"""

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0060"
down_revision = "0055"
branch_labels = None
depends_on = None

LINKS = (
    ("draw_object", "record_id", "patrol_record"),
    ("campaign_target", "record_id", "patrol_record"),
    ("campaign_revisit", "record_id", "patrol_record"),
    ("campaign_revisit", "hazard_id", "hazard"),
)


def _fk(table: str, column: str, referent: str) -> str:
    return f"fk_{table}_{column}_{referent}"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA defer_foreign_keys=ON")
    with op.batch_alter_table("campaign_revisit") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        for name in ("created_at", "updated_at"):
            batch.add_column(
                sa.Column(
                    name,
                    station_app.data.types.UtcDateTime(),
                    nullable=False,
                    server_default=sa.func.current_timestamp(),
                )
            )
    for table in ("draw_object", "campaign_target", "campaign_revisit"):
        with op.batch_alter_table(table) as batch:
            for t, column, referent in LINKS:
                if t == table:
                    batch.create_foreign_key(
                        op.f(_fk(t, column, referent)), referent, [column], ["id"]
                    )
    op.create_table(
        "campaign_check",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("revisit_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["patrol_record.id"],
            name=op.f("fk_campaign_check_record_id_patrol_record"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_check_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["campaign_target.id"],
            name=op.f("fk_campaign_check_target_id_campaign_target"),
        ),
        sa.ForeignKeyConstraint(
            ["revisit_id"],
            ["campaign_revisit.id"],
            name=op.f("fk_campaign_check_revisit_id_campaign_revisit"),
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_campaign_check")),
    )
    op.create_index(
        "ix_campaign_check_campaign_id_target_id", "campaign_check", ["campaign_id", "target_id"]
    )
    op.create_table(
        "campaign_check_department",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["campaign_check.record_id"],
            name=op.f("fk_campaign_check_department_record_id_campaign_check"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_campaign_check_department_department_id_department"),
        ),
        sa.PrimaryKeyConstraint(
            "record_id", "department_id", name=op.f("pk_campaign_check_department")
        ),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA defer_foreign_keys=ON")
    op.drop_table("campaign_check_department")
    op.drop_index("ix_campaign_check_campaign_id_target_id", table_name="campaign_check")
    op.drop_table("campaign_check")
    for table in ("campaign_revisit", "campaign_target", "draw_object"):
        with op.batch_alter_table(table) as batch:
            for t, column, referent in LINKS:
                if t == table:
                    batch.drop_constraint(op.f(_fk(t, column, referent)), type_="foreignkey")
    with op.batch_alter_table("campaign_revisit") as batch:
        for name in ("updated_at", "created_at", "version"):
            batch.drop_column(name)
