"""Read side of 预警: the warning list as ``Rows`` (newest first by default)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import select

from station_app.data.models import EarlyWarning
from station_app.domain.warnings.kinds import KIND_LABELS
from station_app.domain.warnings.lists import WarningFilter
from station_app.queries.prices import _like, _Rows

W = EarlyWarning


class WarningRows(_Rows[WarningFilter]):
    """Columns of ``domain/warnings/lists.LIST_COLUMNS``; after them the kind code."""

    id_col = W.id
    sort_columns: ClassVar[dict[str, Any]] = {
        "first_seen_at": W.first_seen_at,
        "kind": W.kind,
        "level": W.level,
        "state": W.state,
    }

    def conditions(self) -> list:
        f, conds = self.filter, []
        if f.state:
            conds.append(W.state == f.state)
        if f.kind:
            conds.append(W.kind == f.kind)
        if f.active_only:
            conds.append(W.active.is_(True))
        if f.text.strip():
            conds.append(W.title.like(_like(f.text), escape="\\"))
        return conds

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        stmt = select(
            W.id, W.first_seen_at, W.kind, W.level, W.title, W.state, W.active, W.acked_by
        ).where(W.id.in_(list(ids)))
        with self.db.session() as s:
            return {
                r[0]: (r[1], KIND_LABELS.get(r[2], r[2]), *r[3:8], r[2]) for r in s.execute(stmt)
            }
