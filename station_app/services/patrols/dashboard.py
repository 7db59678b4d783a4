"""The home page's 巡查 tiles (issue #15): 整改逾期 (open hazards past their deadline) and
今日未巡 (today's plan tasks not done yet), each a click away from the filtered list."""

from __future__ import annotations

from datetime import date

from station_app.data.engine import Database
from station_app.data.repo import patrol_home as repo
from station_app.services.dashboard import ALERT, WARN, Tile


def patrols_dashboard(db: Database, today: date):
    with db.session() as s:
        overdue = repo.overdue_hazards(s, today)
        counts = repo.day_task_counts(s, today)
    planned = sum(counts.values())
    done = counts.get("done", 0)
    missed = planned - done
    tried = counts.get("attempted", 0)
    note = f"今日计划 {planned} 项，已完成 {done} 项" + (f"，闭门未遇 {tried} 项" if tried else "")
    return [
        Tile("patrols.overdue", "整改逾期隐患", overdue, "超过整改期限仍未复查通过" if overdue else "",
             ALERT if overdue else "ok", "patrols", {"hazards": "overdue"}),
        Tile("patrols.today", "今日未巡", missed, note if planned else "今日没有巡查计划",
             WARN if missed else "ok", "patrols", {"tasks": "open"}),
    ], []  # fmt: skip
