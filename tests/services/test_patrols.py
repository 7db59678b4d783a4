"""Patrols (日常巡查) service on SQLite and PostgreSQL: plan generation and regeneration
from the rules, the grade and the roster; the day's tasks; records fulfilling tasks, hazards
with rectification deadlines and re-check tasks, the grade reading the hazards; re-checks;
rules versions; coverage; bad input (a Chinese message, nothing written); two writers on one
task; permissions and audit rows."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from station_app.data.models import Entity, Hazard, PatrolRecord, PatrolTask
from station_app.domain import roster_rules as rr
from station_app.domain.auth import READONLY, Actor
from station_app.domain.patrols.checklists import NO, Answer
from station_app.domain.patrols.hazards import Finding
from station_app.domain.patrols.lists import HazardFilter, TaskFilter
from station_app.domain.patrols.records import RecordDraft
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.entities import EntityData
from station_app.services.patrols import RecheckDraft
from station_app.services.roster import GridData, PersonData

PLAN_DAY = date(2026, 7, 1)  # a Wednesday
JULY = (date(2026, 7, 1), date(2026, 7, 31))


def at(day: str, hm: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day} {hm}")


@pytest.fixture
def station(ctx):
    """Grid GZ01 (worker 李秀英, specialists 张建华 and 赵磊) with A, B, C, D shops; grid
    GZ02 with nobody on it and one D shop."""
    ctx.clock.set_day(date(2026, 6, 1))
    roster = ctx.services.roster
    g1, _ = roster.save_grid(GridData("GZ01", "东关社区网格", ("东关社区",)))
    g2, _ = roster.save_grid(GridData("GZ02", "西关社区网格", ("西关社区",)))
    people = {}
    for name, role in (
        ("张建华", rr.SPECIALIST),
        ("赵磊", rr.SPECIALIST),
        ("李秀英", rr.GRID_WORKER),
    ):
        people[name], _ = roster.save_person(PersonData(name, (role,)))
        roster.assign(g1.id, people[name].id, role, date(2026, 1, 1))
    shops = {}
    for n, (name, _grade, grid) in enumerate(
        [
            ("东关甲级超市", "A", g1),
            ("东关乙级便利店", "B", g1),
            ("东关丙级小吃店", "C", g1),
            ("东关丁级网吧", "D", g1),
            ("西关丁级烧烤店", "D", g2),
        ],
        1,
    ):
        data = EntityData(name=name, address=f"东关路{n:02d}号", grid_id=grid.id)
        shops[name] = ctx.services.entities.save(data)[0].data.id
    with ctx.db.uow() as s:
        for name, grade, _g in [
            ("东关甲级超市", "A", 0),
            ("东关乙级便利店", "B", 0),
            ("东关丙级小吃店", "C", 0),
            ("东关丁级网吧", "D", 0),
            ("西关丁级烧烤店", "D", 0),
        ]:
            e = s.get(Entity, shops[name])
            e.grade_override = e.local_grade = grade
    ctx.clock.set_day(PLAN_DAY)
    return {"grids": (g1, g2), "people": people, "shops": shops}


def count(ctx, model, *where) -> int:
    with ctx.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)))


def test_plan_for_a_month_from_rules_grade_and_roster(ctx, station):
    result, changes = ctx.services.patrols.generate(*JULY)
    assert result.added > 0 and changes.touches("patrol_task")
    shops = station["shops"]
    kinds = {}
    with ctx.db.session() as s:
        for eid, kind, n in s.execute(
            select(PatrolTask.entity_id, PatrolTask.kind, func.count()).group_by(
                PatrolTask.entity_id, PatrolTask.kind
            )
        ):
            kinds[(eid, kind)] = n
    assert kinds[(shops["东关甲级超市"], "patrol")] == 1  # 月度巡
    assert kinds[(shops["东关丙级小吃店"], "patrol")] == 23  # 每日巡: July 2026's working days
    assert kinds[(shops["东关丁级网吧"], "check")] == 5  # 每周查: five ISO weeks touch July
    # the grid nobody covers is a warning naming it, and its tasks are unassigned
    assert any("GZ02" in w and "网格员" in w for w in result.warnings)
    gz2 = station["grids"][1].id
    assert count(ctx, PatrolTask, PatrolTask.grid_id == gz2, PatrolTask.person_id.is_not(None)) == 0
    # the grid's patrols go to its grid worker, checks to a specialist
    tasks = ctx.services.patrols.tasks(date(2026, 7, 2), grid="GZ01")
    assert tasks and {t.kind for t in tasks} >= {"patrol"}
    daily = [t for t in tasks if t.kind == "patrol" and t.grade in "CD"]
    assert {t.person for t in daily} == {"李秀英"} and {t.role for t in daily} == {"grid_worker"}
    # audited once, with the counts
    history = ctx.services.audit.history("patrol_plan", "2026-07-01~2026-07-31")
    assert history and "新增" in history[0].reason


def test_regeneration_keeps_done_adds_new_drops_what_no_longer_applies(ctx, station):
    svc, shops = ctx.services.patrols, station["shops"]
    svc.generate(*JULY)
    again, _ = svc.generate(*JULY)
    assert (again.added, again.updated, again.dropped) == (0, 0, 0)
    assert again.summary.startswith("计划无变化")
    ctx.clock.set_day(date(2026, 7, 7))
    record, _ = svc.record(RecordDraft(shops["东关丙级小吃店"], at("2026-07-06")), assume_yes=True)
    assert record.task_id is not None
    with ctx.db.uow() as s:  # the C shop turns A: its daily patrols ahead go, an A patrol comes
        e = s.get(Entity, shops["东关丙级小吃店"])
        e.grade_override = e.local_grade = "A"
    result, _ = svc.generate(*JULY)
    assert result.dropped > 0 and result.added >= 1 and result.history >= 1
    with ctx.db.session() as s:
        done = s.get(PatrolTask, record.task_id)
        assert done.status == "done"  # kept
        left = s.scalars(
            select(PatrolTask).where(
                PatrolTask.entity_id == shops["东关丙级小吃店"],
                PatrolTask.due_on > date(2026, 7, 6),
            )
        ).all()
    assert {t.grade for t in left if t.window_id} == {"A"}


def test_record_fulfils_task_finds_hazard_schedules_recheck_and_regrades(ctx, station):
    svc, shop = ctx.services.patrols, station["shops"]["东关丁级网吧"]
    svc.generate(*JULY)
    ctx.clock.set_day(date(2026, 7, 8))
    view, changes = svc.record(
        RecordDraft(
            shop,
            at("2026-07-07", "09:30"),
            kind="check",
            inspectors=(station["people"]["张建华"].id, station["people"]["赵磊"].id),
            findings=(Finding("消防安全", "灭火器过期", deadline=date(2026, 7, 17)),),
        ),
        assume_yes=True,
    )
    assert view.result == "found" and view.task_id is not None
    assert view.inspectors == ("张建华", "赵磊")
    (hazard,) = view.hazards
    assert hazard.state == "open" and hazard.deadline == date(2026, 7, 17)
    assert hazard.recheck_due == date(2026, 7, 17)  # a Friday: the re-check is on the deadline
    assert changes.touches("patrol_record", "hazard", "patrol_task", "entity")
    with ctx.db.session() as s:
        assert s.get(PatrolTask, view.task_id).status == "done"
        e = s.get(Entity, shop)
        assert e.grade_score is not None
    card = ctx.services.entities.get(shop)
    assert any("隐患" in line[0] and "1 处" in line[1] for line in _grade_lines(card))
    assert ctx.services.audit.history("hazard", hazard.id)[0].action == "create"


def _grade_lines(card):
    """(indicator, value) pairs of the entity card's grade explanation."""
    return [(c.indicator, c.value) for c in card.grade.contributions]


