"""Forms: inline validation messages, dirty tracking, and the spec-driven :class:`FormDialog`.

A dialog of plain fields is a list of :class:`Field` specs, not a hand-built constructor::

    GRID_FIELDS = (Field("code", L.GRID_CODE, placeholder=L.GRID_CODE_HINT), ...)
    form = FormDialog(L.NEW_GRID, GRID_FIELDS, submit=lambda values: ..., parent=self)

``submit(values)`` usually calls :meth:`FormDialog.run_save`: the service call runs on the
writer thread, a ``ValidationError`` shows under the form at the field it names, and the
dialog closes only when the save succeeded. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.complaints import parse_yuan
from station_app.errors import ConflictError, ValidationError
from station_app.ui.errors import show_error
from station_app.ui.formatting import yuan
from station_app.ui.widgets import labels as L
from station_app.ui.widgets.dates import DateEdit, pydate, qdate
from station_app.ui.widgets.plain_text import plain_text

ERROR_STYLE = "color: #b00020;"
INVALID_STYLE = "QLineEdit { border: 1px solid #b00020; }"
SCROLL_AFTER = 10  # fields: a longer form scrolls
OPTIONAL_DATE_MIN = QDate(2000, 1, 1)


class InlineError(QLabel):
    """A red message under a form; empty and hidden when there is nothing wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def mark_invalid(widget: QWidget) -> None:
    """Outline ``widget`` in red, whatever its class."""
    widget.setStyleSheet(INVALID_STYLE.replace("QLineEdit", widget.metaObject().className()))


class FormFields(QWidget):
    """Base for forms made of line edits keyed by field name. Emits ``edited`` on any change."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.dirty = False

    def _add_edit(self, key: str, placeholder: str = "") -> QLineEdit:
        edit = plain_text(QLineEdit(self))
        edit.setObjectName(f"field_{key}")
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self._on_edit_text_edited)
        self.edits[key] = edit
        return edit

    def _on_edit_text_edited(self, _text: str) -> None:
        self.dirty = True
        for edit in self.edits.values():
            edit.setStyleSheet("")
        self.edited.emit()

    def mark_invalid(self, key: str) -> None:
        edit = self.edits.get(key)
        if edit is not None:
            edit.setStyleSheet(INVALID_STYLE)
            edit.setFocus()


@dataclass(frozen=True)
class Field:
    """One row of a :class:`FormDialog`.

    ``kind``: ``text`` | ``multiline`` | ``date`` | ``optdate`` (may stay empty) | ``combo`` |
    ``edit_combo`` (free text with suggestions) | ``check`` | ``checks`` (several boxes) |
    ``choice`` (a yes/no question that must be answered) | ``money`` (yuan shown, fen
    returned) | ``number``.
    ``options``: combo and checks: ``(text, value)`` pairs; edit_combo: the suggested texts;
    choice: the yes and the no answer; number: ``(minimum, maximum, step)``.
    ``placeholder``: the grey hint of a text field; a check box's own text.
    ``height``: a multiline field's fixed height in pixels (0: at least 70, growing)."""

    key: str
    label: str
    kind: str = "text"
    options: tuple = ()
    placeholder: str = ""
    height: int = 0


def options(values: Iterable[str], blank: str | None = None) -> tuple:
    """``(text, value)`` pairs where text and value are the same; ``blank`` first (value "")."""
    out = tuple((v, v) for v in values)
    return (((blank, ""),) if blank is not None else ()) + out


# -- one maker, getter and setter per kind -----------------------------------------------------
def _make_text(form: FormDialog, f: Field) -> QWidget:
    w = plain_text(QLineEdit(form))
    w.setPlaceholderText(f.placeholder)
    w.textEdited.connect(form.touched)
    return w


def _make_multiline(form: FormDialog, f: Field) -> QWidget:
    w = QPlainTextEdit(form)
    w.setPlaceholderText(f.placeholder)
    if f.height:
        w.setFixedHeight(f.height)
        w.setTabChangesFocus(True)
    else:
        w.setMinimumHeight(70)
    w.textChanged.connect(form.touched)
    return w


def _make_date(form: FormDialog, f: Field) -> QWidget:
    w = DateEdit(form)
    w.setDate(qdate())
    if f.kind == "optdate":
        w.setSpecialValueText(L.NOT_FILLED)
        w.setMinimumDate(OPTIONAL_DATE_MIN)
        w.setDate(w.minimumDate())
    w.dateChanged.connect(form.touched)
    return w


def _make_combo(form: FormDialog, f: Field) -> QWidget:
    w = QComboBox(form)
    for text, value in f.options:
        w.addItem(text, value)
    w.currentIndexChanged.connect(form.touched)
    return w


def _make_edit_combo(form: FormDialog, f: Field) -> QWidget:
    w = QComboBox(form)
    w.setEditable(True)
    w.addItems(["", *f.options])
    w.currentTextChanged.connect(form.touched)
    return w


def _make_check(form: FormDialog, f: Field) -> QWidget:
    w = QCheckBox(f.placeholder, form)
    w.toggled.connect(form.touched)
    return w


