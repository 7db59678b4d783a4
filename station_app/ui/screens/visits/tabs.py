"""The list tabs of the 走访服务 page: 走访记录, 诉求, 年报 (each a ``ListPage`` over the
visits service's rows), and the 服务队 and 统计 tabs (small tables). GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel

from station_app.domain.periods import parse_period
from station_app.domain.visits.lists import (
    ANNUAL_COLUMNS,
    FIGURES,
    LIST_COLUMNS,
    REQUEST_COLUMNS,
    AnnualFilter,
    RequestFilter,
    VisitFilter,
)
from station_app.services.base import Changes
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column
from station_app.ui.screens.base import Page
from station_app.ui.screens.list_page import ListPage
from station_app.ui.widgets.tables import fill_table, readonly_table

from . import labels as L

VISIT_COLUMNS = tuple(
    Column(k, L.VISIT_COLUMNS[k], ALIGN_CENTER if k in ("requests", "solved") else ALIGN_LEFT,
           sortable=k in ("at", "grid", "team"))
    for k in LIST_COLUMNS
)  # fmt: skip
REQ_COLUMNS = tuple(
    Column(k, L.REQUEST_COLUMNS[k], sortable=k in ("at", "outcome", "due_on"))
    for k in REQUEST_COLUMNS
)
YEAR_COLUMNS = tuple(
    Column(k, L.ANNUAL_COLUMNS[k], sortable=k in ("year", "status")) for k in ANNUAL_COLUMNS
)


def period_days(ui, code: str):
    """``(first, last)`` of this month / quarter / year, or ``(None, None)``."""
    if not code:
        return None, None
    today = ui.services.clock.today()
    text = {"month": f"{today:%Y-%m}", "quarter": f"{today.year}Q{(today.month - 1) // 3 + 1}",
            "year": str(today.year)}[code]  # fmt: skip
    period = parse_period(text)
    return period.start, period.last


class VisitsTab(ListPage):
    COUNT_TEXT = L.VISIT_COUNT

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.service = ui.services.visits
        row = QHBoxLayout()
        row.addWidget(self.make_search("visitSearch", L.SEARCH_VISITS), 1)
        row.addWidget(self.make_filter("period", L.PERIOD_FILTERS))
        self.body.addLayout(row)
        table = self.make_table(self.service.rows(VisitFilter()), VISIT_COLUMNS, name="visitTable",
                                widths_em=(8, 14, 10, 9, 12, 3, 3, 5))  # fmt: skip
        self.body.addWidget(table, 1)
        self.body.addWidget(self.make_count("visitCount"))
        self.apply_filter()

    def current_filter(self) -> VisitFilter:
        first, last = period_days(self.ui, self.filters["period"].currentData())
        return VisitFilter(self.search.text() if self.search else "", first, last)

    def open_record(self, record_id: int) -> None:
        from .dialogs import VisitViewDialog

        VisitViewDialog(self.ui, record_id, self).open()

    def context_actions(self, record_id: int) -> list:
        can = self.ui.app.auth.can("records.delete")
        return [(L.OPEN, lambda: self.open_record(record_id), True),
                (L.VOID, lambda: self.void(record_id), can)]  # fmt: skip

    def void(self, record_id: int) -> None:
        reason, ok = QInputDialog.getText(self, L.VOID, L.VOID_REASON)
        if not ok:
            return
        version = self.service.visit(record_id).version
        self.ui.ops.run_write(lambda _p: self.service.void_visit(record_id, version, reason),
                              parent=self)  # fmt: skip

    def on_changes(self, changes: Changes) -> None:
        self.refresh_or_reload(changes, "visit")


class RequestsTab(ListPage):
    COUNT_TEXT = L.REQUEST_COUNT

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.service = ui.services.visits
        row = QHBoxLayout()
        row.addWidget(self.make_search("requestSearch", L.SEARCH_REQUESTS), 1)
        row.addWidget(self.make_filter("outcome", L.OUTCOME_FILTERS))
        self.body.addLayout(row)
        rows = self.service.request_rows(RequestFilter())
        table = self.make_table(rows, REQ_COLUMNS, name="requestTable",
                                widths_em=(8, 12, 5, 16, 5, 10, 6, 6))  # fmt: skip
        self.body.addWidget(table, 1)
        self.body.addWidget(self.make_count("requestCount"))
        self.apply_filter()

    def current_filter(self) -> RequestFilter:
        outcomes = self.filters["outcome"].currentData() or ()
        return RequestFilter(self.search.text() if self.search else "", tuple(outcomes))

    def open_record(self, record_id: int) -> None:
        from .dialogs import request_dialog

        request_dialog(self.ui, record_id, self)

    def context_actions(self, record_id: int) -> list:
        can = self.ui.app.auth.can
        return [(L.HANDLE_REQUEST, lambda: self.open_record(record_id), can("visits.edit")),
                (L.RAISE_ORDER, lambda: self.raise_order(record_id),
                 can("visits.edit") and can("orders.register"))]  # fmt: skip

    def raise_order(self, record_id: int) -> None:
        """转为工单: the request's 网格线索; the row then reads 已转办 to the order."""
        version = self.service.request(record_id).version
        self.ui.ops.run_write(lambda _p: self.service.raise_order(record_id, version),
                              parent=self)  # fmt: skip

    def filter_to(self, criteria: dict) -> None:
        if "outcome" in criteria:
            self.filters["outcome"].setCurrentIndex(0)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("visit", "visit_request", "*"):
            self.apply_filter()


