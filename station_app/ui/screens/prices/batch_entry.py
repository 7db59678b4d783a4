"""批量录入: keyboard-fast entry of a round of prices. Time and source once at the top; rows of
subject (completer over name, pinyin initials and number) and price; Enter goes to the price,
then to the next row; 按分组填入 fills the rows with a group's subjects so only prices are typed;
Ctrl+S saves every row in one unit of work — all or nothing, a bad row red with its reason."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, QStringListModel, Qt, QTime, QTimer
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from station_app.clock import SHANGHAI
from station_app.domain.pinyin import initials
from station_app.domain.prices.money import SOURCES, parse_yuan
from station_app.errors import ValidationError
from station_app.services.base import Changes
from station_app.services.prices import KIND_SUBJECT, BatchResult, ObservationInput, SubjectView
from station_app.ui.labels import EM
from station_app.ui.screens.base import Page
from station_app.ui.screens.prices import labels as L
from station_app.ui.widgets.dates import qdate

BAD = QColor("#fde7e9")
EMPTY_ROWS = 12
SUBJECT, PRICE, NOTE, CHECK = range(4)


def entry_text(v: SubjectView) -> str:
    """What the completer offers and the cell keeps: label, pinyin initials, ``#id``."""
    return f"{v.label}  {initials(v.label)}  #{v.id}"


class _Completing(QStyledItemDelegate):
    """The subject column edits with a completer over every subject."""

    def __init__(self, model: QStringListModel, parent) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        editor = QLineEdit(parent)
        if index.column() == SUBJECT:
            completer = QCompleter(self.model, editor)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            editor.setCompleter(completer)
        return editor


class EntryTable(QTableWidget):
    """Enter moves subject → price → next row's subject (a row is added at the end)."""

    def closeEditor(self, editor, hint) -> None:  # type: ignore[no-untyped-def]
        """Enter in a cell commits it and moves on at once (one key, not two)."""
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

    def advance(self) -> None:
        row, col = self.currentRow(), self.currentColumn()
        if col == SUBJECT:
            self.setCurrentCell(row, PRICE)
        else:
            if row + 1 >= self.rowCount():
                self.insertRow(self.rowCount())
            self.setCurrentCell(row + 1, SUBJECT)
        self.editItem(self.currentItem() or self._item(self.currentRow(), self.currentColumn()))

    def _item(self, row: int, col: int) -> QTableWidgetItem:
        item = QTableWidgetItem("")
        self.setItem(row, col, item)
        return item


