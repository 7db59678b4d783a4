"""Pieces the list row sources share."""

from __future__ import annotations

from station_app.data.engine import Database
from station_app.data.repo import roster as roster_repo


class GridLabelCache:
    """Grid labels (``GZ01 东关网格``) read once per row source, for its rows' grid column.
    A row source sets ``self.db`` and ``self._grid_labels = None`` in its ``__init__``."""

    db: Database
    _grid_labels: dict[int, str] | None

    def grid_labels(self) -> dict[int, str]:
        if self._grid_labels is None:
            with self.db.session() as s:
                self._grid_labels = roster_repo.grid_labels(s)
        return self._grid_labels

    def forget_grid_labels(self) -> None:
        """After the roster changed (a grid renamed or added): read the labels again."""
        self._grid_labels = None
