"""Entity card (every section) and the edit dialog with inline validation."""

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
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
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
    entity_type_for,
    parse_ledger_date,
)
from station_app.domain.grading import GRADE_LABELS
from station_app.domain.identifiers import validate_phone, validate_uscc
from station_app.domain.masking import MASK
from station_app.errors import ConflictError, StationError, ValidationError
from station_app.services.entities import EntityCard, EntityData, LicenceData
from station_app.ui.dialogs.conflict import KEEP_MINE, TAKE_THEIRS, ConflictDialog
from station_app.ui.errors import show_error
from station_app.ui.formatting import local_time
from station_app.ui.screens.entities import labels as L
from station_app.ui.widgets.dates import DateEdit, format_date
from station_app.ui.widgets.forms import INVALID_STYLE, InlineError
from station_app.ui.widgets.history import HistoryPanel
from station_app.ui.widgets.personal import PersonalValue
from station_app.ui.widgets.tables import readonly_table

_EMPTY_DATE = QDate(1900, 1, 1)


class EntityCardDialog(QDialog):
    """The whole record: basics, licences, grade with its explanation, grade history, history."""

    def __init__(self, ui, entity_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.entity_id = entity_id
        self.setObjectName("entityCard")
        self.resize(820, 600)
        lay = QVBoxLayout(self)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        lay.addWidget(self.title)
        self.tabs = QTabWidget(self)
        lay.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(L.EDIT, self)
        self.edit_button.clicked.connect(self._on_edit)
        self.edit_button.setEnabled(ui.app.auth.can("entities.edit"))
        close = QPushButton(L.CLOSE, self)
        close.clicked.connect(self.accept)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(close)
        lay.addLayout(buttons)
        self.history = HistoryPanel(ui, "entity", entity_id, FIELD_LABELS, self)
        from station_app.ui.screens.lists.entity_section import EntityListsSection

        self.lists_section = EntityListsSection(ui, entity_id, self)
        from station_app.ui.screens.complaints.entity_section import EntityComplaintsSection

        self.complaints_section = EntityComplaintsSection(ui, entity_id, self)

        ui.bus.changed.connect(self._on_bus_changed)
        self.load()

    def load(self) -> None:
        card = self.ui.services.entities.get(self.entity_id)
        self.card = card
        d = card.data
        self.setWindowTitle(L.CARD_TITLE.format(d.name))
        self.title.setText(d.name)
        current = self.tabs.currentIndex()
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if w not in (self.history, self.lists_section, self.complaints_section):
                w.deleteLater()
        self.tabs.addTab(self._basic(card), L.TAB_BASIC)
        self.tabs.addTab(self._licences(card), f"{L.TAB_LICENCES}（{len(card.licences)}）")
        self.tabs.addTab(self._grade(card), f"{L.TAB_GRADE}（{card.local_grade}）")
        self.tabs.addTab(
            readonly_table(
                L.GRADE_HISTORY_HEADERS,
                [
                    (
                        local_time(h.at).strftime("%Y-%m-%d %H:%M"),
                        h.grade,
                        h.score,
                        h.kind,
                        h.reason,
                        h.username,
                    )
                    for h in card.grade_history
                ],
                self,
            ),
            L.TAB_GRADE_HISTORY,
        )
        self.complaints_section.set_entity(d.id)
        self.tabs.addTab(
            self.complaints_section, f"投诉与调解（{self.complaints_section.count()}）"
        )
        self.lists_section.set_entity(d.id)
        self.tabs.addTab(self.lists_section, "红黑榜")

        self.tabs.addTab(self.history, L.TAB_HISTORY)
        self.tabs.setCurrentIndex(max(0, current))

    def _basic(self, card: EntityCard) -> QWidget:
        d = card.data
        box = QWidget(self)
        form = QFormLayout(box)
        credit = (
            f"{d.credit_class}（{CREDIT_CLASS_LABELS[d.credit_class]}，{format_date(d.credit_class_on) or '日期未填'}）"
            if d.credit_class
            else "未分类"
        )
        rows = (
            ("统一社会信用代码", d.uscc or "（无）"),
            ("注册号", d.reg_no or "（无）"),
            ("主体类型", d.entity_type),
            ("法定代表人/经营者", d.legal_rep),
            ("经营地址", d.address),
            ("所属网格", card.grid_label or L.NO_GRID),
            ("行业", "、".join(d.industries) or "（未填）"),
            ("标签", "、".join(d.tags) or "（无）"),
            ("成立日期", format_date(d.registered_on) or L.NO_DATE),
            ("登记状态", d.status),
            ("信用风险分类（官方）", credit),
            ("本所分级", GRADE_LABELS.get(card.local_grade, card.local_grade)),
            ("来源", d.source),
            ("备注", d.note),
            ("建档时间", local_time(card.created_at).strftime("%Y-%m-%d %H:%M")),
        )
        for label, value in rows:
            text = QLabel(value, box)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setWordWrap(True)
            form.addRow(label + "：", text)
        # the card arrives masked; the full value only through the audited service call
        service, entity_id = self.ui.services.entities, self.entity_id
        self.phone_value = PersonalValue(
            d.phone or L.NO_PHONE,
            lambda: service.reveal_personal(entity_id, "phone"),
            allowed=card.phone_masked and self.ui.app.auth.can("personal.unmasked"),
            parent=box,
        )
        self.phone_value.setObjectName("cardPhone")
        self.phone_value.button.setText(L.SHOW_PHONE)
        self.phone_value.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.insertRow(4, "联系电话：", self.phone_value)
        return box

    def _licences(self, card: EntityCard) -> QWidget:
        if not card.licences:
            return QLabel(L.NO_LICENCES, self)
        rows = []
        for view in card.licences:
            lic = view.licence
            state = view.state
            if view.days_left is not None and view.state == "临期":
                state = f"临期（还有 {view.days_left} 天）"
            rows.append(
                (
                    lic.kind,
                    lic.number,
                    format_date(lic.issued_on),
                    format_date(lic.expires_on) or "长期",
                    lic.issuer,
                    state,
                )
            )
        return readonly_table(L.LICENCE_HEADERS, rows, self)

    def _grade(self, card: EntityCard) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.addWidget(
            QLabel(
                L.GRADE_LINE.format(card.local_grade, card.grade.score, card.patrol_frequency), box
            )
        )
        if card.grade_override:
            note = QLabel(
                L.GRADE_OVERRIDDEN.format(
                    card.grade_override, card.grade.grade, card.grade_override_reason
                ),
                box,
            )
            note.setWordWrap(True)
            lay.addWidget(note)
        rows = [
            (c.indicator, c.value, f"-{-c.points}" if c.points else "0")
            for c in card.grade.contributions
        ]
        lay.addWidget(readonly_table(L.CONTRIB_HEADERS, rows, box), 1)
        buttons = QHBoxLayout()
        allowed = self.ui.app.auth.can("entities.grade_override")
        override = QPushButton(L.OVERRIDE, box)
        override.setEnabled(allowed)
        override.clicked.connect(self._on_override)
        buttons.addWidget(override)
        if card.grade_override:
            clear = QPushButton(L.CLEAR_OVERRIDE, box)
            clear.setEnabled(allowed)
            clear.clicked.connect(lambda: self._override(None))
            buttons.addWidget(clear)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        return box

    def _on_override(self) -> None:
        grade, ok = QInputDialog.getItem(self, L.OVERRIDE, "分级：", list(GRADES), 0, False)
        if ok:
            self._override(grade)

    def _override(self, grade: str | None) -> None:
        reason, ok = QInputDialog.getText(self, L.OVERRIDE, L.OVERRIDE_REASON)
        if not ok:
            return
        service, version = self.ui.services.entities, self.card.data.version
        self.ui.ops.run_write(
            lambda _p: service.override_grade(self.entity_id, grade, reason, version),
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_edit(self) -> None:
        self.editor = EntityEditDialog(
            self.ui, self.card.data, self, phone_masked=self.card.phone_masked
        )
        self.editor.open()

    def _on_bus_changed(self, changes) -> None:
        ids = changes.ids.get("entity")
        if ids is None and not changes.touches("*"):
            return
        if ids and self.entity_id not in ids:
            return
        try:
            self.load()
        except Exception:  # deleted meanwhile
            self.reject()


def _show(data: EntityData, key: str) -> str:
    value = getattr(data, key)
    if key == "licences":
        return "；".join(lic.label() for lic in value)
    if isinstance(value, tuple):
        return "、".join(value)
    return "" if value is None else str(value)


class EntityEditDialog(QDialog):
    """New or edit. Save with Ctrl+S; errors show under the form at the field concerned.

    ``data`` comes from the card, its phone masked when ``phone_masked``: left as it is, the
    stored phone is kept (the service recognises the masked form); typing a new number
    replaces it; a user allowed to see unmasked data may load the full number to correct it
    (one audited service call)."""

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
        self.setObjectName("entityEdit")
        self.setWindowTitle(L.EDIT_TITLE.format(data.name) if data else L.EDIT_NEW_TITLE)
        self.resize(860, 640)
        lay = QVBoxLayout(self)
        grid = QGridLayout()
        lay.addLayout(grid)
        self.edits: dict[str, QWidget] = {}
        left, right = QFormLayout(), QFormLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        self._line(left, "name", "如：城关镇张三记餐馆")
        self._line(left, "uscc", "18 位，可留空（未登记）")
        self.type_note = QLabel("", self)
        left.addRow("", self.type_note)
        self._line(left, "reg_no", "旧版 15 位注册号，可留空")
        self.type_combo = self._combo(left, "entity_type", [(t, t) for t in ENTITY_TYPES])
        self._line(left, "legal_rep", "")
        self._line(left, "phone", "手机或固定电话")
        if self.masked_phone:
            self._add_masked_phone_note(left)
        self._line(left, "address", "")
        grids = [(L.NO_GRID, None)] + [(g.label, g.id) for g in ui.services.entities.grids()]
        self._combo(right, "grid_id", grids)
        self._date(right, "registered_on")
        self._combo(right, "status", [(s, s) for s in STATUSES])
        self._combo(
            right,
            "credit_class",
            [("未分类", None)] + [(f"{g}（{CREDIT_CLASS_LABELS[g]}）", g) for g in GRADES],
        )
        self._date(right, "credit_class_on")
        self.industries = self._checklist(right, "industries", INDUSTRIES)
        self.tags = self._checklist(right, "tags", TAGS)
        lay.addWidget(QLabel(FIELD_LABELS["licences"] + "：", self))
        self.licences = QTableWidget(0, 5, self)
        self.licences.setObjectName("licenceTable")
        self.licences.setHorizontalHeaderLabels(
            ["种类", "编号", "发证日期", "有效期至", "发证机关"]
        )
        self.licences.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.licences.verticalHeader().setVisible(False)
        self.licences.itemChanged.connect(self._mark_dirty)
        lay.addWidget(self.licences, 1)
        row = QHBoxLayout()
        add = QPushButton(L.ADD_LICENCE, self)
        add.clicked.connect(lambda: self._add_licence(LicenceData(LICENCE_KINDS[0])))
        remove = QPushButton(L.REMOVE_LICENCE, self)
        remove.clicked.connect(self._remove_licence)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay.addLayout(row)
        self.note = QPlainTextEdit(self)
        self.note.setMaximumHeight(60)
        self.note.textChanged.connect(self._mark_dirty)
        lay.addWidget(QLabel(FIELD_LABELS["note"] + "：", self))
        lay.addWidget(self.note)
        self.error = InlineError(self)
        self.error.setObjectName("editError")
        lay.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(L.SAVE, self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(L.CANCEL, self)
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        lay.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.load(data)

    # -- widgets -----------------------------------------------------------------------------
    def _line(self, form: QFormLayout, key: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(f"field_{key}")
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self._mark_dirty)
        edit.editingFinished.connect(lambda k=key: self._check_field(k))
        form.addRow(FIELD_LABELS[key] + "：", edit)
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
        form.addRow(FIELD_LABELS[key] + "：", combo)
        self.edits[key] = combo
        return combo

    def _date(self, form: QFormLayout, key: str) -> DateEdit:
        edit = DateEdit(self)
        edit.setObjectName(f"field_{key}")
        edit.setMinimumDate(_EMPTY_DATE)
        edit.setSpecialValueText(L.NO_DATE)
        edit.dateChanged.connect(self._mark_dirty)
        form.addRow(FIELD_LABELS[key] + "：", edit)
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
        form.addRow(FIELD_LABELS[key] + "：", box)
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
        for c, value in enumerate(
            (lic.number, format_date(lic.issued_on), format_date(lic.expires_on), lic.issuer),
            start=1,
        ):
            self.licences.setItem(r, c, QTableWidgetItem(value))

    def _remove_licence(self) -> None:
        r = self.licences.currentRow()
        if r >= 0:
            self.licences.removeRow(r)
            self._mark_dirty()

    # -- data --------------------------------------------------------------------------------
    def load(self, data: EntityData | None) -> None:
        d = data or EntityData(name="")
        for key in ("name", "uscc", "reg_no", "legal_rep", "phone", "address"):
            self.edits[key].setText(getattr(d, key) or "")
        for key, value in (
            ("entity_type", d.entity_type or "未登记"),
            ("grid_id", d.grid_id),
            ("status", d.status),
            ("credit_class", d.credit_class),
        ):
            combo = self.edits[key]
            combo.setCurrentIndex(max(0, combo.findData(value)))
        for key in ("registered_on", "credit_class_on"):
            value = getattr(d, key)
            self.edits[key].setDate(
                QDate(value.year, value.month, value.day) if value else _EMPTY_DATE
            )
        for box, chosen in ((self.industries, d.industries), (self.tags, d.tags)):
            for i in range(box.count()):
                item = box.item(i)
                item.setCheckState(
                    Qt.CheckState.Checked if item.text() in chosen else Qt.CheckState.Unchecked
                )
        self.licences.setRowCount(0)
        for lic in d.licences:
            self._add_licence(lic)
        self.note.setPlainText(d.note)
        self._update_type()
        self.dirty = False
        self.error.show_message("")

    def _date_value(self, key: str) -> date | None:
        q = self.edits[key].date()
        return None if q == _EMPTY_DATE else date(q.year(), q.month(), q.day())

    def _licence_rows(self) -> tuple[LicenceData, ...]:
        out = []
        for r in range(self.licences.rowCount()):
            cells = [
                self.licences.item(r, c).text().strip() if self.licences.item(r, c) else ""
                for c in range(1, 5)
            ]
            kind = self.licences.cellWidget(r, 0).currentText().strip()
            dates = []
            for text in cells[1:3]:
                try:
                    dates.append(parse_ledger_date(text))
                except ValueError:
                    raise ValidationError(
                        L.BAD_DATE.format(r + 1, text), field="licences"
                    ) from None
            out.append(LicenceData(kind, cells[0], dates[0], dates[1], cells[3]))
        return tuple(out)

    def data(self) -> EntityData:
        base = self.original

        def checked(box):
            return tuple(
                box.item(i).text()
                for i in range(box.count())
                if box.item(i).checkState() == Qt.CheckState.Checked
            )

        return EntityData(
            id=base.id if base else 0,
            version=base.version if base else 0,
            name=self.edits["name"].text(),
            uscc=self.edits["uscc"].text(),
            reg_no=self.edits["reg_no"].text(),
            entity_type=self.edits["entity_type"].currentData(),
            legal_rep=self.edits["legal_rep"].text(),
            phone=self.edits["phone"].text(),
            address=self.edits["address"].text(),
            grid_id=self.edits["grid_id"].currentData(),
            registered_on=self._date_value("registered_on"),
            status=self.edits["status"].currentData(),
            credit_class=self.edits["credit_class"].currentData(),
            credit_class_on=self._date_value("credit_class_on"),
            source=base.source if base else "登记",
            note=self.note.toPlainText(),
            industries=checked(self.industries),
            tags=checked(self.tags),
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
        widget = self.edits.get(exc.field)
        if exc.field in ("industries", "tags"):
            widget = self.industries if exc.field == "industries" else self.tags
        if exc.field == "licences":
            widget = self.licences
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
            lambda _p: service.save(data), on_done=self._on_saved, on_error=self._on_error
        )

    def _on_saved(self, result) -> None:
        self.saved, _changes = result
        self.dirty = False
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_validation(exc)
        elif isinstance(exc, ConflictError):
            mine, theirs = exc.mine, exc.theirs
            keys = (
                "name",
                "uscc",
                "legal_rep",
                "phone",
                "address",
                "status",
                "industries",
                "licences",
            )
            rows = [
                (FIELD_LABELS[k], _show(mine, k), _show(theirs, k) if theirs else "") for k in keys
            ]
            choice = ConflictDialog(exc.message, rows, self).exec()
            if choice == KEEP_MINE and theirs is not None:
                self._save(EntityData(**{**mine.__dict__, "version": theirs.version}))
            elif choice == TAKE_THEIRS and theirs is not None:
                self.original = theirs
                self.masked_phone = theirs.phone if MASK in theirs.phone else ""
                self.load(theirs)
        else:
            show_error(self, exc)

    def reject(self) -> None:
        if self.dirty:
            answer = QMessageBox.question(
                self,
                "未保存的修改",
                L.UNSAVED,
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
            if answer == QMessageBox.StandardButton.Cancel:
                return
        self.dirty = False
        super().reject()


__all__ = ["EntityCardDialog", "EntityEditDialog"]