def test_recheck_passes_closes_the_hazard_and_its_task(ctx, station):
    svc, shop = ctx.services.patrols, station["shops"]["东关丁级网吧"]
    p = station["people"]
    ctx.clock.set_day(date(2026, 7, 8))
    view, _ = svc.record(
        RecordDraft(
            shop,
            at("2026-07-07"),
            kind="check",
            inspectors=(p["张建华"].id, p["赵磊"].id),
            findings=(Finding("消防安全", "疏散通道堵塞", deadline=date(2026, 7, 10)),),
        ),
        assume_yes=True,
    )
    hazard = view.hazards[0]
    with pytest.raises(ValidationError, match="早于发现该隐患的时间"):
        svc.recheck(RecheckDraft(hazard.id, at("2026-07-06"), passed=True))
    with pytest.raises(ValidationError, match="新的整改期限"):
        svc.recheck(RecheckDraft(hazard.id, at("2026-07-07", "15:00"), passed=False))
    assert count(ctx, PatrolRecord) == 1  # the refused re-checks wrote nothing
    ctx.clock.set_day(date(2026, 7, 11))
    record, changes = svc.recheck(RecheckDraft(hazard.id, at("2026-07-10"), passed=True))
    assert record.kind == "recheck" and record.inspectors == ("张建华", "赵磊")
    closed = svc.hazard(hazard.id)
    assert closed.state == "closed" and closed.rechecks == 1
    with ctx.db.session() as s:
        task = s.get(PatrolTask, s.get(Hazard, hazard.id).recheck_task_id)
        assert task.status == "done"
    with pytest.raises(ValidationError, match="已整改"):
        svc.recheck(RecheckDraft(hazard.id, at("2026-07-10", "11:00"), passed=True))
    assert changes.touches("hazard")


