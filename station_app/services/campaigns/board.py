"""The progress board of a campaign (进度): targets, checked, problem shops, rectified,
transferred and 回头看 — totals, by grid, by department — counted in SQL over the patrols
area's records and hazards (``data/repo/campaign_checks.board_rows``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from station_app.data.models import Campaign
from station_app.data.repo import campaign_checks as checks_repo
from station_app.domain import campaigns as rules
from station_app.domain.campaigns import Progress
from station_app.errors import NotFoundError
from station_app.services.base import Service

GONE = "该专项行动不存在。"


@dataclass(frozen=True)
class Board:
    """The progress board: totals, by grid, by department; ``definitions`` of the rates."""

    total: Progress
    by_grid: list[Progress]
    by_department: list[Progress]
    definitions: dict[str, str]


def _labelled(lines: dict[str, Progress]) -> list[Progress]:
    return [replace(v, label=k) for k, v in sorted(lines.items())]


def board_of(rows: list[tuple]) -> Board:
    """Fold the GROUP BY rows (grid code, grid name, department, nine counts) into a board."""
    by_grid: dict[str, Progress] = {}
    by_dept: dict[str, Progress] = {}
    total = Progress()
    for code, gname, dept, *counts in rows:
        line = Progress("合计", *counts)
        total = total + line
        g = f"{code} {gname}" if code else "（未划网格）"
        d = dept or "（未分配部门）"
        by_grid[g] = (by_grid[g] + line) if g in by_grid else line
        by_dept[d] = (by_dept[d] + line) if d in by_dept else line
    definitions = {f.key: f"{f.label}：{f.definition}" for f in rules.PROGRESS_FORMULAS}
    return Board(total, _labelled(by_grid), _labelled(by_dept), definitions)


class CampaignBoard(Service):
    """``progress(id)`` (part of ``CampaignService``). Any thread; reads only."""

    def progress(self, campaign_id: int) -> Board:
        """The board as of today (a revisit is due once its day has come)."""
        self._auth.require("data.view")
        today = self._clock.today()
        with self._db.session() as s:
            if s.get(Campaign, campaign_id) is None:
                raise NotFoundError(GONE)
            return board_of(checks_repo.board_rows(s, campaign_id, today))
