"""双随机 draws: check items, draws with their frozen pools, objects, inspectors, recusals,
left-out objects and the recusal register

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-02

``draw.pool`` holds the pool file (docs/draws.md) compressed with zlib: ``verify`` recomputes a
draw from it. ``draw_object.record_id`` is the patrol record of the check (#15): a plain
nullable integer until the patrols merge adds its foreign key. The station's 抽查事项清单 is
seeded with common items.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import station_app.data.types

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

ITEMS = (
    (
        "食品销售经营者监督检查",
        "《中华人民共和国食品安全法》第一百一十条；《食品生产经营监督检查管理办法》",
    ),
    (
        "餐饮服务提供者监督检查",
        "《中华人民共和国食品安全法》第一百一十条；《食品生产经营监督检查管理办法》",
    ),
    ("特种设备使用单位监督检查", "《中华人民共和国特种设备安全法》第五十七条"),
    ("产品质量监督抽查", "《中华人民共和国产品质量法》第十五条"),
    ("价格行为检查", "《中华人民共和国价格法》第三十四条"),
    ("广告发布行为检查", "《中华人民共和国广告法》第四十九条"),
    ("计量器具使用检查", "《中华人民共和国计量法》"),
    ("药品零售企业监督检查", "《中华人民共和国药品管理法》第九十九条"),
    ("企业公示信息抽查", "《企业信息公示暂行条例》第十四条"),
)


def upgrade() -> None:
    op.create_table(
        "check_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("checklist_code", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_item")),
        sa.UniqueConstraint("name", name=op.f("uq_check_item_name")),
    )
    op.create_table(
        "draw",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("item_name", sa.String(length=100), nullable=False),
        sa.Column("object_filter_name", sa.String(length=40), nullable=False),
        sa.Column("object_filter", sa.Text(), nullable=False),
        sa.Column("inspector_filter_name", sa.String(length=40), nullable=False),
        sa.Column("inspector_filter", sa.Text(), nullable=False),
        sa.Column("grade_basis", sa.String(length=10), nullable=False),
        sa.Column("quotas", sa.Text(), nullable=False),
        sa.Column("min_inspectors", sa.Integer(), nullable=False),
        sa.Column("exclude_months", sa.Integer(), nullable=False),
        sa.Column("drawn_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("draw_time", sa.String(length=19), nullable=False),
        sa.Column("witness_digits", sa.String(length=64), nullable=False),
        sa.Column("witness_name", sa.String(length=60), nullable=False),
        sa.Column("pool_hash", sa.String(length=64), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("algorithm", sa.String(length=30), nullable=False),
        sa.Column("pool_sizes", sa.Text(), nullable=False),
        sa.Column("sizes", sa.Text(), nullable=False),
        sa.Column("inspector_pool_size", sa.Integer(), nullable=False),
        sa.Column("excluded_count", sa.Integer(), nullable=False),
        sa.Column("pool", sa.LargeBinary(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("redraw_of_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.String(length=40), nullable=False),
        sa.Column("run_by", sa.String(length=40), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("published_by", sa.String(length=40), nullable=False),
        sa.Column("publication", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["check_item.id"], name=op.f("fk_draw_item_id_check_item")
        ),
        sa.ForeignKeyConstraint(
            ["redraw_of_id"], ["draw.id"], name=op.f("fk_draw_redraw_of_id_draw")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draw")),
        sa.UniqueConstraint("number", name=op.f("uq_draw_number")),
    )
    op.create_index("ix_draw_drawn_at", "draw", ["drawn_at"], unique=False)
    op.create_index("ix_draw_item_id_state", "draw", ["item_id", "state"], unique=False)
    op.create_table(
        "draw_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=100), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", station_app.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_draw_conflict_entity_id_entity")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_draw_conflict_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draw_conflict")),
    )
    op.create_index("ix_draw_conflict_entity_id", "draw_conflict", ["entity_id"], unique=False)
    op.create_index("ix_draw_conflict_person_id", "draw_conflict", ["person_id"], unique=False)
    op.create_table(
        "draw_excluded",
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("last_clear_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draw_id"], ["draw.id"], name=op.f("fk_draw_excluded_draw_id_draw"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_draw_excluded_entity_id_entity")
        ),
        sa.PrimaryKeyConstraint("draw_id", "entity_id", name=op.f("pk_draw_excluded")),
    )
    op.create_table(
        "draw_inspector",
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("ticket", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["draw_id"],
            ["draw.id"],
            name=op.f("fk_draw_inspector_draw_id_draw"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_draw_inspector_person_id_person")
        ),
        sa.PrimaryKeyConstraint("draw_id", "entity_id", "position", name=op.f("pk_draw_inspector")),
    )
    op.create_index("ix_draw_inspector_person_id", "draw_inspector", ["person_id"], unique=False)
    op.create_table(
        "draw_object",
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=30), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("ticket", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("result_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draw_id"], ["draw.id"], name=op.f("fk_draw_object_draw_id_draw"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_draw_object_entity_id_entity")
        ),
        sa.PrimaryKeyConstraint("draw_id", "entity_id", name=op.f("pk_draw_object")),
    )
    op.create_index("ix_draw_object_entity_id", "draw_object", ["entity_id"], unique=False)
    op.create_table(
        "draw_recusal",
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["draw_id"], ["draw.id"], name=op.f("fk_draw_recusal_draw_id_draw"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_draw_recusal_person_id_person")
        ),
        sa.PrimaryKeyConstraint("draw_id", "entity_id", "person_id", name=op.f("pk_draw_recusal")),
    )
    now = datetime.now(UTC)
    table = sa.table(
        "check_item",
        sa.column("name", sa.String),
        sa.column("basis", sa.Text),
        sa.column("checklist_code", sa.String),
        sa.column("active", sa.Boolean),
        sa.column("version", sa.Integer),
        sa.column("created_at", station_app.data.types.UtcDateTime()),
        sa.column("updated_at", station_app.data.types.UtcDateTime()),
    )
    op.bulk_insert(
        table,
        [
            dict(
                name=n,
                basis=b,
                checklist_code="",
                active=True,
                version=1,
                created_at=now,
                updated_at=now,
            )
            for n, b in ITEMS
        ],
    )


def downgrade() -> None:
    for name in (
        "draw_conflict",
        "draw_excluded",
        "draw_recusal",
        "draw_inspector",
        "draw_object",
        "draw",
        "check_item",
    ):
        op.drop_table(name)
