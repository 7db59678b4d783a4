"""Demo database: deterministic, rebuilt in place, never over real data."""

from __future__ import annotations

import pytest

from station_app.demo import DemoOptions
from station_app.errors import StationError
from station_app.services.station import StationProfileData


def test_demo_fills_profile_marked_demo(ctx):
    counts, changes = ctx.services.demo.build(DemoOptions(seed=1, entities=2000))
    profile = ctx.services.station.get_profile()
    assert profile.is_demo and profile.name
    assert counts["station_profile"] == 1
    assert counts["campaigns"] == 25 and counts["draws"] == 2  # #18: the year's campaigns
    assert ctx.services.draws.verify(1).ok and ctx.services.draws.get(1).state == "published"
    assert changes


def test_demo_rebuilds_an_earlier_demo(ctx):
    ctx.services.demo.build(DemoOptions(seed=1, entities=2000))
    first = ctx.services.station.get_profile()
    ctx.services.demo.build(DemoOptions(seed=1, entities=2000))
    second = ctx.services.station.get_profile()
    assert first.name == second.name and second.version == 1


def test_demo_refuses_real_data(ctx):
    ctx.services.station.save_profile(StationProfileData(name="正式所"))
    with pytest.raises(StationError, match="已有正式数据"):
        ctx.services.demo.build()
    assert ctx.services.station.get_profile().name == "正式所"
