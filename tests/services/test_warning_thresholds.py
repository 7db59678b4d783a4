"""预警阈值 as dated versions (SQLite and PostgreSQL): a version saved for a later day leaves
today's scan alone and takes over on its day; a past day, a value out of bounds or an unknown
kind is refused in Chinese with nothing written; the first stored format still reads."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from station_app.errors import ValidationError

TODAY = date(2026, 11, 20)


def test_a_version_takes_effect_on_its_day(ctx):
    ctx.clock.set_day(TODAY)
    svc = ctx.services.warnings
    assert svc.thresholds()["cluster_entity.count"] == 3 and svc.threshold_versions() == ()
    svc.save_thresholds({"cluster_entity.count": 4}, [], "试行")
    svc.save_thresholds(
        {"cluster_entity.count": 5}, ["elderly"], "新规", TODAY + timedelta(days=10)
    )
    assert svc.thresholds()["cluster_entity.count"] == 4
    assert svc.thresholds(TODAY + timedelta(days=10))["cluster_entity.count"] == 5
    assert not svc.thresholds(TODAY + timedelta(days=10)).enabled("elderly")
    [v1, v2] = svc.threshold_versions()
    assert (v1.effective, v1.reason, v2.effective, v2.reason) == (
        TODAY,
        "试行",
        TODAY + timedelta(days=10),
        "新规",
    )
    assert v1.by == v2.by != ""
    # the same day again replaces that version (audited like every save)
    svc.save_thresholds({"cluster_entity.count": 6}, [], "更正", TODAY + timedelta(days=10))
    assert [v.thresholds["cluster_entity.count"] for v in svc.threshold_versions()] == [4, 6]
    history = ctx.services.audit.history("station_setting", "warnings.thresholds")
    assert [r.reason for r in history][:3] == ["更正", "新规", "试行"]
    ctx.clock.set_day(TODAY + timedelta(days=10))
    assert svc.thresholds()["cluster_entity.count"] == 6


@pytest.mark.parametrize(
    ("values", "disabled", "effective", "message"),
    [
        ({"cluster_entity.count": 1}, [], None, "应在 2 到 100 件之间"),
        ({"hazard_cluster.days": "三十"}, [], None, "应为整数"),
        ({}, ["no_such_kind"], None, "未知的预警类型"),
        ({}, [], TODAY - timedelta(days=1), "生效日期不能早于今天"),
    ],
)
def test_bad_thresholds_are_refused_and_nothing_is_written(
    ctx, values, disabled, effective, message
):
    ctx.clock.set_day(TODAY)
    svc = ctx.services.warnings
    with pytest.raises(ValidationError, match=message):
        svc.save_thresholds(values, disabled, "试行", effective)
    assert svc.threshold_versions() == ()
    assert not ctx.services.audit.history("station_setting", "warnings.thresholds")


def test_the_first_stored_format_reads_as_one_version(ctx):
    from station_app.data.repo import settings as settings_repo

    ctx.clock.set_day(TODAY)
    with ctx.db.uow() as s:
        raw = {"values": {"cluster_entity.count": 7}, "disabled": ["licence_expiring"]}
        settings_repo.put_setting(s, "warnings.thresholds", json.dumps(raw), "admin")
    [v] = ctx.services.warnings.threshold_versions()
    assert v.effective is None and v.thresholds["cluster_entity.count"] == 7
    assert not ctx.services.warnings.thresholds().enabled("licence_expiring")
