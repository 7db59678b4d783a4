"""Prints of work orders: the 工单处理单 (A4). Masked like every print: the requester's phone
masked, a 举报's reporter not at all (举报人信息保密). A read: the order is unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from station_app.data.repo import station as station_repo
from station_app.domain.orders import kinds as k
from station_app.domain.orders.timing import fmt_time
from station_app.services.audit import printed_at
from station_app.services.orders.core import OrdersCore
from station_app.services.orders.views import OrderView


def order_payload(v: OrderView, station: str) -> dict[str, Any]:
    """The plain data the 工单处理单 prints."""
    signed = {side: (name or user, fmt_time(at)) for side, user, name, at in v.confirmations}
    sides = [k.SIDE_LABELS[s] for s in k.SIGN_OFF[v.kind]]
    return {
        "station": station,
        "number": v.number,
        "kind": k.KIND_LABELS[v.kind],
        "received_at": fmt_time(v.received_at),
        "channel": v.channel,
        "platform_no": v.platform_no,
        "category": v.category,
        "subject": v.subject,
        "grid": v.grid,
        "address": v.subject_address,
        "assignee": v.assignee,
        "requester": v.requester,
        "state": v.state,
        "rework": v.rework,
        "lead": v.lead,
        "text": v.text,
        "clocks": [
            [c.label, fmt_time(c.due), fmt_time(c.done_at), c.status_label] for c in v.clocks
        ],
        "timeline": [[fmt_time(e.at), e.label, e.by, e.note or e.detail] for e in v.timeline],
        "signatures": [(side, *signed.get(side, ("", ""))) for side in sides],
    }


class Prints(OrdersCore):
    def print_order(self, number: str, path: Path) -> Path:
        """工单处理单 of the order as a PDF at ``path`` (data.export)."""
        self._auth.require("data.export")
        from station_app.documents.order_pdf import write_order_pdf

        view = self.show(number)
        with self._db.core_read() as con:
            profile = station_repo.profile_row(con)
        station = profile.name if profile is not None else ""
        with printed_at(self._db):
            return write_order_pdf(order_payload(view, station), Path(path))
