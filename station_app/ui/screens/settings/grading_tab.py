"""分级规则 tab: the station's grading rules (weights per indicator and grade cut-offs) beside
their documented defaults; Save, 撤销修改, 恢复默认, then an offer to regrade every entity."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.grading import (
    CUTOFFS,
    MAX_POINTS,
    RULE_FIELDS,
    GradingRules,
    RuleField,
    check_rules,
)
from station_app.errors import ConflictError, ValidationError
from station_app.services.base import Changes
from station_app.services.grading_rules import KIND, GradingRulesData
from station_app.ui.dialogs.conflict import KEEP_MINE, TAKE_THEIRS, ConflictDialog
from station_app.ui.errors import show_error
from station_app.ui.formatting import local_time
from station_app.ui.screens.settings import labels as L
from station_app.ui.widgets.forms import InlineError

INVALID_SPIN = "QSpinBox { border: 1px solid #b00020; }"


class GradingRulesTab(QWidget):
    """Fifteen figures in a grid of spin boxes (0–100 points); the cross-figure rules (caps,
    cut-off order) are checked as the user types, by the same domain code the service runs.
    GUI thread only."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.svc = ui.services.grading_rules
        self.loaded = GradingRulesData(GradingRules())
        self.editable = ui.app.auth.can("settings.grading")
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)  # 15 rows: at 150 % scaling they need to scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
        )
        body = QWidget(scroll)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        note = QLabel(L.GRADING_NOTE, body)
        note.setWordWrap(True)
        lay.addWidget(note)
        lay.addLayout(self._grids(body))
        lay.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.error = InlineError(self)
        self.error.setObjectName("gradingError")
        outer.addWidget(self.error)
        outer.addLayout(self._buttons())
        self.state = QLabel("", self)
        self.state.setObjectName("gradingState")
        self.state.setWordWrap(True)
        outer.addWidget(self.state)
        ui.bus.changed.connect(self._on_bus_changed)
        self.load()

    # -- layout -------------------------------------------------------------------------------
    def _grids(self, body: QWidget) -> QHBoxLayout:
        """Deductions on the left, grade cut-offs on the right: fits 1280 × 800 without
        scrolling."""
        self.spins: dict[str, QSpinBox] = {}
        self.item_labels: dict[str, QLabel] = {}
        row = QHBoxLayout()
        deductions = [f for f in RULE_FIELDS if f.indicator != CUTOFFS]
        cutoffs = [f for f in RULE_FIELDS if f.indicator == CUTOFFS]
        row.addLayout(self._grid(body, deductions, L.GRADING_HEADERS), 0)
        row.addSpacing(32)
        right = QVBoxLayout()
        right.addLayout(self._grid(body, cutoffs, (CUTOFFS, *L.GRADING_HEADERS[2:])))
        right.addStretch(1)
        row.addLayout(right, 0)
        row.addStretch(1)
        return row

    def _grid(self, body: QWidget, specs: list[RuleField], headers) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        for col, text in enumerate(headers):
            grid.addWidget(QLabel(f"<b>{text}</b>", body), 0, col)
        defaults = GradingRules()
        first = 1 if len(headers) == 4 else 0  # the cut-offs need no indicator column
        previous = ""
        for row, spec in enumerate(specs, start=1):
            if first and spec.indicator != previous:
                grid.addWidget(QLabel(spec.indicator, body), row, 0)
                previous = spec.indicator
            item = self.item_labels[spec.key] = QLabel(spec.item, body)
            grid.addWidget(item, row, first)
            spin = self.spins[spec.key] = QSpinBox(body)
            spin.setObjectName(f"rule_{spec.key}")
            spin.setRange(0, MAX_POINTS)
            spin.setSuffix(L.GRADING_POINTS)
            spin.setReadOnly(not self.editable)
            spin.valueChanged.connect(self._on_spin_value_changed)
            item.setBuddy(spin)
            grid.addWidget(spin, row, first + 1)
            default = QLabel(L.GRADING_DEFAULT.format(getattr(defaults, spec.key)), body)
            default.setStyleSheet("color: palette(mid);")
            grid.addWidget(default, row, first + 2)
        return grid

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.save_button = QPushButton(L.GRADING_SAVE, self)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(L.GRADING_REVERT, self)
        self.revert_button.clicked.connect(self.load)
        self.restore_button = QPushButton(L.GRADING_RESTORE, self)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        for button in (self.save_button, self.revert_button, self.restore_button):
            button.setEnabled(self.editable)
            row.addWidget(button)
        row.addStretch(1)
        return row

    # -- state --------------------------------------------------------------------------------
    def load(self) -> None:
        try:
            data = self.svc.get()
        except Exception as exc:
            show_error(self, exc)
            return
        self.show_rules(data)

    def show_rules(self, data: GradingRulesData) -> None:
        self.loaded = data
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(getattr(data.rules, key))
            spin.blockSignals(False)
        self._validate()
        if data.is_default:
            text = L.GRADING_STATE_DEFAULT
        else:
            when = local_time(data.updated_at).strftime("%Y-%m-%d %H:%M") if data.updated_at else ""
            text = L.GRADING_STATE_SAVED.format(data.updated_by, when) + L.GRADING_CHANGED_MARK
        if not self.editable:
            text += L.GRADING_READONLY
        self.state.setText(text)

    def values(self) -> dict[str, int]:
        return {key: spin.value() for key, spin in self.spins.items()}

    @property
    def dirty(self) -> bool:
        return self.values() != self.loaded.rules.as_dict()

    def _on_spin_value_changed(self, _value: int) -> None:
        self._validate()

    def _validate(self) -> bool:
        """Inline: the same checks the service makes, as the user types."""
        for spin in self.spins.values():
            spin.setStyleSheet("")
        defaults = GradingRules()
        for key, label in self.item_labels.items():
            changed = self.spins[key].value() != getattr(defaults, key)
            label.setText(f"<b>{_item(key)}</b>" if changed else _item(key))
        try:
            check_rules(self.values())
        except ValidationError as exc:
            self.show_validation(exc)
            self.save_button.setEnabled(False)
            return False
        self.error.show_message("")
        self.save_button.setEnabled(self.editable)
        return True

    def show_validation(self, exc: ValidationError) -> None:
        self.error.show_message(exc.message)
        spin = self.spins.get(exc.field)
        if spin is not None:
            spin.setStyleSheet(INVALID_SPIN)

    # -- actions ------------------------------------------------------------------------------
    def save(self) -> None:
        if not self.editable or not self._validate():
            return
        values, version, svc = self.values(), self.loaded.version, self.svc
        self.ui.ops.run_write(
            lambda _p: svc.save(values, version),
            on_done=self._on_saved,
            on_error=self._on_save_error,
        )

    def _on_restore_clicked(self) -> None:
        answer = QMessageBox.question(self, L.GRADING_RESTORE, L.GRADING_RESTORE_CONFIRM)
        if answer != QMessageBox.StandardButton.Yes:
            return
        version, svc = self.loaded.version, self.svc
        self.ui.ops.run_write(
            lambda _p: svc.restore_defaults(version),
            on_done=self._on_saved,
            on_error=self._on_save_error,
        )

    def _on_saved(self, result: tuple[GradingRulesData, Changes]) -> None:
        saved, changes = result
        self.show_rules(saved)
        if not changes:
            self.state.setText(L.GRADING_UNCHANGED)
            return
        self.state.setText(L.GRADING_SAVED)
        answer = QMessageBox.question(self, L.GRADING_RECOMPUTE_TITLE, L.GRADING_RECOMPUTE_ASK)
        if answer == QMessageBox.StandardButton.Yes:
            self.recompute()

    def recompute(self) -> None:
        entities = self.ui.services.entities
        self.ui.ops.run_write(
            lambda p: entities.recompute_grades(p),
            on_done=lambda r: self.state.setText(
                L.GRADING_RECOMPUTED.format(r[0].entities, r[0].changed)
            ),
            parent=self,
            progress_label=L.GRADING_RECOMPUTING,
        )

    def _on_save_error(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_validation(exc)
        elif isinstance(exc, ConflictError):
            self._resolve_conflict(exc)
        else:
            show_error(self, exc)

    def _resolve_conflict(self, exc: ConflictError) -> None:
        mine, theirs = exc.mine, exc.theirs
        rows = [
            (spec.label, str(getattr(mine, spec.key)), str(getattr(theirs.rules, spec.key)))
            for spec in RULE_FIELDS
        ]
        choice = ConflictDialog(exc.message, rows, self).exec()
        if choice == KEEP_MINE:
            self.loaded = theirs
            self.save()
        elif choice == TAKE_THEIRS:
            self.show_rules(theirs)

    def can_leave(self) -> bool:
        """Unsaved figures: ask to save, discard or stay (the page asks when it is left)."""
        if not self.editable or not self.dirty:
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, L.GRADING_TAB, L.GRADING_UNSAVED, buttons.Save | buttons.Discard | buttons.Cancel
        )
        if answer == buttons.Save:
            self.save()
            return True
        if answer == buttons.Discard:
            self.load()
            return True
        return False

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(KIND, "*") and not self.dirty:
            self.load()


def _item(key: str) -> str:
    return next(f.item for f in RULE_FIELDS if f.key == key)