def test_failed_recheck_sets_a_new_deadline_and_overdue_hazards_are_listed(ctx, station):
    svc, shop = ctx.services.patrols, station["shops"]["东关丙级小吃店"]
    p = station["people"]
    ctx.clock.set_day(date(2026, 7, 8))
    view, _ = svc.record(
        RecordDraft(
            shop,
            at("2026-07-07"),
            findings=(Finding("食品安全", "健康证过期", deadline=date(2026, 7, 9)),),
            inspectors=(p["李秀英"].id,),
        ),
        assume_yes=True,
    )
    hid = view.hazards[0].id
    ctx.clock.set_day(date(2026, 7, 14))
    assert [h.id for h in svc.overdue()] == [hid]
    rows = svc.hazard_rows(HazardFilter(state="overdue"))
    assert rows.count() == 1 and rows.fetch_rows([hid])[hid][5] == "整改逾期"
    svc.recheck(
        RecheckDraft(
            hid,
            at("2026-07-13"),
            passed=False,
            new_deadline=date(2026, 7, 20),
            inspectors=(p["张建华"].id, p["赵磊"].id),
        )
    )
    h = svc.hazard(hid)
    assert (
        h.state == "open" and h.deadline == date(2026, 7, 20) and h.recheck_due == date(2026, 7, 20)
    )
    assert svc.overdue() == []


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("cancelled", "已于 2026-07-01 注销，不能登记 2026-07-06 的巡查记录"),
        ("same_inspector", "第二名检查人员与前面的是同一人"),
        ("missing_answer", "必须填写"),
        ("future", "晚于现在"),
    ],
)
def test_bad_records_say_why_in_chinese_and_write_nothing(ctx, station, case, message):
    svc, shop = ctx.services.patrols, station["shops"]["东关丁级网吧"]
    p = station["people"]
    svc.generate(*JULY)
    ctx.clock.set_day(date(2026, 7, 7))
    draft = RecordDraft(shop, at("2026-07-06"), inspectors=(p["李秀英"].id,))
    kwargs = {"assume_yes": True}
    if case == "cancelled":
        with ctx.db.uow() as s:
            e = s.get(Entity, shop)
            e.status, e.status_on = "注销", date(2026, 7, 1)
    elif case == "same_inspector":
        draft = RecordDraft(shop, at("2026-07-06"), kind="check", inspectors=(p["张建华"].id,) * 2)
    elif case == "missing_answer":
        draft = RecordDraft(
            shop,
            at("2026-07-06"),
            inspectors=(p["李秀英"].id,),
            answers={"licence_shown": Answer(NO)},
        )
        kwargs = {"assume_yes": False, "checklist": "通用日常巡查"}
    elif case == "future":
        draft = RecordDraft(shop, at("2026-07-09"), inspectors=(p["李秀英"].id,))
    before = count(ctx, PatrolTask, PatrolTask.status == "done")
    with pytest.raises(ValidationError, match=message):
        svc.record(draft, **kwargs)
    assert count(ctx, PatrolRecord) == 0 and count(ctx, Hazard) == 0
    assert count(ctx, PatrolTask, PatrolTask.status == "done") == before


def test_plan_period_bad_input(ctx, station):
    svc = ctx.services.patrols
    with pytest.raises(ValidationError, match="早于开始日期"):
        svc.generate(date(2026, 7, 31), date(2026, 7, 1))
    with pytest.raises(ValidationError, match="已经过去"):
        svc.generate(date(2026, 6, 1), date(2026, 6, 30))
    with pytest.raises(ValidationError, match="最长一个季度"):
        svc.generate(date(2026, 7, 1), date(2026, 12, 31))
    assert count(ctx, PatrolTask) == 0


def test_dry_run_writes_nothing(ctx, station):
    result, changes = ctx.services.patrols.generate(*JULY, dry_run=True)
    assert result.added > 0 and not changes
    assert count(ctx, PatrolTask) == 0


