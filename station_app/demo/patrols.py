"""Demo patrols: this month's plan (made on its first day, so the days behind today are
history), visits recorded for most tasks due before today — a few 闭门未遇, some with hazards
ordered to be fixed (a few already overdue, some re-checked and closed) — and the plan of
the rest of the month regenerated today. Uses ``run.rng`` only; the number of visits is
bounded (``MAX_VISITS``) so a demo stays quick to build."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from station_app.clock import Clock
from station_app.domain.auth import SYSTEM, Actor
from station_app.domain.patrols.hazards import CATEGORIES, Finding
from station_app.domain.patrols.lists import TaskFilter
from station_app.domain.patrols.records import CLOSED_DOOR, RecordDraft
from station_app.errors import StationError
from station_app.services.auth import Auth, UserService, system_auth
from station_app.services.patrols import PatrolService, RecheckDraft
from station_app.services.roster import RosterService

if TYPE_CHECKING:
    from station_app.demo.run import DemoRun

MAX_VISITS = 240


def _actor(users: UserService, username: str) -> Actor:
    for u in users.list_users():
        if u.username == username:
            return Actor(u.id, u.username, u.role, u.display_name)
    return SYSTEM


def patrols_step(run: DemoRun) -> None:
    today = run.today
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # last month
    last = today.replace(day=1) - timedelta(days=1)
    clerk = _actor(UserService(run.db, system_auth()), "sunli")
    planner = PatrolService(run.db, Auth(clerk), clock=Clock(first))
    planner.generate(first, last)
    roster = RosterService(run.db, Auth(clerk))
    people = [p.id for p in roster.search_people("", role="specialist", limit=200)]
    rows = planner.task_rows(TaskFilter(first=first, last=last))
    ids = list(rows.fetch_ids("due_on", False))
    run.rng.shuffle(ids)
    page = rows.fetch_rows(ids[:MAX_VISITS])
    counts = {"patrol_records": 0, "hazards": 0, "rechecks": 0}
    for task_id, row in sorted(page.items(), key=lambda kv: kv[1][0]):
        _visit(run, clerk, task_id, row, today, people, counts)
    month_end = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    PatrolService(run.db, Auth(clerk), clock=Clock(today)).generate(today, month_end)
    run.counts.update(counts)


def _visit(run: DemoRun, clerk: Actor, task_id: int, row: tuple, today, people, counts) -> None:
    """One visit to the task's entity on its due day (most found nothing)."""
    rng, due = run.rng, row[0]
    kind = {"日常巡查": "patrol", "季度复核": "review", "现场检查": "check"}.get(row[1])
    if kind is None or rng.random() < 0.1:  # some missed
        return
    svc = PatrolService(run.db, Auth(clerk), clock=Clock(due + timedelta(days=1)))
    at = datetime.combine(due, time(9 + rng.randrange(8), rng.randrange(60)))
    findings: tuple = ()
    roll = rng.random()
    if roll < 0.12:
        deadline = due + timedelta(days=rng.choice((3, 7, 15)))
        category = rng.choice(CATEGORIES[:9])
        findings = (Finding(category, f"{category}问题，责令限期整改", deadline=deadline),)
    inspectors = tuple(rng.sample(people, 2)) if kind == "check" and len(people) > 1 else ()
    draft = RecordDraft(
        row[-3],
        at,
        kind=kind,
        inspectors=inspectors,
        findings=findings,
        result=CLOSED_DOOR if roll > 0.96 else None,
    )
    try:
        view, _ = svc.record(draft, task_id=task_id, assume_yes=roll <= 0.96)
    except StationError:  # no second officer on the grid that day, an entity closed since
        return
    counts["patrol_records"] += 1
    for h in view.hazards:
        counts["hazards"] += 1
        if h.deadline and h.deadline < today and rng.random() < 0.6:
            _recheck(run, clerk, h, people, counts)


def _recheck(run: DemoRun, clerk: Actor, hazard, people, counts) -> None:
    """Most re-checks pass on the deadline; the others are left open (overdue)."""
    day = hazard.deadline
    at = datetime.combine(day, time(10, 0))
    svc = PatrolService(run.db, Auth(clerk), clock=Clock(day + timedelta(days=1)))
    two = tuple(run.rng.sample(people, 2)) if len(people) > 1 else ()
    try:
        svc.recheck(
            RecheckDraft(hazard.id, at, passed=True, inspectors=two, version=hazard.version)
        )
    except StationError:  # a re-check needs two officers: left overdue
        return
    counts["rechecks"] += 1
