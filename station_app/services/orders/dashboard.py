"""The home page's 工单 tiles (issue #14): orders overdue and due within the hour, each a click
away from the filtered 工单 list (超时台账 behind the overdue one)."""

from __future__ import annotations

from datetime import date

from station_app.clock import now as clock_now
from station_app.data.engine import Database
from station_app.data.repo import orders as repo
from station_app.services.dashboard import ALERT, WARN, Tile


def orders_dashboard(db: Database, today: date):
    with db.session() as s:
        counts = repo.cached_dues(s, clock_now())
    overdue, soon = counts["overdue"], counts["due_within_hour"]
    paused = f"另有挂起 {counts['paused']} 件" if counts["paused"] else ""
    return [
        Tile("orders.overdue", "已超时工单", overdue, paused, ALERT if overdue else "ok",
             "orders", {"due": "overdue"}),
        Tile("orders.hour", "1小时内到期工单", soon, "", WARN if soon else "ok",
             "orders", {"due": "hour"}),
    ], []  # fmt: skip
