"""Set-ups of the work-order tests: a grid with its specialist and grid worker on the roster,
each linked to a user account; a fixed "now"; signing in as someone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from station_app.domain.auth import Actor
from station_app.domain.periods import SHANGHAI

PASSWORD = "Gd-Test-2026!x"


def bj(text: str) -> datetime:
    """``"2026-05-01 09:30"`` in Beijing time."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


def set_now(ctx, monkeypatch, text: str) -> datetime:
    """Fix the services' clock at a moment (the day and the time)."""
    moment = bj(text)
    ctx.clock.set_day(moment.date())
    monkeypatch.setattr(ctx.clock, "now", lambda: moment)
    return moment


@dataclass(frozen=True)
class Roster:
    grid_id: int
    grid_code: str
    specialist: Actor
    worker: Actor
    reviewer: Actor
    other: Actor
    worker_person_id: int


def build_roster(ctx) -> Roster:
    """Grid WG01 with specialist 王专员 (user wang) and grid worker 李网格 (user li) from
    2026-01-01; a clerk 赵内勤 (zhao, a reviewer) and another officer 钱专员 (qian)."""
    from station_app.data.models import Grid, GridAssignment, Person

    users = ctx.services.users
    made = {}
    for name, display, role in (
        ("boss", "孙所长", "admin"),
        ("wang", "王专员", "officer"),
        ("li", "李网格", "gridworker"),
        ("zhao", "赵内勤", "clerk"),
        ("qian", "钱专员", "officer"),
    ):
        info, _ = users.add_user(name, display, role, PASSWORD)
        made[name] = info.actor()
    with ctx.db.uow() as s:
        grid = Grid(code="WG01", name="城关第一网格")
        wang = Person(name="王专员", roles="specialist")
        li = Person(name="李网格", roles="grid_worker")
        s.add_all([grid, wang, li])
        s.flush()
        for person, role in ((wang, "specialist"), (li, "grid_worker")):
            s.add(
                GridAssignment(
                    grid_id=grid.id, person_id=person.id, role=role, start_on=date(2026, 1, 1)
                )
            )
        s.flush()
        ids = (grid.id, wang.id, li.id)
    orders = ctx.services.orders
    orders.link_person(ids[1], "wang")
    orders.link_person(ids[2], "li")
    return Roster(ids[0], "WG01", made["wang"], made["li"], made["zhao"], made["qian"], ids[2])


def as_(ctx, actor: Actor) -> None:
    ctx.auth.sign_in(actor)
