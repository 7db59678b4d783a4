"""List queries of the red and black lists (红黑榜): the filtered, ordered id list and row pages
for the lazy table. A station's lists hold hundreds to a few thousand entries; sorting and
filtering still happen in SQL, like every list."""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from sqlalchemy import func, select

from station_app.data.engine import Database
from station_app.data.models import Entity, ListEntry, ListKind
from station_app.data.repo import lists as repo
from station_app.data.repo.lists import EntryRow
from station_app.domain import lists as rules
from station_app.domain.lists import EntryFilter

SORT_COLUMNS = {
    "kind": (ListKind.sort_order, ListKind.id),
    "entity": (Entity.name,),
    "uscc": (Entity.uscc,),
    "status": (ListEntry.status,),
    "listed_on": (ListEntry.listed_on,),
    "valid_until": (ListEntry.valid_until,),
    "tier": (ListEntry.tier,),
    "people": (ListEntry.proposed_by,),
}


def entry_cells(r: EntryRow) -> tuple:
    """An entry as a list row: the values of ``ENTRY_COLUMNS``, then colour and status."""
    status = rules.STATUS_LABELS.get(r.status, r.status)
    return (
        r.kind,
        r.entity_name,
        r.uscc,
        f"{status}（{r.removal_way}）" if r.removal_way else status,
        r.listed_on,
        r.valid_until,
        rules.TIER_LABELS.get(r.tier or "", ""),
        f"{r.proposed_by} / {r.approved_by or '—'}",
        "办理中" if r.open_repair_id else "",
        r.colour,
        r.status,
    )


class EntryRows:
    """The 红黑榜 list (``ListService.rows``): a ``RowSource`` of the lazy table under one
    :class:`~station_app.domain.lists.EntryFilter`, plus :meth:`with_filter`, :meth:`count`
    and :meth:`entries` (the full :class:`EntryRow` of some ids, for a details pane). Any
    thread; each call opens its own Session."""

    def __init__(self, db: Database, flt: EntryFilter | None = None) -> None:
        self.db = db
        self.filter = flt or EntryFilter()

    def with_filter(self, flt: EntryFilter) -> EntryRows:
        """Show the entries matching ``flt`` from now on; returns this object."""
        self.filter = flt
        return self

    def _conditions(self) -> list:
        f = self.filter
        return repo.entry_conditions(
            kind_id=f.kind_id,
            colour=f.colour,
            statuses=f.statuses,
            entity_id=f.entity_id,
            text=f.text,
        )

    def _joined(self, *columns):
        return (
            select(*columns)
            .select_from(ListEntry)
            .join(ListKind, ListKind.id == ListEntry.kind_id)
            .join(Entity, Entity.id == ListEntry.entity_id)
            .where(*self._conditions())
        )

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        """Ids under the filter; ``None`` sorts by kind, then newest listing first."""
        columns = SORT_COLUMNS.get(sort_key or "")
        if columns is None:
            order = list(repo.DEFAULT_ORDER)
            if descending:
                order = [ListKind.sort_order.desc(), ListEntry.listed_on, ListEntry.id]
        else:
            key = [c.desc() if descending else c.asc() for c in columns]
            order = [*key, ListEntry.id.desc() if descending else ListEntry.id]
        with self.db.session() as s:
            return array("q", s.scalars(self._joined(ListEntry.id).order_by(*order)))

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        return {r.id: entry_cells(r) for r in self.entries(ids)}

    def entries(self, ids: Sequence[int]) -> list[EntryRow]:
        """The entries of ``ids`` that still exist (any order)."""
        if not ids:
            return []
        with self.db.session() as s:
            return repo.entry_rows(s, ids=list(ids))

    def count(self) -> int:
        with self.db.session() as s:
            return int(s.execute(self._joined(func.count())).scalar_one())
