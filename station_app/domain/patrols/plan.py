"""Generating and regenerating a patrol plan (巡查计划), as a pure reference. Pure.

The service does this set-based in SQL (docs/areas/patrols.md §3); :func:`plan` is the same
algorithm on Python values, small enough to read and to hold the SQL to in tests.

A plan is made for a period ``first`` … ``last`` on the day ``today``:

* **Windows**: for every rule of every version, the windows of its frequency that touch the
  period, each taken with the rule version in force on the window's first day.
* **Applicable**: an entity in scope (在营, registered by the window's end) whose grade today
  (本所分级, the override included) has that rule. An entity keeps one task per window.
* **Due date**: the window's eligible days from ``max(window start, today)`` (the days still
  ahead), spread in street order over the grid's people and those days (``schedule.spread``).
  A task due after ``last`` is left for the plan of a later period; one whose spread day is
  already behind the period's start (a week that began last month, a quarter's review when
  the ranks moved) is placed on the first eligible day from ``max(first, today)``.
* **Person**: the holder of the rule's roster duty in the entity's grid on the due day, the
  stretch of streets given by ``schedule.person_index``. No holder: the task is created
  unassigned and the grid and days are reported (never a silent gap).
* **Regenerating** compares with the tasks already stored for those windows: a task that is
  done, has a record (an attempt, 闭门未遇), or is due before today is history and is never
  touched; an open task still applicable is kept (its grade, grid and person brought up to
  date: *updated*); an open task no longer applicable and due in ``max(first, today)`` …
  ``last`` is *dropped*; an applicable entity without a task gets one (*added*).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from station_app.domain.patrols.rules import (
    DEFAULT_RULES,
    KIND_LABELS,
    PERFORMER_ROSTER_ROLE,
    PatrolRule,
    RuleSet,
    rules_on,
)
from station_app.domain.patrols.schedule import (
    CoverFn,
    Window,
    Workdays,
    eligible_days,
    person_index,
    spread,
    street_ranks,
    windows,
)
from station_app.domain.roster_rules import GRID_ROLES
from station_app.errors import ValidationError

PENDING, ATTEMPTED, DONE = "pending", "attempted", "done"
TASK_STATUS_LABELS = {PENDING: "待完成", ATTEMPTED: "闭门未遇，待再次上门", DONE: "已完成"}
OVERDUE_LABEL = "已逾期"
ATTEMPTED_LABEL = "闭门未遇"


@dataclass(frozen=True, order=True)
class WindowKey:
    """A plan window: what kind of visit, by whom, in which days. Rules of different grades
    with the same shape share a window; each entity has at most one task in it."""

    kind: str
    performer: str
    start: date
    end: date

    @property
    def window(self) -> Window:
        return Window(self.start, self.end)


@dataclass(frozen=True)
class PlanEntity:
    """An entity as the plan sees it: its grid, its grade today and its address (street order)."""

    id: int
    grid_id: int | None
    grade: str | None
    address: str = ""
    registered_on: date | None = None


@dataclass(frozen=True)
class Task:
    window: WindowKey
    entity_id: int
    due_on: date
    grade: str
    grid_id: int | None
    person_id: int | None

    @property
    def key(self) -> tuple[WindowKey, int]:
        return (self.window, self.entity_id)


@dataclass(frozen=True)
class StoredTask(Task):
    """A task already in the plan: its status and whether any record refers to it."""

    status: str = PENDING
    has_records: bool = False

    def is_history(self, today: date) -> bool:
        """Done, visited (even 闭门未遇) or due before today: regeneration never touches it."""
        return self.status != PENDING or self.has_records or self.due_on < today


@dataclass(frozen=True)
class Gap:
    """No holder of ``role`` in grid ``grid_id`` on ``day``: the tasks there are unassigned."""

    grid_id: int | None
    role: str
    day: date


@dataclass
class PlanDiff:
    added: list[Task] = field(default_factory=list)
    updated: list[tuple[StoredTask, Task]] = field(default_factory=list)
    dropped: list[StoredTask] = field(default_factory=list)
    kept: int = 0  # open tasks still applicable, unchanged
    history: int = 0  # done, visited or past: untouched
    later: int = 0  # applicable, but due after the period: left for a later plan
    gaps: set[Gap] = field(default_factory=set)
    ungraded: int = 0  # entities in scope without a grade: no task

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.dropped)


def check_period(first: date, last: date, today: date) -> date:
    """A plan period: ``first`` ≤ ``last``, at most 92 days, not wholly past. Returns the
    first day the plan may still change (``max(first, today)``)."""
    if last < first:
        raise ValidationError(
            f"计划期的结束日期 {last.isoformat()} 早于开始日期 {first.isoformat()}。",
            field="last",
        )
    if (last - first).days > 92:
        raise ValidationError(
            "计划期最长一个季度（92 天）。请按周、月或季度分别生成。", field="last"
        )
    if last < today:
        raise ValidationError(
            f"计划期 {first.isoformat()} 至 {last.isoformat()} 已经过去，不能再生成计划；"
            "已有的计划和巡查记录保持不变。",
            field="last",
        )
    return max(first, today)


def active_windows(
    versions: Sequence[RuleSet], first: date, last: date
) -> list[tuple[PatrolRule, WindowKey]]:
    """Every (rule, window) pair of the period: windows touching it, each with the rule
    version in force on the window's first day."""
    out: list[tuple[PatrolRule, WindowKey]] = []
    candidates = [*versions]
    if all(v.effective_from != DEFAULT_RULES.effective_from for v in candidates):
        candidates.append(DEFAULT_RULES)  # in force before the first stored version
    for version in candidates:
        for rule in version.rules:
            for w in windows(rule.frequency, first, last):
                if rules_on(versions, w.start).effective_from != version.effective_from:
                    continue
                out.append((rule, WindowKey(rule.kind, rule.performer, w.start, w.end)))
    return sorted(out, key=lambda p: (p[1], p[0].grade))


