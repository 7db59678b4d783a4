"""线索与工单 (work orders on an hour clock, issue #14; docs/areas/orders.md): registration of
each kind, dispatch, response, handling, feedback, the double sign-off, close, 回访, pauses,
督办, 重办 escalation, report checks, the list and the figures.

One service, :class:`OrdersService`, written in parts: ``core`` (loading, a step as one unit
of work, the cache), ``registration`` (登记, 重办 of a known platform number, person ↔ user),
``steps`` (every later step and the minute timer's ``catch_up``), ``reading`` (the list, the
home tile, figures). The rules are in ``domain/orders``."""

from station_app.services.orders.attachments import OrderAttachments
from station_app.services.orders.case_hook import CaseHook
from station_app.services.orders.mediation import Mediation, MediationInput
from station_app.services.orders.prints import ReportForm
from station_app.services.orders.reading import OrderFigures, Reading
from station_app.services.orders.views import (
    CONFIDENTIAL,
    KIND,
    ClockView,
    EventView,
    OrderInput,
    OrderView,
    SupervisionView,
)


class OrdersService(Reading, OrderAttachments, Mediation, ReportForm, CaseHook):
    """Every use case of 工单. Any thread; each call opens its own session."""


__all__ = [
    "CONFIDENTIAL",
    "KIND",
    "ClockView",
    "EventView",
    "MediationInput",
    "OrderFigures",
    "OrderInput",
    "OrderView",
    "OrdersService",
    "SupervisionView",
]
