"""Sweep actions (扫街行动): the plan of a street sweep and the migration of old captures. Pure.

A sweep action is a campaign of kind ``sweep`` (:mod:`station_app.domain.campaigns`) with a
plan — 定日、定人、定社区: one day, a fixed team of roster people and users, fixed
communities. Every 扫街纳管 capture belongs to one action. Captures made before actions
existed are attached by the migration to one action per day and grid, each marked as made
by the migration (:data:`MIGRATED_NOTE`). Hazards found on a sweep are hazards of the
patrols area (records of source ``sweep``); the county report counts actions, communities
covered, shops captured and hazards fixed (:data:`SWEEP_REPORT_LINES`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from station_app.domain.campaigns import Workdays
from station_app.errors import ValidationError

# ---- sweep actions (扫街行动) --------------------------------------------------------------


@dataclass(frozen=True)
class SweepPlan:
    """定日、定人、定社区: the day, the team (roster people and users) and the communities."""

    day: date | None
    people: tuple[int, ...] = ()
    users: tuple[str, ...] = ()
    communities: tuple[int, ...] = ()


def check_sweep_plan(plan: SweepPlan, today: date | None = None) -> SweepPlan:
    """A sweep action needs its day, at least one team member and at least one community."""
    if plan.day is None:
        raise ValidationError("请填写扫街日期（定日）。", field="day")
    if not plan.people and not plan.users:
        raise ValidationError(
            "扫街行动须有固定人员（定人）：请至少选择一名队员（花名册人员或系统用户）。",
            field="team",
        )
    if not plan.communities:
        raise ValidationError(
            "扫街行动须有固定社区（定社区）：请至少选择一个社区。", field="communities"
        )
    return SweepPlan(
        plan.day,
        tuple(dict.fromkeys(plan.people)),
        tuple(dict.fromkeys(plan.users)),
        tuple(dict.fromkeys(plan.communities)),
    )


def sweep_days(first: date, last: date, weekdays: Iterable[int], workdays: Workdays) -> list[date]:
    """The days of a recurring sweep plan: the given ISO weekdays (1 = Monday) that are
    working days, ``first`` … ``last``."""
    wanted = set(weekdays)
    if not wanted or not wanted <= set(range(1, 8)):
        raise ValidationError("请选择每周扫街的日子（周一至周日）。", field="weekdays")
    out, day = [], first
    while day <= last:
        if day.isoweekday() in wanted and workdays.is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


MIGRATED_NOTE = (
    "由数据迁移按扫街日期和网格生成：迁移前的扫街纳管记录没有所属行动，每天每个网格归为一次行动。"
)


def migration_action_name(day: date, grid_code: str, grid_name: str) -> str:
    return f"扫街行动 {day.isoformat()} {grid_code} {grid_name}".strip()


def migration_actions(
    captures: Iterable[tuple[int, date, int]],
) -> dict[tuple[date, int], list[int]]:
    """The reference grouping of the capture migration: ``(capture id, captured_on,
    grid_id)`` → one action per (day, grid), its captures in id order. The migration does
    the same in SQL (``GROUP BY captured_on, grid_id``)."""
    out: dict[tuple[date, int], list[int]] = {}
    for capture_id, day, grid_id in captures:
        out.setdefault((day, grid_id), []).append(capture_id)
    return {k: sorted(v) for k, v in sorted(out.items())}


SWEEP_REPORT_LINES = (
    ("actions", "扫街行动次数", "期间内日期落在统计期的扫街行动数（迁移生成的计入）"),
    ("communities", "覆盖社区数", "这些行动的固定社区去重计数"),
    ("captured", "纳管商户数", "期间内登记的扫街纳管记录数（含后来核销的）"),
    ("hazards_found", "发现隐患数", "来源为扫街纳管的巡查记录在期间内发现的隐患数"),
    ("hazards_fixed", "整改隐患数", "上述隐患中期间内当场整改或复查合格的数"),
)
"""The county report's 扫街行动 section: key, label, printed definition."""
