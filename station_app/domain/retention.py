"""Which automatic backups to keep (备份保留): the newest of each of the last 30 days that have
one, and the newest of each of the last 12 months. Manual backups and the backups made before a
migration are never deleted automatically."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

KEEP_DAILY = 30
KEEP_MONTHLY = 12


def backups_to_delete(
    backups: Iterable[tuple[str, date]],
    *,
    keep_daily: int = KEEP_DAILY,
    keep_monthly: int = KEEP_MONTHLY,
) -> list[str]:
    """``backups`` are (name, day) of automatic backups; names sort by time within a day."""
    ordered = sorted(backups, key=lambda b: (b[1], b[0]), reverse=True)  # newest first
    keep: set[str] = set()
    days: dict[date, str] = {}
    months: dict[tuple[int, int], str] = {}
    for name, day in ordered:
        days.setdefault(day, name)
        months.setdefault((day.year, day.month), name)
    keep.update(name for _, name in sorted(days.items(), reverse=True)[:keep_daily])
    keep.update(name for _, name in sorted(months.items(), reverse=True)[:keep_monthly])
    return [name for name, _ in ordered if name not in keep]