class CheckBoxes(QWidget):
    """A row of check boxes; ``boxes`` maps each value to its box."""

    def __init__(self, choices: Iterable[tuple[str, Any]], name: str, parent: QWidget) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[Any, QCheckBox] = {}
        for text, value in choices:
            box = QCheckBox(text, self)
            box.setObjectName(f"{name}_{value}")
            lay.addWidget(box)
            self.boxes[value] = box
        lay.addStretch(1)

    def checked(self) -> tuple:
        return tuple(value for value, box in self.boxes.items() if box.isChecked())

    def set_checked(self, values: Iterable[Any]) -> None:
        chosen = set(values)
        for value, box in self.boxes.items():
            box.setChecked(value in chosen)


def _make_checks(form: FormDialog, f: Field) -> QWidget:
    w = CheckBoxes(f.options, f.key, form)
    for box in w.boxes.values():
        box.toggled.connect(form.touched)
    return w


class YesNo(QWidget):
    """Two exclusive answers, neither chosen at first: the user must answer (``yes``/``no``)."""

    def __init__(self, answers: tuple[str, str], name: str, parent: QWidget) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(self)
        self.yes, self.no = QRadioButton(answers[0], self), QRadioButton(answers[1], self)
        for button, suffix in ((self.yes, "yes"), (self.no, "no")):
            button.setObjectName(f"{name}_{suffix}")
            group.addButton(button)
            lay.addWidget(button)
        lay.addStretch(1)

    def answer(self) -> bool | None:
        return True if self.yes.isChecked() else (False if self.no.isChecked() else None)


def _make_choice(form: FormDialog, f: Field) -> QWidget:
    return YesNo(f.options or (L.YES, L.NO), f.key, form)


def _make_number(form: FormDialog, f: Field) -> QWidget:
    w = QDoubleSpinBox(form)
    low, high, step = f.options or (0, 9999, 1)
    w.setRange(low, high)
    w.setSingleStep(step)
    w.setDecimals(1)
    w.valueChanged.connect(form.touched)
    return w


def _set_date(w: Any, f: Field, value: date | None) -> None:
    if value:
        w.setDate(qdate(value))
    else:
        w.setDate(w.minimumDate() if f.kind == "optdate" else qdate())


def _get_date(w: Any, f: Field) -> date | None:
    if f.kind == "optdate" and w.date() == w.minimumDate():
        return None
    return pydate(w.date())


def _set_combo(w: Any, _f: Field, value: object) -> None:
    w.setCurrentIndex(max(0, w.findData(value)))


# kind → (make, get, set)
_KINDS: dict[str, tuple[Callable, Callable, Callable]] = {
    "text": (
        _make_text,
        lambda w, _f: w.text(),
        lambda w, _f, v: w.setText("" if v is None else str(v)),
    ),
    "multiline": (
        _make_multiline,
        lambda w, _f: w.toPlainText(),
        lambda w, _f, v: w.setPlainText(v or ""),
    ),
    "date": (_make_date, _get_date, _set_date),
    "optdate": (_make_date, _get_date, _set_date),
    "combo": (_make_combo, lambda w, _f: w.currentData(), _set_combo),
    "edit_combo": (
        _make_edit_combo,
        lambda w, _f: w.currentText(),
        lambda w, _f, v: w.setCurrentText(v or ""),
    ),
    "check": (_make_check, lambda w, _f: w.isChecked(), lambda w, _f, v: w.setChecked(bool(v))),
    "checks": (_make_checks, lambda w, _f: w.checked(), lambda w, _f, v: w.set_checked(v or ())),
    "choice": (
        _make_choice,
        lambda w, _f: w.answer(),
        lambda w, _f, v: (w.yes if v else w.no).setChecked(True),
    ),
    "money": (
        _make_text,
        lambda w, f: parse_yuan(w.text(), f.key),
        lambda w, _f, v: w.setText(yuan(v) if v else ""),
    ),
    "number": (_make_number, lambda w, _f: w.value(), lambda w, _f, v: w.setValue(v or 0)),
}


