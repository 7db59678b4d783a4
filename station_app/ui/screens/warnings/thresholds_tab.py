"""设置 → 预警阈值: each kind of warning with its switch, its thresholds (spin boxes within the
domain's bounds, the unit and what the number means) and its condition in one plain sentence
that follows the values as they are typed; the day the new values take effect, the reason,
保存; the versions saved so far. GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.warnings.kinds import KIND_LABELS, KINDS
from station_app.domain.warnings.thresholds import THRESHOLDS, Thresholds, condition
from station_app.errors import ValidationError
from station_app.services.base import Changes
from station_app.ui.errors import show_error
from station_app.ui.formatting import local_time
from station_app.ui.screens.warnings import labels as L
from station_app.ui.widgets.dates import DateEdit, format_date, pydate, qdate
from station_app.ui.widgets.forms import InlineError
from station_app.ui.widgets.tables import fill_table, readonly_table

SETTING_KIND = "station_setting"


class WarningThresholdsTab(QWidget):
    """The kinds in a two-column grid of boxes (fits 1280 × 800), the versions beneath."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.svc = ui.services.warnings
        self.editable = ui.app.auth.can("settings.edit")
        self.spins: dict[str, QSpinBox] = {}
        self.boxes: dict[str, QGroupBox] = {}
        self.sentences: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        note = QLabel(L.TH_NOTE if self.editable else f"{L.TH_NOTE}{L.TH_READ_ONLY}", self)
        note.setWordWrap(True)
        outer.addWidget(note)
        outer.addWidget(self._scroll(), 1)
        self.error = InlineError(self)
        self.error.setObjectName("thresholdError")
        outer.addWidget(self.error)
        outer.addLayout(self._save_row())
        self.state = QLabel("", self)
        self.state.setObjectName("thresholdState")
        outer.addWidget(self.state)
        outer.addWidget(QLabel(L.TH_VERSIONS, self))
        self.versions = readonly_table(L.TH_VERSION_HEADERS, (), self)
        self.versions.setObjectName("thresholdVersions")
        self.versions.setMaximumHeight(120)
        outer.addWidget(self.versions)
        ui.bus.changed.connect(self._on_changes)
        self.load()

    def _scroll(self) -> QScrollArea:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        for n, kind in enumerate(KINDS):
            grid.addWidget(self._kind_box(kind, body), n // 2, n % 2)
        grid.setRowStretch(len(KINDS) // 2 + 1, 1)
        scroll.setWidget(body)
        return scroll

    def _kind_box(self, kind: str, parent: QWidget) -> QGroupBox:
        box = QGroupBox(KIND_LABELS[kind], parent)
        box.setObjectName(f"threshold_{kind}")
        box.setCheckable(True)
        box.setEnabled(self.editable)
        box.toggled.connect(lambda _on: self._follow())
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for t in (t for t in THRESHOLDS if t.kind == kind):
            spin = QSpinBox(box)
            spin.setObjectName(f"threshold_{t.key}")
            spin.setRange(t.minimum, t.maximum)
            spin.setSuffix(f" {t.unit}")
            spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance(L.TH_SPIN_SAMPLE) + 40)
            spin.setToolTip(t.help)
            spin.valueChanged.connect(lambda _v: self._follow())
            self.spins[t.key] = spin
            form.addRow(L.TH_ROW.format(t.label), spin)
        sentence = QLabel("", box)
        sentence.setWordWrap(True)
        sentence.setStyleSheet("color: #444;")
        form.addRow(sentence)
        self.boxes[kind], self.sentences[kind] = box, sentence
        return box

    def _save_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(L.TH_EFFECTIVE, self))
        self.effective = DateEdit(self)
        self.effective.setObjectName("thresholdEffective")
        row.addWidget(self.effective)
        row.addWidget(QLabel(L.TH_REASON, self))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("thresholdReason")
        self.reason.setPlaceholderText(L.TH_REASON_HINT)
        row.addWidget(self.reason, 1)
        self.revert_button = QPushButton(L.TH_REVERT, self)
        self.revert_button.clicked.connect(self.load)
        self.save_button = QPushButton(L.TH_SAVE, self)
        self.save_button.setObjectName("thresholdSave")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        for widget in (self.revert_button, self.save_button, self.effective, self.reason):
            widget.setEnabled(self.editable)
        return row

    # -- values ---------------------------------------------------------------------------------
    def load(self) -> None:
        th = self.svc.thresholds()
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(th[key])
            spin.blockSignals(False)
        for kind, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(th.enabled(kind))
            box.blockSignals(False)
        self.effective.setDate(qdate(self.ui.services.clock.today()))
        self.reason.clear()
        self.error.show_message("")
        self._follow()
        self._load_versions()

    def current(self) -> Thresholds:
        disabled = frozenset(k for k, box in self.boxes.items() if not box.isChecked())
        return Thresholds({k: s.value() for k, s in self.spins.items()}, disabled)

    def _follow(self) -> None:
        """Each kind's sentence with the values on screen (the domain's own wording)."""
        th = self.current()
        for kind, label in self.sentences.items():
            label.setText(condition(kind, th))

    def _load_versions(self) -> None:
        rows = [
            (
                format_date(v.effective) if v.effective else L.TH_FROM_START,
                v.by,
                _when(v.at),
                v.reason,
                L.TH_SEP.join(KIND_LABELS[k] for k in sorted(v.thresholds.disabled)) or L.TH_NONE,
            )
            for v in reversed(self.svc.threshold_versions())
        ]
        fill_table(self.versions, rows)

    def save(self) -> None:
        th, day = self.current(), pydate(self.effective)
        self.error.show_message("")
        self.ui.ops.run_write(
            lambda _p: self.svc.save_thresholds(
                dict(th.values), sorted(th.disabled), self.reason.text(), day
            ),
            on_done=lambda _c: self._saved(day),
            on_error=self._failed,
            parent=self,
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.error.show_message(exc.message)
        else:
            show_error(self, exc)

    def _saved(self, day) -> None:  # type: ignore[no-untyped-def]
        self.load()
        self.state.setText(L.TH_SAVED.format(format_date(day)))

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(SETTING_KIND):
            self._load_versions()


def _when(iso: str) -> str:
    from datetime import datetime

    if not iso:
        return ""
    return local_time(datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")
