"""The entity editor (new or edit) with inline validation: codes and phone are checked as
soon as the field is left, a service ``ValidationError`` marks its field, a lost-update
conflict shows both versions (``ConflictDialog``), Cancel asks about unsaved changes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.entities import (
    CREDIT_CLASS_LABELS,
    ENTITY_TYPES,
    FIELD_LABELS,
    GRADES,
    INDUSTRIES,
    LICENCE_KINDS,
    STATUSES,
    TAGS,
    TYPE_UNREGISTERED,
    entity_type_for,
    parse_ledger_date,
)
from station_app.domain.identifiers import validate_phone, validate_uscc
from station_app.domain.masking import MASK
from station_app.errors import ConflictError, StationError, ValidationError
from station_app.services.entities import EntityCard, EntityData, LicenceData
from station_app.ui.dialogs.conflict import KEEP_MINE, TAKE_THEIRS, ConflictDialog
from station_app.ui.errors import show_error
from station_app.ui.screens.entities import labels as L
from station_app.ui.widgets.dates import DateEdit, format_date, pydate, qdate
from station_app.ui.widgets.forms import INVALID_STYLE, InlineError

_EMPTY_DATE = QDate(1900, 1, 1)
# the left column: (field, placeholder); the type combo sits after the USCC's note
LEFT_LINES = (
    ("name", L.HINT_NAME),
    ("uscc", L.HINT_USCC),
    ("reg_no", L.HINT_REG_NO),
    ("legal_rep", ""),
    ("phone", L.HINT_PHONE),
    ("address", ""),
)
TEXT_FIELDS = tuple(key for key, _hint in LEFT_LINES)
COMBO_FIELDS = ("entity_type", "grid_id", "status", "credit_class")
DATE_FIELDS = ("registered_on", "credit_class_on")
CHECKED = (Qt.CheckState.Unchecked, Qt.CheckState.Checked)
# what a conflict compares
CONFLICT_FIELDS = (
    "name",
    "uscc",
    "legal_rep",
    "phone",
    "address",
    "status",
    "industries",
    "licences",
)
LICENCE_COLUMNS = 5


def _show(data: EntityData, key: str) -> str:
    """A field's value as the conflict dialog shows it."""
    value = getattr(data, key)
    if key == "licences":
        return L.LICENCE_SEP.join(lic.label() for lic in value)
    if isinstance(value, tuple):
        return L.NAME_SEP.join(value)
    return "" if value is None else str(value)


def _label(key: str) -> str:
    return L.FILTER_LABEL.format(FIELD_LABELS[key])