class FormDialog(QDialog):
    """A form made from :class:`Field` specs, an inline error and 保存/取消 (Ctrl+S saves).

    ``submit(values)`` runs when 保存 is pressed and ``pre_save`` (if set) raised no
    ``ValidationError``; it usually calls :meth:`run_save`. Widgets are ``widgets[key]``;
    :meth:`add_row` adds a hand-made one. Cancel asks first when something was changed and
    ``ask_before_discard`` (the text is ``unsaved_text``). GUI thread only."""

    def __init__(
        self,
        title: str,
        fields: Iterable[Field],
        submit: Callable[[dict], None] | None = None,
        parent: QWidget | None = None,
        values: Mapping[str, object] | None = None,
        intro: str = "",
        *,
        name: str = "formDialog",
        ask_before_discard: bool = True,
        unsaved_text: str = L.UNSAVED,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.setMinimumWidth(520)
        self.specs = {f.key: f for f in fields}
        self.widgets: dict[str, QWidget] = {}
        self._submit = submit
        self.pre_save: Callable[[], object] | None = None
        self.result_value: Any = None
        self.ask_before_discard = ask_before_discard
        self.unsaved_text = unsaved_text
        self._build(intro)
        self.set_values(values or {})
        self.dirty = False

    # -- layout --------------------------------------------------------------------------------
    def _build(self, intro: str) -> None:
        self.outer = QVBoxLayout(self)
        if intro:
            self.intro = QLabel(intro, self)
            self.intro.setWordWrap(True)
            self.outer.addWidget(self.intro)
        body = QWidget(self)
        self.form = QFormLayout(body)
        for f in self.specs.values():
            self._add_field(f, body)
        self._place_body(body)
        self.extra = QVBoxLayout()
        self.outer.addLayout(self.extra)
        self.error = InlineError(self)
        self.outer.addWidget(self.error)
        self.outer.addWidget(self._buttons())
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    def _add_field(self, f: Field, body: QWidget) -> None:
        w = _KINDS[f.kind][0](self, f)
        w.setObjectName(f"field_{f.key}")
        self.widgets[f.key] = w
        if f.kind == "choice":  # a long question: on its own line, the answers below
            question = QLabel(f"<b>{f.label}</b>", body)
            question.setWordWrap(True)
            self.form.addRow(question)
            self.form.addRow("", w)
        else:
            self.form.addRow(f.label, w)

    def _place_body(self, body: QWidget) -> None:
        if len(self.specs) <= SCROLL_AFTER:
            self.outer.addWidget(body)
            return
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.outer.addWidget(scroll, 1)

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(L.SAVE_SHORTCUT)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        return buttons

    def add_row(self, key: str, label: str, widget: QWidget, row: int = -1) -> QWidget:
        """Put a hand-made widget in the form (at ``row``, default last); it is marked when
        a ``ValidationError`` names ``key`` but gives no value to :meth:`values`."""
        widget.setObjectName(f"field_{key}")
        self.widgets[key] = widget
        self.form.insertRow(row, label, widget)
        return widget

    # -- values --------------------------------------------------------------------------------
    def touched(self, *_args: object) -> None:
        """Any edit: the form is dirty and the last error is gone."""
        self.dirty = True
        self.clear_marks()

    def clear_marks(self) -> None:
        for w in self.widgets.values():
            w.setStyleSheet("")
        self.error.show_message("")

    def set_value(self, key: str, value: object) -> None:
        f = self.specs[key]
        _KINDS[f.kind][2](self.widgets[key], f, value)

    def set_values(self, values: Mapping[str, object]) -> None:
        for key, value in values.items():
            if key in self.specs:
                self.set_value(key, value)

    def value(self, key: str) -> Any:
        f = self.specs[key]
        return _KINDS[f.kind][1](self.widgets[key], f)

    def values(self) -> dict:
        return {key: self.value(key) for key in self.specs}

    # -- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        try:
            if self.pre_save is not None:
                self.pre_save()
            values = self.values()
        except ValidationError as exc:
            self.show_validation(exc)
            return
        if self._submit is not None:
            self._submit(values)

    def run_save(
        self,
        ops: Any,
        call: Callable[[], object],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_conflict: Callable[[ConflictError], None] | None = None,
    ) -> None:
        """Run ``call`` on the writer thread (``ops`` is the op runner). Success: the result is
        kept in ``result_value``, the dialog closes, then ``on_done(result)``. Failure: the
        dialog stays open with the reason (``on_conflict`` handles a lost-update conflict)."""
        self.clear_marks()

        def done(result: object) -> None:
            self.result_value = result
            self.dirty = False
            self.accept()
            if on_done is not None:
                on_done(result)

        ops.run_write(
            lambda _p: call(),
            on_done=done,
            on_error=lambda exc: self.show_failure(exc, on_conflict),
            parent=self,
        )

    def show_failure(
        self, exc: BaseException, on_conflict: Callable[[ConflictError], None] | None = None
    ) -> None:
        if isinstance(exc, ValidationError):
            self.show_validation(exc)
        elif isinstance(exc, ConflictError) and on_conflict is not None:
            on_conflict(exc)
        else:
            show_error(self, exc)

    def show_conflict_inline(self, exc: ConflictError, load: Callable[[Any], None]) -> None:
        """The other PC's version is loaded into the form (``load(exc.theirs)``) and the
        message says so: the user checks and saves again."""
        self.error.show_message(exc.message + L.CONFLICT_RELOADED)
        if exc.theirs is not None:
            load(exc.theirs)

    def show_validation(self, exc: ValidationError) -> None:
        self.error.show_message(exc.message)
        key = exc.field.split(".")[0] if exc.field else ""
        w = self.widgets.get(exc.field or "") or self.widgets.get(key)
        if w is not None:
            mark_invalid(w)
            w.setFocus()

    def reject(self) -> None:
        if self.dirty and self.ask_before_discard and not self._discard_confirmed():
            return
        super().reject()

    def _discard_confirmed(self) -> bool:
        answer = QMessageBox.question(self, self.windowTitle(), self.unsaved_text)
        return answer == QMessageBox.StandardButton.Yes
