"""A grid worker's reach (docs/areas/patrols.md §7): the tasks, hazards and records of the
grids their linked roster person covers on the day, and only 日常巡查 to record. Everyone
else is unscoped (``None``)."""

from __future__ import annotations

from datetime import date

from station_app.data.repo import orders as orders_repo
from station_app.domain.auth import GRIDWORKER, Actor
from station_app.domain.patrols.rules import PATROL
from station_app.errors import PermissionDeniedError


def grid_scope(s, actor: Actor, day: date) -> frozenset[int] | None:
    """The grid ids a grid worker may see on ``day`` (empty when their user is linked to no
    roster person, or they cover no grid that day); ``None``: not a grid worker."""
    if actor.role != GRIDWORKER:
        return None
    person = orders_repo.person_of_user(s, actor.user_id)
    if person is None:
        return frozenset()
    return frozenset(orders_repo.grids_of_person(s, person.id, day))


def own_person(s, actor: Actor) -> int | None:
    """The roster person linked to a grid worker's user (``None`` for anyone else)."""
    if actor.role != GRIDWORKER:
        return None
    person = orders_repo.person_of_user(s, actor.user_id)
    return person.id if person is not None else None


def check_may_record(s, actor: Actor, kind: str, grid_id: int | None, day: date, name: str) -> None:
    """A grid worker records 日常巡查 of entities in the grids they cover that day."""
    grids = grid_scope(s, actor, day)
    if grids is None:
        return
    if kind != PATROL:
        raise PermissionDeniedError("网格员只能登记日常巡查；现场检查、复核和复查由监管专员登记。")
    if grid_id not in grids:
        raise PermissionDeniedError(
            f"“{name}”不在您 {day.isoformat()} 负责的网格内，不能登记它的巡查记录。"
            "如网格分工有变化，请联系所里更新网格花名册。"
        )
