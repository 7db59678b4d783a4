"""The county report's 培训与走访 sheet, the visits area's half (issue #20): visits, requests
solved, leniency decisions, penalties, outreach events and consumer warnings of the period,
each with its definition (the report adds 同比/环比 by key), and tables by grid and by team."""

from __future__ import annotations

from station_app.data.engine import Database
from station_app.domain import outreach as o
from station_app.domain.periods import Period
from station_app.domain.report_model import AMOUNT, COUNT, Figure, RateDef, Table
from station_app.domain.violations.rules import FIGURE_DEFINITIONS
from station_app.domain.visits.lists import FIGURES, SOLVE_RATE
from station_app.services.auth import system_auth

HEADLINES = {"visits.visits", "visits.solved", "violations.lenient", "outreach.events"}
GROUP_COLUMNS = ("走访次数", "走访主体", "收集诉求", "解决诉求")


def visit_figures(db: Database, period: Period) -> list[Figure]:
    from station_app.services.outreach import OutreachService
    from station_app.services.violations import ViolationsService
    from station_app.services.visits import VisitsService

    auth = system_auth()
    visits = VisitsService(db, auth).figures(period)
    out = [Figure(d.key, d.label, visits.counts[d.key], d.unit, definition=d.definition,
                  headline=d.key in HEADLINES) for d in FIGURES]  # fmt: skip
    enforcement = ViolationsService(db, auth).figures(period)
    for key, (label, unit, definition) in FIGURE_DEFINITIONS.items():
        kind = AMOUNT if key == "violations.fines" else COUNT
        out.append(Figure(key, label, enforcement[key], unit, kind, definition=definition,
                          headline=key in HEADLINES))  # fmt: skip
    outreach = OutreachService(db, auth).figures(period)
    for key, (label, unit, definition) in o.FIGURE_DEFINITIONS.items():
        out.append(Figure(key, label, outreach[key], unit, definition=definition,
                          headline=key in HEADLINES))  # fmt: skip
    return out


def visit_rates() -> list[RateDef]:
    return [SOLVE_RATE]


def visit_tables(db: Database, period: Period) -> list[Table]:
    from station_app.services.visits import VisitsService

    f = VisitsService(db, system_auth()).figures(period)
    return [
        Table("走访：各网格", ("网格", *GROUP_COLUMNS), tuple(tuple(r) for r in f.by_grid)),
        Table("走访：各服务队", ("服务队", *GROUP_COLUMNS), tuple(tuple(r) for r in f.by_team)),
        Table("走访：各事项", ("走访事项", "走访次数"), tuple(tuple(r) for r in f.by_topic)),
    ]
