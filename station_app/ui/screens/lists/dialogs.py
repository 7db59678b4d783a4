"""Dialogs of the 红黑榜 screen about one entry: listing (with live rule checks), removal and the
credit-repair steps. Publication is ``publish_dialog``, the lists' settings ``kinds_dialog``."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import lists as rules
from station_app.errors import StationError
from station_app.services.lists import EntryDraft, EntryRow, RepairInfo
from station_app.ui.screens.lists import labels as L
from station_app.ui.widgets.dates import DateEdit, pydate, qdate
from station_app.ui.widgets.lookup import LookupLineEdit, LookupList
from station_app.ui.widgets.plain_text import plain_text

CHECK_DELAY_MS = 150
SEARCH_DELAY_MS = 250
OK_STYLE = "color: #1b5e20;"
PROBLEM_STYLE = "color: #b00020;"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ok_cancel(dialog: QDialog, save) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _text_box(parent: QWidget, name: str, height: int, hint: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setObjectName(name)
    box.setPlaceholderText(hint)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(height)
    return box


class ListingDialog(QDialog):
    """提请列入. Every rule is checked while the form is filled (``run_checks``); OK stays
    disabled until they all pass. ``entry_id`` holds the new entry after saving."""

    def __init__(self, ui, parent: QWidget | None = None, *, kind_id: int | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.service = ui.services.lists
        self.entity_id: int | None = None
        self.entry_id: int | None = None
        self.setWindowTitle(L.LISTING_TITLE)
        self.kinds = self.service.kinds(active_only=True)
        form = QFormLayout()
        form.addRow(L.F_ENTITY, self._entity_box())
        form.addRow(L.F_KIND, self._kind_combo(kind_id))
        form.addRow(L.F_TIER, self._tier_combo())
        self.listed_on = DateEdit(self)
        self.listed_on.setDate(qdate(ui.services.clock.today()))
        form.addRow(L.F_LISTED_ON, self.listed_on)
        form.addRow(L.F_VALIDITY, self._until_row())
        self._text_rows(form)
        self.checks = QLabel(self)
        self.checks.setObjectName("ruleChecks")
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        self.checks.setMinimumHeight(60)
        self.buttons = _ok_cancel(self, self.save)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(L.SUBMIT_FOR_APPROVAL)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(L.RULE_CHECKS, self))
        lay.addWidget(self.checks)
        lay.addWidget(self.buttons)
        self._connect_checks()
        self.resize(640, 640)
        self.run_checks()

    # -- layout ---------------------------------------------------------------------------------
    def _entity_box(self) -> QVBoxLayout:
        self.entity_search = plain_text(LookupLineEdit(self))
        self.entity_search.setObjectName("entitySearch")
        self.entity_search.setPlaceholderText(L.ENTITY_SEARCH_HINT)
        self.entity_search.returnPressed.connect(self.search_entities)
        self.entity_search.textEdited.connect(lambda _t: self._search_timer.start())
        self.entity_list = LookupList(self)
        self.entity_list.setObjectName("entityResults")
        self.entity_list.setMaximumHeight(110)
        self.entity_list.currentItemChanged.connect(self._on_entity_chosen)
        self.entity_label = QLabel(L.NOT_CHOSEN, self)
        box = QVBoxLayout()
        for widget in (self.entity_search, self.entity_list, self.entity_label):
            box.addWidget(widget)
        return box

    def _kind_combo(self, kind_id: int | None) -> QComboBox:
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for k in self.kinds:
            self.kind.addItem(k.label, k.id)
        if kind_id is not None and self.kind.findData(kind_id) >= 0:
            self.kind.setCurrentIndex(self.kind.findData(kind_id))
        return self.kind

    def _tier_combo(self) -> QComboBox:
        self.tier = QComboBox(self)
        self.tier.setObjectName("tier")
        self.tier.addItem(L.NOT_APPLICABLE, None)
        for code in rules.TIERS:
            self.tier.addItem(rules.TIER_LABELS[code], code)
        return self.tier

    def _until_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.custom_until = QCheckBox(L.CUSTOM_UNTIL, self)
        self.valid_until = DateEdit(self)
        self.valid_until.setEnabled(False)
        self.custom_until.toggled.connect(self.valid_until.setEnabled)
        row.addWidget(self.custom_until)
        row.addWidget(self.valid_until)
        row.addStretch(1)
        return row

    def _text_rows(self, form: QFormLayout) -> None:
        self.reason = _text_box(self, "reason", 70, L.REASON_HINT)
        form.addRow(L.F_REASON, self.reason)
        self.summary = QLineEdit(self)
        self.summary.setObjectName("publicSummary")
        self.summary.setPlaceholderText(L.SUMMARY_HINT)
        self.summary.setMaxLength(200)
        form.addRow(L.F_SUMMARY, self.summary)
        self.basis = QLineEdit(self)
        self.basis.setPlaceholderText(L.BASIS_HINT)
        form.addRow(L.F_BASIS, self.basis)
        self.decision_no = QLineEdit(self)
        self.decision_no.setPlaceholderText(L.DECISION_NO_HINT)
        form.addRow(L.F_DECISION_NO, self.decision_no)

    def _connect_checks(self) -> None:
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.run_checks)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search_entities)
        for signal in (
            self.kind.currentIndexChanged,
            self.tier.currentIndexChanged,
            self.listed_on.dateChanged,
            self.valid_until.dateChanged,
            self.custom_until.toggled,
            self.reason.textChanged,
            self.summary.textChanged,
        ):
            signal.connect(lambda *_a: self._timer.start())
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed()

    # -- the entity and the kind ----------------------------------------------------------------
    def _kind(self):
        kind_id = self.kind.currentData()
        return next((k for k in self.kinds if k.id == kind_id), None)

    def _on_kind_changed(self, *_args) -> None:
        k = self._kind()
        tiered = bool(k and k.colour == rules.BLACK and k.tiered)
        self.tier.setEnabled(tiered)
        if tiered:
            index = self.tier.findData(self.tier.currentData() or k.default_tier)
            self.tier.setCurrentIndex(max(index, 1))
        else:
            self.tier.setCurrentIndex(0)

    def search_entities(self) -> None:
        self.entity_list.clear()
        for e in self.service.search_entities(self.entity_search.text()):
            text = L.ENTITY_ITEM.format(e.name, e.uscc or L.NO_CODE_BRACKETED, e.entity_type)
            item = QListWidgetItem(text, self.entity_list)
            item.setData(Qt.ItemDataRole.UserRole, e.id)

    def choose_entity(self, entity_id: int) -> None:
        e = self.service.entity(entity_id)
        self.entity_id = entity_id
        self.entity_label.setText(
            L.CHOSEN.format(e.name, e.uscc or L.NO_CODE, e.entity_type) if e else L.NOT_CHOSEN
        )
        self.run_checks()

    def _on_entity_chosen(self, current, _previous) -> None:
        if current is not None:
            self.choose_entity(current.data(Qt.ItemDataRole.UserRole))

    # -- checks and saving ----------------------------------------------------------------------
    def draft(self) -> EntryDraft:
        return EntryDraft(
            entity_id=self.entity_id,
            kind_id=self.kind.currentData(),
            reason=self.reason.toPlainText(),
            public_summary=self.summary.text(),
            legal_basis=self.basis.text(),
            decision_no=self.decision_no.text(),
            tier=self.tier.currentData() if self.tier.isEnabled() else None,
            listed_on=pydate(self.listed_on),
            valid_until=pydate(self.valid_until) if self.custom_until.isChecked() else None,
        )

    def run_checks(self) -> None:
        """Show every rule's verdict now (also called by the debounce timer)."""
        self._timer.stop()
        result = self.service.check_draft(self.draft())
        lines = [L.CHECK_PROBLEM.format(PROBLEM_STYLE, _esc(msg)) for _f, msg in result.problems]
        if result.ok:
            lines.append(L.CHECK_OK.format(OK_STYLE, L.RULES_OK))
        lines += [L.CHECK_NOTE.format(_esc(n)) for n in result.notes]
        self.checks.setText("".join(lines))
        self.ok_button.setEnabled(result.ok)
        if result.valid_until and not self.custom_until.isChecked():
            self.valid_until.blockSignals(True)
            self.valid_until.setDate(qdate(result.valid_until))
            self.valid_until.blockSignals(False)

    @property
    def rule_text(self) -> str:
        return self.checks.text()

    def save(self) -> None:
        self.run_checks()
        if not self.ok_button.isEnabled():
            return
        draft = self.draft()
        self.ui.ops.run_write(
            lambda _p: self.service.propose(draft), on_done=self._saved, parent=self
        )

    def _saved(self, result) -> None:
        self.entry_id = result[0].id
        self.accept()


