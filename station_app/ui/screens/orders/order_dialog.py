"""The order window: the order's facts, each clock with its due, status and explanation, the
double sign-off, the timeline (every step: time, step, who, note) and a button for each step
the state machine allows now (Alt+underlined letters are not used: Tab and Enter move through
the buttons). A step opens its form; after it the window reloads. GUI thread only."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.orders import clocks as ck
from station_app.domain.orders import kinds as k
from station_app.domain.orders.timing import fmt_time
from station_app.services.orders import OrderView
from station_app.ui.screens.base import heading
from station_app.ui.screens.orders import labels as L
from station_app.ui.screens.orders.flow_panel import FlowPanel
from station_app.ui.screens.orders.steps import step_form
from station_app.ui.widgets.attachments import AttachmentsWidget, order_adapter
from station_app.ui.widgets.tables import fill_table, readonly_table

RED = QColor("#b00020")
STATUS_COLOURS = {ck.OVERDUE: RED, ck.LATE: RED, ck.MET: QColor("#2e7d32")}


class OrderDialog(QDialog):
    """One order (``number``); ``view`` is what is shown, reloaded after each step."""

    def __init__(self, ui, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.number = number
        self.setObjectName("orderDialog")
        self.setMinimumSize(900, 780)
        self.form = None
        lay = QVBoxLayout(self)
        self.facts = QLabel(self)
        self.facts.setObjectName("orderFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.facts)
        lay.addWidget(heading(L.CLOCKS_TITLE, self))
        self.clocks = readonly_table(L.CLOCK_COLUMNS, parent=self)
        self.clocks.setObjectName("orderClocks")
        self.clocks.setWordWrap(True)
        self.clocks.horizontalHeader().setStretchLastSection(True)
        self.clocks.horizontalHeader().sectionResized.connect(self._fit_clock_rows)
        lay.addWidget(self.clocks, 1)
        self.signs = QLabel(self)
        self.signs.setObjectName("orderSignOff")
        self.signs.setWordWrap(True)
        lay.addWidget(self.signs)
        lay.addWidget(heading(L.TIMELINE_TITLE, self))
        self.timeline = readonly_table(L.TIMELINE_COLUMNS, parent=self)
        self.timeline.setObjectName("orderTimeline")
        self.timeline.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.timeline, 2)
        lay.addWidget(heading(L.ATTACHMENTS_TITLE, self))
        self.attachments = AttachmentsWidget(ui, order_adapter(ui, number), self)
        lay.addWidget(self.attachments)
        self.flow = FlowPanel(ui, self)  # 转调解 case, 到场 records, 举报 prints
        lay.addWidget(self.flow)
        self.step_box = QGridLayout()
        lay.addLayout(self.step_box)
        self.step_buttons: dict[str, QPushButton] = {}
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(L.CLOSE)
        close.rejected.connect(self.reject)
        lay.addWidget(close)
        self.reload()

    def reload(self, _result: object = None) -> None:
        self.view = self.ui.services.orders.show(self.number)
        self.setWindowTitle(L.ORDER_TITLE.format(self.view.number))
        self.facts.setText(facts_html(self.view))
        self._fill_clocks()
        self._fill_signs()
        fill_table(
            self.timeline,
            [
                (fmt_time(e.at), e.label, e.by_name or e.by, e.note, e.detail)
                for e in self.view.timeline
            ],
        )
        last = len(L.TIMELINE_COLUMNS) - 1
        self.timeline.horizontalHeader().setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
        self._fill_buttons()
        self.flow.show_view(self.view)

    def _fill_clocks(self) -> None:
        v = self.view
        rows = [
            (c.label, fmt_time(c.due), c.status_label, c.left_text, c.explain) for c in v.clocks
        ]
        fill_table(self.clocks, rows)
        explain = self.clocks.horizontalHeader()
        explain.setSectionResizeMode(len(L.CLOCK_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        for r, c in enumerate(v.clocks):
            self.clocks.item(r, len(L.CLOCK_COLUMNS) - 1).setToolTip(c.explain)
            colour = STATUS_COLOURS.get(c.status)
            if colour is not None:
                for col in (2, 3):
                    self.clocks.item(r, col).setForeground(QBrush(colour))
        self._fit_clock_rows()

    def _fit_clock_rows(self, *_args) -> None:
        """Rows as tall as their wrapped explanation at the column's present width."""
        self.clocks.resizeRowsToContents()
        rows_height = sum(self.clocks.rowHeight(r) for r in range(self.clocks.rowCount()))
        self.clocks.setMinimumHeight(self.clocks.horizontalHeader().height() + rows_height + 6)

    def _fill_signs(self) -> None:
        v = self.view
        done = [
            L.SIGNED.format(side=side, name=name or user, at=fmt_time(at))
            for side, user, name, at in v.confirmations
        ]
        parts = [L.SIGN_LINE.format(L.SIGN_TITLE, L.JOIN.join(done) or L.NONE)]
        if v.missing_sides and v.state not in (k.CLOSED, k.VOID):
            parts.append(L.MISSING.format(L.LIST_JOIN.join(v.missing_sides)))
        if v.supervisions:
            parts.append(L.SUPERVISIONS.format(L.JOIN.join(s.doc_number for s in v.supervisions)))
        self.signs.setText(L.GAP.join(parts))

    def _fill_buttons(self) -> None:
        for b in self.step_buttons.values():
            self.step_box.removeWidget(b)
            b.hide()
            b.deleteLater()
        self.step_buttons = {}
        for n, step in enumerate(self.view.possible):
            button = QPushButton(L.STEP_BUTTON.format(k.EVENT_LABELS[step]), self)
            button.setObjectName(f"step_{step}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, s=step: self.open_step(s))
            self.step_box.addWidget(button, n // 8, n % 8)
            button.show()
            self.step_buttons[step] = button

    def open_step(self, step: str) -> None:
        now = self.ui.services.orders.now()
        self.form = step_form(self.ui, self.view, step, now, self, self.reload)
        self.form.open()


def facts_html(v: OrderView) -> str:
    def e(text: object) -> str:
        return escape(str(text)) if text not in (None, "") else L.NONE

    paused = L.PAUSED_MARK.format(escape(v.pause_reason)) if v.paused else ""
    return L.FACTS.format(
        number=e(v.number), kind=e(k.KIND_LABELS[v.kind]), state=e(v.state), paused=paused,
        received=e(fmt_time(v.received_at)), channel=e(v.channel), category=e(v.category),
        subject=e(v.subject), address=e(v.subject_address), grid=e(v.grid),
        assignee=e(v.assignee), platform=e(v.platform_no), rework=v.rework, lead=e(v.lead),
        requester=e(v.requester), text=e(v.text),
    )  # fmt: skip
