"""Pinyin search keys of the complainant's name (投诉人拼音检索)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

Two columns beside ``complaint.complainant_name``, as for entities and persons: the initials of
every reading combination (多音字, space-separated) and the full pinyin, so "zxm" or
"zhangxiaoming" finds 张小明 in the complaint list. Existing complaints are filled here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_BATCH = 500


def upgrade() -> None:
    op.add_column(
        "complaint",
        sa.Column("complainant_initials", sa.String(length=200), nullable=False, server_default=""),
    )
    op.add_column(
        "complaint",
        sa.Column("complainant_pinyin", sa.String(length=200), nullable=False, server_default=""),
    )
    _fill()


def _fill() -> None:
    from station_app.domain import pinyin

    complaint = sa.table(
        "complaint",
        sa.column("id", sa.Integer),
        sa.column("complainant_name", sa.String),
        sa.column("complainant_initials", sa.String),
        sa.column("complainant_pinyin", sa.String),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(complaint.c.id, complaint.c.complainant_name)).all()
    update = (
        complaint.update()
        .where(complaint.c.id == sa.bindparam("row_id"))
        .values(
            complainant_initials=sa.bindparam("initials"),
            complainant_pinyin=sa.bindparam("full"),
        )
    )
    for i in range(0, len(rows), _BATCH):
        bind.execute(
            update,
            [
                {
                    "row_id": cid,
                    "initials": pinyin.initials_variants(name or ""),
                    "full": pinyin.full(name or "")[:200],
                }
                for cid, name in rows[i : i + _BATCH]
            ],
        )


def downgrade() -> None:
    # plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch copy would drop and recreate the
    # table, and with foreign keys on, dropping it deletes the mediators, sessions and terms
    op.drop_column("complaint", "complainant_pinyin")
    op.drop_column("complaint", "complainant_initials")
