"""网格花名册: grids with their members, warnings and history; people; trainings and attendance.

Keyboard: Ctrl+N new (grid, person or training, by tab), Ctrl+F search, Ctrl+P print the
roster, Ctrl+S save attendance, F5 refresh (main window). Warnings of the staffing rule follow
every change at once: the page listens to ``Changes`` of grids, people and assignments.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import roster_rules as rules
from station_app.domain.roster import GridFilter, PersonFilter, TrainingFilter
from station_app.services.base import Changes
from station_app.services.roster import KIND_ASSIGNMENT, KIND_GRID, KIND_PERSON, KIND_TRAINING
from station_app.ui.errors import show_error
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_RIGHT, Column, LazyTableModel
from station_app.ui.screens.base import Page, heading
from station_app.ui.widgets.dates import DateEdit, format_date
from station_app.ui.widgets.history import HistoryPanel

from . import labels as L
from .dialogs import AssignDialog, DateReasonDialog, GridDialog, PersonDialog, TrainingDialog, qdate

WARN_COLOR = QColor("#b00020")
OK_COLOR = QColor("#1b7f3b")
ROSTER_KINDS = (KIND_GRID, KIND_PERSON, KIND_ASSIGNMENT, "community", "*")


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


def _table_view(parent: QWidget, model) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSortingEnabled(True)
    view.horizontalHeader().setSortIndicatorShown(True)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _small_table(headers: tuple[str, ...], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[tuple], ids: list[object] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if ids is not None:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            table.setItem(r, c, item)


class RosterPage(Page):
    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.roster = ui.services.roster
        self.can_edit = ui.app.auth.can("roster.edit")
        self.can_export = ui.app.auth.can("data.export")
        self.can_delete = ui.app.auth.can("records.delete")
        self.body.addLayout(self._toolbar())
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._grids_tab(), L.TAB_GRIDS)
        self.tabs.addTab(self._people_tab(), L.TAB_PEOPLE)
        self.tabs.addTab(self._trainings_tab(), L.TAB_TRAININGS)
        self.body.addWidget(self.tabs, 1)
        for keys, slot in (
            (QKeySequence.StandardKey.New, self.new_record),
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence.StandardKey.Print, self.print_roster),
            (QKeySequence.StandardKey.Save, self.save_attendance),
        ):
            QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    # -- toolbar --------------------------------------------------------------------------------
    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.new_button = QPushButton(L.NEW_GRID, self)
        self.new_button.clicked.connect(self.new_record)
        self.print_button = QPushButton(L.PRINT, self)
        self.print_button.clicked.connect(self.print_roster)
        self.export_button = QPushButton(L.EXPORT, self)
        menu = QMenu(self.export_button)
        menu.addAction(L.EXPORT_MASKED, lambda: self.export_xlsx(unmasked=False))
        unmasked = menu.addAction(L.EXPORT_UNMASKED, lambda: self.export_xlsx(unmasked=True))
        unmasked.setEnabled(self.ui.app.auth.can("personal.unmasked"))
        self.export_button.setMenu(menu)
        self.import_button = QPushButton(L.IMPORT, self)
        self.import_button.clicked.connect(self.import_xlsx)
        self.template_button = QPushButton(L.TEMPLATE, self)
        self.template_button.clicked.connect(self.save_template)
        for button in (
            self.new_button,
            self.print_button,
            self.export_button,
            self.import_button,
            self.template_button,
        ):
            row.addWidget(button)
        self.new_button.setEnabled(self.can_edit)
        self.import_button.setEnabled(self.can_edit)
        self.print_button.setEnabled(self.can_export)
        self.export_button.setEnabled(self.can_export)
        row.addStretch(1)
        self.cert_label = QLabel("", self)
        self.cert_label.setStyleSheet(f"color: {WARN_COLOR.name()};")
        row.addWidget(self.cert_label)
        return row

    # -- 网格 -----------------------------------------------------------------------------------
    def _grids_tab(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        align = {5: ALIGN_RIGHT, 6: ALIGN_RIGHT, 7: ALIGN_RIGHT, 8: ALIGN_RIGHT, 0: ALIGN_CENTER}
        keys = (
            "code",
            "name",
            "communities",
            "supervision_group",
            "specialist",
            "workers",
            "people",
            "entities",
            "cd_entities",
            "warnings",
        )
        columns = [
            Column(key, label, align.get(i, Column(key, label).alignment))
            for i, (key, label) in enumerate(zip(keys, L.GRID_COLUMNS))
        ]
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.grid_model = GridTableModel(
            columns, self.roster.rows(GridFilter()), runner=self.ui.ops, warn_icon=icon
        )
        self.grid_view = _table_view(splitter, self.grid_model)
        self.grid_view.setObjectName("gridTable")
        self.grid_view.doubleClicked.connect(lambda _i: self.edit_grid())
        self.grid_model.reloaded.connect(self._on_grids_reloaded)
        self.grid_view.selectionModel().currentRowChanged.connect(self._on_grid_row_changed)
        header = self.grid_view.horizontalHeader()
        header.setStretchLastSection(False)
        # visual order: what a clerk scans first (staffing and its warning), then the rest
        for visual, logical in enumerate((0, 1, 4, 5, 6, 7, 8, 9, 2, 3)):
            header.moveSection(header.visualIndex(logical), visual)
        widths = {0: 50, 1: 104, 2: 96, 3: 100, 4: 66, 5: 50, 6: 62, 7: 62, 8: 50, 9: 250}
        for logical, width in widths.items():
            header.resizeSection(logical, width)
        splitter.addWidget(self.grid_view)
        splitter.addWidget(self._grid_detail(splitter))
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([700, 400])
        self.selected_grid: int | None = None
        return splitter

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
        lay.addWidget(self.grid_title)
        lay.addWidget(self.grid_info)
        lay.addWidget(self.grid_warning)
        buttons = QGridLayout()
        self.edit_grid_button = QPushButton(L.EDIT_GRID, box)
        self.edit_grid_button.clicked.connect(self.edit_grid)
        self.add_member_button = QPushButton(L.ADD_MEMBER, box)
        self.add_member_button.clicked.connect(self.add_member)
        self.end_member_button = QPushButton(L.END_MEMBER, box)
        self.end_member_button.clicked.connect(self.end_member)
        self.replace_button = QPushButton(L.REPLACE_SPECIALIST, box)
        self.replace_button.clicked.connect(self.replace_specialist)
        self.handover_button = QPushButton(L.HANDOVER, box)
        self.handover_button.clicked.connect(self.show_handover)
        self.delete_grid_button = QPushButton(L.DELETE, box)
        self.delete_grid_button.setToolTip("只能删除从未安排过人员的网格；其他网格请在编辑时停用")
        self.delete_grid_button.clicked.connect(self.delete_grid)
        self.grid_buttons = (
            self.edit_grid_button,
            self.add_member_button,
            self.end_member_button,
            self.replace_button,
            self.handover_button,
            self.delete_grid_button,
        )
        for n, button in enumerate(self.grid_buttons):
            buttons.addWidget(button, n // 3, n % 3)
        buttons.setColumnStretch(3, 1)
        lay.addLayout(buttons)
        on_row = QHBoxLayout()
        on_row.addWidget(QLabel(L.MEMBERS_ON, box))
        self.members_on = DateEdit(box)
        self.members_on.setDate(qdate(self.roster.today()))
        self.members_on.setToolTip("查看某一天由谁负责该网格（任职历史）")
        self.members_on.dateChanged.connect(lambda _d: self._load_grid_detail())
        on_row.addWidget(self.members_on)
        on_row.addStretch(1)
        lay.addLayout(on_row)
        self.grid_tabs = QTabWidget(box)
        self.members_table = _small_table(L.MEMBER_COLUMNS, box)
        self.members_table.setObjectName("membersTable")
        self.assignment_table = _small_table(L.HISTORY_COLUMNS, box)
        self.grid_history = HistoryPanel(self.ui, KIND_GRID, None, L.GRID_FIELD_LABELS, box)
        self.grid_tabs.addTab(self.members_table, L.TAB_MEMBERS)
        self.grid_tabs.addTab(self.assignment_table, L.TAB_ASSIGNMENT_HISTORY)
        self.grid_tabs.addTab(self.grid_history, L.TAB_CHANGE_HISTORY)
        lay.addWidget(self.grid_tabs, 1)
        self._set_grid_buttons()
        return box

    def _set_grid_buttons(self) -> None:
        has = self.selected_grid is not None if hasattr(self, "selected_grid") else False
        for button in self.grid_buttons:
            button.setEnabled(has and (self.can_edit or button is self.handover_button))
        self.handover_button.setEnabled(has and self.can_export)
        self.delete_grid_button.setEnabled(has and self.can_delete)

    def _on_grid_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selected_grid = self.grid_model.id_at(current.row()) if current.isValid() else None
        self._load_grid_detail()

    def _on_grids_reloaded(self) -> None:
        row = self.grid_model.row_of(self.selected_grid) if self.selected_grid else -1
        if row < 0 and self.grid_model.rowCount():
            row = 0
        if row >= 0:
            self.grid_view.selectionModel().setCurrentIndex(
                self.grid_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self.selected_grid = None
        self._load_grid_detail()

    def select_grid(self, grid_id: int) -> None:
        self.selected_grid = grid_id
        self._on_grids_reloaded()

    def _load_grid_detail(self) -> None:
        self._set_grid_buttons()
        gid = self.selected_grid
        if gid is None:
            self.grid_title.setText(L.NO_GRID)
            for label in (self.grid_info, self.grid_warning):
                label.setText("")
            self.members_table.setRowCount(0)
            self.assignment_table.setRowCount(0)
            self.grid_history.set_record(None)
            return
        on = self.members_on.date().toPython()
        try:
            grid = self.roster.get_grid(gid)
            summary = self.roster.get_grid_summary(gid, on)
        except Exception as exc:  # deleted meanwhile
            show_error(self, exc)
            return
        self.grid_title.setText(f"{grid.code}　{grid.name}")
        info = [f"覆盖社区：{'、'.join(grid.communities)}"]
        info.append(f"监管小组：{grid.supervision_group or '—'}")
        info.append(f"经营主体：{summary.entities} 户（C/D 级 {summary.cd_entities} 户）")
        if grid.boundary:
            info.append(f"边界：{grid.boundary}")
        if not grid.active:
            info.append("（已停用）")
        self.grid_info.setText("\n".join(info))
        when = "" if on == self.roster.today() else f"（{format_date(on)}）"
        if summary.warnings:
            self.grid_warning.setText("⚠ " + when + "；".join(summary.warnings))
            self.grid_warning.setStyleSheet(f"color: {WARN_COLOR.name()}; font-weight: bold;")
        else:
            self.grid_warning.setText(L.RULE_OK + when if grid.active else "")
            self.grid_warning.setStyleSheet(f"color: {OK_COLOR.name()};")
        members = self.roster.who_covered(gid, on)
        _fill(
            self.members_table,
            [(m.role_label, m.name, m.phone, format_date(m.start_on)) for m in members],
            [m for m in members],
        )
        history = self.roster.grid_history(gid)
        _fill(
            self.assignment_table,
            [
                (
                    m.role_label,
                    m.name,
                    format_date(m.start_on),
                    format_date(m.end_on),
                    "在任" if rules.covers(m.start_on, m.end_on, self.roster.today()) else "已离任",
                )
                for m in history
            ],
        )
        self.grid_history.set_record(gid)

    def _grid_label(self) -> str:
        return self.grid_title.text().replace("　", " ")

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
        answer = QMessageBox.question(
            self, "删除网格", f"删除网格 {grid.code} {grid.name}？删除记入操作日志。"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        roster = self.roster
        self.ui.ops.run_write(
            lambda _p: roster.delete_grid(grid.id, grid.version, "删除网格"),
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )

    def add_member(self) -> None:
        if self.selected_grid is None:
            return
        summary = self.roster.get_grid_summary(self.selected_grid)
        role = rules.SPECIALIST if not summary.specialist else rules.GRID_WORKER
        AssignDialog(self.ui, self.selected_grid, self._grid_label(), role=role, parent=self).exec()

    def _current_member(self):
        row = self.members_table.currentRow()
        item = self.members_table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def end_member(self) -> None:
        member = self._current_member()
        if member is None:
            QMessageBox.information(self, L.END_MEMBER, "请先在“在岗人员”中选择一人。")
            return
        roster = self.roster
        DateReasonDialog(
            self.ui,
            "结束任职",
            f"{member.name}（{member.role_label}）从哪天起不再负责网格 {member.grid_code}？",
            "离任日期",
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
            answer = QMessageBox.question(self, "交接单", "监管专员已更换。现在打印交接单吗？")
            if answer == QMessageBox.StandardButton.Yes:
                self.show_handover()

    def show_handover(self) -> None:
        if self.selected_grid is None:
            return
        gid = self.selected_grid
        path = self._temp_pdf(f"handover-{gid}")
        roster = self.roster
        self.ui.ops.run_read(
            lambda _p: roster.handover_pdf(gid, path),
            on_done=lambda p: self._preview(p, "网格监管专员交接单", False, "交接单.pdf"),
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在生成交接单…",
            parent=self,
        )

    # -- 人员 -----------------------------------------------------------------------------------
    def _people_tab(self) -> QWidget:
        tab = QWidget(self)
        lay = QVBoxLayout(tab)
        lay.setContentsMargins(0, 6, 0, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit(tab)
        self.search.setObjectName("personSearch")
        self.search.setPlaceholderText(L.SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_people_filter_changed)
        self.role_filter = QComboBox(tab)
        self.role_filter.addItem(L.ALL_ROLES, "")
        for code, text in rules.PERSON_ROLES.items():
            self.role_filter.addItem(text, code)
        self.role_filter.currentIndexChanged.connect(self._on_people_filter_changed)
        self.group_filter = QComboBox(tab)
        self.group_filter.addItem(L.ALL_GROUPS, "")
        for group in self.roster.supervision_groups():
            self.group_filter.addItem(group, group)
        self.group_filter.currentIndexChanged.connect(self._on_people_filter_changed)
        self.include_left = QCheckBox(L.INCLUDE_LEFT, tab)
        self.include_left.toggled.connect(self._on_people_filter_changed)
        self.people_count = QLabel("", tab)
        filters.addWidget(self.search, 2)
        filters.addWidget(self.role_filter)
        filters.addWidget(self.group_filter)
        filters.addWidget(self.include_left)
        filters.addWidget(self.people_count)
        filters.addStretch(1)
        self.edit_person_button = QPushButton(L.EDIT_PERSON, tab)
        self.edit_person_button.clicked.connect(self.edit_person)
        self.leave_button = QPushButton(L.LEAVE, tab)
        self.leave_button.clicked.connect(self.person_leaves)
        self.delete_person_button = QPushButton(L.DELETE, tab)
        self.delete_person_button.setToolTip(
            "只能删除误录的人员（无任职、无培训记录）；其他人员请用“离任”"
        )
        self.delete_person_button.clicked.connect(self.delete_person)
        filters.addWidget(self.edit_person_button)
        filters.addWidget(self.leave_button)
        filters.addWidget(self.delete_person_button)
        lay.addLayout(filters)
        splitter = QSplitter(Qt.Orientation.Horizontal, tab)
        keys = (
            "name",
            "gender",
            "roles",
            "organisation",
            "phone",
            "supervision_group",
            "grids",
            "cert",
            "status",
        )
        columns = [
            Column(k, label, sortable=k != "grids") for k, label in zip(keys, L.PERSON_COLUMNS)
        ]
        self.person_source = self.roster.rows(PersonFilter())
        self.person_model = LazyTableModel(columns, self.person_source, runner=self.ui.ops)
        self.person_view = _table_view(splitter, self.person_model)
        self.person_view.setObjectName("personTable")
        self.person_view.doubleClicked.connect(lambda _i: self.edit_person())
        self.person_model.reloaded.connect(self._on_people_reloaded)
        self.person_view.selectionModel().currentRowChanged.connect(self._on_person_row_changed)
        header = self.person_view.horizontalHeader()
        for col, width in enumerate((70, 40, 150, 150, 100, 100, 110, 120)):
            header.resizeSection(col, width)
        detail = QWidget(splitter)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(8, 0, 0, 0)
        self.person_title = heading(L.NO_PERSON, detail)
        self.person_grids = _small_table(L.PERSON_GRID_COLUMNS, detail)
        self.person_history = HistoryPanel(
            self.ui, KIND_PERSON, None, L.PERSON_FIELD_LABELS, detail
        )
        dl.addWidget(self.person_title)
        dl.addWidget(QLabel("网格任职：", detail))
        dl.addWidget(self.person_grids, 1)
        dl.addWidget(QLabel("修改历史：", detail))
        dl.addWidget(self.person_history, 2)
        splitter.addWidget(self.person_view)
        splitter.addWidget(detail)
        splitter.setSizes([860, 420])
        lay.addWidget(splitter, 1)
        self.selected_person: int | None = None
        self._set_person_buttons()
        return tab

    def _set_person_buttons(self) -> None:
        has = self.selected_person is not None
        self.edit_person_button.setEnabled(has and self.can_edit)
        self.leave_button.setEnabled(has and self.can_edit)
        self.delete_person_button.setEnabled(has and self.can_delete)

    def _on_people_filter_changed(self, *_args) -> None:
        self.person_source.with_filter(
            PersonFilter(
                text=self.search.text(),
                role=self.role_filter.currentData() or "",
                group=self.group_filter.currentData() or "",
                include_left=self.include_left.isChecked(),
            )
        )
        self.person_model.reload()

    def _on_people_reloaded(self) -> None:
        self.people_count.setText(f"共 {self.person_model.rowCount()} 人")
        row = self.person_model.row_of(self.selected_person) if self.selected_person else -1
        if row >= 0:
            self.person_view.selectionModel().setCurrentIndex(
                self.person_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self.selected_person = None
            self._load_person_detail()

    def _on_person_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selected_person = self.person_model.id_at(current.row()) if current.isValid() else None
        self._load_person_detail()

    def _load_person_detail(self) -> None:
        self._set_person_buttons()
        pid = self.selected_person
        if pid is None:
            self.person_title.setText(L.NO_PERSON)
            self.person_grids.setRowCount(0)
            self.person_history.set_record(None)
            return
        person = self.roster.get_person(pid)
        state = "" if person.active else f"（{format_date(person.left_on)} 离任）"
        self.person_title.setText(f"{person.name}　{person.role_labels}{state}")
        _fill(
            self.person_grids,
            [
                (m.grid_code, m.role_label, format_date(m.start_on), format_date(m.end_on))
                for m in self.roster.person_assignments(pid)
            ],
        )
        self.person_history.set_record(pid)

    def new_person(self) -> None:
        dialog = PersonDialog(self.ui, None, self)
        if dialog.exec() and dialog.result_value:
            self.selected_person = dialog.result_value[0].id
            self.person_model.reload()

    def edit_person(self) -> None:
        if self.selected_person is None or not self.can_edit:
            return
        unmasked = self.ui.app.auth.can("personal.unmasked")
        data = self.roster.get_person(self.selected_person, unmasked=unmasked)
        PersonDialog(self.ui, data, self).exec()

    def delete_person(self) -> None:
        if self.selected_person is None:
            return
        person = self.roster.get_person(self.selected_person)
        answer = QMessageBox.question(self, "删除人员", f"删除误录的人员“{person.name}”？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        roster = self.roster
        self.ui.ops.run_write(
            lambda _p: roster.delete_person(person.id, person.version, "误录删除"),
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )

    def person_leaves(self) -> None:
        if self.selected_person is None:
            return
        person = self.roster.get_person(self.selected_person)
        if not person.active:
            QMessageBox.information(self, L.LEAVE, f"{person.name} 已离任。")
            return
        roster = self.roster
        dialog = DateReasonDialog(
            self.ui,
            "人员离任",
            f"{person.name} 离任后，其负责的网格从离任日期起不再由其负责。",
            "离任日期",
            lambda on, reason: roster.person_leaves(person.id, on, person.version, reason),
            self,
        )
        if dialog.exec() and dialog.result_value:
            result, _changes = dialog.result_value
            on = format_date(dialog.on.date().toPython())
            if result.uncovered:
                grids = "\n".join(u.message for u in result.uncovered)
                text = L.UNCOVERED.format(name=person.name, date=on, grids=grids)
                QMessageBox.warning(self, "网格缺员提示", text)
            else:
                QMessageBox.information(self, L.LEAVE, L.LEFT_OK.format(name=person.name))

    # -- 培训 -----------------------------------------------------------------------------------
    def _trainings_tab(self) -> QWidget:
        tab = QWidget(self)
        lay = QVBoxLayout(tab)
        lay.setContentsMargins(0, 6, 0, 0)
        top = QHBoxLayout()
        self.year_filter = QComboBox(tab)
        self.year_filter.currentIndexChanged.connect(self._on_year_changed)
        self.totals_label = QLabel("", tab)
        self.totals_label.setObjectName("trainingTotals")
        self.edit_training_button = QPushButton(L.EDIT_TRAINING, tab)
        self.edit_training_button.clicked.connect(self.edit_training)
        self.delete_training_button = QPushButton(L.DELETE_TRAINING, tab)
        self.delete_training_button.clicked.connect(self.delete_training)
        top.addWidget(self.year_filter)
        top.addWidget(self.totals_label)
        top.addStretch(1)
        top.addWidget(self.edit_training_button)
        top.addWidget(self.delete_training_button)
        lay.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Horizontal, tab)
        keys = ("held_on", "topic", "lecturer", "hours", "location", "attendance")
        align = {3: ALIGN_RIGHT, 5: ALIGN_RIGHT}
        columns = [
            Column(k, label, align.get(i, Column(k, label).alignment))
            for i, (k, label) in enumerate(zip(keys, L.TRAINING_COLUMNS))
        ]
        self.training_source = self.roster.rows(TrainingFilter())
        self.training_model = LazyTableModel(columns, self.training_source, runner=self.ui.ops)
        self.training_view = _table_view(splitter, self.training_model)
        self.training_view.setObjectName("trainingTable")
        self.training_view.doubleClicked.connect(lambda _i: self.edit_training())
        self.training_model.reloaded.connect(self._on_trainings_reloaded)
        self.training_view.selectionModel().currentRowChanged.connect(self._on_training_row_changed)
        header = self.training_view.horizontalHeader()
        for col, width in enumerate((90, 220, 66, 46, 120)):
            header.resizeSection(col, width)
        splitter.addWidget(self.training_view)
        splitter.addWidget(self._attendance_panel(splitter))
        splitter.setSizes([760, 520])
        lay.addWidget(splitter, 1)
        self.selected_training: int | None = None
        self._training_version = 0
        self._set_training_buttons()
        return tab

    def _attendance_panel(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(8, 0, 0, 0)
        self.training_title = heading(L.NO_TRAINING, box)
        self.training_title.setWordWrap(True)
        lay.addWidget(self.training_title)
        row = QHBoxLayout()
        self.attendance_filter = QLineEdit(box)
        self.attendance_filter.setPlaceholderText(L.ATTENDANCE_FILTER)
        self.attendance_filter.setClearButtonEnabled(True)
        self.attendance_filter.textChanged.connect(self._filter_attendance)
        self.only_checked = QCheckBox(L.ONLY_CHECKED, box)
        self.only_checked.toggled.connect(self._filter_attendance)
        row.addWidget(self.attendance_filter, 1)
        row.addWidget(self.only_checked)
        lay.addLayout(row)
        self.attendance_list = QListWidget(box)
        self.attendance_list.setObjectName("attendanceList")
        self.attendance_list.itemChanged.connect(self._on_attendance_item_changed)
        lay.addWidget(self.attendance_list, 1)
        bottom = QHBoxLayout()
        self.attendance_count = QLabel("", box)
        self.save_attendance_button = QPushButton(L.SAVE_ATTENDANCE, box)
        self.save_attendance_button.clicked.connect(self.save_attendance)
        bottom.addWidget(self.attendance_count)
        bottom.addStretch(1)
        bottom.addWidget(self.save_attendance_button)
        lay.addLayout(bottom)
        self.attendance_dirty = False
        return box

    def _set_training_buttons(self) -> None:
        has = self.selected_training is not None
        self.edit_training_button.setEnabled(has and self.can_edit)
        self.delete_training_button.setEnabled(has and self.can_delete)
        self.save_attendance_button.setEnabled(has and self.can_edit and self.attendance_dirty)

    def _load_years(self) -> None:
        current = self.year_filter.currentData()
        years = self.roster.training_years()
        this_year = self.roster.today().year
        if this_year not in years:
            years = [this_year, *years]
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        for y in years:
            self.year_filter.addItem(f"{y} 年", y)
        self.year_filter.addItem(L.ALL_YEARS, 0)
        index = self.year_filter.findData(current if current is not None else years[0])
        self.year_filter.setCurrentIndex(max(index, 0))
        self.year_filter.blockSignals(False)
        self.training_source.with_filter(TrainingFilter(self.year_filter.currentData() or 0))

    def _on_year_changed(self, _index: int) -> None:
        self.training_source.with_filter(TrainingFilter(self.year_filter.currentData() or 0))
        self.training_model.reload()

    def _on_trainings_reloaded(self) -> None:
        year = self.training_source.filter.year
        totals = self.roster.training_totals(year)
        scope = f"{year} 年" if year else "全部"
        self.totals_label.setText(f"{scope}：{totals.text}")
        row = self.training_model.row_of(self.selected_training) if self.selected_training else -1
        if row >= 0:
            self.training_view.selectionModel().setCurrentIndex(
                self.training_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._load_attendance()
        else:
            self.selected_training = None
            self._load_attendance()

    def _on_training_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        new = self.training_model.id_at(current.row()) if current.isValid() else None
        if new != self.selected_training and not self._confirm_attendance_discard():
            return
        self.selected_training = new
        self._load_attendance()

    def _confirm_attendance_discard(self) -> bool:
        if not self.attendance_dirty:
            return True
        answer = QMessageBox.question(
            self,
            "未保存的签到",
            "签到名单有未保存的修改。要保存吗？",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            self.save_attendance()
            return True
        return answer == QMessageBox.StandardButton.Discard

    def _load_attendance(self) -> None:
        tid = self.selected_training
        self.attendance_list.blockSignals(True)
        self.attendance_list.clear()
        self.attendance_dirty = False
        if tid is None:
            self.training_title.setText(L.NO_TRAINING)
            self.attendance_count.setText("")
            self.attendance_list.blockSignals(False)
            self._set_training_buttons()
            return
        training, attendees = self.roster.get_training(tid)
        self._training_version = training.version
        self.training_title.setText(
            f"{format_date(training.held_on)}　{training.topic}（{training.hours:g} 学时）"
        )
        chosen = set(attendees)
        people = self.roster.search_people("", limit=5000)
        known = {p.id for p in people}
        for p in people:
            item = QListWidgetItem(f"{p.name}　{p.roles}　{p.organisation}")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, p.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.id in chosen else Qt.CheckState.Unchecked)
            self.attendance_list.addItem(item)
        for pid in sorted(chosen - known):  # attendees who have left since: kept
            item = QListWidgetItem(f"（已离任人员 #{pid}）")
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.attendance_list.addItem(item)
        self.attendance_list.blockSignals(False)
        self._update_attendance_count()
        self._filter_attendance()
        self._set_training_buttons()

    def checked_attendees(self) -> list[int]:
        out = []
        for i in range(self.attendance_list.count()):
            item = self.attendance_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def _update_attendance_count(self) -> None:
        self.attendance_count.setText(L.ATTENDANCE_COUNT.format(len(self.checked_attendees())))

    def _on_attendance_item_changed(self, _item) -> None:
        self.attendance_dirty = True
        self._update_attendance_count()
        self._set_training_buttons()

    def _filter_attendance(self, *_args) -> None:
        text = self.attendance_filter.text().strip().lower()
        only = self.only_checked.isChecked()
        matches = None
        if text:
            matches = {p.id for p in self.roster.search_people(text, limit=5000)}
        for i in range(self.attendance_list.count()):
            item = self.attendance_list.item(i)
            hidden = matches is not None and item.data(Qt.ItemDataRole.UserRole) not in matches
            hidden |= only and item.checkState() != Qt.CheckState.Checked
            item.setHidden(hidden)

    def save_attendance(self) -> None:
        if self.tabs.currentIndex() != 2 or self.selected_training is None or not self.can_edit:
            return
        tid, ids = self.selected_training, self.checked_attendees()
        roster = self.roster
        data, _ = roster.get_training(tid)
        from dataclasses import replace

        data = replace(data, version=self._training_version)

        def done(_result) -> None:
            self.attendance_dirty = False
            self._load_attendance()
            self.attendance_count.setText(L.ATTENDANCE_SAVED.format(len(ids)))

        self.ui.ops.run_write(
            lambda _p: roster.save_training(data, ids),
            on_done=done,
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )

    def new_training(self) -> None:
        dialog = TrainingDialog(self.ui, None, self)
        if dialog.exec() and dialog.result_value:
            self.selected_training = dialog.result_value[0].id
            self._load_years()
            self.training_model.reload()

    def edit_training(self) -> None:
        if self.selected_training is None or not self.can_edit:
            return
        TrainingDialog(self.ui, self.roster.get_training(self.selected_training)[0], self).exec()

    def delete_training(self) -> None:
        if self.selected_training is None:
            return
        data, attendees = self.roster.get_training(self.selected_training)
        answer = QMessageBox.question(
            self,
            "删除培训",
            f"删除培训“{data.topic}”（{format_date(data.held_on)}，{len(attendees)} 人参训）？"
            "\n删除记入操作日志。",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        roster = self.roster
        self.ui.ops.run_write(
            lambda _p: roster.delete_training(data.id, data.version, "删除培训"),
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )

    # -- print, export, import ------------------------------------------------------------------
    def _temp_pdf(self, stem: str) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="station-print-"))
        return folder / f"{stem}.pdf"

    def print_roster(self) -> None:
        if not self.can_export:
            return
        path = self._temp_pdf("roster")
        roster = self.roster
        self.ui.ops.run_read(
            lambda _p: roster.export_pdf(path),
            on_done=lambda p: self._preview(
                p, "网格花名册", True, f"网格花名册-{format_date(date.today())}.pdf"
            ),
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在生成网格花名册…",
            parent=self,
        )

    def _preview(self, path: Path, title: str, landscape: bool, name: str) -> None:
        from station_app.ui.widgets.pdf_preview import PdfPreviewDialog

        self.preview = PdfPreviewDialog(
            path, title, landscape=landscape, suggested_name=name, parent=self
        )
        self.preview.open()

    def export_xlsx(self, *, unmasked: bool) -> None:
        name = f"网格花名册-{format_date(date.today())}.xlsx"
        target, _ = QFileDialog.getSaveFileName(self, "导出网格花名册", name, "Excel 文件 (*.xlsx)")
        if not target:
            return
        if not target.lower().endswith(".xlsx"):
            target += ".xlsx"
        roster = self.roster
        self.ui.ops.run_write(
            lambda _p: roster.export_xlsx(Path(target), unmasked=unmasked),
            on_done=lambda p: QMessageBox.information(self, "导出完成", L.EXPORTED.format(p)),
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在导出…",
            parent=self,
        )

    def save_template(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, "保存导入模板", "网格花名册导入模板.xlsx", "Excel 文件 (*.xlsx)"
        )
        if not target:
            return
        roster = self.roster
        self.ui.ops.run_read(
            lambda _p: roster.write_template(Path(target)),
            on_done=lambda p: QMessageBox.information(self, "导入模板", f"已保存：{p}"),
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )

    def import_xlsx(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "选择花名册文件", "", "Excel 文件 (*.xlsx *.xls)"
            )
        if not path:
            return
        roster = self.roster
        self.ui.ops.run_write(
            lambda p: roster.import_xlsx(Path(path), dry_run=True, progress=p),
            on_done=lambda result: self._after_dry_run(path, result[0]),
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在检查导入文件…",
            parent=self,
        )

    def _after_dry_run(self, path: str, report) -> None:
        if report.errors:
            self._show_import_errors(report)
            return
        answer = QMessageBox.question(
            self, "导入花名册", L.IMPORT_CONFIRM.format(summary=report.summary())
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        roster = self.roster
        self.ui.ops.run_write(
            lambda p: roster.import_xlsx(Path(path), progress=p),
            on_done=lambda result: self._after_import(result[0]),
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在导入…",
            parent=self,
        )

    def _after_import(self, report) -> None:
        if report.errors:
            self._show_import_errors(report)
        else:
            QMessageBox.information(self, "导入完成", report.summary())

    def _show_import_errors(self, report) -> None:
        from PySide6.QtWidgets import QDialog, QDialogButtonBox

        dialog = QDialog(self)
        dialog.setWindowTitle(L.IMPORT_ERRORS_TITLE)
        lay = QVBoxLayout(dialog)
        lay.addWidget(QLabel(report.summary(), dialog))
        text = QPlainTextEdit(dialog)
        text.setObjectName("importErrors")
        text.setReadOnly(True)
        text.setPlainText("\n".join(str(e) for e in report.errors))
        lay.addWidget(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        lay.addWidget(buttons)
        dialog.resize(640, 420)
        self.import_errors_dialog = dialog
        dialog.open()

    # -- page protocol --------------------------------------------------------------------------
    def new_record(self) -> None:
        if not self.can_edit:
            return
        (self.new_grid, self.new_person, self.new_training)[self.tabs.currentIndex()]()

    def filter_to(self, criteria: dict) -> None:
        """Dashboard links: ``{"grid": "GZ07"}`` (or a grid id), ``{"out_of_rule": True}``
        (the first grid that breaks the staffing rule), ``{"tab": "people"|"trainings"}``,
        ``{"search": "张"}``, ``{"role": "enforcer"}`` (e.g. for expiring certificates)."""
        tabs = {"grids": 0, "people": 1, "trainings": 2}
        if "tab" in criteria:
            self.tabs.setCurrentIndex(tabs.get(criteria["tab"], 0))
        grid = criteria.get("grid")
        if criteria.get("out_of_rule") and grid is None:
            grid = next((g.id for g in self.roster.list_grids() if g.warnings), None)
        if grid is not None:
            if isinstance(grid, str):
                grid = next((g.id for g in self.roster.list_grids() if g.code == grid), None)
            self.tabs.setCurrentIndex(0)
            if grid is not None:
                self.select_grid(grid)
        if "search" in criteria or "role" in criteria:
            self.tabs.setCurrentIndex(1)
            self.role_filter.setCurrentIndex(
                max(0, self.role_filter.findData(criteria.get("role", "")))
            )
            self.search.setText(str(criteria.get("search", "")))

    def focus_search(self) -> None:
        if self.tabs.currentIndex() == 2:
            self.attendance_filter.setFocus()
            self.attendance_filter.selectAll()
            return
        self.tabs.setCurrentIndex(1)
        self.search.setFocus()
        self.search.selectAll()

    def _update_tab_buttons(self) -> None:
        self.new_button.setText(
            (L.NEW_GRID, L.NEW_PERSON, L.NEW_TRAINING)[self.tabs.currentIndex()]
        )

    def _load_cert_alerts(self) -> None:
        alerts = self.roster.cert_alerts()
        self.cert_label.setText(L.CERT_ALERTS.format(len(alerts)) if alerts else "")
        self.cert_label.setToolTip("\n".join(f"{a.name}：{a.message}" for a in alerts))

    def refresh(self) -> None:
        if not hasattr(self, "_tab_hooked"):
            self.tabs.currentChanged.connect(lambda _i: self._update_tab_buttons())
            self._tab_hooked = True
        self._update_tab_buttons()
        self.members_on.setDate(qdate(self.roster.today()))
        self.grid_model.reload()
        self.person_model.reload()
        self._load_years()
        self.training_model.reload()
        self._load_cert_alerts()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*ROSTER_KINDS):
            self.grid_model.reload()  # counts and warnings follow at once
            self.person_model.reload()
            self._load_cert_alerts()
        if changes.touches(KIND_TRAINING, KIND_PERSON, "*"):
            if changes.touches(KIND_TRAINING, "*"):
                self._load_years()
            self.training_model.reload()

    def can_leave(self) -> bool:
        return self._confirm_attendance_discard()


PAGE_CLASS = RosterPage
