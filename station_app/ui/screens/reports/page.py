"""报表: figures for a period with 同比/环比, the county data package, verify and merge."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
)

from station_app.domain.periods import QUARTER_NAMES, Period
from station_app.domain.report_model import format_change, format_value
from station_app.ui.errors import show_error
from station_app.ui.screens.base import Page
from station_app.ui.screens.reports import labels as L
from station_app.ui.screens.reports.labels import COLUMNS, KINDS


def default_period(today: date) -> Period:
    """Reports are made for the month just ended."""
    return Period("month", today.year, today.month).previous()


class ReportsPage(Page):
    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.body.addLayout(self._controls())
        self.note = QLabel("", self)
        self.note.setWordWrap(True)
        self.body.addWidget(self.note)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("reportTree")
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.body.addWidget(self.tree, 1)
        self.set_period(default_period(ui.services.clock.today()))
        allowed = ui.app.auth.can("reports.make")
        for button in (self.preview_button, self.package_button, self.details):
            button.setEnabled(allowed)
        self.refresh()

    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.kind = QComboBox(self)
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setSuffix(L.YEAR_SUFFIX)
        self.index = QComboBox(self)
        row.addWidget(QLabel(L.PERIOD, self))
        for widget in (self.kind, self.year, self.index):
            row.addWidget(widget)
        self.preview_button = self._button(row, L.PREVIEW, self.refresh)
        self.package_button = self._button(row, L.PACKAGE, self._on_package_clicked)
        self.details = QCheckBox(L.DETAILS, self)
        self.details.setToolTip(L.DETAILS_TIP)
        row.addWidget(self.details)
        row.addStretch(1)
        self._button(row, L.VERIFY, self._on_verify_clicked)
        self._button(row, L.MERGE, self._on_merge_clicked)
        return row

    def _button(self, row: QHBoxLayout, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _on_kind_current_index_changed(self, _index: int) -> None:
        self.index.clear()
        kind = self.kind.currentData()
        if kind == "month":
            for m in range(1, 13):
                self.index.addItem(L.MONTH.format(m), m)
        elif kind == "quarter":
            for q, name in enumerate(QUARTER_NAMES, start=1):
                self.index.addItem(name, q)
        self.index.setVisible(kind != "year")

    def set_period(self, period: Period) -> None:
        self.kind.setCurrentIndex([k for k, _ in KINDS].index(period.kind))
        self._on_kind_current_index_changed(0)
        self.year.setValue(period.year)
        if period.kind != "year":
            self.index.setCurrentIndex(period.index - 1)

    def period(self) -> Period:
        kind = self.kind.currentData()
        return Period(kind, self.year.value(), 1 if kind == "year" else self.index.currentData())

    # -- actions ----------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.ui.app.auth.can("reports.make"):
            self.note.setText(L.NOT_ALLOWED)
            return
        reports, period = self.ui.services.reports, self.period()
        self.ui.ops.run_read(
            lambda _p: reports.build(period),
            on_done=self._show_report,
            progress_label=L.COUNTING,
            parent=self,
        )

    def _show_report(self, report) -> None:
        self.tree.clear()
        sections = report.sections[1:]
        self.note.setText(
            L.REPORT_OF.format(report.station["name"], report.period.label)
            if sections
            else L.NO_PROVIDERS
        )
        for section in sections:
            top = QTreeWidgetItem([section.name])
            for f in section.figures:
                item = QTreeWidgetItem(
                    [
                        f.label,
                        format_value(f, f.value),
                        format_value(f, f.previous),
                        format_change(f, f.previous),
                        format_value(f, f.last_year),
                        format_change(f, f.last_year),
                        f.unit,
                    ]
                )
                item.setToolTip(0, f.definition or f.label)
                for col in range(1, len(COLUMNS)):
                    item.setTextAlignment(col, Qt.AlignmentFlag.AlignCenter)
                top.addChild(item)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)

    def _on_package_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, L.CHOOSE_FOLDER)
        if not folder:
            return
        reports, period = self.ui.services.reports, self.period()
        details = self.details.isChecked()
        self.ui.ops.run_read(
            lambda _p: reports.write_package(period, Path(folder), details=details),
            on_done=lambda r: self.note.setText(L.WRITTEN.format(r.path)),
            progress_label=L.WRITING,
            parent=self,
        )

    def _on_verify_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, L.CHOOSE_PACKAGE, "", L.PACKAGE_FILTER)
        if not path:
            return
        try:
            doc = self.ui.services.reports.verify_package(Path(path))
        except Exception as exc:  # StationError carries the Chinese reason
            show_error(self, exc, L.VERIFY_FAILED)
            return
        QMessageBox.information(
            self,
            L.VERIFIED,
            L.VERIFIED_TEXT.format(doc["station"]["name"], doc.get("period_label", doc["period"])),
        )

    def _on_merge_clicked(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, L.CHOOSE_PACKAGES, "", L.PACKAGE_FILTER)
        if not paths:
            return
        out, _ = QFileDialog.getSaveFileName(self, L.MERGE_SAVE_AS, L.MERGE_FILE, L.XLSX_FILTER)
        if not out:
            return
        self.ui.ops.run_read(
            lambda _p: self.ui.services.reports.merge_packages([Path(p) for p in paths], Path(out)),
            on_done=lambda r: self.note.setText(L.MERGED.format(len(r.stations), r.period, r.path)),
            on_error=lambda exc: show_error(self, exc, L.MERGE_FAILED),
            progress_label=L.MERGING,
        )


PAGE_CLASS = ReportsPage
