"""Violations linked to the patrol record and hazard they were raised from

Revision ID: 0063
Revises: 0050
Create Date: 2026-12-02

``violation.patrol_id`` (a nullable integer kept for the patrols area until it landed) becomes
a foreign key to ``patrol_record`` and ``violation.hazard_id`` is added (the hazard the
violation was raised from); both ``SET NULL`` so a record's removal never takes a violation
with it. Indexed: the patrol record and the hazard show the violations raised from them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0063"
down_revision = "0060"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("violation") as batch:
        batch.add_column(sa.Column("hazard_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_violation_patrol_id_patrol_record"),
            "patrol_record",
            ["patrol_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            op.f("fk_violation_hazard_id_hazard"),
            "hazard",
            ["hazard_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_index("ix_violation_patrol_id", "violation", ["patrol_id"], unique=False)
    op.create_index("ix_violation_hazard_id", "violation", ["hazard_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_violation_hazard_id", table_name="violation")
    op.drop_index("ix_violation_patrol_id", table_name="violation")
    with op.batch_alter_table("violation") as batch:
        batch.drop_constraint(op.f("fk_violation_hazard_id_hazard"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_violation_patrol_id_patrol_record"), type_="foreignkey")
        batch.drop_column("hazard_id")
