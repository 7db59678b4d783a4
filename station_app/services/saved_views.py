"""Saved views (常用筛选): each user's named search and filters per list screen, kept in the
database so they follow the user to any PC of the station.

They are personal convenience, not records of the station: saving or deleting one is not
written to the audit trail (like window layout; and a saved search text may hold a phone
number typed into the search box), and every user may keep their own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from station_app.data.models import SavedView
from station_app.data.repo import settings as repo
from station_app.domain import saved_views as rules
from station_app.errors import NotFoundError, ValidationError
from station_app.services.base import Changes, Service, Tx

KIND = "saved_view"


@dataclass(frozen=True)
class SavedViewData:
    id: int
    screen: str
    name: str
    criteria: dict[str, Any]
    version: int


def _to_dto(row: SavedView) -> SavedViewData:
    try:
        criteria = json.loads(row.criteria)
    except ValueError:
        criteria = {}
    return SavedViewData(row.id, row.screen, row.name, criteria, row.version)


class SavedViewService(Service):
    """The signed-in user's saved views. Any thread; each call opens its own session. Writes
    go through ``transact`` but record no audit entry, only the ``Changes`` (``tx.touch``)."""

    def list(self, screen: str) -> list[SavedViewData]:
        actor = self._auth.require("data.view")
        with self._db.session() as s:
            return [_to_dto(r) for r in repo.views(s, actor.username, screen)]

    def save(
        self, screen: str, name: str, criteria: dict[str, Any], *, replace: bool = False
    ) -> tuple[SavedViewData, Changes]:
        """Save the criteria under ``name``. A view of that name is replaced only when
        ``replace`` (the screen asks first); otherwise ``ValidationError`` and nothing written."""
        self._auth.require("data.view")
        name = rules.check_name(name)
        text = rules.criteria_json(criteria)

        def save(tx: Tx) -> SavedViewData:
            owner = tx.actor.username
            row = repo.view_named(tx.s, owner, screen, name)
            if row is not None and not replace:
                raise ValidationError(f"已有名为“{name}”的常用筛选。要替换它吗？", field="name")
            if row is None:
                if len(repo.views(tx.s, owner, screen)) >= rules.MAX_PER_SCREEN:
                    raise ValidationError(
                        f"每个列表最多保存 {rules.MAX_PER_SCREEN} 个常用筛选，请先删除不用的。",
                        field="name",
                    )
                row = SavedView(owner=owner, screen=screen, name=name, criteria=text)
                tx.s.add(row)
            else:
                row.criteria = text
            tx.s.flush()
            tx.touch(KIND, [row.id])
            return _to_dto(row)

        return self._transact("data.view", save)

    def delete(self, view_id: int) -> Changes:
        """Delete one of the user's own views (another user's is "not found")."""

        def delete(tx: Tx) -> None:
            row = tx.s.get(SavedView, view_id)
            if row is None or row.owner != tx.actor.username:
                raise NotFoundError("该常用筛选不存在（可能已被删除）。")
            tx.s.delete(row)
            tx.touch(KIND, [view_id])

        return self._transact("data.view", delete)[1]
