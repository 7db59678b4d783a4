"""The 工单 section of the county report (issue #14): each count of ``figures.COUNT_LABELS``
(received, responded within 24 h, closed, on time, the same day, reworked, visited, satisfied)
for the period as a figure, and each rate of ``figures.RATE_FORMULAS`` as a ``RateDef`` over
two of them with its printed definition, so a county total recomputes the rate from the summed
counts. No requester data is in it."""

from __future__ import annotations

from station_app.clock import now as clock_now
from station_app.data.engine import Database
from station_app.domain.orders import figures as fig
from station_app.domain.orders import kinds as k
from station_app.domain.orders.timing import fmt_time
from station_app.domain.periods import Period
from station_app.domain.report_model import Figure, RateDef, Section, Table
from station_app.queries import orders as q

SECTION = "工单"
_PRESENT_STATE = ("overdue_now", "paused_now")  # not a period's figure: left out


def orders_section(db: Database, period: Period) -> Section:
    start, end = period.bounds_utc()
    counts = q.figure_counts(db, start, end, clock_now())
    figures = [
        Figure(
            f"orders.{key}",
            label,
            counts.get(key, 0),
            "件",
            headline=key in ("received", "handled_same_day"),
            definition=fig.COUNT_DEFINITIONS.get(key, ""),
        )
        for key, label in fig.COUNT_LABELS.items()
        if key not in _PRESENT_STATE
    ]
    rates = [
        RateDef(
            f"orders.{r.key}",
            r.label,
            f"orders.{r.numerator}",
            f"orders.{r.denominator}",
            r.definition,
            headline=r.key == "response_24h",
        )
        for r in fig.RATE_FORMULAS
    ]
    now = clock_now()
    tables = [
        group_table("工单按网格", q.group_counts(db, start, end, now, "grid")),
        group_table("工单按承办人", q.group_counts(db, start, end, now, "assignee")),
    ]
    return Section(SECTION, figures, tables, rates)


GROUP_COLUMNS = ("受理", "24小时内回应", "办结", "按时办结")


def group_table(title: str, groups: list[tuple[str, dict[str, int]]]) -> Table:
    """受理、回应、办结 by grid or by 承办人 in the period (the present state, 当前超时, is in
    ``orders figures`` only: a report package is a period's record)."""
    keys = ("received", "responded_24h", "closed", "closed_on_time")
    rows = tuple((name or "（未指定）", *(g[key] for key in keys)) for name, g in groups)
    return Table(title, ("名称", *GROUP_COLUMNS), rows)


DETAIL_COLUMNS = (
    "工单编号", "类型", "来源", "受理时间", "问题类别", "对象", "网格", "承办人", "状态",
    "24小时内回应", "办结时间", "按时办结", "重办次数", "回访结果",
)  # fmt: skip


def orders_details(db: Database, period: Period) -> list[Table]:
    """The county report's 工单明细 sheet: every order received in the period, without the
    requester or reporter (FACTS §2.8) — the object is the order's subject only."""
    start, end = period.bounds_utc()

    def yes(value: bool | None) -> str:
        return "" if value is None else ("是" if value else "否")

    rows = tuple(
        (number, k.KIND_LABELS.get(kind, kind), channel, fmt_time(received), category, subject,
         grid, assignee, state, yes(r24), fmt_time(closed) if closed else "", yes(on_time),
         rework, satisfaction)
        for (number, kind, channel, received, category, subject, grid, assignee, state, r24,
             closed, on_time, rework, satisfaction) in q.detail_rows(db, start, end)
    )  # fmt: skip
    return [Table("工单明细", DETAIL_COLUMNS, rows)]
