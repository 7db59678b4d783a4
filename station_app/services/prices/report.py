"""The county report's 价格监测 and 预警 sections (#19), counted in SQL for a period: what was
watched and flagged, what the station did (告诫书, 核查, 合理, 转办), the warnings raised by kind
and resolved by the way they were handled. No personal data is in them."""

from __future__ import annotations

from station_app.data.engine import Database
from station_app.data.repo import prices as prices_repo
from station_app.data.repo import warnings as warnings_repo
from station_app.domain.periods import Period
from station_app.domain.prices import flags as states
from station_app.domain.report_model import Figure, RateDef, Section
from station_app.domain.warnings.kinds import KIND_LABELS, RESOLUTIONS

PRICES, WARNINGS = "价格监测", "风险预警"


def prices_section(db: Database, period: Period) -> Section:
    start, end = period.bounds_utc()
    with db.session() as s:
        c = prices_repo.period_counts(s, period.start, period.last, start, end)
    by_state = c["states"]
    raised = sum(n for state, n in by_state.items() if state != states.WITHDRAWN)
    closed = by_state.get(states.REASONABLE, 0) + by_state.get(states.REFERRED, 0)
    figures = [
        Figure("prices.observations", "价格监测记录", c["observations"], "条", headline=True,
               definition="期间内各监测对象的有效价格记录（作废的不计）"),
        Figure("prices.subjects", "有监测记录的对象", c["subjects"], "个"),
        Figure("prices.flags", "价格预警信号", raised, "条", headline=True,
               definition="期间内日期的预警信号（系统撤销的不计）"),
        Figure("prices.letters", "发出价格提醒告诫书", c["letters"], "份"),
        Figure("prices.open", "尚未办结的信号", sum(by_state.get(x, 0) for x in states.OPEN_STATES), "条"),
        Figure("prices.reasonable", "核查认定合理", by_state.get(states.REASONABLE, 0), "条"),
        Figure("prices.referred", "转工单或立案", by_state.get(states.REFERRED, 0), "条"),
        Figure("prices.closed", "已办结的信号", closed, "条"),
    ]  # fmt: skip
    rates = [
        RateDef(
            "prices.closed_rate",
            "预警信号办结率",
            "prices.closed",
            "prices.flags",
            "已办结（认定合理、转办）的信号 ÷ 期间的预警信号",
        )
    ]
    return Section(PRICES, figures, [], rates)


def warnings_section(db: Database, period: Period) -> Section:
    start, end = period.bounds_utc()
    with db.session() as s:
        c = warnings_repo.period_counts(s, start, end)
    raised, resolved = c["raised"], c["resolved"]
    figures = [
        Figure("warnings.raised", "发现风险预警", sum(raised.values()), "条", headline=True),
        Figure("warnings.resolved", "处置风险预警", sum(resolved.values()), "条"),
    ]
    figures += [
        Figure(f"warnings.raised.{kind}", f"其中：{label}", raised.get(kind, 0), "条")
        for kind, label in KIND_LABELS.items()
    ]
    figures += [
        Figure(f"warnings.resolved.{n}", f"处置方式：{way}", resolved.get(way, 0), "条")
        for n, way in enumerate(RESOLUTIONS, 1)
    ]
    return Section(WARNINGS, figures, [], [])