class EntityEditDialog(QDialog):
    """New or edit. Save with Ctrl+S; errors show under the form at the field concerned.

    ``data`` comes from the card, its phone masked when ``phone_masked``: left as it is, the
    stored phone is kept (the service recognises the masked form); typing a new number
    replaces it; a user allowed to see unmasked data may load the full number to correct it
    (one audited service call). ``saved`` is the card after a successful save."""

    def __init__(
        self,
        ui,
        data: EntityData | None,
        parent: QWidget | None = None,
        *,
        phone_masked: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ui = ui
        self.original = data
        self.masked_phone = data.phone if data and phone_masked else ""
        self.dirty = False
        self.saved: EntityCard | None = None
        self.edits: dict[str, QWidget] = {}
        self.setObjectName("entityEdit")
        self.setWindowTitle(L.EDIT_TITLE.format(data.name) if data else L.EDIT_NEW_TITLE)
        self.resize(860, 640)
        lay = QVBoxLayout(self)
        grid = QGridLayout()
        grid.addLayout(self._left_column(), 0, 0)
        grid.addLayout(self._right_column(), 0, 1)
        lay.addLayout(grid)
        lay.addWidget(QLabel(_label("licences"), self))
        lay.addWidget(self._licence_table(), 1)
        lay.addLayout(self._licence_buttons())
        self.note = QPlainTextEdit(self)
        self.note.setMaximumHeight(60)
        self.note.textChanged.connect(self._mark_dirty)
        lay.addWidget(QLabel(_label("note"), self))
        lay.addWidget(self.note)
        self.error = InlineError(self)
        self.error.setObjectName("editError")
        lay.addWidget(self.error)
        lay.addLayout(self._buttons())
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.load(data)

    # -- widgets -----------------------------------------------------------------------------
    def _left_column(self) -> QFormLayout:
        left = QFormLayout()
        for key, hint in LEFT_LINES:
            self._line(left, key, hint)
            if key == "uscc":
                self.type_note = QLabel("", self)
                left.addRow("", self.type_note)
            elif key == "reg_no":
                types = [(t, t) for t in ENTITY_TYPES]
                self.type_combo = self._combo(left, "entity_type", types)
            elif key == "phone" and self.masked_phone:
                self._add_masked_phone_note(left)
        return left

    def _right_column(self) -> QFormLayout:
        right = QFormLayout()
        grids = [(L.NO_GRID, None), *((g.label, g.id) for g in self.ui.services.entities.grids())]
        credit = [(L.NOT_CLASSIFIED, None)]
        credit += [(L.CREDIT_CHOICE.format(g, CREDIT_CLASS_LABELS[g]), g) for g in GRADES]
        self._combo(right, "grid_id", grids)
        self._date(right, "registered_on")
        self._combo(right, "status", [(s, s) for s in STATUSES])
        self._combo(right, "credit_class", credit)
        self._date(right, "credit_class_on")
        self.industries = self._checklist(right, "industries", INDUSTRIES)
        self.tags = self._checklist(right, "tags", TAGS)
        return right

    def _licence_table(self) -> QTableWidget:
        self.licences = QTableWidget(0, LICENCE_COLUMNS, self)
        self.licences.setObjectName("licenceTable")
        self.licences.setHorizontalHeaderLabels(list(L.LICENCE_EDIT_HEADERS))
        self.licences.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.licences.verticalHeader().setVisible(False)
        self.licences.itemChanged.connect(self._mark_dirty)
        return self.licences

    def _licence_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        add = QPushButton(L.ADD_LICENCE, self)
        add.clicked.connect(lambda: self._add_licence(LicenceData(LICENCE_KINDS[0])))
        remove = QPushButton(L.REMOVE_LICENCE, self)
        remove.clicked.connect(self._remove_licence)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        return row

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(L.SAVE, self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(L.CANCEL, self)
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        return buttons

    def _line(self, form: QFormLayout, key: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(f"field_{key}")
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self._mark_dirty)
        edit.editingFinished.connect(lambda k=key: self._check_field(k))
        form.addRow(_label(key), edit)
        self.edits[key] = edit
        return edit

    def _add_masked_phone_note(self, form: QFormLayout) -> None:
        box = QVBoxLayout()
        self.masked_note = QLabel(L.PHONE_MASKED_IN_EDITOR, self)
        self.masked_note.setObjectName("maskedNote")
        self.masked_note.setWordWrap(True)
        box.addWidget(self.masked_note)
        self.reveal_button: QPushButton | None = None
        if self.ui.app.auth.can("personal.unmasked"):
            self.reveal_button = QPushButton(L.SHOW_PHONE_FOR_EDIT, self)
            self.reveal_button.setObjectName("revealForEdit")
            self.reveal_button.setToolTip(L.REVEAL_TIP)
            self.reveal_button.setAutoDefault(False)
            self.reveal_button.clicked.connect(self._on_reveal_phone)
            box.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow("", box)

    def _on_reveal_phone(self) -> None:
        try:
            full = self.ui.services.entities.reveal_personal(self.original.id, "phone")
        except StationError as exc:
            show_error(self, exc)
            return
        edit = self.edits["phone"]
        if edit.text().strip() == self.masked_phone:  # not retyped meanwhile
            edit.setText(full)
        self.masked_phone = ""
        self.reveal_button.hide()
        self.masked_note.setText(L.PHONE_FULL_IN_EDITOR)

    def _combo(self, form: QFormLayout, key: str, items) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(f"field_{key}")
        for text, value in items:
            combo.addItem(text, value)
        combo.activated.connect(self._mark_dirty)
        form.addRow(_label(key), combo)
        self.edits[key] = combo
        return combo

    def _date(self, form: QFormLayout, key: str) -> DateEdit:
        edit = DateEdit(self)
        edit.setObjectName(f"field_{key}")
        edit.setMinimumDate(_EMPTY_DATE)
        edit.setSpecialValueText(L.NO_DATE)
        edit.dateChanged.connect(self._mark_dirty)
        form.addRow(_label(key), edit)
        self.edits[key] = edit
        return edit

    def _checklist(self, form: QFormLayout, key: str, values) -> QListWidget:
        box = QListWidget(self)
        box.setObjectName(f"field_{key}")
        box.setFlow(QListWidget.Flow.LeftToRight)
        box.setWrapping(True)
        box.setMaximumHeight(box.fontMetrics().height() * 5)
        for value in values:
            item = QListWidgetItem(value, box)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        box.itemChanged.connect(self._mark_dirty)
        form.addRow(_label(key), box)
        return box

    def _add_licence(self, lic: LicenceData) -> None:
        r = self.licences.rowCount()
        self.licences.insertRow(r)
        kind = QComboBox(self.licences)
        kind.setEditable(True)
        kind.addItems(list(LICENCE_KINDS))
        kind.setCurrentText(lic.kind)
        kind.currentTextChanged.connect(self._mark_dirty)
        self.licences.setCellWidget(r, 0, kind)
        cells = (lic.number, format_date(lic.issued_on), format_date(lic.expires_on), lic.issuer)
        for c, value in enumerate(cells, start=1):
            self.licences.setItem(r, c, QTableWidgetItem(value))

    def _remove_licence(self) -> None:
        r = self.licences.currentRow()
        if r >= 0:
            self.licences.removeRow(r)
            self._mark_dirty()

    # -- data --------------------------------------------------------------------------------
    def load(self, data: EntityData | None) -> None:
        d = data or EntityData(name="")
        for key in TEXT_FIELDS:
            self.edits[key].setText(getattr(d, key) or "")
        for key in COMBO_FIELDS:
            value = getattr(d, key) or (TYPE_UNREGISTERED if key == "entity_type" else None)
            combo = self.edits[key]
            combo.setCurrentIndex(max(0, combo.findData(value)))
        for key in DATE_FIELDS:
            value = getattr(d, key)
            self.edits[key].setDate(qdate(value) if value else _EMPTY_DATE)
        for box, chosen in ((self.industries, d.industries), (self.tags, d.tags)):
            for i in range(box.count()):
                box.item(i).setCheckState(CHECKED[box.item(i).text() in chosen])
        self.licences.setRowCount(0)
        for lic in d.licences:
            self._add_licence(lic)
        self.note.setPlainText(d.note)
        self._update_type()
        self.dirty = False
        self.error.show_message("")

    def _date_value(self, key: str) -> date | None:
        q = self.edits[key].date()
        return None if q == _EMPTY_DATE else pydate(q)

    def _licence_cell(self, r: int, c: int) -> str:
        item = self.licences.item(r, c)
        return item.text().strip() if item else ""

    def _licence_date(self, r: int, c: int) -> date | None:
        text = self._licence_cell(r, c)
        try:
            return parse_ledger_date(text)
        except ValueError:
            raise ValidationError(L.BAD_DATE.format(r + 1, text), field="licences") from None

    def _licence_rows(self) -> tuple[LicenceData, ...]:
        return tuple(
            LicenceData(
                self.licences.cellWidget(r, 0).currentText().strip(),
                self._licence_cell(r, 1),
                self._licence_date(r, 2),
                self._licence_date(r, 3),
                self._licence_cell(r, 4),
            )
            for r in range(self.licences.rowCount())
        )

    @staticmethod
    def _checked(box: QListWidget) -> tuple[str, ...]:
        items = (box.item(i) for i in range(box.count()))
        return tuple(item.text() for item in items if item.checkState() == Qt.CheckState.Checked)

    def data(self) -> EntityData:
        base = self.original
        texts = {key: self.edits[key].text() for key in TEXT_FIELDS}
        combos = {key: self.edits[key].currentData() for key in COMBO_FIELDS}
        dates = {key: self._date_value(key) for key in DATE_FIELDS}
        return EntityData(
            id=base.id if base else 0,
            version=base.version if base else 0,
            **texts,
            **combos,
            **dates,
            source=base.source if base else L.SOURCE_REGISTERED,
            note=self.note.toPlainText(),
            industries=self._checked(self.industries),
            tags=self._checked(self.tags),
            licences=self._licence_rows(),
        )

    # -- validation --------------------------------------------------------------------------
    def _mark_dirty(self, *_args) -> None:
        self.dirty = True

    def _update_type(self) -> None:
        code = self.edits["uscc"].text().strip()
        self.type_combo.setEnabled(not code)
        self.type_note.setText(L.TYPE_FROM_CODE.format(entity_type_for(code)) if code else "")

    def _check_field(self, key: str) -> None:
        """Inline check as soon as the user leaves a code or phone field."""
        edit = self.edits[key]
        text = edit.text().strip()
        edit.setStyleSheet("")
        if key == "uscc":
            self._update_type()
        checks = {"uscc": validate_uscc, "phone": validate_phone}
        if not text or key not in checks:
            return
        if key == "phone" and self.masked_phone and text == self.masked_phone:
            return  # the stored number, shown masked: kept as it is
        try:
            normalised = checks[key](text)
        except ValidationError as exc:
            self.show_validation(exc, focus=False)
            return
        if normalised != text:
            edit.setText(normalised)
        self.error.show_message("")

    def show_validation(self, exc: ValidationError, focus: bool = True) -> None:
        self.error.show_message(exc.message)
        widget = {"industries": self.industries, "tags": self.tags, "licences": self.licences}.get(
            exc.field or "", self.edits.get(exc.field or "")
        )
        if isinstance(widget, QLineEdit):
            widget.setStyleSheet(INVALID_STYLE)
        if widget is not None and focus:
            widget.setFocus()

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> None:
        try:
            data = self.data()
        except ValidationError as exc:
            self.show_validation(exc)
            return
        self._save(data)

    def _save(self, data: EntityData) -> None:
        service = self.ui.services.entities
        self.ui.ops.run_write(
            lambda _p: service.save(data),
            on_done=self._on_saved,
            on_error=self._on_error,
            parent=self,
        )

    def _on_saved(self, result) -> None:
        self.saved, _changes = result
        self.dirty = False
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_validation(exc)
        elif isinstance(exc, ConflictError):
            self._on_conflict(exc)
        else:
            show_error(self, exc)

    def _on_conflict(self, exc: ConflictError) -> None:
        mine, theirs = exc.mine, exc.theirs
        rows = [
            (FIELD_LABELS[k], _show(mine, k), _show(theirs, k) if theirs else "")
            for k in CONFLICT_FIELDS
        ]
        choice = ConflictDialog(exc.message, rows, self).exec()
        if choice == KEEP_MINE and theirs is not None:
            self._save(EntityData(**{**mine.__dict__, "version": theirs.version}))
        elif choice == TAKE_THEIRS and theirs is not None:
            self.original = theirs
            self.masked_phone = theirs.phone if MASK in theirs.phone else ""
            self.load(theirs)

    def reject(self) -> None:
        if self.dirty:
            buttons = QMessageBox.StandardButton
            answer = QMessageBox.question(
                self, L.UNSAVED_TITLE, L.UNSAVED, buttons.Save | buttons.Discard | buttons.Cancel
            )
            if answer == buttons.Save:
                self.save()
                return
            if answer == buttons.Cancel:
                return
        self.dirty = False
        super().reject()
