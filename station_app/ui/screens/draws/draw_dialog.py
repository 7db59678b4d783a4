"""新建双随机抽取: choose the item and the pools, preview (the pool hash is announced before
any digit exists), then the witness digits and 抽取. A changed pool after the preview, a
redraw without a reason, too few inspectors: the service refuses and the reason shows here;
nothing is drawn. GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.draws import GRADES
from station_app.errors import StationError
from station_app.services.draws import DrawSpec, PoolPreview
from station_app.ui.screens.draws import labels as L
from station_app.ui.widgets.forms import InlineError


class DrawDialog(QDialog):
    """``draw_id`` holds the new draw's id once it is drawn."""

    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.service = ui.services.draws
        self.draw_id: int | None = None
        self.previewed: tuple[DrawSpec, str] | None = None  # the spec and hash announced
        self.setWindowTitle(L.DIALOG_TITLE)
        self.setObjectName("drawDialog")
        self.setMinimumWidth(620)
        outer = QVBoxLayout(self)
        intro = QLabel(L.DIALOG_INTRO, self)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        self._pool_fields()
        self._witness_fields()
        self.error = InlineError(self)
        outer.addWidget(self.error)
        outer.addWidget(self._buttons())

    # -- layout ---------------------------------------------------------------------------------
    def _combo(self, name: str, items) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self._forget_preview)
        return combo

    def _pool_fields(self) -> None:
        views = self.ui.services.saved_views
        self.item = self._combo("drawItem", [(i.name, i.name) for i in self.service.items()])
        objects = [(L.ALL_OBJECTS, "all")] + [
            (L.SAVED.format(v.name), v.name)
            for screen in ("entities", "campaign_targets")
            for v in views.list(screen)
        ]
        inspectors = [(L.ALL_INSPECTORS, "all")] + [
            (L.SAVED.format(v.name), v.name) for v in views.list("draw_inspectors")
        ]
        self.objects = self._combo("drawObjects", objects)
        self.inspectors = self._combo("drawInspectors", inspectors)
        self.form.addRow(L.ITEM, self.item)
        self.form.addRow(L.OBJECTS, self.objects)
        self.form.addRow(L.INSPECTORS, self.inspectors)
        defaults = self.service.settings().ratios
        row = QHBoxLayout()
        self.ratios: dict[str, QLineEdit] = {}
        for grade in GRADES:
            edit = QLineEdit(defaults.get(grade, ""), self)
            edit.setObjectName(f"ratio_{grade}")
            edit.setPlaceholderText(L.RATIO_HINT.format(grade=grade))
            edit.textEdited.connect(self._forget_preview)
            row.addWidget(QLabel(L.RATIO_HINT.format(grade=grade), self))
            row.addWidget(edit)
            self.ratios[grade] = edit
        self.form.addRow(L.RATIOS, row)
        self.min_inspectors = QSpinBox(self)
        self.min_inspectors.setRange(2, 4)
        self.min_inspectors.valueChanged.connect(self._forget_preview)
        self.form.addRow(L.MIN_INSPECTORS, self.min_inspectors)
        self.preview_button = QPushButton(L.PREVIEW, self)
        self.preview_button.setObjectName("drawPreview")
        self.preview_button.clicked.connect(self.preview)
        self.preview_text = QLabel(L.NOT_PREVIEWED, self)
        self.preview_text.setObjectName("drawPreviewText")
        self.preview_text.setWordWrap(True)
        self.form.addRow(self.preview_button, self.preview_text)

    def _witness_fields(self) -> None:
        self.witness = QLineEdit(self)
        self.witness.setObjectName("drawWitness")
        self.witness.setPlaceholderText(L.WITNESS_HINT)
        self.witnessed_by = QLineEdit(self)
        self.witnessed_by.setObjectName("drawWitnessedBy")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("drawReason")
        self.form.addRow(L.WITNESS, self.witness)
        self.form.addRow(L.WITNESSED_BY, self.witnessed_by)
        self.form.addRow(L.REASON, self.reason)

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.draw_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.draw_button.setText(L.DRAW)
        self.draw_button.setObjectName("drawRun")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(L.CANCEL)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        return buttons

    # -- behaviour ------------------------------------------------------------------------------
    def spec(self) -> DrawSpec:
        ratios = ",".join(
            f"{g}={e.text().strip()}" for g, e in self.ratios.items() if e.text().strip()
        )
        return DrawSpec(
            item=self.item.currentData() or "",
            objects=self.objects.currentData() or "all",
            inspectors=self.inspectors.currentData() or "all",
            ratios=ratios,
            witness=self.witness.text(),
            witnessed_by=self.witnessed_by.text(),
            min_inspectors=self.min_inspectors.value(),
            reason=self.reason.text(),
        )

    def _forget_preview(self, *_args: object) -> None:
        self.previewed = None
        self.preview_text.setText(L.NOT_PREVIEWED)

    def preview(self) -> None:
        spec = self.spec()
        self.error.show_message("")
        self.ui.ops.run_read(
            lambda _p: self.service.preview(spec),
            on_done=lambda p: self._show_preview(spec, p),
            on_error=self._show_error,
            parent=self,
        )

    def _show_preview(self, spec: DrawSpec, p: PoolPreview) -> None:
        sizes = "\n".join(
            L.PREVIEW_SIZE.format(
                grade=g, pool=p.pool_sizes[g], label=p.quota_labels[g], n=p.sizes[g]
            )
            for g in GRADES
        )
        text = L.PREVIEW_TEXT.format(
            hash=p.pool_hash,
            sizes=sizes,
            inspectors=p.inspector_pool_size,
            names=L.LIST_SEP.join(p.inspectors),
            excluded=p.excluded,
        )
        notes = [*p.warnings]
        if p.redraw_of:
            notes.append(L.REDRAW_NOTE.format(old=p.redraw_of))
        self.preview_text.setText("\n".join([text, *notes]))
        self.previewed = (spec, p.pool_hash)

    def run(self) -> None:
        if self.previewed is None:
            self.error.show_message(L.PREVIEW_FIRST)
            return
        spec, pool_hash = self.spec(), self.previewed[1]
        self.error.show_message("")
        self.ui.ops.run_write(
            lambda _p: self.service.run(spec, expect_pool_hash=pool_hash),
            on_done=self._drawn,
            on_error=self._show_error,
            parent=self,
        )

    def _drawn(self, result) -> None:
        self.draw_id = result[0]
        self.accept()

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, StationError):
            self.error.show_message(exc.message)
        else:
            raise exc
