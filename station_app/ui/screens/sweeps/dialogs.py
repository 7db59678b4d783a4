"""扫街纳管 dialogs: quick capture (few fields, optional photo) and linking to a registered
entity from ranked candidates. GUI thread only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.entities import INDUSTRIES
from station_app.domain.identifiers import validate_phone
from station_app.domain.sweeps import MAX_PHOTO_BYTES, photo_mime
from station_app.errors import ConflictError, StationError, ValidationError, os_reason
from station_app.files import read_limited
from station_app.services.sweeps import CandidateView, SweepCard, SweepData
from station_app.ui.dialogs.conflict import KEEP_MINE, TAKE_THEIRS, ConflictDialog
from station_app.ui.errors import show_error
from station_app.ui.labels import EM
from station_app.ui.screens.sweeps import labels as L
from station_app.ui.widgets.dates import DateEdit, qdate
from station_app.ui.widgets.forms import INVALID_STYLE, InlineError
from station_app.ui.widgets.plain_text import plain_text

THUMB_W, THUMB_H = 200, 150


def thumbnail(data: bytes | None, label: QLabel) -> None:
    """Show ``data`` (JPEG/PNG bytes) scaled into ``label``, or the no-photo text."""
    pixmap = QPixmap()
    if data and pixmap.loadFromData(data):
        label.setPixmap(
            pixmap.scaled(
                THUMB_W,
                THUMB_H,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
    else:
        label.clear()
        label.setText(L.NO_PHOTO)


def photo_label(parent: QWidget) -> QLabel:
    label = QLabel(L.NO_PHOTO, parent)
    label.setObjectName("photoThumb")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setFixedSize(THUMB_W + 4, THUMB_H + 4)
    label.setStyleSheet("QLabel#photoThumb { border: 1px solid #c8c8c8; color: #888; }")
    return label


def ask_dismiss_reason(parent: QWidget) -> str | None:
    reason, ok = QInputDialog.getItem(
        parent, L.DISMISS, L.DISMISS_PROMPT, list(L.DISMISS_REASONS), 0, True
    )
    return reason.strip() if ok else None


def confirm_register(parent: QWidget, card: SweepCard) -> bool:
    text = L.REGISTER_CONFIRM.format(card.data.name, card.data.address or L.NO_ADDRESS)
    answer = QMessageBox.question(parent, L.REGISTER, text)
    return answer == QMessageBox.StandardButton.Yes


class SweepCaptureDialog(QDialog):
    """New capture (``card`` None) or edit. Save with Ctrl+S; Ctrl+Enter saves and clears the
    form for the next shop of the same sweep (grid and date kept).

    Editing, the phone shows masked as the card gives it: left as it is, the stored number is
    kept; typing a new one replaces it; a user allowed to see unmasked data may load the full
    number to correct it (one audited service call)."""

    def __init__(
        self, ui, card: SweepCard | None = None, grid_id: int | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.ui = ui
        self.card = card
        self.saved: SweepCard | None = None
        self.saved_count = 0
        self.dirty = False
        self.photo: bytes | None = None
        self.remove_photo = False
        self.setObjectName("sweepCapture")
        self.setWindowTitle(L.EDIT_TITLE.format(card.data.name) if card else L.CAPTURE_TITLE)
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        lay.addLayout(row)
        self.edits: dict[str, QWidget] = {}
        row.addLayout(self._form(), 1)
        row.addLayout(self._photo_box())
        self.error = InlineError(self)
        self.error.setObjectName("captureError")
        lay.addWidget(self.error)
        lay.addLayout(self._buttons())
        self._load(card, grid_id)

    # -- layout ---------------------------------------------------------------------------------
    def _form(self) -> QFormLayout:
        form = QFormLayout()
        self.grid = QComboBox(self)
        for gid, label in self.ui.services.sweeps.grids():
            self.grid.addItem(label, gid)
        self.grid.activated.connect(self._mark_dirty)
        self._row(form, "grid_id", self.grid)
        for key in ("name", "address", "phone", "operator"):
            self._line(form, key)
            if key == "phone":
                self._add_masked_phone_note(form)
        self.industry = QComboBox(self)
        self.industry.setEditable(True)
        self.industry.addItems(["", *INDUSTRIES])
        self.industry.currentTextChanged.connect(self._mark_dirty)
        self._row(form, "industry", self.industry)
        self.date = DateEdit(self)
        self._row(form, "captured_on", self.date, edit=False)
        self._line(form, "note")
        return form

    def _row(self, form: QFormLayout, key: str, widget: QWidget, *, edit: bool = True) -> None:
        """A labelled row; ``edit``: one of ``edits`` (marked by a ValidationError naming it)."""
        widget.setObjectName(f"field_{key}")
        form.addRow(L.FIELD_ROW.format(L.FIELD_LABELS[key]), widget)
        if edit:
            self.edits[key] = widget

    def _line(self, form: QFormLayout, key: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(f"field_{key}")
        edit.setPlaceholderText(L.PLACEHOLDERS.get(key, ""))
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(EM) * 20)
        edit.textEdited.connect(self._mark_dirty)
        self._row(form, key, edit)
        if key == "phone":
            edit.editingFinished.connect(self._check_phone)
        return edit

    def _add_masked_phone_note(self, form: QFormLayout) -> None:
        self.masked_phone = ""
        self.masked_note = QLabel(L.PHONE_MASKED_IN_EDITOR, self)
        self.masked_note.setObjectName("maskedNote")
        self.masked_note.setWordWrap(True)
        self.reveal_button = QPushButton(L.SHOW_PHONE_FOR_EDIT, self)
        self.reveal_button.setObjectName("revealForEdit")
        self.reveal_button.setToolTip(L.REVEAL_TIP)
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.clicked.connect(self._on_reveal_phone)
        box = QVBoxLayout()
        box.addWidget(self.masked_note)
        box.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.setContentsMargins(0, 0, 0, 0)
        self.masked_row = QWidget(self)
        self.masked_row.setLayout(box)
        form.addRow("", self.masked_row)
        self._form = form

    def _show_masked_note(self, card: SweepCard | None) -> None:
        """Shown while the phone field holds the masked stored number."""
        self.masked_phone = card.data.phone if card and card.phone_masked else ""
        self._form.setRowVisible(self.masked_row, bool(self.masked_phone))
        self.masked_note.setText(L.PHONE_MASKED_IN_EDITOR)
        self.reveal_button.setVisible(self.ui.app.auth.can("personal.unmasked"))

    def _on_reveal_phone(self) -> None:
        try:
            full = self.ui.services.sweeps.reveal_phone(self.card.data.id)
        except StationError as exc:
            show_error(self, exc)
            return
        edit = self.edits["phone"]
        if edit.text().strip() == self.masked_phone:  # not retyped meanwhile
            edit.setText(full)
        self.masked_phone = ""
        self.reveal_button.hide()
        self.masked_note.setText(L.PHONE_FULL_IN_EDITOR)

    def _photo_box(self) -> QVBoxLayout:
        box = QVBoxLayout()
        self.thumb = photo_label(self)
        box.addWidget(self.thumb)
        choose = QPushButton(L.CHOOSE_PHOTO, self)
        choose.setAutoDefault(False)
        choose.clicked.connect(self.choose_photo)
        self.remove_button = QPushButton(L.REMOVE_PHOTO, self)
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self._on_remove_photo)
        box.addWidget(choose)
        box.addWidget(self.remove_button)
        box.addStretch(1)
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton(L.SAVE, self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save(next_one=False))
        row.addWidget(self.save_button)
        self.next_button = QPushButton(L.SAVE_NEXT, self)
        self.next_button.setAutoDefault(False)
        self.next_button.clicked.connect(lambda: self.save(next_one=True))
        self.next_button.setVisible(self.card is None)
        row.addWidget(self.next_button)
        cancel = QPushButton(L.CANCEL, self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        row.addWidget(cancel)
        QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.save(next_one=False))
        if self.card is None:
            for keys in ("Ctrl+Return", "Ctrl+Enter"):
                QShortcut(QKeySequence(keys), self, lambda: self.save(next_one=True))
        return row

    # -- data -----------------------------------------------------------------------------------
    def _load(self, card: SweepCard | None, grid_id: int | None) -> None:
        d = card.data if card else SweepData(grid_id=grid_id, name="")
        index = self.grid.findData(d.grid_id)
        self.grid.setCurrentIndex(max(0, index))
        for key in ("name", "address", "phone", "operator", "note"):
            self.edits[key].setText(getattr(d, key))
        self.industry.setCurrentText(d.industry)
        self._show_masked_note(card)
        on = d.captured_on or self.ui.services.clock.today()
        self.date.setDate(qdate(on))
        self.photo, self.remove_photo = None, False
        has_photo = bool(card and card.has_photo)
        stored = self.ui.services.sweeps.photo(card.data.id) if has_photo else None
        thumbnail(stored[1] if stored else None, self.thumb)
        self.remove_button.setEnabled(has_photo)
        self.dirty = False
        self.edits["name"].setFocus()

    def data(self) -> SweepData:
        q = self.date.date()
        base = self.card.data if self.card else None
        return SweepData(
            id=base.id if base else 0,
            version=base.version if base else 0,
            grid_id=self.grid.currentData(),
            name=self.edits["name"].text(),
            address=self.edits["address"].text(),
            phone=self.edits["phone"].text(),
            operator=self.edits["operator"].text(),
            industry=self.industry.currentText(),
            note=self.edits["note"].text(),
            captured_on=date(q.year(), q.month(), q.day()),
        )

    def _mark_dirty(self, *_args) -> None:
        self.dirty = True

    # -- photo ----------------------------------------------------------------------------------
    def choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, L.CHOOSE_PHOTO, "", L.PHOTO_FILTER)
        if path:
            self.set_photo_file(Path(path))

    def set_photo_file(self, path: Path) -> None:
        """Check and show a picked file; a wrong file is reported inline, nothing kept."""
        try:
            data = read_limited(path, MAX_PHOTO_BYTES)  # a larger file is refused unread
        except OSError as exc:
            self.error.show_message(L.PHOTO_READ_FAILED.format(os_reason(exc)))
            return
        try:
            photo_mime(data)
        except ValidationError as exc:
            self.error.show_message(exc.message)
            return
        self.photo, self.remove_photo = data, False
        thumbnail(data, self.thumb)
        self.remove_button.setEnabled(True)
        self.error.show_message("")
        self.dirty = True

    def _on_remove_photo(self) -> None:
        self.photo = None
        self.remove_photo = True
        thumbnail(None, self.thumb)
        self.remove_button.setEnabled(False)
        self.dirty = True

    # -- validation and saving ------------------------------------------------------------------
    def _check_phone(self) -> None:
        edit = self.edits["phone"]
        text = edit.text().strip()
        edit.setStyleSheet("")
        if not text or (self.masked_phone and text == self.masked_phone):
            return  # empty, or the stored number shown masked: kept as it is
        try:
            normalised = validate_phone(text)
        except ValidationError as exc:
            self.show_validation(exc, focus=False)
            return
        if normalised != text:
            edit.setText(normalised)
        self.error.show_message("")

    def show_validation(self, exc: ValidationError, focus: bool = True) -> None:
        self.error.show_message(exc.message)
        widget = self.edits.get(exc.field)
        if isinstance(widget, QLineEdit):
            widget.setStyleSheet(INVALID_STYLE)
        if widget is not None and focus:
            widget.setFocus()

    def save(self, next_one: bool = False) -> None:
        for edit in self.edits.values():
            edit.setStyleSheet("")
        self._save(self.data(), next_one)

    def _save(self, data: SweepData, next_one: bool) -> None:
        svc, photo = self.ui.services.sweeps, self.photo
        if self.card is None:
            call = lambda _p: svc.capture(data, photo=photo)  # noqa: E731
        else:
            remove = self.remove_photo
            call = lambda _p: svc.edit(data, photo=photo, remove_photo=remove)  # noqa: E731
        self.ui.ops.run_write(
            call, on_done=lambda r: self._on_saved(r, next_one), on_error=self._on_error
        )

    def _on_saved(self, result, next_one: bool) -> None:
        self.saved, _changes = result
        self.saved_count += 1
        self.dirty = False
        if not next_one:
            self.accept()
            return
        grid_id, on = self.saved.data.grid_id, self.saved.data.captured_on
        self._load(None, grid_id)
        self.date.setDate(qdate(on))
        self.error.setStyleSheet("color: #1b5e20;")
        self.error.show_message(L.SAVED_NEXT.format(self.saved.data.name))

    def _on_error(self, exc: BaseException) -> None:
        self.error.setStyleSheet("color: #b00020;")
        if isinstance(exc, ValidationError):
            self.show_validation(exc)
        elif isinstance(exc, ConflictError) and exc.theirs is not None:
            mine, theirs = exc.mine, exc.theirs
            keys = ("grid_id", "name", "address", "phone", "operator", "industry", "note")
            rows = [
                (L.FIELD_LABELS[k], str(getattr(mine, k) or ""), str(getattr(theirs, k) or ""))
                for k in keys
            ]
            choice = ConflictDialog(exc.message, rows, self).exec()
            if choice == KEEP_MINE:
                self._save(SweepData(**{**mine.__dict__, "version": theirs.version}), False)
            elif choice == TAKE_THEIRS:
                self.card = self.ui.services.sweeps.get(theirs.id)
                self._load(self.card, None)
        else:
            show_error(self, exc)

    def reject(self) -> None:
        if self.dirty:
            answer = QMessageBox.question(self, L.UNSAVED_TITLE, L.UNSAVED)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.dirty = False
        super().reject()


class SweepLinkDialog(QDialog):
    """Ranked candidates for one capture; Enter (or 关联所选) links the selected one. Also
    登记为新经营主体 and 核销. ``done_card`` holds the result after a successful action."""

    def __init__(self, ui, capture_id: int, parent=None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.svc = ui.services.sweeps
        self.card = self.svc.get(capture_id)
        self.candidates: list[CandidateView] = []
        self.done_card: SweepCard | None = None
        self.setObjectName("sweepLink")
        self.setWindowTitle(L.LINK_TITLE.format(self.card.data.name))
        self.resize(1060, 540)
        lay = QVBoxLayout(self)
        d = self.card.data
        head = QLabel(
            L.LINK_HEAD.format(
                name=_esc(d.name),
                address=_esc(d.address),
                phone=_esc(d.phone),
                grid=_esc(self.card.grid_label),
                day=d.captured_on,
                who=_esc(self.card.captured_by),
            ),
            self,
        )
        head.setObjectName("captureSummary")
        lay.addWidget(head)
        hint = QLabel(L.LINK_HINT, self)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        find = QHBoxLayout()
        self.search = plain_text(QLineEdit(self))
        self.search.setObjectName("candidateSearch")
        self.search.setPlaceholderText(L.FIND_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        find.addWidget(self.search, 1)
        find_button = QPushButton(L.FIND, self)
        find_button.setAutoDefault(False)
        find_button.clicked.connect(self.find)
        find.addWidget(find_button)
        lay.addLayout(find)
        self.table = self._table()
        lay.addWidget(self.table, 1)
        self.empty = QLabel(L.NO_CANDIDATES, self)
        self.empty.setObjectName("noCandidates")
        lay.addWidget(self.empty)
        lay.addLayout(self._buttons())
        self.find()
        self.table.setFocus()

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(L.CANDIDATE_HEADERS), self)
        table.setObjectName("candidateTable")
        table.setHorizontalHeaderLabels(list(L.CANDIDATE_HEADERS))
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.doubleClicked.connect(lambda _i: self.link_selected())
        em = table.fontMetrics().horizontalAdvance(EM)
        for col, width in enumerate((4, 12, 14, 7.5, 8, 5)):
            table.setColumnWidth(col, int(width * em) + 12)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        return table

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        can_link = self.ui.app.auth.can("sweeps.link")
        self.link_button = QPushButton(L.LINK_SELECTED, self)
        self.link_button.setAutoDefault(False)
        self.link_button.clicked.connect(self.link_selected)
        self.register_button = QPushButton(L.REGISTER, self)
        self.register_button.setAutoDefault(False)
        self.register_button.clicked.connect(self.register)
        self.register_button.setEnabled(can_link and self.ui.app.auth.can("entities.edit"))
        self.dismiss_button = QPushButton(L.DISMISS, self)
        self.dismiss_button.setAutoDefault(False)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.dismiss_button.setEnabled(can_link)
        cancel = QPushButton(L.CANCEL, self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        row.addWidget(self.register_button)
        row.addWidget(self.dismiss_button)
        row.addStretch(1)
        row.addWidget(self.link_button)
        row.addWidget(cancel)
        return row

    # -- candidates -----------------------------------------------------------------------------
    def find(self) -> None:
        try:
            self.candidates = self.svc.candidates(self.card.data.id, query=self.search.text())
        except Exception as exc:
            show_error(self, exc)
            return
        self.table.setRowCount(len(self.candidates))
        for r, c in enumerate(self.candidates):
            values = (c.score, c.name, c.address, c.phone, c.grid_label, c.entity_type, c.reason)
            for col, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if col == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(str(value))
                self.table.setItem(r, col, item)
        self.empty.setVisible(not self.candidates)
        self.link_button.setEnabled(bool(self.candidates) and self.ui.app.auth.can("sweeps.link"))
        if self.candidates:
            self.table.selectRow(0)

    def selected(self) -> CandidateView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.candidates[rows[0].row()] if rows else None

    def keyPressEvent(self, event) -> None:
        """Enter in the search box searches; anywhere else it links the selected candidate."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() is self.search:
                self.find()
            else:
                self.link_selected()
            return
        super().keyPressEvent(event)

    # -- actions --------------------------------------------------------------------------------
    def link_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.link_button.isEnabled():
            return
        cid, version = self.card.data.id, self.card.data.version
        self._run(lambda _p: self.svc.link(cid, chosen.entity_id, version))

    def register(self) -> None:
        if not confirm_register(self, self.card):
            return
        cid, version = self.card.data.id, self.card.data.version
        self._run(lambda _p: self.svc.register(cid, version))

    def dismiss(self) -> None:
        reason = ask_dismiss_reason(self)
        if reason is None:
            return
        cid, version = self.card.data.id, self.card.data.version
        self._run(lambda _p: self.svc.dismiss(cid, reason, version))

    def _run(self, call) -> None:
        self.ui.ops.run_write(call, on_done=self._on_done, parent=self)

    def _on_done(self, result) -> None:
        self.done_card, _changes = result
        self.accept()


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
