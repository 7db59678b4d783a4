"""The 网格 tab of 网格花名册: the grid list (the staffing warning in red) and the selected grid
with its members on a chosen day, its assignment and change history, and the grid's actions
(edit, add or end a member, replace the specialist, handover sheet, delete)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import roster_rules as rules
from station_app.domain.roster import GRID_COLUMNS, GridFilter
from station_app.services.base import Changes
from station_app.services.roster import KIND_ASSIGNMENT, KIND_GRID, KIND_PERSON, GridData
from station_app.ui.errors import show_error
from station_app.ui.labels import IDEOGRAPHIC_SPACE
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_RIGHT, Column, LazyTableModel
from station_app.ui.screens.base import heading
from station_app.ui.screens.list_page import ListPage
from station_app.ui.widgets.dates import DateEdit, format_date, pydate, qdate
from station_app.ui.widgets.files import open_pdf_preview, temp_pdf
from station_app.ui.widgets.history import HistoryPanel
from station_app.ui.widgets.tables import (
    fill_table,
    readonly_table,
    row_data,
    select_row,
)

from . import labels as L
from .dialogs import AssignDialog, DateReasonDialog, GridDialog

WARN_COLOR = QColor("#b00020")
OK_COLOR = QColor("#1b7f3b")
ROSTER_KINDS = (KIND_GRID, KIND_PERSON, KIND_ASSIGNMENT, "community", "*")
_ALIGN = {"code": ALIGN_CENTER, "workers": ALIGN_RIGHT, "people": ALIGN_RIGHT}
_ALIGN |= {"entities": ALIGN_RIGHT, "cd_entities": ALIGN_RIGHT}
COLUMNS = tuple(
    Column(key, label, _ALIGN.get(key, Column(key, label).alignment))
    for key, label in zip(GRID_COLUMNS, L.GRID_COLUMNS, strict=True)
)
# visual order: what a clerk scans first (staffing and its warning), then the rest
VISUAL_ORDER = (0, 1, 4, 5, 6, 7, 8, 9, 2, 3)
WIDTHS = {0: 50, 1: 104, 2: 96, 3: 100, 4: 66, 5: 50, 6: 62, 7: 62, 8: 50, 9: 250}


class GridTableModel(LazyTableModel):
    """The grid list: the warning column in red with a warning icon."""

    WARN_COLUMN = 9

    def __init__(self, *args, warn_icon=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._warn_icon = warn_icon

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column() == self.WARN_COLUMN:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(WARN_COLOR)
            if role == Qt.ItemDataRole.DecorationRole:
                text = super().data(index, Qt.ItemDataRole.DisplayRole)
                return self._warn_icon if text else None
        return super().data(index, role)


class GridsTab(ListPage):
    """GUI thread only. ``selected_grid`` is the id shown on the right (kept across reloads).
    A station has tens of grids: no search box, every grid is listed."""

    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(ui, None, parent)
        self.layout().setContentsMargins(0, 0, 0, 0)
        self.roster = ui.services.roster
        auth = ui.app.auth
        self.can_edit, self.can_delete = auth.can("roster.edit"), auth.can("records.delete")
        self.can_export = auth.can("data.export")
        self.selected_grid: int | None = None
        self.preview = None
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._grid_list(splitter))
        splitter.addWidget(self._grid_detail(splitter))
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([700, 400])
        self.body.addWidget(splitter)
        self._set_grid_buttons()

    # -- layout ---------------------------------------------------------------------------------
    def _grid_list(self, parent: QWidget) -> QWidget:
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        rows = self.roster.rows(GridFilter())
        self.grid_view = self.make_table(
            rows, COLUMNS, name="gridTable", model_class=GridTableModel, warn_icon=icon
        )
        self.grid_model = self.model
        self.grid_view.selectionModel().currentRowChanged.connect(self._on_grid_row_changed)
        header = self.grid_view.horizontalHeader()
        header.setStretchLastSection(False)
        for visual, logical in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(logical), visual)
        for logical, width in WIDTHS.items():
            header.resizeSection(logical, width)
        return self.grid_view

    def _grid_detail(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(8, 0, 0, 0)
        self.grid_title = heading(L.NO_GRID, box)
        self.grid_info = QLabel("", box)
        self.grid_info.setWordWrap(True)
        self.grid_warning = QLabel("", box)
        self.grid_warning.setObjectName("gridWarning")
        self.grid_warning.setWordWrap(True)
        for widget in (self.grid_title, self.grid_info, self.grid_warning):
            lay.addWidget(widget)
        lay.addLayout(self._grid_buttons(box))
        lay.addLayout(self._members_day_row(box))
        lay.addWidget(self._grid_tabs(box), 1)
        return box

    def _grid_buttons(self, box: QWidget) -> QGridLayout:
        buttons = QGridLayout()
        self.grid_buttons = []
        for name, text, slot in (
            ("edit_grid_button", L.EDIT_GRID, self.edit_grid),
            ("add_member_button", L.ADD_MEMBER, self.add_member),
            ("end_member_button", L.END_MEMBER, self.end_member),
            ("replace_button", L.REPLACE_SPECIALIST, self.replace_specialist),
            ("handover_button", L.HANDOVER, self.show_handover),
            ("delete_grid_button", L.DELETE, self.delete_grid),
        ):
            button = QPushButton(text, box)
            button.clicked.connect(slot)
            setattr(self, name, button)
            self.grid_buttons.append(button)
        self.delete_grid_button.setToolTip(L.DELETE_GRID_TIP)
        for n, button in enumerate(self.grid_buttons):
            buttons.addWidget(button, n // 3, n % 3)
        buttons.setColumnStretch(3, 1)
        return buttons

    def _members_day_row(self, box: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(L.MEMBERS_ON, box))
        self.members_on = DateEdit(box)
        self.members_on.setDate(qdate(self.roster.today()))
        self.members_on.setToolTip(L.MEMBERS_ON_TIP)
        self.members_on.dateChanged.connect(lambda _d: self._load_grid_detail())
        row.addWidget(self.members_on)
        row.addStretch(1)
        return row

    def _grid_tabs(self, box: QWidget) -> QTabWidget:
        self.grid_tabs = QTabWidget(box)
        self.members_table = readonly_table(
            L.MEMBER_COLUMNS, (), box, single=True, fit_contents=True
        )
        self.members_table.setObjectName("membersTable")
        self.assignment_table = readonly_table(
            L.HISTORY_COLUMNS, (), box, single=True, fit_contents=True
        )
        self.grid_history = HistoryPanel(self.ui, KIND_GRID, None, L.GRID_FIELD_LABELS, box)
        self.grid_tabs.addTab(self.members_table, L.TAB_MEMBERS)
        self.grid_tabs.addTab(self.assignment_table, L.TAB_ASSIGNMENT_HISTORY)
        self.grid_tabs.addTab(self.grid_history, L.TAB_CHANGE_HISTORY)
        return self.grid_tabs

    def _set_grid_buttons(self) -> None:
        has = self.selected_grid is not None
        for button in self.grid_buttons:
            button.setEnabled(has and self.can_edit)
        self.handover_button.setEnabled(has and self.can_export)
        self.delete_grid_button.setEnabled(has and self.can_delete)

    # -- selection ------------------------------------------------------------------------------
    def _on_grid_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selected_grid = self.grid_model.id_at(current.row()) if current.isValid() else None
        self._load_grid_detail()

    def current_filter(self) -> GridFilter:
        return GridFilter()

    def open_record(self, record_id: int) -> None:
        self.edit_grid()

    def _on_reloaded(self) -> None:
        super()._on_reloaded()
        self._select_after_reload()

    def _select_after_reload(self) -> None:
        row = self.grid_model.row_of(self.selected_grid) if self.selected_grid else -1
        if row < 0 and self.grid_model.rowCount():
            row = 0
        if row >= 0:
            select_row(self.grid_view, row)
        else:
            self.selected_grid = None
        self._load_grid_detail()

    def select_grid(self, grid_id: int) -> None:
        self.selected_grid = grid_id
        self._select_after_reload()

    def wanted_grid(self, criteria: dict) -> int | str | None:
        """The grid a dashboard link asks for: ``grid`` (id or code), or with ``out_of_rule``
        the first grid that breaks the staffing rule; ``None`` if it asks for none."""
        grid = criteria.get("grid")
        if criteria.get("out_of_rule") and grid is None:
            grid = next((g.id for g in self.roster.list_grids() if g.warnings), None)
        return grid

    def filter_to(self, criteria: dict) -> None:
        grid = self.wanted_grid(criteria)
        if isinstance(grid, str):
            grid = next((g.id for g in self.roster.list_grids() if g.code == grid), None)
        if grid is not None:
            self.select_grid(grid)

    # -- the selected grid ----------------------------------------------------------------------
    def _load_grid_detail(self) -> None:
        self._set_grid_buttons()
        gid = self.selected_grid
        if gid is None:
            self._clear_grid_detail()
            return
        on = pydate(self.members_on)
        try:
            grid = self.roster.get_grid(gid)
            summary = self.roster.get_grid_summary(gid, on)
        except Exception as exc:  # deleted meanwhile
            show_error(self, exc)
            return
        self.grid_title.setText(L.GRID_TITLE.format(code=grid.code, name=grid.name))
        self.grid_info.setText(_grid_info(grid, summary))
        self._show_warning(grid, summary, on)
        self._fill_members(gid, on)
        self.grid_history.set_record(gid)

    def _clear_grid_detail(self) -> None:
        self.grid_title.setText(L.NO_GRID)
        for label in (self.grid_info, self.grid_warning):
            label.setText("")
        self.members_table.setRowCount(0)
        self.assignment_table.setRowCount(0)
        self.grid_history.set_record(None)

    def _show_warning(self, grid: GridData, summary, on: date) -> None:
        when = "" if on == self.roster.today() else L.ON_DAY.format(format_date(on))
        if summary.warnings:
            self.grid_warning.setText(L.WARNING_PREFIX + when + L.LIST_SEP.join(summary.warnings))
            self.grid_warning.setStyleSheet(f"color: {WARN_COLOR.name()}; font-weight: bold;")
        else:
            self.grid_warning.setText(L.RULE_OK + when if grid.active else "")
            self.grid_warning.setStyleSheet(f"color: {OK_COLOR.name()};")

    def _fill_members(self, gid: int, on: date) -> None:
        members = self.roster.who_covered(gid, on)
        rows = [(m.role_label, m.name, m.phone, format_date(m.start_on)) for m in members]
        fill_table(self.members_table, rows, ids=members)
        today = self.roster.today()
        history = [
            (
                m.role_label,
                m.name,
                format_date(m.start_on),
                format_date(m.end_on),
                L.ON_DUTY if rules.covers(m.start_on, m.end_on, today) else L.OFF_DUTY,
            )
            for m in self.roster.grid_history(gid)
        ]
        fill_table(self.assignment_table, history)

    def _grid_label(self) -> str:
        return self.grid_title.text().replace(IDEOGRAPHIC_SPACE, " ")

    # -- actions --------------------------------------------------------------------------------
    def new_grid(self) -> None:
        dialog = GridDialog(self.ui, None, self)
        if dialog.exec() and dialog.result_value:
            saved, _ = dialog.result_value
            self.select_grid(saved.id)

    def edit_grid(self) -> None:
        if self.selected_grid is None or not self.can_edit:
            return
        GridDialog(self.ui, self.roster.get_grid(self.selected_grid), self).exec()

    def delete_grid(self) -> None:
        if self.selected_grid is None:
            return
        grid = self.roster.get_grid(self.selected_grid)
        text = L.DELETE_GRID_CONFIRM.format(code=grid.code, name=grid.name)
        if QMessageBox.question(self, L.DELETE_GRID, text) != QMessageBox.StandardButton.Yes:
            return
        roster = self.roster
        self.ui.ops.run_write(
            lambda _p: roster.delete_grid(grid.id, grid.version, L.DELETE_GRID), parent=self
        )

    def add_member(self) -> None:
        if self.selected_grid is None:
            return
        summary = self.roster.get_grid_summary(self.selected_grid)
        role = rules.SPECIALIST if not summary.specialist else rules.GRID_WORKER
        AssignDialog(self.ui, self.selected_grid, self._grid_label(), role=role, parent=self).exec()

    def _current_member(self):
        return row_data(self.members_table)

    def end_member(self) -> None:
        member = self._current_member()
        if member is None:
            QMessageBox.information(self, L.END_MEMBER, L.CHOOSE_MEMBER_FIRST)
            return
        roster = self.roster
        prompt = L.END_MEMBER_PROMPT.format(
            name=member.name, role=member.role_label, grid=member.grid_code
        )
        DateReasonDialog(
            self.ui,
            L.END_MEMBER_TITLE,
            prompt,
            L.LEFT_ON,
            lambda on, reason: roster.end_assignment(
                member.assignment_id, on, member.version, reason
            ),
            self,
        ).exec()

    def replace_specialist(self) -> None:
        if self.selected_grid is None:
            return
        dialog = AssignDialog(
            self.ui,
            self.selected_grid,
            self._grid_label(),
            role=rules.SPECIALIST,
            replace_specialist=True,
            parent=self,
        )
        if dialog.exec() and dialog.result_value:
            answer = QMessageBox.question(self, L.HANDOVER_TITLE, L.PRINT_HANDOVER_NOW)
            if answer == QMessageBox.StandardButton.Yes:
                self.show_handover()

    def show_handover(self) -> None:
        if self.selected_grid is None:
            return
        gid = self.selected_grid
        path = temp_pdf(f"handover-{gid}")
        roster = self.roster
        self.ui.ops.run_read(
            lambda _p: roster.handover_pdf(gid, path),
            on_done=lambda p: self._preview(p),
            progress_label=L.MAKING_HANDOVER,
            parent=self,
        )

    def _preview(self, path) -> None:
        self.preview = open_pdf_preview(self, path, L.HANDOVER_SHEET, name=L.HANDOVER_FILE)

    # -- Page -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.members_on.setDate(qdate(self.roster.today()))
        self.apply_filter()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*ROSTER_KINDS):
            self.grid_model.reload()  # counts and warnings follow at once


def _grid_info(grid: GridData, summary) -> str:
    info = [
        L.INFO_COMMUNITIES.format(L.NAME_SEP.join(grid.communities)),
        L.INFO_GROUP.format(grid.supervision_group or L.DASH),
        L.INFO_ENTITIES.format(summary.entities, summary.cd_entities),
    ]
    if grid.boundary:
        info.append(L.INFO_BOUNDARY.format(grid.boundary))
    if not grid.active:
        info.append(L.INFO_INACTIVE)
    return "\n".join(info)
