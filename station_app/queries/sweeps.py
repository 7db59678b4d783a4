"""Read side of street sweeps (扫街纳管): id lists and row pages for the lazy list.

A station captures thousands of shops a year, not millions, so text search is a plain
``LIKE`` over name, address and operator; filters (grid, status) and sort columns are
indexed. Mobile numbers are masked in lists: an operator's mobile is personal data.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from sqlalchemy import func, or_, select

from station_app.data.engine import Database
from station_app.data.models import Entity, SweepCapture
from station_app.domain.masking import mask_phone
from station_app.domain.sweeps import SweepFilter
from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.queries.common import GridLabelCache

SORT_COLUMNS = {
    "captured_on": SweepCapture.captured_on,
    "grid": SweepCapture.grid_id,
    "name": SweepCapture.name,
    "status": SweepCapture.status,
}


def _conditions(flt: SweepFilter) -> list:
    conds: list = []
    q = remove_spaces(to_halfwidth(flt.text or ""))
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds.append(
            or_(
                *(
                    col.like(pattern, escape="\\")
                    for col in (
                        SweepCapture.name,
                        SweepCapture.address,
                        SweepCapture.operator,
                        SweepCapture.phone,
                    )
                )
            )
        )
    if flt.grid_id is not None:
        conds.append(SweepCapture.grid_id == flt.grid_id)
    if flt.status:
        conds.append(SweepCapture.status == flt.status)
    return conds


class SweepRows(GridLabelCache):
    """The 扫街纳管 list (``SweepService.rows``): a ``RowSource`` of the lazy table under one
    :class:`~station_app.domain.sweeps.SweepFilter`, plus :meth:`with_filter` and
    :meth:`count`. Any thread; rows in ``domain.sweeps.LIST_COLUMNS`` order, mobiles masked
    when ``mask``."""

    def __init__(self, db: Database, flt: SweepFilter | None = None, *, mask: bool = True) -> None:
        self.db = db
        self.filter = flt or SweepFilter()
        self.mask = mask
        self._grid_labels: dict[int, str] | None = None

    def with_filter(self, flt: SweepFilter) -> SweepRows:
        """Show the rows matching ``flt`` from now on; returns this object."""
        self.filter = flt
        return self

    def _id_select(self, sort_key: str | None, descending: bool):
        column = SORT_COLUMNS.get(sort_key or "")
        stmt = select(SweepCapture.id).where(*_conditions(self.filter))
        if column is None:  # newest first by default
            order = [SweepCapture.id] if descending else [SweepCapture.id.desc()]
        elif descending:
            order = [column.desc(), SweepCapture.id.desc()]
        else:
            order = [column.asc(), SweepCapture.id]
        return stmt.order_by(*order)

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        with self.db.session() as s:
            return array("q", s.execute(self._id_select(sort_key, descending)).scalars())

    def fetch_first_ids(self, sort_key: str | None, descending: bool, limit: int = 256) -> array:
        with self.db.session() as s:
            stmt = self._id_select(sort_key, descending).limit(limit)
            return array("q", s.execute(stmt).scalars())

    def count(self) -> int:
        stmt = select(func.count()).select_from(SweepCapture).where(*_conditions(self.filter))
        with self.db.session() as s:
            return int(s.execute(stmt).scalar_one())

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        grids = self.grid_labels()
        c = SweepCapture
        stmt = (
            select(
                c.id,
                c.captured_on,
                c.grid_id,
                c.name,
                c.address,
                c.phone,
                c.operator,
                c.industry,
                c.status,
                Entity.name,
                c.has_photo,
                c.captured_by,
            )
            .outerjoin(Entity, Entity.id == c.linked_entity_id)
            .where(c.id.in_(list(ids)))
        )
        with self.db.session() as s:
            rows = s.execute(stmt).all()
        out = {}
        for r in rows:
            phone = mask_phone(r[5]) if self.mask else r[5]
            out[r[0]] = (
                r[1],
                grids.get(r[2], ""),
                r[3],
                r[4],
                phone,
                r[6],
                r[7],
                r[8],
                r[9] or "",
                r[10],
                r[11],
            )
        return out
