"""A new station's first day (issue 17): a ledger whose grids do not exist yet is not rejected
row by row; the import lists the grids and, when the clerk says so, creates them from the
file's grid column together with the entities (one transaction, audited)."""

from __future__ import annotations

from station_app.services.roster import GridData
from tests.services.ledgers import HEADERS, good_rows, write_ledger


def _rows():
    rows = good_rows()[:2]
    rows[0][HEADERS.index("网格")] = "城关一网格"
    rows[1][HEADERS.index("网格")] = "GZ02"
    return rows


def test_missing_grids_are_offered_then_created_with_the_entities(ctx, tmp_path):
    svc = ctx.services.entity_import
    path = write_ledger(tmp_path / "台账.xlsx", _rows())
    refused, _ = svc.run(path)
    assert not refused.committed and len(refused.rejected) == 2
    assert set(refused.new_grids) == {"城关一网格", "GZ02"}
    preview, _ = svc.run(path, dry_run=True, create_grids=True)
    assert preview.rejected == () and preview.inserted == 2 and "将新建网格 2 个" in preview.message
    assert ctx.services.roster.list_grids() == []  # a dry run creates nothing
    done, changes = svc.run(path, create_grids=True)
    assert done.committed and done.inserted == 2 and changes.touches("grid")
    grids = {g.name: g for g in ctx.services.roster.list_grids()}
    assert set(grids) == {"城关一网格", "GZ02"} and grids["GZ02"].code == "GZ02"
    ids = ctx.services.entities.rows().fetch_ids(None, False)
    cards = [ctx.services.entities.get(i) for i in ids]
    assert {c.data.grid_id for c in cards} == {g.id for g in grids.values()}
    created = [h for h in ctx.services.audit.history("grid", grids["城关一网格"].id)]
    assert created and "新建网格" in created[0].reason


def test_existing_grids_are_used_not_created_again(ctx, tmp_path):
    ctx.services.roster.save_grid(
        GridData(code="GZ02", name="佛山街网格", communities=("佛山社区",))
    )
    path = write_ledger(tmp_path / "台账.xlsx", _rows())
    result, _ = ctx.services.entity_import.run(path, create_grids=True)
    assert result.new_grids == ("城关一网格",) and result.committed
    assert len(ctx.services.roster.list_grids()) == 2
