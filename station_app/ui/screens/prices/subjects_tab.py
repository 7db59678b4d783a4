"""监测对象与曲线: the subjects (filtered by group and text) on the left; the selected subject's
price curve on the right (holiday windows shaded, baselines, flags, the group's median band)
over a period, printed on A4 with its daily table in one click."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.prices.lists import SUBJECT_COLUMNS, SubjectFilter
from station_app.domain.prices.money import CLASSES, SUBJECT_KINDS, parse_yuan
from station_app.services.base import Changes
from station_app.services.prices import KIND_OBSERVATION, KIND_SUBJECT, SubjectInput
from station_app.ui.labels import EM
from station_app.ui.models.lazy_table import ALIGN_LEFT, ALIGN_RIGHT, Column
from station_app.ui.screens.list_page import ListPage
from station_app.ui.screens.prices import labels as L
from station_app.ui.screens.prices.format import yuan_cell
from station_app.ui.widgets.charts import PriceCurve
from station_app.ui.widgets.dates import DateEdit, format_date, pydate, qdate
from station_app.ui.widgets.files import open_pdf_preview, temp_pdf
from station_app.ui.widgets.forms import Field, FormDialog, options

_FORMAT = {"posted": yuan_cell, "last_price": yuan_cell, "last_day": format_date}
COLUMNS = tuple(
    Column(
        key,
        L.SUBJECT_COLUMNS[key],
        alignment=ALIGN_RIGHT if key in ("posted", "last_price") else ALIGN_LEFT,
        formatter=_FORMAT.get(key),
        sortable=key in ("name", "kind", "klass", "district", "posted"),
    )
    for key in SUBJECT_COLUMNS
)
WIDTHS = (12, 6, 3, 4, 4, 5, 6, 5)
SUBJECT_FIELDS = (
    Field("entity", L.SUBJECT_FIELDS["entity"]),
    Field("name", L.SUBJECT_FIELDS["name"]),
    Field("kind", L.SUBJECT_FIELDS["kind"], "combo", options(SUBJECT_KINDS)),
    Field("posted", L.SUBJECT_FIELDS["posted"]),
    Field("klass", L.SUBJECT_FIELDS["klass"], "combo", options(CLASSES, "")),
    Field("district", L.SUBJECT_FIELDS["district"]),
)
DEFAULT_DAYS = 60


class SubjectsTab(ListPage):
    """GUI thread only."""

    COUNT_TEXT = L.SUBJECT_COUNT

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.svc = ui.services.prices
        self.preview = None
        self.form: FormDialog | None = None
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self._list_side(split))
        split.addWidget(self._chart_side(split))
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        em = self.fontMetrics().horizontalAdvance(EM)
        split.setSizes([36 * em, 56 * em])
        self.body.addWidget(split, 1)
        self.model.reloaded.connect(self._select_first)
        self.apply_filter()

    def _select_first(self) -> None:
        """The curve shows at once: the first subject is selected when none is."""
        if self.current_id() is None and self.model.rowCount() > 0:
            self.table.selectRow(0)

    def _list_side(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.make_search("subjectSearch", L.SUBJECT_SEARCH))
        row = QHBoxLayout()
        groups = [(L.ALL_GROUPS, None)] + [(g.name, g.id) for g in self.svc.groups()]
        row.addWidget(self.make_filter("group", groups), 1)
        new = QPushButton(L.NEW_SUBJECT, box)
        new.clicked.connect(self.new_subject)
        new.setEnabled(self.ui.app.auth.can("prices.manage"))
        row.addWidget(new)
        lay.addLayout(row)
        table = self.make_table(
            self.svc.subject_rows(), COLUMNS, name="subjectTable", widths_em=WIDTHS
        )
        table.selectionModel().currentRowChanged.connect(lambda *_: self.show_chart())
        lay.addWidget(table, 1)
        lay.addWidget(self.make_count("subjectCount"))
        return box

    def _chart_side(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(6, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(L.PERIOD_FROM, box))
        today = self.ui.services.clock.today()
        self.first, self.last = DateEdit(box), DateEdit(box)
        self.first.setDate(qdate(today - timedelta(days=DEFAULT_DAYS)))
        self.last.setDate(qdate(today))
        for edit in (self.first, self.last):
            edit.dateChanged.connect(lambda *_: self.show_chart())
        row.addWidget(self.first)
        row.addWidget(QLabel(L.PERIOD_TO, box))
        row.addWidget(self.last)
        row.addStretch(1)
        self.print_button = QPushButton(L.PRINT_CHART, box)
        self.print_button.clicked.connect(self.print_chart)
        self.print_button.setEnabled(False)
        row.addWidget(self.print_button)
        lay.addLayout(row)
        self.curve = PriceCurve(box)
        self.curve.setObjectName("priceCurve")
        lay.addWidget(self.curve, 1)
        self.hint = QLabel(L.NO_SUBJECT, box)
        lay.addWidget(self.hint)
        return box

    def current_filter(self) -> SubjectFilter:
        return SubjectFilter(self.search.text(), group_id=self.filters["group"].currentData())

    def period(self) -> tuple[date, date]:
        return pydate(self.first), pydate(self.last)

    def show_chart(self) -> None:
        subject_id = self.current_id()
        self.print_button.setEnabled(subject_id is not None)
        self.hint.setVisible(subject_id is None)
        if subject_id is None:
            self.curve.set_data(None)
            return
        first, last = self.period()
        self.ui.ops.run_read(
            lambda _p: self.svc.chart(subject_id, first, last),
            on_done=self.curve.set_data,
            parent=self,
        )

    def print_chart(self) -> None:
        subject_id = self.current_id()
        if subject_id is None:
            return
        first, last = self.period()
        out = temp_pdf(L.CHART_FILE)
        self.ui.ops.run_write(
            lambda _p: self.svc.print_chart(subject_id, first, last, out),
            on_done=lambda r: setattr(self, "preview", open_pdf_preview(self, r[0], L.PRINT_CHART)),
            parent=self,
        )

    def new_subject(self) -> None:
        def submit(x: dict) -> None:
            def save():  # type: ignore[no-untyped-def]
                entity = (
                    self.svc.resolve_entity(x["entity"]) if (x["entity"] or "").strip() else None
                )
                posted = (
                    parse_yuan(x["posted"], field="posted", label=L.POSTED) if x["posted"] else None
                )
                return self.svc.add_subject(
                    SubjectInput(name=x["name"], entity_id=entity, kind=x["kind"], posted_fen=posted,
                                 klass=x["klass"] or "", district=x["district"])
                )  # fmt: skip

            form.run_save(self.ui.ops, save)

        form = self.form = FormDialog(
            L.SUBJECT_FORM, SUBJECT_FIELDS, submit, self, {"kind": SUBJECT_KINDS[0]}
        )
        form.open()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(KIND_SUBJECT):
            self.refresh_or_reload(changes, KIND_SUBJECT)
        if changes.touches(KIND_OBSERVATION, "price_flag"):
            self.show_chart()
