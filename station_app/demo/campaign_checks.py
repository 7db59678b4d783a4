"""Demo campaign work (#18 on #15): each campaign's checks — about 11 shops each, a quarter
of them problem shops with a hazard ordered fixed by a deadline, a few fixed on the spot —
entered as patrol records on days of its period; their 回头看 done on the re-check day (most
pass, a few fail and are re-ordered, a couple transferred), the sampled passed shops revisited
after their delay, a shop that closed waived. Uses ``run.rng`` only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from station_app.clock import Clock
from station_app.domain.auth import Actor
from station_app.domain.patrols.hazards import CATEGORIES, ON_SPOT, Finding
from station_app.domain.patrols.records import RecordDraft
from station_app.errors import StationError
from station_app.services.auth import Auth, system_auth
from station_app.services.campaigns import CampaignService
from station_app.services.patrols import RecheckDraft

if TYPE_CHECKING:
    from station_app.demo.run import DemoRun

CHECKS_PER_CAMPAIGN = 11


def work(run: DemoRun, clerk: Actor, view, today: date, people: list[int]) -> dict[str, int]:
    """Checks and 回头看 of one campaign up to ``today``; returns what was entered."""
    counts = {"campaign_checks": 0, "problem_shops": 0, "revisits_done": 0}
    if len(people) < 2:
        return counts
    last_day = min(view.last_day, today - timedelta(days=1))
    svc = CampaignService(run.db, Auth(clerk), clock=Clock(today))
    targets = [t for t in svc.targets(view.id) if t.state == "pending"]
    run.rng.shuffle(targets)
    days = max((last_day - view.first_day).days, 0)
    for target in targets[:CHECKS_PER_CAMPAIGN]:
        day = view.first_day + timedelta(days=run.rng.randint(0, days))
        if _check(run, clerk, view, target.entity_id, day, people):
            counts["campaign_checks"] += 1
    reader = CampaignService(run.db, Auth(clerk), clock=Clock(today))
    counts["problem_shops"] = len({r.target_id for r in reader.revisits(view.id)
                                   if r.kind == "problem"})  # fmt: skip
    for _ in range(4):  # a failed re-check is ordered again: its revisit comes round again
        due = [r for r in reader.revisits(view.id, open_only=True) if r.due_on < today]
        for revisit in due:
            counts["revisits_done"] += _revisit(run, clerk, revisit, people)
    return counts


def _check(run: DemoRun, clerk: Actor, view, entity_id: int, day: date, people) -> bool:
    rng = run.rng
    roll = rng.random()
    findings: tuple = ()
    if roll < 0.25:
        category = rng.choice(CATEGORIES[:9])
        deadline = day + timedelta(days=rng.choice((7, 10, 15)))
        findings = (Finding(category, f"{category}问题，责令限期整改", deadline=deadline),)
    elif roll < 0.32:
        findings = (Finding(rng.choice(CATEGORIES[:9]), "当场整改完毕", mode=ON_SPOT),)
    at = datetime.combine(day, time(9 + rng.randrange(7), rng.randrange(60)))
    draft = RecordDraft(entity_id, at, inspectors=tuple(rng.sample(people, 2)), findings=findings)
    svc = CampaignService(run.db, Auth(clerk), clock=Clock(day + timedelta(days=1)))
    departments = view.departments[: rng.randint(0, min(2, len(view.departments)))]
    try:
        svc.record_check(view.id, draft, tuple(departments), assume_yes=True)
    except StationError:  # a shop closed since the list was frozen
        return False
    return True


def _revisit(run: DemoRun, clerk: Actor, revisit, people) -> bool:
    rng, day = run.rng, revisit.due_on
    at = datetime.combine(day, time(10, rng.randrange(60)))
    svc = CampaignService(run.db, Auth(clerk), clock=Clock(day + timedelta(days=1)))
    two = tuple(rng.sample(people, 2))
    roll = rng.random()
    try:
        if revisit.kind == "problem":
            passed = roll < 0.85
            transfer = not passed and roll > 0.97
            again = None if passed or transfer else day + timedelta(days=7)
            draft = RecheckDraft(0, at, passed=passed, new_deadline=again, transfer=transfer,
                                 inspectors=two)  # fmt: skip
            svc.record_revisit(revisit.id, draft)
        elif roll < 0.05:
            head = CampaignService(run.db, system_auth(), clock=Clock(day + timedelta(days=1)))
            head.waive_revisit(revisit.id, revisit.version, "商户已停业搬离，无法回头看")
        else:
            svc.record_revisit(revisit.id, RecordDraft(revisit.entity_id, at, inspectors=two),
                               assume_yes=True)  # fmt: skip
    except StationError:  # e.g. the shop closed down since: the head waives it
        head = CampaignService(run.db, system_auth(), clock=Clock(day + timedelta(days=1)))
        try:
            head.waive_revisit(revisit.id, revisit.version, "商户已停业，无法回头看")
        except StationError:
            pass
        return False
    return True