class AnnualTab(ListPage):
    COUNT_TEXT = L.ANNUAL_COUNT

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        row = QHBoxLayout()
        row.addWidget(self.make_search("annualSearch", L.SEARCH_ANNUAL), 1)
        row.addWidget(self.make_filter("status", L.ANNUAL_STATUS_FILTERS))
        self.body.addLayout(row)
        rows = ui.services.visits.annual_rows(AnnualFilter())
        table = self.make_table(rows, YEAR_COLUMNS, name="annualTable",
                                widths_em=(4, 16, 12, 6, 7, 4))  # fmt: skip
        self.body.addWidget(table, 1)
        self.body.addWidget(self.make_count("annualCount"))
        self.apply_filter()

    def current_filter(self) -> AnnualFilter:
        status = self.filters["status"].currentData() or ""
        return AnnualFilter(self.search.text() if self.search else "", status=status)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("annual_report", "*"):
            self.apply_filter()


class TeamsTab(Page):
    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.table = readonly_table(L.TEAMS_HEAD, parent=self)
        self.table.setObjectName("teamTable")
        self.body.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        teams = self.ui.services.visits.teams()
        fill_table(self.table, ((t.name, t.grid, t.members_text, L.WARN_SEP.join(t.warnings))
                                for t in teams))  # fmt: skip

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("service_team", "*"):
            self.refresh()


class FiguresTab(Page):
    """This year's figures with their definitions, by grid and by team."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.title = QLabel(self)
        self.body.addWidget(self.title)
        self.totals = readonly_table(L.FIGURES_HEAD, parent=self)
        self.totals.setObjectName("visitFigures")
        self.body.addWidget(self.totals, 2)
        self.groups = readonly_table(L.GROUP_HEAD, parent=self)
        self.body.addWidget(self.groups, 3)
        self.refresh()

    def refresh(self) -> None:
        period = parse_period(str(self.ui.services.clock.today().year))
        f = self.ui.services.visits.figures(period)
        self.title.setText(L.FIGURES_PERIOD.format(f.period))
        rows = [(d.label, f"{f.counts[d.key]:,} {d.unit}", d.definition) for d in FIGURES]
        if f.solve_rate is not None:
            rows.append((L.SOLVE_RATE, f"{f.solve_rate:.1%}", ""))
        fill_table(self.totals, rows)
        groups = [(L.BY_GRID, "", "", "", ""), *f.by_grid, (L.BY_TEAM, "", "", "", ""), *f.by_team]
        fill_table(self.groups, groups, right=(1, 2, 3, 4))

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("visit", "visit_request", "*"):
            self.refresh()
