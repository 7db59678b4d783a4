"""Reading work orders: the list (``rows``) narrowed for a grid worker to their grids, the
home tile's counts, and a period's figures with their printed definitions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from station_app.data.repo import orders as repo
from station_app.domain.auth import GRIDWORKER
from station_app.domain.orders import figures as fig
from station_app.domain.orders.listing import OrderFilter
from station_app.domain.orders.timing import aware
from station_app.domain.periods import Period
from station_app.queries import orders as q
from station_app.services.orders.platform_import import PlatformImport
from station_app.services.orders.prints import Prints, ReportNotices
from station_app.services.orders.settings import Settings
from station_app.services.orders.steps import Steps


@dataclass(frozen=True)
class OrderFigures:
    """A period's counts (``figures.COUNT_LABELS``), rates (percent or None) with their
    definitions, and 受理量 by kind, channel, grid and specialist; ``previous`` and
    ``last_year`` are the same for 环比 and 同比."""

    period: Period
    counts: dict[str, int]
    rates: dict[str, float | None]
    by_kind: dict[str, int]
    by_channel: dict[str, int]
    by_grid: dict[str, int]
    by_assignee: dict[str, int]
    previous: dict[str, float | None]
    last_year: dict[str, float | None]
    grid_figures: tuple[tuple[str, dict[str, int]], ...] = ()  # 受理、回应、办结 by grid
    assignee_figures: tuple[tuple[str, dict[str, int]], ...] = ()  # … by 承办人

    def as_json(self) -> dict:
        return {
            "period": self.period.code,
            "counts": self.counts,
            "rates": self.rates,
            "definitions": {f.key: f.definition for f in fig.RATE_FORMULAS},
            "by_kind": self.by_kind,
            "by_channel": self.by_channel,
            "by_grid": self.by_grid,
            "by_assignee": self.by_assignee,
            "previous": self.previous,
            "same_period_last_year": self.last_year,
            "grid_figures": [{"grid": name, **g} for name, g in self.grid_figures],
            "assignee_figures": [{"assignee": name, **g} for name, g in self.assignee_figures],
        }


class Reading(Steps, Settings, Prints, ReportNotices, PlatformImport):
    """The list, the home tile and the figures. Any thread."""

    def rows(self, flt: OrderFilter | None = None) -> q.OrderRows:
        """The 工单 list under ``flt`` (time left judged at ``flt.now``, default now); a grid
        worker sees only the grids their linked roster person covers today."""
        flt = self._narrow(flt or OrderFilter())
        return q.OrderRows(self._db, flt)

    def _narrow(self, flt: OrderFilter) -> OrderFilter:
        actor = self._auth.require("data.view")
        if flt.now is None:
            flt = replace(flt, now=self._now())
        if actor.role != GRIDWORKER:
            return flt
        with self._db.session() as s:
            person = repo.person_of_user(s, actor.user_id)
            grids = repo.grids_of_person(s, person.id, self._clock.today()) if person else []
        return replace(flt, grid_ids=frozenset(grids))

    def home_counts(self, now: datetime | None = None) -> dict[str, int]:
        """Open orders overdue, due within the hour, paused (the home page's tile)."""
        self._auth.require("data.view")
        moment = aware(now) if now is not None else self._now()
        with self._db.session() as s:
            return repo.cached_dues(s, moment)

    def figures(self, period: Period, now: datetime | None = None) -> OrderFigures:
        """The period's counts and rates (``figures.RATE_FORMULAS``), 环比 and 同比."""
        self._auth.require("data.view")
        moment = aware(now) if now is not None else self._now()
        start, end = period.bounds_utc()
        counts, by = q.period_figures(self._db, start, end, moment)

        seen: dict[tuple, dict[str, float | None]] = {}

        def rates_of(p: Period) -> dict[str, float | None]:
            # a year's 环比 and 同比 are the same year: counted once
            bounds = p.bounds_utc()
            if bounds not in seen:
                seen[bounds] = fig.rates(q.figure_counts(self._db, *bounds, moment))
            return seen[bounds]

        return OrderFigures(
            period=period,
            counts=counts,
            rates=fig.rates(counts),
            by_kind=by["kind"],
            by_channel=by["channel"],
            by_grid=by["grid"],
            by_assignee=by["assignee"],
            previous=rates_of(period.previous()),
            last_year=rates_of(period.same_last_year()),
            grid_figures=tuple(q.group_counts(self._db, start, end, moment, "grid")),
            assignee_figures=tuple(q.group_counts(self._db, start, end, moment, "assignee")),
        )
