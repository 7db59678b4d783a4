"""Publishing the same notice as PDF then XLSX makes one snapshot, not two (issue 17)."""

from __future__ import annotations

from datetime import date

from station_app.services.station import StationProfileData
from tests.services.test_lists import HEAD_B, add_entity, list_entity


def test_the_same_notice_twice_is_one_snapshot(ctx, tmp_path):
    ctx.services.station.save_profile(StationProfileData(name="城关市场监督管理所"))
    shop = add_entity(ctx, "东平县城关老街食品店", "91370923MA3C000017")
    list_entity(ctx, shop, "红色合伙人", date(2026, 10, 9), public_summary="带头开展放心消费承诺")
    svc = ctx.services.lists
    ctx.auth.sign_in(HEAD_B)
    first, changes = svc.publish("2026Q4", today=date(2026, 11, 21))
    assert changes.touches("list_publication")
    again, nothing = svc.publish("2026Q4", today=date(2026, 11, 21))  # then as XLSX
    assert again.id == first.id and len(svc.publications()) == 1 and not nothing
    svc.export_publication(again.id, tmp_path / "notice.xlsx")
    # a different day (or different content) is a new publication
    later, _ = svc.publish("2026Q4", today=date(2026, 11, 28))
    assert later.id != first.id and len(svc.publications()) == 2
