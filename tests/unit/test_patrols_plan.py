"""Generating and regenerating a plan (the reference the SQL is held to)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from station_app.domain.calendar import WorkCalendar
from station_app.domain.patrols import plan as p
from station_app.domain.patrols import rules as r
from station_app.errors import ValidationError

CAL = WorkCalendar()
JULY = (date(2026, 7, 1), date(2026, 7, 31))
JULY_WORKDAYS = 23
G1, G2 = 1, 2
WORKERS = {G1: [101, 102], G2: []}
SPECIALISTS = {G1: [201], G2: [202]}


def cover(grid_id, day, role):
    if grid_id is None:
        return []
    return (WORKERS if role == "grid_worker" else SPECIALISTS).get(grid_id, [])


def shops(grade: str, n: int, grid: int = G1, start: int = 1, street: str = "东街"):
    return [p.PlanEntity(start + k, grid, grade, f"{street}{k + 1:03d}号") for k in range(n)]


def make(entities, today=date(2026, 6, 25), stored=(), versions=(), first_last=JULY, outside=None):
    return p.plan(entities, list(versions), cover, CAL, *first_last, today, stored, outside)


def stored_of(diff: p.PlanDiff, **changes) -> list[p.StoredTask]:
    return [
        p.StoredTask(t.window, t.entity_id, t.due_on, t.grade, t.grid_id, t.person_id, **changes)
        for t in diff.added
    ]


def by_kind(tasks):
    return Counter(t.window.kind for t in tasks)


def test_a_fresh_month_follows_the_default_rules():
    entities = shops("A", 10) + shops("C", 2, start=100) + shops("D", 1, start=200)
    diff = make(entities)
    counts = by_kind(diff.added)
    assert counts["patrol"] == 10 + 3 * JULY_WORKDAYS  # A monthly; C and D every working day
    assert counts["check"] == 3 * 5  # five ISO weeks touch July
    assert 0 < counts["review"] < 10  # the quarter's reviews due in July; the rest later
    assert counts["review"] + diff.later == 10
    assert all(JULY[0] <= t.due_on <= JULY[1] for t in diff.added)
    assert all(CAL.is_workday(t.due_on) for t in diff.added)
    assert not diff.dropped and not diff.updated and diff.changed


def test_each_entity_has_one_task_per_window():
    diff = make(shops("D", 4))
    keys = [t.key for t in diff.added]
    assert len(keys) == len(set(keys))


def test_workers_walk_their_own_stretch_of_street_over_the_month():
    diff = make(shops("B", 46))
    patrols = sorted(
        (t for t in diff.added if t.window.kind == "patrol"), key=lambda t: t.entity_id
    )
    assert [t.person_id for t in patrols] == [101] * 23 + [102] * 23
    first = [t.due_on for t in patrols[:23]]
    assert first == sorted(first) and len(set(first)) == JULY_WORKDAYS  # one shop a working day
    reviews = [t for t in diff.added if t.window.kind == "review"]
    assert {t.person_id for t in reviews} == {201}  # the grid's specialist


def test_station_checks_go_to_the_specialist_and_a_week_begun_last_month_starts_on_the_first():
    diff = make(shops("C", 3))
    checks = [t for t in diff.added if t.window.kind == "check"]
    assert {t.person_id for t in checks} == {201}
    first_week = [t for t in checks if t.window.start == date(2026, 6, 29)]
    assert first_week and all(t.due_on >= date(2026, 7, 1) for t in first_week)


def test_regenerating_unchanged_changes_nothing():
    entities = shops("A", 5) + shops("D", 2, start=50)
    first = make(entities)
    again = make(entities, stored=stored_of(first))
    assert not again.changed
    assert again.kept == len(first.added)
    assert p.summary(again).startswith("计划无变化")


def test_a_grade_change_drops_the_old_tasks_ahead_and_adds_the_new():
    entities = shops("A", 3)
    june = make(entities)
    stored = stored_of(june)
    now = date(2026, 7, 10)
    regraded = [replace(entities[0], grade="D"), *entities[1:]]
    diff = make(regraded, today=now, stored=stored)
    gone = {t.entity_id for t in diff.dropped}
    assert gone <= {1}
    mine = [t for t in stored if t.entity_id == 1]
    assert len(diff.dropped) == sum(1 for t in mine if t.due_on >= now)
    added = by_kind(t for t in diff.added if t.entity_id == 1)
    assert added["patrol"] == 16  # the working days 10–31 July
    assert added["check"] == 4  # the weeks of 6, 13, 20 and 27 July
    assert all(t.due_on >= now for t in diff.added)
    assert diff.history == sum(1 for t in stored if t.due_on < now)


def test_done_and_visited_tasks_are_history_even_when_no_longer_applicable():
    entities = shops("D", 1)
    first = make(entities)
    stored = stored_of(first)
    stored[0] = replace(stored[0], status=p.DONE)
    stored[1] = replace(stored[1], has_records=True)  # 闭门未遇: visited, still open
    diff = make([], stored=stored)  # the entity is 注销 now: out of scope
    assert diff.history == 2
    assert len(diff.dropped) == len(stored) - 2
    assert stored[0] not in diff.dropped and stored[1] not in diff.dropped


def test_a_roster_change_reassigns_open_tasks():
    entities = shops("B", 4)
    first = make(entities)
    stored = stored_of(first)
    WORKERS[G1] = [103, 104]
    try:
        diff = make(entities, stored=stored)
    finally:
        WORKERS[G1] = [101, 102]
    moved = [new.person_id for _old, new in diff.updated]
    assert moved and set(moved) <= {103, 104}
    assert all(old.key == new.key and old.due_on == new.due_on for old, new in diff.updated)


def test_a_grid_without_cover_is_reported_not_left_silent():
    diff = make(shops("D", 2, grid=G2, start=300))
    patrols = [t for t in diff.added if t.window.kind == "patrol"]
    assert patrols and all(t.person_id is None for t in patrols)
    checks = [t for t in diff.added if t.window.kind == "check"]
    assert all(t.person_id == 202 for t in checks)  # the specialist still covers it
    lines = p.gap_warnings(diff.gaps, {G2: "G02（城南）"})
    assert lines == [
        "网格 G02（城南） 无网格员负责：2026-07-01 至 2026-07-03、2026-07-06 至 2026-07-10、"
        "2026-07-13 至 2026-07-17、2026-07-20 至 2026-07-24 等 5 段，相关任务未分配人员。"
    ]


def test_entities_outside_any_grid_get_unassigned_tasks_and_a_warning():
    diff = make([p.PlanEntity(1, None, "A", "北街1号")])
    assert diff.added and all(t.person_id is None and t.grid_id is None for t in diff.added)
    assert "未划入网格" in p.gap_warnings(diff.gaps, {})[0]


def test_an_entity_registered_after_a_window_is_not_planned_in_it():
    late = p.PlanEntity(1, G1, "D", "东街1号", registered_on=date(2026, 7, 20))
    diff = make([late])
    assert min(t.window.end for t in diff.added) >= date(2026, 7, 20)


def test_ungraded_entities_get_no_task_and_are_counted():
    diff = make([p.PlanEntity(1, G1, None, "东街1号")])
    assert not diff.added and diff.ungraded == 1


def test_a_rule_version_applies_from_the_windows_that_start_on_or_after_it():
    weekly = r.DEFAULT_RULES.with_rule(r.PatrolRule("A", r.CHECK, r.STATION, r.WEEKLY))
    versions = [r.RuleSet(date(2026, 7, 15), weekly.rules)]
    diff = make(shops("A", 2), versions=versions)
    checks = sorted({t.window.start for t in diff.added if t.window.kind == "check"})
    assert checks == [date(2026, 7, 20), date(2026, 7, 27)]  # the week of 13 July began before
    assert by_kind(diff.added)["patrol"] == 2  # July's monthly window: the old version


@pytest.mark.parametrize(
    ("first", "last", "words"),
    [
        (date(2026, 7, 31), date(2026, 7, 1), "早于开始日期"),
        (date(2026, 1, 1), date(2026, 12, 31), "最长一个季度"),
        (date(2026, 5, 1), date(2026, 5, 31), "已经过去"),
    ],
)
def test_bad_periods_are_refused(first, last, words):
    with pytest.raises(ValidationError, match=words):
        make(shops("A", 1), first_last=(first, last))


def test_a_plan_made_mid_month_starts_today():
    diff = make(shops("C", 1), today=date(2026, 7, 20))
    assert min(t.due_on for t in diff.added) == date(2026, 7, 20)
    assert by_kind(diff.added)["patrol"] == 10


def test_the_summary_says_what_changed():
    entities = shops("A", 3)
    first = make(entities)
    stored = stored_of(first)
    diff = make(entities[:2], stored=stored, today=date(2026, 6, 26))
    text = p.summary(diff)
    assert text.startswith("新增 0 项，保留 ") and "取消 " in text
    assert p.kind_counts(first.added)["日常巡查"] == 3


def test_day_runs_join_consecutive_days():
    days = [date(2026, 7, d) for d in (1, 2, 3, 6, 8, 9)]
    assert p.day_runs(days) == [
        (date(2026, 7, 1), date(2026, 7, 3)),
        (date(2026, 7, 6), date(2026, 7, 6)),
        (date(2026, 7, 8), date(2026, 7, 9)),
    ]


def test_a_grid_plan_leaves_the_tasks_of_an_entity_moved_away_to_its_new_grid():
    entities = shops("A", 2)
    stored = stored_of(make(entities))
    moved = replace(entities[0], grid_id=G2)
    diff = make(entities[1:], stored=stored, outside={moved.id: moved})
    assert not diff.dropped
    assert all(old.entity_id != moved.id for old, _new in diff.updated)  # left to its new grid
    gone = replace(moved, grade="C")  # and no longer applicable in the A windows
    diff = make(entities[1:], stored=stored, outside={gone.id: gone})
    assert {t.entity_id for t in diff.dropped} == {gone.id}
