"""执法与约谈: the violations list (``ListPage``) beside the selected violation's 首违不罚
check (each criterion ✓/✗/？ with its reason) and the buttons that record, rectify and
decide. GUI thread only."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.violations.rules import LIST_COLUMNS, ViolationFilter
from station_app.services.base import Changes
from station_app.ui.models.lazy_table import Column
from station_app.ui.screens.base import heading
from station_app.ui.screens.list_page import ListPage
from station_app.ui.widgets.files import open_pdf_preview, temp_pdf
from station_app.ui.widgets.tables import fill_table, readonly_table, set_widths_em

from . import labels as L

COLUMNS = tuple(
    Column(k, L.COLUMNS[k], sortable=k in ("found_on", "entity", "decision")) for k in LIST_COLUMNS
)


class ViolationsPage(ListPage):
    COUNT_TEXT = L.COUNT

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.service = ui.services.violations
        self.dialog = None
        self.preview = None
        self.body.addLayout(self._toolbar())
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self._table_panel())
        split.addWidget(self._check_panel())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([860, 360])
        self.body.addWidget(split, 1)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_violation)
        self.apply_filter()

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.make_search("violationSearch", L.SEARCH), 1)
        row.addWidget(self.make_filter("decision", L.DECISION_FILTERS))
        can = self.ui.app.auth.can
        self.buttons = {}
        for key, text, slot, ok in (
            ("new", L.NEW, self.new_violation, can("violations.edit")),
            ("rectified", L.RECTIFIED, self.rectify_current, can("violations.edit")),
            ("decide", L.DECIDE, self.decide_current, can("violations.decide")),
            ("guidance", L.GUIDANCE, self.guidance_current, can("violations.edit")),
            ("no_penalty", L.PRINT_NO_PENALTY, self.print_no_penalty, False),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"violation_{key}")
            button.clicked.connect(slot)
            button.setEnabled(ok)
            self.buttons[key] = button
            row.addWidget(button)
        return row

    def _table_panel(self) -> QWidget:
        rows = self.service.rows(ViolationFilter())
        view = self.make_table(rows, COLUMNS, name="violationTable",
                               widths_em=(6, 10, 10, 5, 8, 7, 5, 10))  # fmt: skip
        view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_check())
        self.model.reloaded.connect(self._select_first)
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(view, 1)
        lay.addWidget(self.make_count("violationCount"))
        return box

    def _check_panel(self) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(heading(L.CHECK_TITLE, box))
        self.summary = QLabel(L.NO_SELECTION, box)
        self.summary.setObjectName("leniencySummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.criteria = readonly_table(L.CHECK_HEAD, parent=box)
        self.criteria.setObjectName("leniencyCriteria")
        self.criteria.setWordWrap(True)
        self.criteria.horizontalHeader().setStretchLastSection(True)
        set_widths_em(self.criteria, (1.6, 7))
        lay.addWidget(self.criteria, 1)
        return box

    def _select_first(self) -> None:
        if self.current_id() is None and self.model.rowCount():
            self.table.selectRow(0)

    def current_filter(self) -> ViolationFilter:
        text = self.search.text() if self.search else ""
        return ViolationFilter(text, decision=self.filters["decision"].currentData() or "")

    def filter_to(self, criteria: dict) -> None:
        """``{"decision": "none"}`` (the home tile 执法待跟进) shows the undecided ones."""
        combo = self.filters["decision"]
        index = combo.findData(criteria.get("decision", ""))
        if index >= 0:
            combo.setCurrentIndex(index)

    def show_check(self) -> None:
        vid = self.current_id()
        if vid is None:
            self.summary.setText(L.NO_SELECTION)
            fill_table(self.criteria, [])
            return
        v = self.service.violation(vid)
        check = self.service.leniency(vid)
        text = check.summary()
        if v.decision:
            text = L.DECIDED.format(label=v.decision_label, number=v.decision_no) + "\n" + text
        self.summary.setText(text)
        rows = [(L.MET[c.met], c.label, c.text) for c in check.criteria]
        fill_table(self.criteria, rows, fit=False)
        set_widths_em(self.criteria, (1.6, 7))
        self.criteria.resizeRowsToContents()
        self.buttons["decide"].setEnabled(
            self.ui.app.auth.can("violations.decide") and not v.decision
        )
        self.buttons["no_penalty"].setEnabled(v.decision == "no_penalty")

    def open_record(self, record_id: int) -> None:
        self.decide_current()

    def new_violation(self) -> None:
        from .dialogs import violation_dialog

        self.dialog = violation_dialog(self.ui, self)

    def decide_current(self) -> None:
        vid = self.current_id()
        if vid is not None:
            from .dialogs import decision_dialog

            self.dialog = decision_dialog(self.ui, vid, self)

    def guidance_current(self) -> None:
        vid = self.current_id()
        if vid is not None:
            from .dialogs import guidance_dialog

            self.dialog = guidance_dialog(self.ui, vid, self, on_issued=self.print_guidance)

    def print_guidance(self, view) -> None:
        """Print the guidance just issued (audited as an export) and open the preview."""
        path = temp_pdf(L.GUIDANCE_FILE)
        svc = self.service
        self.ui.ops.run_write(lambda _p: svc.print_guidance(view.id, path),
                              on_done=lambda _c: self._preview(path, L.GUIDANCE_FILE),
                              parent=self)  # fmt: skip

    def print_no_penalty(self) -> None:
        vid = self.current_id()
        if vid is None:
            return
        path = temp_pdf(L.NO_PENALTY_FILE)
        self.ui.ops.run_write(lambda _p: self.service.print_no_penalty(vid, path),
                              on_done=lambda _c: self._preview(path, L.NO_PENALTY_FILE),
                              parent=self)  # fmt: skip

    def _preview(self, path, title: str) -> None:
        self.preview = open_pdf_preview(self, path, title, name=path.name)

    def rectify_current(self) -> None:
        vid = self.current_id()
        if vid is None:
            return
        text, ok = QInputDialog.getText(self, L.RECTIFIED, L.RECTIFIED_PROMPT,
                                        text=self.ui.services.clock.today().isoformat())  # fmt: skip
        if ok:
            v = self.service.violation(vid)
            on = date.fromisoformat(text.strip()) if text.strip() else None
            self.ui.ops.run_write(lambda _p: self.service.rectified(vid, v.version, on),
                                  parent=self)  # fmt: skip

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("violation", "*"):
            self.refresh_or_reload(changes, "violation")
            self.show_check()


PAGE_CLASS = ViolationsPage
