"""The entity card's 走访 and 执法 tabs: visits with their requests and the annual reports of
the last years (the year the grade reads marked); violations with decisions, interviews and
guidance, with the count the grade's 行政处罚 indicator reads. GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from station_app.domain.periods import SHANGHAI
from station_app.domain.visits.annual_reports import STATUS_LABELS
from station_app.services.base import Changes
from station_app.ui.widgets.tables import fill_table, readonly_table

from . import labels as L


class _Section(QWidget):
    KINDS: tuple[str, ...] = ()

    def __init__(self, ui, entity_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.entity_id, self.n = ui, entity_id, 0
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.head = QLabel(self)
        self.head.setWordWrap(True)
        self.lay.addWidget(self.head)
        ui.bus.changed.connect(self._on_changes)

    def set_entity(self, entity_id: int) -> None:
        self.entity_id = entity_id
        self.load()

    def load(self) -> None:
        raise NotImplementedError

    def count(self) -> int:
        return self.n

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(*self.KINDS, "*"):
            self.load()


class EntityVisitsSection(_Section):
    KINDS = ("visit", "visit_request", "annual_report")

    def __init__(self, ui, entity_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ui, entity_id, parent)
        self.setObjectName("entityVisits")
        self.table = readonly_table(L.CARD_VISITS_HEAD, parent=self)
        self.table.setObjectName("entityVisitsTable")
        self.lay.addWidget(self.table, 1)

    def load(self) -> None:
        sec = self.ui.services.visits.entity_section(self.entity_id)
        self.n = sec.count
        reports = [L.REPORT_LINE.format(year=r.year, status=STATUS_LABELS[r.status],
                                      day=L.DAY.format(r.filed_on) if r.filed_on else "")
                   for r in sec.reports[:3]]  # fmt: skip
        lines = [L.CARD_REPORTS.format(sec.grade_year) + (L.NAME_SEP.join(reports)
                 or L.CARD_REPORTS_NONE), L.CARD_OPEN_REQUESTS.format(len(sec.open_requests))]  # fmt: skip
        self.head.setText("\n".join(lines))
        fill_table(self.table, (_visit_row(v) for v in sec.visits))


def _visit_row(v) -> tuple:
    requests = L.WARN_SEP.join(L.MEMBER.format(r.text, r.outcome_label) for r in v.requests)
    return (v.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"), v.team_name, v.topics_label,
            requests)  # fmt: skip


class EntityEnforcementSection(_Section):
    KINDS = ("violation", "interview", "guidance")

    def __init__(self, ui, entity_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ui, entity_id, parent)
        self.setObjectName("entityEnforcement")
        self.table = readonly_table(L.CARD_VIOLATIONS_HEAD, parent=self)
        self.table.setObjectName("entityViolationsTable")
        self.lay.addWidget(self.table, 1)

    def load(self) -> None:
        sec = self.ui.services.violations.entity_section(self.entity_id)
        self.n = len(sec.violations)
        self.head.setText(L.CARD_PENALTIES.format(sec.penalties_24m) + "\n"
                          + L.CARD_INTERVIEWS.format(len(sec.interviews), len(sec.guidance)))  # fmt: skip
        fill_table(self.table, ((v.found_on.isoformat(), v.type_name,
                                 v.rectified_on.isoformat() if v.rectified_on else "",
                                 v.decision_label, v.decision_no) for v in sec.violations))  # fmt: skip
