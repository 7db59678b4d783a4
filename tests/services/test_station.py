"""Station profile service, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from station_app.bootstrap import open_context
from station_app.domain.auth import ADMIN as ADMIN_ROLE
from station_app.domain.auth import Actor
from station_app.errors import ConflictError, ValidationError
from station_app.services.station import StationProfileData

ADMIN = Actor(None, "tester", ADMIN_ROLE)


def test_first_save_creates_profile_with_version_1(ctx):
    saved, changes = ctx.services.station.save_profile(StationProfileData(name=" 城关所 "))
    assert saved.name == "城关所"
    assert saved.seal_text == "城关所"  # defaults to the name
    assert saved.version == 1
    assert changes.touches("station_profile")
    assert ctx.services.station.get_profile() == saved


def test_update_increments_version(ctx):
    saved, _ = ctx.services.station.save_profile(StationProfileData(name="城关所"))
    again, _ = ctx.services.station.save_profile(
        StationProfileData(**{**saved.__dict__, "phone": "0538-1234567"})
    )
    assert again.version == 2
    assert ctx.services.station.get_profile().phone == "0538-1234567"


def test_empty_name_rejected_at_field_and_nothing_saved(ctx):
    with pytest.raises(ValidationError) as info:
        ctx.services.station.save_profile(StationProfileData(name="   "))
    assert info.value.field == "name"
    assert "所名称" in info.value.message
    assert ctx.services.station.get_profile() is None


def test_two_pcs_saving_the_same_profile_conflict(db_url):
    # GIVEN two PCs (two engines) that both read version 1
    pc1, pc2 = open_context(db_url, actor=ADMIN), open_context(db_url, actor=ADMIN)
    try:
        pc1.services.station.save_profile(StationProfileData(name="城关所"))
        read1 = pc1.services.station.get_profile()
        read2 = pc2.services.station.get_profile()
        # WHEN the first saves, then the second saves its own edit
        pc1.services.station.save_profile(StationProfileData(**{**read1.__dict__, "phone": "111"}))
        with pytest.raises(ConflictError) as info:
            pc2.services.station.save_profile(
                StationProfileData(**{**read2.__dict__, "phone": "222"})
            )
        # THEN the second sees both versions and nothing of its edit was written
        assert info.value.mine.phone == "222"
        assert info.value.theirs.phone == "111"
        assert info.value.theirs.version == 2
        assert pc2.services.station.get_profile().phone == "111"
        # AND choosing "keep mine" saves on top of the stored version
        kept, _ = pc2.services.station.save_profile(
            StationProfileData(**{**info.value.mine.__dict__, "version": info.value.theirs.version})
        )
        assert kept.phone == "222" and kept.version == 3
    finally:
        pc1.close()
        pc2.close()


def test_concurrent_first_run_on_two_pcs(db_url):
    pc1, pc2 = open_context(db_url, actor=ADMIN), open_context(db_url, actor=ADMIN)
    try:
        pc1.services.station.save_profile(StationProfileData(name="甲"))
        with pytest.raises(ConflictError):
            pc2.services.station.save_profile(StationProfileData(name="乙"))
        assert pc2.services.station.get_profile().name == "甲"
    finally:
        pc1.close()
        pc2.close()