class RemoveDialog(QDialog):
    """移出红黑榜: how (``REMOVAL_WAYS``), on what basis, on which day."""

    def __init__(self, ui, entry: EntryRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.entry = ui, entry
        self.setWindowTitle(L.REMOVE_TITLE)
        form = QFormLayout(self)
        record = L.REMOVE_RECORD.format(entry.entity_name, entry.kind, entry.listed_on)
        form.addRow(L.F_RECORD, QLabel(record, self))
        self.way = QComboBox(self)
        self.way.setObjectName("removalWay")
        self.way.addItems(list(rules.REMOVAL_WAYS))
        form.addRow(L.F_REMOVAL_WAY, self.way)
        self.basis = QLineEdit(self)
        self.basis.setObjectName("removalBasis")
        self.basis.setPlaceholderText(L.REMOVAL_BASIS_HINT)
        form.addRow(L.F_REMOVAL_BASIS, self.basis)
        self.on = DateEdit(self)
        self.on.setDate(qdate(ui.services.clock.today()))
        form.addRow(L.F_REMOVED_ON, self.on)
        form.addRow(_ok_cancel(self, self.save))

    def save(self) -> None:
        e, way, basis, on = self.entry, self.way.currentText(), self.basis.text(), pydate(self.on)
        self.ui.ops.run_write(
            lambda _p: self.ui.services.lists.remove(e.id, e.version, way, basis, on),
            on_done=lambda _r: self.accept(),
            parent=self,
        )


class RepairStepDialog(QDialog):
    """One step of the repair workflow: ``apply`` (登记申请), ``check`` (核查) or ``decide`` (决定)."""

    def __init__(
        self, ui, entry: EntryRow, step: str, repair: RepairInfo | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.ui, self.entry, self.step, self.repair = ui, entry, step, repair
        self.service = ui.services.lists
        self.setWindowTitle(L.REPAIR_DIALOG_TITLE.format(L.REPAIR_TITLE, L.REPAIR_STEPS[step]))
        form = QFormLayout(self)
        tier = rules.TIER_LABELS.get(entry.tier or "", L.NO_TIER_YET)
        form.addRow(
            L.F_RECORD, QLabel(L.REPAIR_RECORD.format(entry.entity_name, entry.kind, tier), self)
        )
        self.info = QLabel(self)
        self.info.setObjectName("repairInfo")
        self.info.setWordWrap(True)
        self.day = DateEdit(self)
        self.day.setDate(qdate(ui.services.clock.today()))
        self.text = _text_box(self, "repairText", 90)
        self.grant = QRadioButton(L.GRANT, self)
        self.deny = QRadioButton(L.DENY, self)
        {"apply": self._apply_rows, "check": self._check_rows}.get(step, self._decide_rows)(form)
        form.addRow(self.info)
        form.addRow(_ok_cancel(self, self.save))
        self.resize(520, 320)

    def _apply_rows(self, form: QFormLayout) -> None:
        form.addRow(L.F_APPLIED_ON, self.day)
        form.addRow(L.F_APPLICATION, self.text)
        self.text.setPlaceholderText(L.APPLICATION_HINT)
        self.day.dateChanged.connect(self._update_apply_info)
        self._update_apply_info()

    def _check_rows(self, form: QFormLayout) -> None:
        form.addRow(L.F_CHECKED_ON, self.day)
        form.addRow(L.F_CHECK, self.text)
        self.info.setText(L.CHECK_INFO.format(self.repair.deadline_on, rules.REPAIR_WORKING_DAYS))

    def _decide_rows(self, form: QFormLayout) -> None:
        self.grant.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.grant)
        row.addWidget(self.deny)
        form.addRow(L.F_DECISION, row)
        form.addRow(L.F_DECIDED_ON, self.day)
        form.addRow(L.F_OPINION, self.text)
        r = self.repair
        self.info.setText(L.DECIDE_INFO.format(r.applied_on, r.check_note, r.deadline_on))

    def _update_apply_info(self, *_a) -> None:
        day = pydate(self.day)
        try:
            earliest = rules.earliest_repair_date(self.entry.listed_on, self.entry.tier)
        except StationError as exc:
            self.info.setText(exc.message)
            return
        deadline = rules.repair_deadline(self.service.calendar(), day)
        state = L.MAY_APPLY if day >= earliest else L.NOT_YET
        self.info.setText(L.APPLY_INFO.format(state, earliest, deadline, rules.REPAIR_WORKING_DAYS))

    def save(self) -> None:
        text, day = self.text.toPlainText(), pydate(self.day)
        e, r, svc = self.entry, self.repair, self.service
        if self.step == "apply":
            op = lambda _p: svc.apply_repair(e.id, day, text)  # noqa: E731
        elif self.step == "check":
            op = lambda _p: svc.check_repair(r.id, r.version, text, day)  # noqa: E731
        else:
            grant = self.grant.isChecked()
            op = lambda _p: svc.decide_repair(r.id, r.version, grant, text, day)  # noqa: E731
        self.ui.ops.run_write(op, on_done=lambda _r: self.accept(), parent=self)
