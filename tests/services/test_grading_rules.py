"""Grading rules (设置 → 分级规则) on SQLite and PostgreSQL: station-wide in the database,
validated with clear Chinese messages, audited, version-checked, and used by every grade."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from station_app.domain.auth import CLERK, HEAD, Actor
from station_app.domain.grading import GradingRules
from station_app.errors import ConflictError, PermissionDeniedError, ValidationError
from station_app.services.entities import EntityData, LicenceData

TODAY = date.today()


def expired_shop(ctx):
    lapsed = LicenceData("食品经营许可证", "JY9", TODAY - timedelta(days=400), TODAY - timedelta(1))
    card, _ = ctx.services.entities.save(EntityData(name="城关镇过期证超市", licences=(lapsed,)))
    return card


def test_defaults_until_saved(ctx):
    data = ctx.services.grading_rules.get()
    assert data.version == 0 and data.is_default and data.rules == GradingRules()


def test_saved_rules_grade_cards_and_recompute(ctx):
    svc, entities = ctx.services.grading_rules, ctx.services.entities
    card = expired_shop(ctx)
    assert (card.local_grade, card.grade.score) == ("B", 85)
    saved, changes = svc.save({"licence_points": 35, "threshold_b": 70}, version=0)
    assert saved.version == 1 and not saved.is_default and saved.updated_by == "tester"
    assert saved.rules.licence_points == 35 and saved.rules.penalty_points == 15
    assert changes.touches("grading_rules")
    entry = ctx.services.audit.history("grading_rules", "grading.rules")[0]
    assert entry.changes == {"licence_points": [15, 35], "threshold_b": [75, 70]}
    fresh = entities.get(card.data.id)  # the card's explanation uses the saved rules at once
    assert fresh.grade.score == 65 and fresh.grade.grade == "C"
    assert any("扣 35 分" in line for line in fresh.grade.explanation().splitlines())
    assert fresh.local_grade == "B"  # the stored grade changes on recompute
    result, _ = entities.recompute_grades()
    assert result.changed == 1 and entities.get(card.data.id).local_grade == "C"


def test_stale_version_is_a_conflict_and_writes_nothing(ctx):
    svc = ctx.services.grading_rules
    svc.save({"complaint_points": 6}, version=0)
    with pytest.raises(ConflictError) as info:
        svc.save({"complaint_points": 8}, version=0)
    assert info.value.theirs.rules.complaint_points == 6
    assert svc.get().rules.complaint_points == 6 and svc.get().version == 1


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"penalty_points": -5}, "penalty_points", "不能为负数"),
        ({"hazard_cap": 150}, "hazard_cap", "超过满分 100 分"),
        ({"licence_points": "十"}, "licence_points", "须为整数分"),
        ({"complaint_points": 2.5}, "complaint_points", "须为整数分"),
        ({"complaint_cap": 3}, "complaint_cap", "扣分上限（3 分）小于每次扣分（5 分）"),
        ({"threshold_b": 95}, "threshold_b", "须从高到低"),
        ({"threshold_c": 0}, "threshold_c", "至少为 1 分"),
        ({"weight_x": 3}, "weight_x", "没有名为“weight_x”的分级规则项"),
    ],
)
def test_bad_rules_are_refused_and_nothing_written(ctx, values, field, message):
    svc = ctx.services.grading_rules
    with pytest.raises(ValidationError, match=message) as info:
        svc.save(values, version=0)
    assert info.value.field == field
    assert svc.get().version == 0
    assert ctx.services.audit.history("grading_rules", "grading.rules") == []


def test_permission_and_restore_defaults(ctx):
    svc = ctx.services.grading_rules
    ctx.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))
    with pytest.raises(PermissionDeniedError, match="无权修改本所分级规则"):
        svc.save({"licence_points": 20}, version=0)
    assert svc.get().rules.licence_points == 15  # anyone may read them
    ctx.auth.sign_in(Actor(None, "wangsz", HEAD, "王所长"))
    saved, _ = svc.save({"licence_points": 20}, version=0)
    restored, changes = svc.restore_defaults(saved.version)
    assert restored.is_default and restored.version == 2 and changes
    entry = ctx.services.audit.history("grading_rules", "grading.rules")[0]
    assert entry.reason == "恢复默认分级规则" and entry.changes == {"licence_points": [20, 15]}
    _, nothing = svc.save(GradingRules(), version=2)  # no change: no write, no audit row
    assert not nothing and svc.get().version == 2
