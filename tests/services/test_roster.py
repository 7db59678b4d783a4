"""Grid roster service on SQLite and PostgreSQL: grids, people, assignments over time, the
staffing rule's warnings, leaving, trainings, permissions, conflicts and audit rows."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain import roster_rules as rules
from station_app.domain.auth import CLERK, READONLY, Actor
from station_app.domain.roster import PersonFilter, TrainingFilter
from station_app.errors import ConflictError, PermissionDeniedError, ValidationError
from station_app.services.roster import GridData, PersonData, TrainingData

D = date(2026, 3, 1)


def _grid(ctx, code="GZ01", name="东关社区网格", communities=("东关社区",)):
    grid, _ = ctx.services.roster.save_grid(GridData(code, name, communities))
    return grid


def _person(ctx, name, roles, phone="", **kw):
    person, _ = ctx.services.roster.save_person(PersonData(name, tuple(roles), phone=phone, **kw))
    return person


def _staffed(ctx):
    """GZ01 with 1 specialist and 2 workers from D."""
    roster = ctx.services.roster
    grid = _grid(ctx)
    sp = _person(ctx, "张建华", [rules.SPECIALIST], "13812345678")
    w1 = _person(ctx, "李秀英", [rules.GRID_WORKER], "13900001111")
    w2 = _person(ctx, "王芳", [rules.GRID_WORKER])
    roster.assign(grid.id, sp.id, rules.SPECIALIST, D)
    roster.assign(grid.id, w1.id, rules.GRID_WORKER, D)
    roster.assign(grid.id, w2.id, rules.GRID_WORKER, D)
    return grid, sp, w1, w2


def test_grid_with_communities_and_audit(ctx):
    roster = ctx.services.roster
    grid = _grid(ctx, communities=("东关社区", "王庄村"))
    assert grid.version == 1 and grid.communities == ("东关社区", "王庄村")
    assert roster.list_communities() == sorted(["东关社区", "王庄村"])
    edited, changes = roster.save_grid(
        GridData(**{**grid.__dict__, "name": "东关网格", "communities": ("东关社区",)})
    )
    assert edited.version == 2 and changes.touches("grid")
    history = ctx.services.audit.history("grid", grid.id)
    assert [h.action for h in history] == ["update", "create"]
    assert history[0].changes["name"] == ["东关社区网格", "东关网格"]


def test_duplicate_grid_code_is_refused(ctx):
    _grid(ctx)
    with pytest.raises(ValidationError, match="已被") as info:
        _grid(ctx, name="另一个")
    assert info.value.field == "code"


def test_grid_edit_conflict(ctx):
    roster = ctx.services.roster
    grid = _grid(ctx)
    roster.save_grid(GridData(**{**grid.__dict__, "name": "甲"}))
    with pytest.raises(ConflictError) as info:
        roster.save_grid(GridData(**{**grid.__dict__, "name": "乙"}))
    assert info.value.theirs.name == "甲"


def test_staffing_warning_appears_and_clears(ctx):
    roster = ctx.services.roster
    grid = _grid(ctx)
    on = D
    assert roster.grid_warnings(grid.id, on) == [
        "缺监管专员（应 1 名）",
        "无网格员（应 2–3 名）",
    ]
    sp = _person(ctx, "张建华", [rules.SPECIALIST])
    roster.assign(grid.id, sp.id, rules.SPECIALIST, on)
    w1 = _person(ctx, "李秀英", [rules.GRID_WORKER])
    roster.assign(grid.id, w1.id, rules.GRID_WORKER, on)
    assert roster.grid_warnings(grid.id, on) == ["网格员仅 1 名（应 2–3 名）"]
    w2 = _person(ctx, "王芳", [rules.GRID_WORKER])
    roster.assign(grid.id, w2.id, rules.GRID_WORKER, on)
    assert roster.grid_warnings(grid.id, on) == []
    summary = roster.list_grids(on)[0]
    assert (summary.specialist, summary.workers, summary.people) == ("张建华", 2, 3)
    assert (summary.entities, summary.cd_entities) == (0, 0)


def test_assign_checks_person_role_and_duplicates(ctx):
    roster = ctx.services.roster
    grid = _grid(ctx)
    volunteer = _person(ctx, "赵六", [rules.VOLUNTEER])
    with pytest.raises(ValidationError, match="没有“市场监管专员”"):
        roster.assign(grid.id, volunteer.id, rules.SPECIALIST, D)
    worker = _person(ctx, "钱七", [rules.GRID_WORKER])
    roster.assign(grid.id, worker.id, rules.GRID_WORKER, D)
    with pytest.raises(ValidationError, match="已是网格 GZ01 的网格员"):
        roster.assign(grid.id, worker.id, rules.GRID_WORKER, date(2026, 4, 1))


def test_who_covered_on_a_date_and_specialist_replacement(ctx):
    roster = ctx.services.roster
    grid, _sp, _w1, _w2 = _staffed(ctx)
    new = _person(
        ctx,
        "周敏",
        [rules.SPECIALIST, rules.ENFORCER],
        cert_no="鲁0123",
        cert_expiry=date(2028, 1, 1),
    )
    change = date(2026, 7, 1)
    sheet, changes = roster.replace_specialist(grid.id, new.id, change)
    assert changes.touches("grid", "person")
    before = {m.name for m in roster.who_covered(grid.id, date(2026, 6, 30))}
    after = {m.name for m in roster.who_covered(grid.id, change)}
    assert "张建华" in before and "周敏" not in before
    assert "周敏" in after and "张建华" not in after
    assert roster.who_covered(grid.id, date(2026, 2, 28)) == []
    assert (sheet.outgoing, sheet.incoming, sheet.handover_on) == ("张建华", "周敏", change)
    assert roster.handover_sheet(grid.id).incoming == "周敏"
    history = roster.grid_history(grid.id)
    assert len(history) == 4 and history[0].name == "周敏"
    grid_audit = ctx.services.audit.history("grid", grid.id)
    assert any(
        "张建华" in str(h.changes) and "2026-07-01 离任" in str(h.changes) for h in grid_audit
    )


def test_person_leaving_uncovers_grids_from_that_date(ctx):
    roster = ctx.services.roster
    grid, sp, _w1, _w2 = _staffed(ctx)
    person = roster.get_person(sp.id)
    left = date(2026, 9, 15)
    result, changes = roster.person_leaves(sp.id, left, person.version, "调离")
    assert [u.grid_label for u in result.uncovered] == ["GZ01 东关社区网格"]
    assert result.uncovered[0].from_date == left
    assert "缺监管专员" in result.uncovered[0].message
    assert changes.ids["grid"] == frozenset({grid.id})
    assert roster.grid_warnings(grid.id, date(2026, 9, 14)) == []
    assert roster.grid_warnings(grid.id, left) == ["缺监管专员（应 1 名）"]
    assert not roster.get_person(sp.id).active
    with pytest.raises(ValidationError, match="已离任"):
        roster.assign(grid.id, sp.id, rules.SPECIALIST, date(2026, 10, 1))


def test_person_validation_and_masking(ctx):
    roster = ctx.services.roster
    with pytest.raises(ValidationError) as info:
        _person(ctx, "张三", [rules.GRID_WORKER], "1381234")
    assert info.value.field == "phone"
    with pytest.raises(ValidationError, match="执法证号"):
        _person(ctx, "张三", [rules.ENFORCER])
    with pytest.raises(ValidationError, match="人员类别"):
        _person(ctx, "张三", [])
    saved = _person(
        ctx, "张三", [rules.GRID_WORKER], "138 1234 5678", id_number="11010519491231002X"
    )
    assert saved.phone == "138****5678"  # returned masked
    full = roster.get_person(saved.id, unmasked=True)
    assert full.phone == "13812345678" and full.id_number == "11010519491231002X"
    assert ctx.services.audit.history("person", saved.id)[0].action == "view"
    # saving the masked form back keeps the stored numbers
    masked = roster.get_person(saved.id)
    _edited, _ = roster.save_person(PersonData(**{**masked.__dict__, "organisation": "东关社区"}))
    again = roster.get_person(saved.id, unmasked=True)
    assert again.phone == "13812345678" and again.id_number == "11010519491231002X"
    assert again.organisation == "东关社区"
    # the audit trail never stores the numbers in full
    create = ctx.services.audit.history("person", saved.id)[-1]
    assert create.changes["phone"] == [None, "138****5678"]


def test_people_search_by_name_initials_and_phone(ctx):
    roster = ctx.services.roster
    _person(ctx, "张建华", [rules.SPECIALIST], "13812345678")
    _person(ctx, "李秀英", [rules.GRID_WORKER], "13900001111")
    source = roster.rows(PersonFilter())

    def names(text):
        source.with_filter(PersonFilter(text=text))
        return [source.fetch_rows([i])[i][0] for i in source.fetch_ids(None, False)]

    assert names("建华") == ["张建华"]
    assert names("zjh") == ["张建华"]
    assert names("lixiu") == ["李秀英"]
    assert names("0001111") == ["李秀英"]
    assert sorted(names("")) == ["张建华", "李秀英"]
    row = source.fetch_rows(list(source.fetch_ids(None, False)))
    assert all("****" in r[4] for r in row.values())  # phones masked in the list


def test_certificates_expiring_within_30_days(ctx):
    roster = ctx.services.roster
    today = date(2026, 11, 22)
    _person(ctx, "周敏", [rules.ENFORCER], cert_no="A1", cert_expiry=date(2026, 12, 10))
    _person(ctx, "吴刚", [rules.ENFORCER], cert_no="A2", cert_expiry=date(2027, 6, 1))
    alerts = roster.cert_alerts(today)
    assert [a.name for a in alerts] == ["周敏"]
    assert alerts[0].message == "执法证将于 2026-12-10 到期（还有 18 天）"


def test_trainings_attendance_and_totals(ctx):
    roster = ctx.services.roster
    people = [_person(ctx, n, [rules.VOLUNTEER]) for n in ("甲一", "乙二", "丙三")]
    t1, _ = roster.save_training(
        TrainingData(date(2026, 3, 5), "食品安全快检", "张建华", 2), [p.id for p in people]
    )
    t2, _ = roster.save_training(
        TrainingData(date(2026, 6, 5), "特种设备", "周敏", 1.5), [people[0].id]
    )
    roster.save_training(TrainingData(date(2025, 6, 5), "旧培训", "", 1), [people[1].id])
    totals = roster.training_totals(2026)
    assert (totals.sessions, totals.attendances, totals.hours, totals.people) == (2, 4, 3.5, 3)
    assert "培训 2 期，参训 4 人次" in totals.text
    data, attendees = roster.get_training(t1.id)
    assert sorted(attendees) == sorted(p.id for p in people)
    saved, _ = roster.save_training(data, [people[0].id])
    assert saved.version == data.version + 1
    with pytest.raises(ConflictError):
        roster.save_training(data, [people[1].id])
    assert roster.training_totals(2026).attendances == 2
    source = roster.rows(TrainingFilter(year=2026))
    ids = list(source.fetch_ids(None, False))
    assert ids == [t2.id, t1.id]
    assert source.fetch_rows(ids)[t1.id][5] == 1


def test_grid_with_history_cannot_be_deleted(ctx):
    roster = ctx.services.roster
    grid, *_ = _staffed(ctx)
    with pytest.raises(ValidationError, match="停用"):
        roster.delete_grid(grid.id, grid.version)
    empty = _grid(ctx, "GZ02", "空网格")
    roster.delete_grid(empty.id, empty.version)
    assert [g.code for g in roster.list_grids(D)] == ["GZ01"]


def test_readonly_and_clerk_permissions(ctx):
    ctx.auth.sign_in(Actor(None, "chakan", READONLY))
    with pytest.raises(PermissionDeniedError, match="编辑网格花名册"):
        _grid(ctx)
    ctx.auth.sign_in(Actor(None, "sunli", CLERK))
    grid = _grid(ctx)
    person = _person(ctx, "张三", [rules.GRID_WORKER], "13812345678")
    with pytest.raises(PermissionDeniedError):
        ctx.services.roster.get_person(person.id, unmasked=True)
    assert grid.id


def test_person_without_history_can_be_deleted(ctx):
    roster = ctx.services.roster
    grid, sp, _w1, _w2 = _staffed(ctx)
    with pytest.raises(ValidationError, match="离任"):
        roster.delete_person(sp.id, roster.get_person(sp.id).version)
    typo = _person(ctx, "错录", [rules.VOLUNTEER])
    changes = roster.delete_person(typo.id, typo.version, "重复录入")
    assert changes.touches("person")
    assert ctx.services.audit.history("person", typo.id)[0].action == "delete"
    ctx.auth.sign_in(Actor(None, "sunli", CLERK))
    with pytest.raises(PermissionDeniedError):
        roster.delete_grid(grid.id, grid.version)


def test_demo_roster_step(ctx):
    import random

    from station_app.demo import DemoOptions, DemoRun
    from station_app.demo.roster import roster_step
    from station_app.services.base import NullProgress

    run = DemoRun(ctx.db, random.Random(5), DemoOptions(), NullProgress())
    roster_step(run)
    assert run.counts["grids"] == 21 and run.counts["communities"] == 17
    assert run.counts["grid_workers"] == 55 and run.counts["volunteers"] == 200
    assert 450 <= run.counts["attendances"] <= 550 and run.counts["trainings"] == 8
    roster = ctx.services.roster
    grids = {g.code: g for g in roster.list_grids()}
    out_of_rule = {code for code, g in grids.items() if g.warnings}
    assert out_of_rule == {"GZ07", "GZ13"}
    assert grids["GZ13"].warnings == ("缺监管专员（应 1 名）",)
    assert len(roster.cert_alerts()) == 2
    sheet = roster.handover_sheet(grids["GZ05"].id)
    assert sheet.outgoing and sheet.incoming and sheet.outgoing != sheet.incoming
    groups = {v.group for v in roster.roster_sheet().volunteers}
    assert groups == set(rules.DEFAULT_GROUPS)
