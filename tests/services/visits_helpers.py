"""Shared set-up of the visits-area service tests: grids, entities, roster people, users."""

from __future__ import annotations

from datetime import date, datetime

from station_app.domain.periods import SHANGHAI
from station_app.services.entities import EntityData
from station_app.services.roster.people import PersonData

TODAY = date(2026, 11, 20)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


def setup_station(ctx) -> dict[str, int]:
    """Two entities (one registered 2026-03-01), a specialist, a cadre, a volunteer, a team."""
    from station_app.data.repo import entities as repo
    from station_app.services.visits import TeamDraft

    ctx.clock.set_day(TODAY)
    with ctx.db.uow() as s:
        grids = repo.ensure_grids(s, 2)
    ents = ctx.services.entities
    a = ents.save(
        EntityData(
            name="城关镇张三记小吃店", uscc="91370923MA3C5XY21R", address="人民路12号",
            legal_rep="张三", grid_id=grids[0], registered_on=date(2020, 5, 1),
        )
    )[0].data.id  # fmt: skip
    b = ents.save(
        EntityData(
            name="东平县新开便利店", address="佛山街8号", grid_id=grids[1],
            registered_on=date(2026, 3, 1),
        )
    )[0].data.id  # fmt: skip
    roster = ctx.services.roster
    for name, role in (("王专员", "specialist"), ("李干部", "cadre"), ("赵志愿", "volunteer")):
        roster.save_person(PersonData(name=name, roles=(role,)))
    ctx.services.visits.save_team(
        TeamDraft("城关第一服务队", ("王专员", "李干部", "赵志愿"), grid_id=grids[0])
    )
    return {"a": a, "b": b, "grid": grids[0], "grid2": grids[1]}
