"""A visit's unresolved request (待办理 / 已转办) raised as a work order (网格线索, #14) through
the orders service, inside the request's unit of work (``Registration.register_in``): the
order carries the request's text, the entity and the visit's grid; the request becomes 已转办
to the order, its ``order_number`` kept and shown on the visit. ``visits add --raise-order``
does it for every referred request in the visit's own unit of work."""

from __future__ import annotations

from datetime import UTC

from station_app.data.models import Visit, VisitRequest
from station_app.data.repo import visits as repo
from station_app.domain.orders import kinds as order_kinds
from station_app.domain.periods import SHANGHAI
from station_app.domain.visits import rules
from station_app.errors import ValidationError
from station_app.services.base import Changes, Conflict, Service, Tx

KIND_REQUEST = "visit_request"
ORDER_HANDLER = "工单 {number}"


def _channel_and_reporter(tx: Tx, visit_id: int) -> tuple[str, int | None]:
    """志愿者上报 when the visit's first member (who raised it) is a volunteer, else 网格员上报;
    the reporter is that member when a roster person."""
    first = repo.first_member(tx.s, visit_id)
    if first is None:
        return order_kinds.CH_GRID_WORKER, None
    channel = (
        order_kinds.CH_VOLUNTEER if first.role == rules.VOLUNTEER else order_kinds.CH_GRID_WORKER
    )
    return channel, first.person_id


def raise_order_in(tx: Tx, orders, request: VisitRequest, visit: Visit) -> str:
    """Open the work order of ``request`` in ``tx`` (``orders``: an ``OrdersService`` on the
    same database and clock) and mark the request; returns the order number. Refuses a voided
    visit, a solved request, a request that already raised one, a visit without a grid."""
    if visit.voided:
        raise ValidationError("该诉求所属的走访记录已作废，不能转为工单。", field="order")
    if request.order_number:
        raise ValidationError(f"第 {request.position} 条诉求已转为工单 {request.order_number}。",
                              field="order")  # fmt: skip
    if request.outcome == rules.SOLVED:
        raise ValidationError(f"第 {request.position} 条诉求已解决，无须转为工单。", field="order")
    if visit.grid_id is None:
        raise ValidationError("该走访没有所在网格，网格线索须注明网格：请先为主体划定网格。",
                              field="grid")  # fmt: skip
    from station_app.services.orders import OrderInput

    now = orders.now()
    channel, reporter = _channel_and_reporter(tx, visit.id)
    when = visit.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    text = f"走访诉求（走访 {visit.id}，{when}，{visit.team_name or rules.AD_HOC_TEAM}）：{request.text}"
    data = OrderInput(
        order_kinds.CLUE, now, text, entity=str(visit.entity_id or ""),
        grid_id=visit.grid_id, channel=channel, reporter_person_id=reporter,
        subject_name="" if visit.entity_id else visit.place,
    )  # fmt: skip
    number = orders.register_in(tx, orders.clean(data, now), now)
    before = {"outcome": request.outcome, "handler": request.handler, "order_number": None,
              "outcome_at": request.outcome_at.isoformat() if request.outcome_at else None}  # fmt: skip
    request.outcome, request.handler = rules.REFERRED, ORDER_HANDLER.format(number=number)
    request.outcome_at = now.astimezone(UTC)  # referred now, to the order
    request.due_on, request.order_number = None, number
    tx.s.flush()
    after = {"outcome": request.outcome, "handler": request.handler, "order_number": number,
             "outcome_at": request.outcome_at.isoformat()}  # fmt: skip
    tx.updated(KIND_REQUEST, request.id, before, after, f"转为工单 {number}")
    return number


class RaiseOrders(Service):
    """``raise_order``: a request's work order as its own step (the 诉求 tab's 转为工单)."""

    def _orders(self):
        from station_app.services.orders import OrdersService

        return OrdersService(self._db, self._auth, clock=self._clock)

    def raise_order(self, request_id: int, version: int) -> tuple[str, Changes]:
        """转为工单: the order's number and the ``Changes`` (the request and the order)."""
        self._auth.require("orders.register")
        orders = self._orders()

        def raise_(tx: Tx) -> str:
            row = tx.load(VisitRequest, request_id, version, missing="该诉求不存在。")
            visit = tx.load(Visit, row.visit_id, missing="该走访记录不存在（可能已被删除）。")
            return raise_order_in(tx, orders, row, visit)

        conflict = Conflict("诉求", lambda: self.request(request_id))  # type: ignore[attr-defined]
        return self._transact("visits.edit", raise_, conflict=conflict)
