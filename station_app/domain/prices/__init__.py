"""Price monitoring (价格监测): the pure rules of issue #19 (docs/areas/prices.md).

* :mod:`.money` — prices in fen from what a clerk types, shown as yuan; subjects, sources and
  their validation (a negative or absurd price is refused in Chinese);
* :mod:`.windows` — holiday windows from the working calendar (调休 included), local events,
  baseline days with the holidays left out, the same holiday of earlier years;
* :mod:`.rules` — the seven rule types with their parameters, period, days and scope,
  versions, the rule in force on a new database, plain descriptions;
* :mod:`.evaluate` — each rule's plan and evaluation on plain aggregates, the explanation
  every flag carries;
* :mod:`.flags` — what is done about a flag: states and actions as a table;
* :mod:`.chart` — the curve's data shared by the screen and the PDF;
* :mod:`.daily` — the holiday daily report.
"""

from __future__ import annotations

from station_app.domain.prices.evaluate import (
    BaselineStat,
    Candidate,
    DayStat,
    Evaluation,
    Plan,
    evaluate,
    plan,
    windows_from,
)
from station_app.domain.prices.money import check_price_fen, parse_yuan, yuan, yuan_text
from station_app.domain.prices.rules import DEFAULT_RULE, KIND_LABELS, Rule, SubjectInfo, build_rule
from station_app.domain.prices.windows import DayRange, Window, all_windows, holiday_windows

__all__ = [
    "DEFAULT_RULE",
    "KIND_LABELS",
    "BaselineStat",
    "Candidate",
    "DayRange",
    "DayStat",
    "Evaluation",
    "Plan",
    "Rule",
    "SubjectInfo",
    "Window",
    "all_windows",
    "build_rule",
    "check_price_fen",
    "evaluate",
    "holiday_windows",
    "parse_yuan",
    "plan",
    "windows_from",
    "yuan",
    "yuan_text",
]
