"""巡查表录入: a grid worker's filled daily sheet typed back by keyboard. Pick the day and the
grid worker; the rows come in the printed order. Per row: the checklist's answers as one key
per item (Y/N/-), Enter to the result (1–4), for 2 the hazard category and deadline, Enter to
the next row. Ctrl+S saves every row in one unit of work (``PatrolService.enter_sheet``) —
all or nothing; a bad row (or one done meanwhile on another PC) red with its reason, nothing
typed is lost. The XLSX template and its import sit beside it."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeyEvent,
    QKeySequence,
    QRegularExpressionValidator,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
)

from station_app.domain.patrols.entry import SheetErrors, SheetRow
from station_app.services.base import Changes
from station_app.ui.errors import show_error
from station_app.ui.labels import EM
from station_app.ui.screens.base import Page
from station_app.ui.screens.patrols import labels as L
from station_app.ui.widgets.dates import DateEdit, pydate, qdate
from station_app.ui.widgets.files import ask_open_xlsx, ask_save_xlsx

BAD = QColor("#fde7e9")
DONE = QColor("#eeeeee")
SEQ, ENTITY, CHECKLIST, ANSWERS, RESULT, CATEGORY, DEADLINE, PRESENT, TIME, NOTE, CHECK = range(11)
EDITABLE = (ANSWERS, RESULT, CATEGORY, DEADLINE, PRESENT, TIME, NOTE)
FIELD_COLUMN = {
    "answers": ANSWERS, "failed": ANSWERS, "not_applicable": ANSWERS, "result": RESULT,
    "category": CATEGORY, "deadline": DEADLINE, "present_party": PRESENT, "time": TIME,
    "note": NOTE, "at": TIME,
}  # fmt: skip
WIDTHS = (3, 16, 9, 8, 3, 8, 7, 5, 4, 7, 14)


class _Keys(QStyledItemDelegate):
    """逐项结果 takes Y/N/- only (upper-cased, at most one per item); 结果 one digit 1–4."""

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        editor = QLineEdit(parent)
        table = self.parent()
        if index.column() == ANSWERS:
            size = table.item_count(index.row())
            rx = QRegularExpression(f"[YyNn\\- ]{{0,{max(size, 1)}}}")
            editor.setValidator(QRegularExpressionValidator(rx, editor))
            editor.textEdited.connect(lambda t, e=editor: e.setText(t.upper()))
        elif index.column() == RESULT:
            editor.setValidator(QRegularExpressionValidator(QRegularExpression("[1-4]?"), editor))
        return editor


class SheetTable(QTableWidget):
    """Enter commits a cell and moves on: answers → result → (for 2: category → deadline) →
    the next open row's answers. Tab moves right as usual."""

    def __init__(self, parent) -> None:  # type: ignore[no-untyped-def]
        super().__init__(0, len(L.ENTRY_HEADERS), parent)
        self.sizes: list[int] = []
        self.open_rows: list[bool] = []

    def item_count(self, row: int) -> int:
        return self.sizes[row] if 0 <= row < len(self.sizes) else 0

    def closeEditor(self, editor, hint) -> None:  # type: ignore[no-untyped-def]
        submit = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if submit else hint)
        if submit:
            QTimer.singleShot(0, self.advance)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.advance()
            return
        super().keyPressEvent(event)

    def text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text().strip() if item else ""

    def advance(self) -> None:
        row, col = self.currentRow(), self.currentColumn()
        if col == ANSWERS:
            self.go(row, RESULT)
        elif col == RESULT and self.text(row, RESULT) == "2":
            self.go(row, CATEGORY)
        elif col == CATEGORY:
            self.go(row, DEADLINE)
        else:
            nxt = next((r for r in range(row + 1, self.rowCount()) if self.open_rows[r]), None)
            if nxt is not None:
                self.go(nxt, ANSWERS)

    def commit_open_editor(self) -> None:
        """Ctrl+S while a cell is still being typed in: keep what was typed."""
        for editor in self.viewport().findChildren(QLineEdit):
            if editor.isVisible():
                self.commitData(editor)
                super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def go(self, row: int, col: int) -> None:
        self.setCurrentCell(row, col)
        item = self.item(row, col)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
            self.editItem(item)