def plan(
    entities: Iterable[PlanEntity],
    versions: Sequence[RuleSet],
    cover: CoverFn,
    workdays: Workdays,
    first: date,
    last: date,
    today: date,
    stored: Iterable[StoredTask] = (),
    outside: Mapping[int, PlanEntity] | None = None,
) -> PlanDiff:
    """The plan of ``first`` … ``last`` made on ``today`` against the ``stored`` tasks of its
    windows (see the module docstring). ``entities``: those in scope (在营, in the grid asked
    for). ``outside``: 在营 entities out of scope that stored tasks refer to (moved to another
    grid): their tasks are left as they are while still applicable — the plan of their new
    grid brings them up to date — and dropped only when no longer applicable."""
    floor = check_period(first, last, today)
    diff = PlanDiff()
    by_grid: dict[int | None, list[PlanEntity]] = {}
    for e in entities:
        if e.grade:  # the street order ranks the entities that get tasks
            by_grid.setdefault(e.grid_id, []).append(e)
        else:
            diff.ungraded += 1
    ranks: dict[int, tuple[int, int]] = {}
    for members in by_grid.values():
        order = street_ranks([(e.id, e.address) for e in members])
        ranks.update({eid: (r, len(members)) for eid, r in order.items()})
    graded = {e.id: e for group in by_grid.values() for e in group}
    existing = {t.key: t for t in stored}
    wanted: dict[tuple[WindowKey, int], tuple[PatrolRule, PlanEntity]] = {}
    pairs = active_windows(versions, first, last)
    grades_of: dict[WindowKey, set[str]] = {}
    for rule, key in pairs:
        grades_of.setdefault(key, set()).add(rule.grade)
    for rule, key in pairs:
        role = PERFORMER_ROSTER_ROLE[rule.performer]
        days = eligible_days(key.window, rule.calendar, workdays, max(key.start, today))
        for e in graded.values():
            if e.grade != rule.grade or (e.registered_on and e.registered_on > key.end):
                continue
            wanted[(key, e.id)] = (rule, e)
            if (key, e.id) in existing or not days:
                continue
            rank, count = ranks[e.id]
            people = len(cover(e.grid_id, days[0], role))
            due = days[spread(rank, count, people, len(days)).day]
            if due > last:
                diff.later += 1
                continue
            if due < floor:
                ahead = [d for d in days if d >= floor]
                if not ahead:
                    continue
                due = ahead[0]
            diff.added.append(_task(key, e, due, role, rank, count, cover, diff.gaps))
    away = outside or {}
    for task_key, t in existing.items():
        want = wanted.get(task_key)
        moved = away.get(t.entity_id)
        if want is None and moved is not None and _applies(moved, t.window, grades_of):
            if t.is_history(today):
                diff.history += 1
            elif floor <= t.due_on <= last:
                diff.kept += 1  # the plan of its new grid reassigns it
            continue
        _regenerate(t, want, ranks, cover, floor, last, today, diff)
    return diff