def test_two_writers_on_one_task_one_wins_the_other_is_told(ctx, station):
    svc, shop = ctx.services.patrols, station["shops"]["东关甲级超市"]
    svc.generate(*JULY)
    ctx.clock.set_day(date(2026, 7, 9))
    rows = svc.task_rows(TaskFilter(entity_id=shop, kind="patrol"))
    (task_id,) = rows.fetch_ids(None, False)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def write(hm: str) -> None:
        start.wait()
        try:
            view, _ = svc.record(
                RecordDraft(
                    shop, at("2026-07-08", hm), inspectors=(station["people"]["李秀英"].id,)
                ),
                task_id=task_id,
                assume_yes=True,
            )
            outcomes.append(view.id)
        except Exception as e:
            outcomes.append(e)

    threads = [threading.Thread(target=write, args=(hm,)) for hm in ("09:00", "09:05")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], ValidationError)
    assert "刚由另一条记录完成" in str(errors[0]) or "已经完成" in str(errors[0])
    assert count(ctx, PatrolRecord) == 1


def test_rules_versioned_audited_and_used_by_the_plan(ctx, station):
    svc = ctx.services.patrols
    with pytest.raises(ValidationError, match="无法识别"):
        svc.set_rule({"grade": "A", "kind": "patrol", "performer": "网格员", "frequency": "每两月"})
    rules, changes = svc.set_rule(
        {"grade": "A", "kind": "patrol", "performer": "网格员", "frequency": "weekly"},
        date(2026, 7, 1),
        reason="试点",
    )
    assert rules.effective_from == PLAN_DAY and changes.touches("patrol_rule_version")
    assert svc.rules_on(PLAN_DAY).get("A", "patrol").frequency.code == "weekly"
    assert svc.rules_on(date(2026, 6, 30)).get("A", "patrol").frequency.code == "monthly"
    (entry,) = ctx.services.audit.history("patrol_rule_version", rules.version_id)
    assert "试点" in entry.reason
    with pytest.raises(ValidationError, match="早于今天"):
        svc.set_rule(
            {"grade": "B", "kind": "patrol", "performer": "网格员", "frequency": "weekly"},
            date(2026, 6, 1),
        )
    result, _ = svc.generate(*JULY)
    a = station["shops"]["东关甲级超市"]
    # weekly from July: five ISO weeks touch it; the last one's day may fall in August (later)
    n = count(ctx, PatrolTask, PatrolTask.entity_id == a, PatrolTask.kind == "patrol")
    assert n in (4, 5) and (n == 5 or result.later >= 1)


def test_coverage_lists_d_unchecked_and_a_over_visited(ctx, station):
    svc, shops, p = ctx.services.patrols, station["shops"], station["people"]
    svc.generate(*JULY)
    ctx.clock.set_day(date(2026, 7, 10))
    svc.record(
        RecordDraft(shops["东关丁级网吧"], at("2026-07-06"), inspectors=(p["李秀英"].id,)),
        assume_yes=True,
    )
    for day in ("2026-07-06", "2026-07-07", "2026-07-08"):
        svc.record(
            RecordDraft(shops["东关甲级超市"], at(day), inspectors=(p["李秀英"].id,)),
            assume_yes=True,
        )
    cov = svc.coverage("2026-07")
    assert cov.d_total == 2 and [e.name for e in cov.d_unchecked] == ["西关丁级烧烤店"]
    assert [(e.name, e.visits) for e in cov.a_over] == [("东关甲级超市", 3)]
    assert cov.a_allowed == 2  # the July patrol and the Q3 review
    assert cov.planned > 0 and 0 < cov.done < cov.planned
    assert any(line.label == "李秀英" for line in cov.by_person)


def test_lists_follow_the_contract_filters(ctx, station):
    svc = ctx.services.patrols
    svc.generate(*JULY)
    rows = svc.task_rows(TaskFilter(first=date(2026, 7, 2), last=date(2026, 7, 2)))
    ids = list(rows.fetch_ids("due_on", False))
    assert ids and rows.count() == len(ids)
    assert list(rows.fetch_ids("due_on", True)) == ids[::-1]
    row = rows.fetch_rows(ids[:1])[ids[0]]
    assert row[0] == date(2026, 7, 2) and row[1] in ("日常巡查", "现场检查", "季度复核")
    rows.with_filter(TaskFilter(first=date(2026, 7, 2), last=date(2026, 7, 2), text="网吧"))
    assert 0 < rows.count() < len(ids)


def test_read_only_users_cannot_plan_or_record(ctx, station):
    ctx.auth.sign_in(Actor(None, "ro", READONLY, "只读"))
    with pytest.raises(PermissionDeniedError):
        ctx.services.patrols.generate(*JULY)
    with pytest.raises(PermissionDeniedError):
        ctx.services.patrols.record(RecordDraft(station["shops"]["东关甲级超市"], at("2026-07-01")))