class BatchEntry(Page):
    """GUI thread only. ``lines`` are the service's ``EntryLine`` of the loaded sheet."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.svc = ui.services.patrols
        self.lines: list = []
        self.body.addLayout(self._top())
        hint = QLabel(L.ENTRY_HINT, self)
        hint.setObjectName("pageSummary")
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.table = SheetTable(self)
        self.table.setObjectName("sheetEntryTable")
        self.table.setHorizontalHeaderLabels(list(L.ENTRY_HEADERS))
        self.table.setItemDelegate(_Keys(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        em = self.fontMetrics().horizontalAdvance(EM)
        for col, width in enumerate(WIDTHS):
            self.table.horizontalHeader().resizeSection(col, width * em)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.body.addWidget(self.table, 1)
        self.status = QLabel("", self)
        self.status.setObjectName("entryStatus")
        self.status.setWordWrap(True)
        self.body.addWidget(self.status)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)  # fmt: skip
        self.load_people()

    def _top(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(L.ENTRY_DAY, self))
        self.day = DateEdit(self)
        self.day.setObjectName("entryDate")
        self.day.setDate(qdate(self.svc._clock.today()))
        self.day.dateChanged.connect(lambda _d: self.load_people())
        row.addWidget(self.day)
        row.addWidget(QLabel(L.ENTRY_PERSON, self))
        self.person = QComboBox(self)
        self.person.setObjectName("entryPerson")
        self.person.currentIndexChanged.connect(lambda _i: self.load())
        row.addWidget(self.person, 1)
        can = self.ui.app.auth.can("patrols.record")
        self.buttons = {}
        for key, text, slot in (
            ("check", L.ENTRY_CHECK, lambda: self.save(dry_run=True)),
            ("save", L.ENTRY_SAVE, self.save),
            ("template", L.ENTRY_TEMPLATE, self.export_template),
            ("import", L.ENTRY_IMPORT, self.import_file),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"entry_{key}")
            button.clicked.connect(slot)
            button.setEnabled(can or key == "template")
            row.addWidget(button)
            self.buttons[key] = button
        return row

    # -- loading -----------------------------------------------------------------------------
    def load_people(self) -> None:
        people = self.svc.sheet_people(pydate(self.day))
        self.person.blockSignals(True)
        self.person.clear()
        for p in people:
            self.person.addItem(L.ENTRY_PERSON_ITEM.format(p.name, p.tasks, p.open), p.person_id)
        if not people:
            self.person.addItem(L.ENTRY_NOBODY, -1)
        self.person.blockSignals(False)
        self.load()

    def load(self) -> None:
        pid = self.person.currentData()
        self.lines = [] if pid == -1 else self.svc.sheet_lines(pydate(self.day), pid)
        t = self.table
        t.clearContents()
        t.setRowCount(len(self.lines))
        t.sizes = [len(x.items) for x in self.lines]
        t.open_rows = [x.status != "done" for x in self.lines]
        for r, line in enumerate(self.lines):
            self._fill(r, line)
        done = sum(1 for x in self.lines if x.status == "done")
        self.status.setText(L.ENTRY_LOADED.format(len(self.lines), done) if self.lines else "")
        first = next((r for r, ok in enumerate(t.open_rows) if ok), None)
        if first is not None:
            t.setCurrentCell(first, ANSWERS)

    def _fill(self, r: int, line) -> None:
        items = "\n".join(
            f"{n}. {i.text}" + (L.ENTRY_REQUIRED if i.required else "")
            for n, i in enumerate(line.items, 1)
        )
        fixed = {
            SEQ: str(line.seq),
            ENTITY: f"{line.entity_name}\n{line.address}",
            CHECKLIST: L.ENTRY_ITEMS.format(line.checklist_name, len(line.items)),
            CHECK: L.ENTRY_DONE if line.status == "done" else "",
        }
        for c in range(self.table.columnCount()):
            item = QTableWidgetItem(fixed.get(c, ""))
            editable = c in EDITABLE and line.status != "done"
            if not editable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if line.status == "done":
                item.setBackground(QBrush(DONE))
            if c in (CHECKLIST, ANSWERS):
                item.setToolTip(L.ENTRY_ITEMS_TIP.format(items))
            self.table.setItem(r, c, item)
        self.table.setRowHeight(r, self.fontMetrics().height() * 2 + 8)

    # -- saving ------------------------------------------------------------------------------
    def rows(self) -> list[SheetRow]:
        t = self.table
        return [
            SheetRow(
                line.task_id, line.entity_id, result=t.text(r, RESULT),
                deadline=t.text(r, DEADLINE) or None, present_party=t.text(r, PRESENT),
                time=t.text(r, TIME), note=t.text(r, NOTE), answers=t.text(r, ANSWERS),
                category=t.text(r, CATEGORY),
            )
            for r, line in enumerate(self.lines)
            if line.status != "done"
        ]  # fmt: skip

    def save(self, dry_run: bool = False) -> None:
        self.table.commit_open_editor()
        rows = self.rows()
        where = [r for r, x in enumerate(self.lines) if x.status != "done"]
        if not any(not x.blank for x in rows):
            self.status.setText(L.ENTRY_EMPTY)
            return
        day, pid = pydate(self.day), self.person.currentData()
        self.ui.ops.run_write(
            lambda _p: self.svc.enter_sheet(
                day, rows, inspector=pid, dry_run=dry_run, row_numbers=[w + 1 for w in where]
            ),
            on_done=lambda result: self._saved(result[0]),
            on_error=self._refused,
            parent=self,
        )

    def _saved(self, entry) -> None:
        self._mark({})
        if not entry.dry_run:
            self.load()
        self.status.setText(entry.summary)

    def _refused(self, exc: BaseException) -> None:
        """A refused sheet: each bad row red with its reason; the typed text stays."""
        if not isinstance(exc, SheetErrors):
            show_error(self, exc)
            return
        self._mark({p.row - 1: (p.column, p.message) for p in exc.problems})
        lines = L.LIST_SEP.join(L.ROW_PROBLEM.format(p.row, p.message) for p in exc.problems[:3])
        self.status.setText(L.ENTRY_BAD.format(len(exc.problems), lines))

    def _mark(self, errors: dict[int, tuple[str, str]]) -> None:
        for r, line in enumerate(self.lines):
            if line.status == "done":
                continue
            bad = errors.get(r)
            filled = not self.rows_by_index(r).blank
            check = self.table.item(r, CHECK)
            check.setText(bad[1] if bad else (L.ENTRY_OK if filled else ""))
            check.setToolTip(bad[1] if bad else "")
            for c in range(self.table.columnCount()):
                self.table.item(r, c).setBackground(QBrush(BAD) if bad else QBrush())
            if bad and bad[0] in FIELD_COLUMN:
                self.table.item(r, FIELD_COLUMN[bad[0]]).setBackground(QBrush(QColor("#f4b6bd")))

    def rows_by_index(self, r: int) -> SheetRow:
        t, line = self.table, self.lines[r]
        return SheetRow(line.task_id, line.entity_id, result=t.text(r, RESULT),
                        answers=t.text(r, ANSWERS), category=t.text(r, CATEGORY),
                        note=t.text(r, NOTE), present_party=t.text(r, PRESENT))  # fmt: skip

    # -- the XLSX template -------------------------------------------------------------------
    def export_template(self) -> None:
        if not self.lines:
            return
        grid = self.lines[0].grid.split(" ")[0]
        path = ask_save_xlsx(self, L.ENTRY_TEMPLATE, L.TEMPLATE_NAME.format(grid, pydate(self.day)))
        if path is not None:
            self.write_template(path, grid)

    def write_template(self, path, grid: str) -> None:
        day, who = pydate(self.day), self.lines[0].person
        self.ui.ops.run_read(
            lambda _p: self.svc.sheet_template(day, grid, path, who),
            on_done=lambda out: self.status.setText(L.TEMPLATE_DONE.format(out.rows, out.path)),
            parent=self,
        )

    def import_file(self) -> None:
        path = ask_open_xlsx(self, L.IMPORT_TITLE)
        if path is not None:
            self.import_path(path)

    def import_path(self, path) -> None:
        self.ui.ops.run_write(
            lambda _p: self.svc.import_sheet(path),
            on_done=lambda result: self._saved(result[0]),
            on_error=self._import_refused,
            parent=self,
        )

    def _import_refused(self, exc: BaseException) -> None:
        self.status.setText(exc.message if isinstance(exc, SheetErrors) else "")
        show_error(self, exc)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("patrol_task") and not self.ui.ops.busy:
            self.load_people()
