"""The daily patrol sheet (日常巡查表) as data: one page group per grid worker and day, the
entities in street order with the checklist each uses. Pure; ``documents.patrol_sheet``
draws it, ``services.patrols.sheets`` fills it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.domain.patrols.records import RESULT_KEYS, RESULT_LABELS

WEEKDAYS = "一二三四五六日"
RESULT_LEGEND = "　".join(f"{RESULT_KEYS[k]} {v}" for k, v in RESULT_LABELS.items())


@dataclass(frozen=True)
class SheetLine:
    task_id: int
    name: str
    address: str
    grade: str
    checklist: str  # the checklist's name (its legend is on the page)
    items: int  # how many numbered items it has


@dataclass(frozen=True)
class SheetLegend:
    checklist: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class PatrolSheet:
    station: str
    grid: str  # "GZ01 东关社区网格"
    person: str  # the grid worker (or "（未分配）")
    day: date
    lines: tuple[SheetLine, ...]
    legends: tuple[SheetLegend, ...]

    @property
    def day_label(self) -> str:
        return f"{self.day:%Y年%m月%d日}　星期{WEEKDAYS[self.day.weekday()]}"
