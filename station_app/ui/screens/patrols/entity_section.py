"""The entity card's 巡查 tab: the grade's rules, the open plan tasks (overdue red), recent
records, open hazards (overdue red) and samplings. GUI thread only; reads on show."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from station_app.domain.periods import SHANGHAI
from station_app.services.base import Changes
from station_app.ui.screens.patrols import labels as L
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.tables import fill_table, readonly_table

RED = QColor("#b00020")


class EntityPatrolsSection(QWidget):
    KINDS = ("patrol_record", "patrol_task", "hazard", "sampling")

    def __init__(self, ui, entity_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.entity_id, self.section = ui, entity_id, None
        self.setObjectName("entityPatrols")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.head = QLabel(self)
        self.head.setWordWrap(True)
        lay.addWidget(self.head)
        self.titles, self.tables = {}, {}
        for key, title, headers in (
            ("tasks", L.CARD_TASKS, L.CARD_TASKS_HEAD),
            ("hazards", L.CARD_HAZARDS, L.CARD_HAZARDS_HEAD),
            ("records", L.CARD_RECORDS, L.CARD_RECORDS_HEAD),
            ("samplings", L.CARD_SAMPLINGS, L.CARD_SAMPLINGS_HEAD),
        ):
            self.titles[key] = QLabel(title, self)
            self.tables[key] = readonly_table(headers, parent=self)
            self.tables[key].setObjectName(f"entityPatrols_{key}")
            lay.addWidget(self.titles[key])
            lay.addWidget(self.tables[key], 1)
        ui.bus.changed.connect(self._on_changes)

    def set_entity(self, entity_id: int) -> None:
        self.entity_id = entity_id
        self.load()

    def count(self) -> int:
        return self.section.record_count if self.section else 0

    def load(self) -> None:
        sec = self.section = self.ui.services.patrols.entity_section(self.entity_id)
        head = L.CARD_HEAD.format(grade=sec.grade or "—", rules=sec.rules)
        if sec.hazards:
            head += "\n" + L.CARD_HEAD_HAZARDS.format(
                n=len(sec.hazards), overdue=sec.overdue_hazards
            )
        self.head.setText(head)
        self.titles["records"].setText(L.CARD_RECORDS.format(sec.record_count))
        fill_table(self.tables["tasks"], (_task(t) for t in sec.tasks))
        fill_table(self.tables["hazards"], (_hazard(h) for h in sec.hazards))
        fill_table(self.tables["records"], (_record(r) for r in sec.records))
        fill_table(self.tables["samplings"], (_sampling(x) for x in sec.samplings))
        self._red("tasks", [t.overdue for t in sec.tasks])
        self._red("hazards", [h.overdue for h in sec.hazards])

    def _red(self, key: str, flags: list[bool]) -> None:
        table = self.tables[key]
        for r, flag in enumerate(flags):
            for c in range(table.columnCount()):
                item = table.item(r, c)
                if flag and item is not None:
                    item.setForeground(QBrush(RED))

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(*self.KINDS, "*") and self.isVisible():
            self.load()


def _task(t) -> tuple:
    return (format_date(t.due_on), t.kind, format_date(t.end_on), t.person, t.status)


def _hazard(h) -> tuple:
    state = L.CARD_OVERDUE if h.overdue else L.CARD_OPEN
    return (format_date(h.found_on), h.category, h.description, format_date(h.deadline), state)


def _record(r) -> tuple:
    note = L.CARD_VOIDED if r.voided else (L.CARD_LATE if r.late else "")
    at = r.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    return (at, r.kind, r.result, r.inspectors, r.hazards or "", note)


def _sampling(x) -> tuple:
    verdict = L.CARD_QUALIFIED if x.qualified else L.CARD_FAILED
    return (format_date(x.sampled_on), x.product, x.batch, verdict, x.failed_items)
