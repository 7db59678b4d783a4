"""The selected campaign's 检查对象 and 回头看 tabs: the targets with their state (登记检查 on
the selected one), the revisits with their due day, overdue in red (登记回头看, 免于回头看 with
the reason). Reads on the reader pool, writes through ``ui.ops``. GUI thread only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from station_app.ui.screens.campaigns import labels as L
from station_app.ui.screens.campaigns.check_dialog import (
    CampaignCheckDialog,
    problem_revisit_dialog,
)
from station_app.ui.widgets.tables import fill_table, readonly_table

OVERDUE_RED = QColor("#c62828")
TARGET_LIMIT = 2000


def _selected_id(table):
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


class _Tab(QWidget):
    def __init__(self, ui, headers, name: str, parent=None) -> None:
        super().__init__(parent)
        self.ui, self.service = ui, ui.services.campaigns
        self.campaign = None
        self.dialog = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.buttons = QHBoxLayout()
        lay.addLayout(self.buttons)
        self.table = readonly_table(headers, parent=self, single=True)
        self.table.setObjectName(name)
        lay.addWidget(self.table, 1)
        self.note = QLabel("", self)
        lay.addWidget(self.note)

    def button(self, text: str, name: str, slot) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(lambda: slot())
        self.buttons.addWidget(b)
        return b

    def show_campaign(self, view) -> None:
        self.campaign = view
        self.ui.ops.run_read(lambda _p: self.load(view.id), on_done=self.fill, parent=self)


class TargetsTab(_Tab):
    """检查对象: name, code, address, grid, department, state; 登记检查."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, L.TARGET_HEADERS, "campaignTargets", parent)
        self.check_button = self.button(L.RECORD_CHECK, "campaignRecordCheck", self.record_check)
        self.check_button.setEnabled(ui.app.auth.can("patrols.check"))
        self.buttons.addStretch(1)
        self.lines: dict[int, object] = {}

    def load(self, campaign_id: int):
        return self.service.targets(campaign_id, TARGET_LIMIT)

    def fill(self, lines) -> None:
        self.lines = {t.id: t for t in lines}
        rows = [(t.name, t.code, t.address, t.grid, t.department, t.state_label) for t in lines]
        fill_table(self.table, rows, ids=[t.id for t in lines])
        full = self.campaign is not None and len(lines) >= min(self.campaign.targets, TARGET_LIMIT)
        limited = self.campaign is not None and self.campaign.targets > len(lines) and full
        self.note.setText(L.TARGETS_LIMITED.format(len(lines)) if limited else "")

    def record_check(self, target_id: int | None = None) -> None:
        target = self.lines.get(target_id or _selected_id(self.table))
        if target is None or self.campaign is None:
            return
        day = self.ui.services.clock.today()
        self.dialog = CampaignCheckDialog(self.ui, self.campaign.id, target.entity_id, day, self)
        self.dialog.open()


class RevisitsTab(_Tab):
    """回头看: shop, kind, due, state (overdue red), the waiver's reason."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, L.REVISIT_HEADERS, "campaignRevisits", parent)
        auth = ui.app.auth
        self.record_button = self.button(L.RECORD_REVISIT, "campaignRecordRevisit", self.record)
        self.record_button.setEnabled(auth.can("patrols.check"))
        self.waive_button = self.button(L.WAIVE, "campaignWaive", self.waive)
        self.waive_button.setEnabled(auth.can("campaigns.close"))
        self.buttons.addStretch(1)
        self.revisits: dict[int, object] = {}

    def load(self, campaign_id: int):
        return self.service.revisits(campaign_id)

    def fill(self, revisits) -> None:
        self.revisits = {r.id: r for r in revisits}
        rows = [
            (r.entity_name, r.kind_label, r.due_on.isoformat(),
             r.state_label + (L.OVERDUE_SUFFIX if r.overdue else ""), r.waived_reason)
            for r in revisits
        ]  # fmt: skip
        fill_table(self.table, rows, ids=[r.id for r in revisits])
        for row, r in enumerate(revisits):
            if r.overdue:
                for col in range(self.table.columnCount()):
                    self.table.item(row, col).setForeground(QBrush(OVERDUE_RED))

    def record(self, revisit_id: int | None = None) -> None:
        revisit = self.revisits.get(revisit_id or _selected_id(self.table))
        if revisit is None or self.campaign is None:
            return
        if revisit.kind == "problem":
            self.dialog = problem_revisit_dialog(self.ui, revisit, self)
        else:
            day = self.ui.services.clock.today()
            self.dialog = CampaignCheckDialog(
                self.ui, self.campaign.id, revisit.entity_id, day, self, revisit_id=revisit.id
            )
        self.dialog.open()

    def waive(self, revisit_id: int | None = None, reason: str | None = None) -> None:
        revisit = self.revisits.get(revisit_id or _selected_id(self.table))
        if revisit is None:
            return
        if reason is None:
            ask = L.WAIVE_ASK.format(name=revisit.entity_name, kind=revisit.kind_label,
                                     due=revisit.due_on.isoformat())  # fmt: skip
            text, ok = QInputDialog.getText(self, L.WAIVE_TITLE, ask)
            if not ok:
                return
            reason = text
        svc, rid, version = self.service, revisit.id, revisit.version
        self.ui.ops.run_write(lambda _p: svc.waive_revisit(rid, version, reason), parent=self)