class BatchEntry(Page):
    """GUI thread only. ``subjects`` maps the completer's texts (and plain labels) to ids."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.svc = ui.services.prices
        self.subjects: dict[str, int] = {}
        self.completions = QStringListModel(self)
        self.body.addLayout(self._top())
        hint = QLabel(L.ENTRY_HINT, self)
        hint.setObjectName("pageSummary")
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.table = EntryTable(EMPTY_ROWS, len(L.ENTRY_HEADERS), self)
        self.table.setObjectName("entryTable")
        self.table.setHorizontalHeaderLabels(list(L.ENTRY_HEADERS))
        self.table.setItemDelegate(_Completing(self.completions, self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.table.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance(EM)
        for col, width in enumerate((24, 8, 14, 30)):
            header.resizeSection(col, width * em)
        header.setStretchLastSection(True)
        self.body.addWidget(self.table, 1)
        self.status = QLabel("", self)
        self.status.setObjectName("entryStatus")
        self.status.setWordWrap(True)
        self.body.addWidget(self.status)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)  # fmt: skip
        self.load_subjects()

    def _top(self) -> QVBoxLayout:
        """Time, source and group on the first line, the sheet and save buttons on the
        second (one line was wider than a 1280-pixel window)."""
        top, row = QVBoxLayout(), QHBoxLayout()
        row.addWidget(QLabel(L.ENTRY_AT, self))
        self.at = QDateTimeEdit(self)
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        now = self.ui.services.clock.now()
        self.at.setDateTime(QDateTime(qdate(now.date()), QTime(now.hour, now.minute)))
        row.addWidget(self.at)
        row.addWidget(QLabel(L.ENTRY_SOURCE, self))
        self.source = QComboBox(self)
        self.source.addItems(list(SOURCES))
        row.addWidget(self.source)
        row.addWidget(QLabel(L.ENTRY_GROUP, self))
        self.group = QComboBox(self)
        row.addWidget(self.group)
        fill = QPushButton(L.ENTRY_FILL, self)
        fill.clicked.connect(self.fill_group)
        row.addWidget(fill)
        row.addStretch(1)
        top.addLayout(row)
        row = QHBoxLayout()
        row.addStretch(1)
        self.valid_only = QCheckBox(L.IMPORT_VALID_ONLY, self)
        row.addWidget(self.valid_only)
        imp = QPushButton(L.ENTRY_IMPORT, self)
        imp.clicked.connect(self.import_file)
        row.addWidget(imp)
        clear = QPushButton(L.ENTRY_CLEAR, self)
        clear.clicked.connect(self.clear)
        row.addWidget(clear)
        self.save_button = QPushButton(L.ENTRY_SAVE, self)
        self.save_button.setObjectName("entrySave")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        can = self.ui.app.auth.can("prices.observe")
        for w in (self.save_button, imp, fill):
            w.setEnabled(can)
        top.addLayout(row)
        return top

    def load_subjects(self) -> None:
        views = self.svc.subjects()
        self.views = {v.id: v for v in views}
        texts = [entry_text(v) for v in views]
        self.subjects = {entry_text(v): v.id for v in views} | {v.label: v.id for v in views}
        self.completions.setStringList(texts)
        self.group.clear()
        for g in self.svc.groups():
            self.group.addItem(L.GROUP_ITEM.format(g.name, g.members), g.id)

    def fill_group(self) -> None:
        group_id = self.group.currentData()
        if group_id is None:
            return
        from station_app.domain.prices.lists import SubjectFilter

        rows = self.svc.subject_rows(SubjectFilter(group_id=group_id))
        ids = list(rows.fetch_ids("name", False))
        self.clear(len(ids) + 3)  # room for a few subjects outside the group
        for r, sid in enumerate(ids):
            view = self.views.get(sid)
            if view is not None:
                self.table.setItem(r, SUBJECT, QTableWidgetItem(entry_text(view)))
        self.table.setCurrentCell(0, PRICE)
        self.table.setFocus()

    def clear(self, rows: int = EMPTY_ROWS) -> None:
        self.table.clearContents()
        self.table.setRowCount(rows)
        self.status.setText("")

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item else ""

    def resolve(self, text: str) -> int | None:
        """A subject id from a cell: the completer's text, a label, ``#id`` or digits, or
        the one subject whose text contains what was typed."""
        if text in self.subjects:
            return self.subjects[text]
        number = text.lstrip("#")
        if number.isdigit() and int(number) in self.views:
            return int(number)
        hits = {sid for t, sid in self.subjects.items() if text.lower() in t.lower()}
        return hits.pop() if len(hits) == 1 else None

    def moment(self) -> datetime:
        q = self.at.dateTime()
        d, t = q.date(), q.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=SHANGHAI)

    def rows(self) -> tuple[list[ObservationInput], list[int], dict[int, str]]:
        """The filled rows as observations, their table rows, and the rows' own errors."""
        items, where, errors = [], [], {}
        at, source = self.moment(), self.source.currentText()
        for r in range(self.table.rowCount()):
            subject, price = self._text(r, SUBJECT), self._text(r, PRICE)
            if not subject and not price:
                continue
            sid = self.resolve(subject) if subject else None
            try:
                fen = parse_yuan(price)
            except ValidationError as exc:
                errors[r] = exc.message
                continue
            if sid is None:
                errors[r] = L.ENTRY_UNKNOWN.format(subject)
                continue
            items.append(ObservationInput(sid, at, fen, source, note=self._text(r, NOTE)))
            where.append(r)
        return items, where, errors

    def save(self) -> None:
        items, where, errors = self.rows()
        self._mark(errors)
        if errors:
            self.status.setText(L.ENTRY_BAD.format(len(errors)))
            return
        if not items:
            self.status.setText(L.ENTRY_EMPTY)
            return
        self.ui.ops.run_write(
            lambda _p: self.svc.observe_batch(items),
            on_done=lambda r: self._saved(r[0], where),
            parent=self,
        )

    def _saved(self, result: BatchResult, where: list[int]) -> None:
        if result.problems:
            self._mark({where[p.line - 1]: p.message for p in result.problems})
            self.status.setText(L.ENTRY_BAD.format(len(result.problems)))
            return
        self.clear(self.table.rowCount())
        self.status.setText(L.ENTRY_SAVED.format(result.written, result.flags_raised))

    def _mark(self, errors: dict[int, str]) -> None:
        for r in range(self.table.rowCount()):
            bad = r in errors
            filled = bool(self._text(r, SUBJECT) or self._text(r, PRICE))
            self.table.setItem(
                r, CHECK, QTableWidgetItem(errors.get(r, L.ENTRY_OK if filled else ""))
            )
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c) or QTableWidgetItem("")
                if self.table.item(r, c) is None:
                    self.table.setItem(r, c, item)
                item.setBackground(QBrush(BAD) if bad else QBrush())

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, L.ENTRY_IMPORT, "", L.IMPORT_FILTER)
        if path:
            self.import_path(Path(path), self.valid_only.isChecked())

    def import_path(self, path: Path, valid_only: bool) -> None:
        self.ui.ops.run_write(
            lambda _p: self.svc.import_observations(path, valid_only=valid_only),
            on_done=lambda r: self._imported(r[0], valid_only),
            parent=self,
        )

    def _imported(self, result: BatchResult, valid_only: bool) -> None:
        lines = "\n".join(str(p) for p in result.problems[:30])
        if result.problems and not valid_only:
            self.status.setText(L.IMPORT_BAD.format(len(result.problems), lines))
            QMessageBox.warning(self, L.ENTRY_IMPORT, self.status.text())
            return
        text = L.IMPORT_RESULT.format(result.written, result.flags_raised)
        self.status.setText(text + ("\n" + lines if lines else ""))

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(KIND_SUBJECT, "price_group"):
            self.load_subjects()
