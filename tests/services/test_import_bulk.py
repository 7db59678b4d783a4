"""The bulk write path of a ledger import, on SQLite and PostgreSQL: hundreds of rows go through
``data/bulk.py`` (COPY on PostgreSQL) and, on SQLite, are indexed for search by one statement
with the FTS trigger set aside inside the transaction. The rows must be searchable, the
children and audit rows complete, and a cancelled import must leave nothing behind: no rows,
no index entries, the trigger back in place."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from station_app.data import bulk
from station_app.data.repo import entities as repo
from station_app.domain.entities import EntityFilter
from station_app.services.base import Cancelled
from station_app.services.entities import EntityData
from tests.services.ledgers import code, write_ledger

ROWS = max(repo.FTS_BATCH_MIN, bulk.COPY_MIN_ROWS) + 50
HEADERS = ["名称", "统一社会信用代码", "经营地址", "行业", "许可证种类", "许可证编号", "有效期至"]


@pytest.fixture
def ledger(tmp_path):
    rows = [
        [
            f"批量{i:03d}号商行",
            code("2", 500 + i),
            f"东平县银山镇滨湖路{i}号",
            "食品销售",
            "食品经营许可证",
            f"JY137092300{i:04d}",
            "2030-12-31",
        ]
        for i in range(ROWS)
    ]
    return write_ledger(tmp_path / "bulk.xlsx", rows, title=False, headers=HEADERS)


def _ids(ctx, q: str) -> set[int]:
    return set(ctx.services.entities.rows(EntityFilter(text=q)).fetch_ids(None, False).tolist())


def _trigger_present(ctx) -> bool:
    with ctx.db.engine.connect() as con:
        return bool(
            con.execute(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'entity_fts_ai'")
            ).scalar()
        )


def test_large_import_is_searchable_complete_and_audited(ctx, ledger):
    result, _ = ctx.services.entity_import.run(ledger)
    assert result.committed and result.inserted == ROWS, result.message
    everything = _ids(ctx, "滨湖")  # two characters
    assert len(everything) == ROWS
    assert len(_ids(ctx, "批量007号")) == 1  # 3+ characters
    assert len(_ids(ctx, "piliang")) == ROWS  # pinyin keys written with the rows
    card = ctx.services.entities.get(min(everything))
    assert card.data.industries == ("食品销售",)
    assert [(v.licence.kind, v.licence.expires_on) for v in card.licences] == [
        ("食品经营许可证", date(2030, 12, 31))
    ]
    assert card.licences[0].licence.issuer == ""  # a column the ledger left out: its default
    assert ctx.services.audit.verify().ok
    assert len(ctx.services.audit.history("entity", card.data.id)) == 1
    if ctx.db.is_sqlite:
        assert _trigger_present(ctx)
    # entities saved one by one afterwards are indexed by the trigger, as before
    ctx.services.entities.save(EntityData(name="滨湖路单独登记的小店", address="东平县"))
    assert len(_ids(ctx, "滨湖")) == ROWS + 1


def test_cancelled_large_import_leaves_nothing(ctx, ledger):
    class CancelAfterInsert:
        def __init__(self):
            self.writing = False

        def report(self, done, total, text=""):
            self.writing = self.writing or "写入" in text

        @property
        def cancelled(self):
            return self.writing

    with pytest.raises(Cancelled):
        ctx.services.entity_import.run(ledger, progress=CancelAfterInsert())
    assert not _ids(ctx, "滨湖")
    assert ctx.services.entities.rows().count() == 0
    if ctx.db.is_sqlite:
        assert _trigger_present(ctx)
        with ctx.db.engine.connect() as con:
            assert con.execute(text("SELECT count(*) FROM entity_fts_vocab")).scalar() == 0


def test_insert_rows_takes_a_generator_and_fills_defaults(ctx):
    from station_app.data.models import EntityIndustry, Licence

    with ctx.db.uow() as s:
        ids = repo.insert_entities(s, ({"name": f"生成{i}"} for i in range(ROWS)), ROWS)
        bulk.insert_rows(s, Licence.__table__, ({"entity_id": i, "kind": "其他"} for i in ids))
        bulk.insert_rows(s, EntityIndustry.__table__, iter(()))  # nothing: no statement
    with ctx.db.session() as s:
        got = s.execute(text("SELECT count(*), min(number), max(issuer) FROM licence")).one()
        entity = s.execute(
            text("SELECT status, source, version FROM entity WHERE id = :i"), {"i": ids[-1]}
        ).one()
    assert tuple(got) == (ROWS, "", "")
    assert tuple(entity) == ("在营", "登记", 1)
    assert ids == sorted(ids) and len(set(ids)) == ROWS


def test_large_reimport_updates_and_reindexes(ctx, ledger, tmp_path):
    """Hundreds of changed rows: one executemany per set of changed columns (PostgreSQL: COPY
    and one UPDATE … FROM); on SQLite the search index drops the old addresses and finds the
    new ones (the FTS update trigger set aside for the batch)."""
    from openpyxl import load_workbook

    svc = ctx.services.entity_import
    assert svc.run(ledger)[0].inserted == ROWS
    ws = load_workbook(ledger).active
    rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    for i, row in enumerate(rows):
        row[2] = f"东平县戴庙镇柳荫路{i}号"  # every address changes
    changed = write_ledger(tmp_path / "changed.xlsx", rows, title=False, headers=HEADERS)
    result, _ = svc.run(changed)
    assert (result.inserted, result.updated, result.unchanged) == (0, ROWS, 0), result.message
    assert not _ids(ctx, "滨湖")  # the old addresses left the index
    new = _ids(ctx, "柳荫")
    assert len(new) == ROWS and len(_ids(ctx, "柳荫路17号")) == 1
    card = ctx.services.entities.get(min(new))
    assert card.data.version == 2 and card.data.address.startswith("东平县戴庙镇柳荫路")
    assert ctx.services.audit.verify().ok
    if ctx.db.is_sqlite:
        with ctx.db.engine.connect() as con:
            assert con.execute(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'entity_fts_au'")
            ).scalar()
            # the index holds exactly the stored texts: FTS5's own consistency check
            con.exec_driver_sql("INSERT INTO entity_fts(entity_fts) VALUES ('integrity-check')")