def _applies(e: PlanEntity, key: WindowKey, grades_of: Mapping[WindowKey, set[str]]) -> bool:
    """Whether ``e`` (在营) still has a task in window ``key`` under the rules."""
    if e.registered_on and e.registered_on > key.end:
        return False
    return e.grade in grades_of.get(key, set())


def _task(
    key: WindowKey,
    e: PlanEntity,
    due: date,
    role: str,
    rank: int,
    count: int,
    cover: CoverFn,
    gaps: set[Gap],
) -> Task:
    people = cover(e.grid_id, due, role)
    if not people:
        gaps.add(Gap(e.grid_id, role, due))
        person = None
    else:
        person = people[person_index(rank, count, len(people))]
    return Task(key, e.id, due, e.grade or "", e.grid_id, person)


def _regenerate(
    t: StoredTask,
    want: tuple[PatrolRule, PlanEntity] | None,
    ranks: Mapping[int, tuple[int, int]],
    cover: CoverFn,
    floor: date,
    last: date,
    today: date,
    diff: PlanDiff,
) -> None:
    if t.is_history(today):
        diff.history += 1
        return
    if not floor <= t.due_on <= last:
        return  # another period's part of the window: that plan decides
    if want is None:
        diff.dropped.append(t)
        return
    rule, e = want
    rank, count = ranks[e.id]
    role = PERFORMER_ROSTER_ROLE[rule.performer]
    fresh = _task(t.window, e, t.due_on, role, rank, count, cover, diff.gaps)
    if (fresh.grade, fresh.grid_id, fresh.person_id) == (t.grade, t.grid_id, t.person_id):
        diff.kept += 1
    else:
        diff.updated.append((t, fresh))


# -- what the plan says ----------------------------------------------------------------------


def day_runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Days → runs of consecutive days ``(first, last)``, in order."""
    runs: list[tuple[date, date]] = []
    for d in sorted(set(days)):
        if runs and d - runs[-1][1] == timedelta(days=1):
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return runs


def _runs_text(days: Iterable[date]) -> str:
    parts = []
    for a, b in day_runs(days):
        parts.append(a.isoformat() if a == b else f"{a.isoformat()} 至 {b.isoformat()}")
    if len(parts) > 4:
        return "、".join(parts[:4]) + f" 等 {len(parts)} 段"
    return "、".join(parts)


def gap_warnings(gaps: Iterable[Gap], grid_labels: Mapping[int, str]) -> list[str]:
    """One line per grid and duty without cover: ``网格 G03（城南）无网格员负责：2026-07-01 至
    2026-07-05，相关任务未分配人员。``; entities outside any grid in one line."""
    by: dict[tuple[int | None, str], list[date]] = {}
    for g in gaps:
        by.setdefault((g.grid_id, g.role), []).append(g.day)
    lines = []
    for (grid_id, role), days in sorted(by.items(), key=lambda kv: (kv[0][0] is None, kv[0])):
        duty = GRID_ROLES.get(role, role)
        if grid_id is None:
            lines.append(f"有经营主体未划入网格，{_runs_text(days)} 的相关任务无人负责（未分配）。")
            continue
        label = grid_labels.get(grid_id, f"#{grid_id}")
        lines.append(f"网格 {label} 无{duty}负责：{_runs_text(days)}，相关任务未分配人员。")
    return lines


def summary(diff: PlanDiff) -> str:
    """``新增 120 项，保留 40 项（其中改派 3 项），取消 2 项；已完成、已上门或已过期的 15 项不变。``"""
    kept = diff.kept + len(diff.updated)
    text = f"新增 {len(diff.added):,} 项，保留 {kept:,} 项"
    if diff.updated:
        text += f"（其中调整 {len(diff.updated):,} 项）"
    text += f"，取消 {len(diff.dropped):,} 项"
    if diff.history:
        text += f"；已完成、已上门或已过期的 {diff.history:,} 项不变"
    if diff.later:
        text += f"；另有 {diff.later:,} 项到期日在计划期之后，留待以后的计划"
    if not diff.changed:
        text = "计划无变化：" + text
    return text + "。"


def kind_counts(tasks: Iterable[Task]) -> dict[str, int]:
    """Tasks per kind label (日常巡查 / 季度复核 / 现场检查)."""
    out: dict[str, int] = {}
    for t in tasks:
        label = KIND_LABELS[t.window.kind]
        out[label] = out.get(label, 0) + 1
    return out
