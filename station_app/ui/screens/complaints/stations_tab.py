"""The 消费维权服务站 tab of 投诉调解: the service stations (list, add, edit)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from station_app.domain import complaints as rules
from station_app.domain.masking import mask_phone
from station_app.services.base import Changes
from station_app.services.complaints import KIND_STATION, StationData
from station_app.ui.screens.base import Page
from station_app.ui.widgets.forms import Field, FormDialog, options
from station_app.ui.widgets.tables import fill_table, readonly_table

from . import labels as L

STATION_FIELDS = (
    Field("name", L.F_STATION_NAME),
    Field("kind", L.F_STATION_KIND, "combo", options(rules.STATION_KINDS)),
    Field("place", L.F_STATION_PLACE),
    Field("community", L.F_STATION_COMMUNITY),
    Field("contact_name", L.F_STATION_CONTACT),
    Field("contact_phone", L.F_STATION_PHONE),
    Field("active", L.F_STATION_ACTIVE, "check"),
)


class StationsTab(Page):
    """25-odd stations: a QTableWidget is right here. GUI thread only."""

    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(ui, None, parent)
        self.layout().unsetContentsMargins()
        self.svc = ui.services.complaints
        self.stations: list[StationData] = []
        self.form: FormDialog | None = None
        self.body.addLayout(self._toolbar())
        self.table = readonly_table(L.STATION_HEAD, (), self, single=True, fit_contents=True)
        self.table.setObjectName("stationTable")
        self.table.doubleClicked.connect(lambda i: self.edit(i.row()))
        self.body.addWidget(self.table, 1)
        self.load()

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        add = QPushButton(L.ADD_STATION, self)
        add.clicked.connect(lambda: self.edit(None))
        edit = QPushButton(L.EDIT_STATION, self)
        edit.clicked.connect(lambda: self.edit(self.table.currentRow()))
        for b in (add, edit):
            b.setEnabled(self.ui.app.auth.can("complaints.edit"))
            row.addWidget(b)
        row.addStretch(1)
        self.summary = QLabel("", self)
        row.addWidget(self.summary)
        return row

    def load(self) -> None:
        self.stations = self.svc.stations()
        fill_table(self.table, [_row(s) for s in self.stations])
        kinds = [s.kind for s in self.stations if s.active]
        community, mall = rules.STATION_KINDS
        self.summary.setText(
            L.STATION_SUMMARY.format(len(kinds), kinds.count(community), kinds.count(mall))
        )

    def edit(self, row: int | None) -> None:
        """Open the station's form (``row`` of the table; ``None`` for a new station)."""
        in_table = row is not None and 0 <= row < len(self.stations)
        current = self.stations[row] if in_table else StationData(name="")
        values = vars(current) if in_table else {"active": True}

        def submit(x: dict) -> None:
            data = replace(current, **x)
            form.run_save(self.ui.ops, lambda: self.svc.save_station(data), on_done=self._saved)

        form = self.form = FormDialog(L.STATION_FORM, STATION_FIELDS, submit, self, values)
        form.open()

    def _saved(self, _result) -> None:
        self.load()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(KIND_STATION, "*"):
            self.load()


def _row(s: StationData) -> tuple:
    state = L.STATION_IN_USE if s.active else L.STATION_OUT_OF_USE
    phone = mask_phone(s.contact_phone)
    return (s.name, s.kind, s.place, s.community, s.contact_name, phone, state)
