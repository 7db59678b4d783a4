"""The visits area's service (走访服务, issue #20): teams, visits and requests, annual reports,
figures. ``VisitsService`` is the face; the DTOs are re-exported."""

from __future__ import annotations

from station_app.domain.visits.lists import AnnualFilter, RequestFilter, VisitFilter
from station_app.domain.visits.rules import RequestDraft, RequestUpdate
from station_app.services.visits.annual import KIND_REPORT, AnnualReports
from station_app.services.visits.orders_link import RaiseOrders
from station_app.services.visits.teams import KIND_TEAM, Teams
from station_app.services.visits.views import (
    AnnualImport,
    EntityVisits,
    ReportView,
    RequestView,
    TeamDraft,
    TeamView,
    VisitFigures,
    VisitInput,
    VisitView,
)
from station_app.services.visits.visits import KIND_REQUEST, KIND_VISIT, Visits

__all__ = [
    "KIND_REPORT",
    "KIND_REQUEST",
    "KIND_TEAM",
    "KIND_VISIT",
    "AnnualFilter",
    "AnnualImport",
    "EntityVisits",
    "ReportView",
    "RequestDraft",
    "RequestFilter",
    "RequestUpdate",
    "RequestView",
    "TeamDraft",
    "TeamView",
    "VisitFigures",
    "VisitFilter",
    "VisitInput",
    "VisitView",
    "VisitsService",
]


class VisitsService(Teams, Visits, AnnualReports, RaiseOrders):
    """Any thread; each call opens its own session."""
