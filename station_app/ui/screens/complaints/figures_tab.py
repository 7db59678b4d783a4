"""The 统计 tab of 投诉调解: counts and rates of a period, each rate with its definition, per
service station and per mediator. Loaded when first shown, then after every complaint change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QWidget

from station_app.domain import complaints as rules
from station_app.errors import StationError
from station_app.services.base import Changes
from station_app.services.complaints import KIND
from station_app.ui.screens.base import Page
from station_app.ui.widgets.tables import fill_table, readonly_table

from . import labels as L

NUMBER_COLUMNS = (1, 2, 3, 4, 5, 6)


class FiguresTab(Page):
    """GUI thread only. ``period`` is the text typed (``2026-10``, ``2026Q3``, a range…)."""

    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(ui, None, parent)
        self.layout().unsetContentsMargins()
        self.svc = ui.services.complaints
        self._loaded = False
        self.body.addLayout(self._period_row())
        self.text = QLabel("", self)
        self.text.setObjectName("figuresText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.text)
        self.groups = readonly_table(L.FIGURE_HEAD, (), self, single=True, fit_contents=True)
        self.groups.horizontalHeader().setStretchLastSection(False)
        self.groups.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.body.addWidget(self.groups, 1)

    def _period_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(L.FIGURES_PERIOD, self))
        self.period = QLineEdit(str(self.ui.services.clock.today().year), self)
        self.period.setObjectName("figuresPeriod")
        self.period.setPlaceholderText(L.FIGURES_PERIOD_HINT)
        self.period.returnPressed.connect(self.load)
        row.addWidget(self.period, 1)
        go = QPushButton(L.FIGURES_GO, self)
        go.clicked.connect(self.load)
        row.addWidget(go)
        return row

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.load()

    def load(self) -> None:
        try:
            f = self.svc.complaint_figures(self.period.text())
        except StationError as exc:
            self.text.setText(L.FIGURES_ERROR.format(exc.message))
            return
        self._loaded = True
        self.text.setText(figures_html(f))
        rows = [
            (
                L.GROUP_NAME.format(kind, g.name),
                g.received,
                g.succeeded,
                g.terminated,
                rules.yuan(g.money_recovered_fen),
                g.visited,
                g.satisfied,
            )
            for kind, groups in ((L.BY_STATION, f.per_station), (L.BY_MEDIATOR, f.per_mediator))
            for g in groups
        ]
        fill_table(self.groups, rows, right=NUMBER_COLUMNS)

    def on_changes(self, changes: Changes) -> None:
        if self._loaded and changes.touches(KIND, "*"):
            self.load()


def figures_html(f) -> str:
    """The period's summary paragraph and the list of rates with their definitions."""
    joined = L.FIGURE_SEP.join
    channels = joined(L.FIGURE_PAIR.format(k, v) for k, v in f.by_channel.items())
    reasons = joined(
        L.FIGURE_REASON.format(rules.cn_index(int(k)), v) for k, v in f.terminated_by_reason.items()
    )
    satisfaction = joined(L.FIGURE_PAIR.format(k, v) for k, v in f.satisfaction.items())
    rates = "".join(
        L.FIGURE_RATE.format(r.label, r.text, r.numerator, r.denominator, r.definition)
        for r in f.rates
    )
    return L.FIGURES.format(
        period=f.period.label,
        channels=channels,
        reasons=reasons or L.FIGURE_NONE,
        recovered=rules.yuan(f.money_recovered_fen),
        involved=rules.yuan(f.amount_involved_fen),
        satisfaction=satisfaction,
        rates=rates,
        **f.counts,
    )
