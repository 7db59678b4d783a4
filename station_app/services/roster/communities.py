"""Roster, the communities and villages (社区/村) grids cover, and the supervision groups."""

from __future__ import annotations

from collections.abc import Iterable

from station_app.data import audit
from station_app.data.models import Community
from station_app.data.repo import roster as repo
from station_app.domain import roster_rules as rules
from station_app.services.base import Tx
from station_app.services.roster.base import KIND_COMMUNITY, RosterBase


def ensure_communities(tx: Tx, names: Iterable[str]) -> tuple[list[Community], int]:
    """The community rows of ``names``, those missing created (村 by its name's ending, else
    社区) and recorded in ``tx``; returns them and how many were created."""
    out, created = [], 0
    for name in names:
        row = repo.community_by_name(tx.s, name)
        if row is None:
            kind = "村" if name.endswith("村") else "社区"
            row = Community(name=name, kind=kind, note="")
            tx.s.add(row)
            tx.s.flush()
            created += 1
            tx.record(
                audit.CREATE, KIND_COMMUNITY, row.id, {"name": [None, name], "kind": [None, kind]}
            )
        out.append(row)
    return out, created


class Communities(RosterBase):
    def list_communities(self) -> list[str]:
        self._auth.require("data.view")
        with self._db.session() as s:
            return [c.name for c in repo.communities(s)]

    def supervision_groups(self) -> list[str]:
        """The 4 default groups plus any other name in use."""
        with self._db.session() as s:
            used = {p.supervision_group for p in repo.people(s)} | {
                g.supervision_group for g in repo.grids(s)
            }
        return list(rules.DEFAULT_GROUPS) + sorted(u for u in used - set(rules.DEFAULT_GROUPS) if u)
