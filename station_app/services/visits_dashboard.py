"""The home page's tiles of the visits area (issue #20): 待办诉求 (pending and referred requests,
those past their promised day called out), 本月走访, and 执法待跟进 (violations past their
rectification deadline without a decision, interviews whose follow-up day has come); each a
click away from its list. Registered in ``services/summaries.DASHBOARD_PROVIDERS``."""

from __future__ import annotations

from datetime import date

from station_app.data.engine import Database
from station_app.data.repo import violations as violation_repo
from station_app.data.repo import visits as visit_repo
from station_app.domain.periods import parse_period
from station_app.services.dashboard import WARN, Tile


def visits_dashboard(db: Database, today: date):
    month = parse_period(f"{today:%Y-%m}")
    with db.session() as s:
        open_, overdue = visit_repo.request_dues(s, today)
        visits = visit_repo.visits_between(s, month.start, month.last)
        late, interviews = violation_repo.followups_due(s, today)
    follow = late + interviews
    notes = [
        f"逾期未改正 {late} 起" if late else "",
        f"约谈回访 {interviews} 次" if interviews else "",
    ]
    return [
        Tile("visits.requests", "待办诉求", open_,
             f"其中 {overdue} 件已过承诺日期" if overdue else "", WARN if overdue else "ok",
             "visits", {"tab": "requests"}),
        Tile("visits.month", "本月走访", visits, "", "ok", "visits", {"tab": "visits"}),
        Tile("violations.followups", "执法待跟进", follow, "，".join(n for n in notes if n),
             WARN if follow else "ok", "violations", {"decision": "none"}),
    ], []  # fmt: skip
