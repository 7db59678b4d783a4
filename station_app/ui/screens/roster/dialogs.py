"""Dialogs of the roster screen: grid, person, assignment, leaving, ending a duty, training.

Each dialog validates inline (red message under the form, the field outlined) and saves
through ``ui.ops.run_write``; it closes only when the save succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import roster_rules as rules
from station_app.errors import ConflictError, ValidationError
from station_app.services.roster import GridData, PersonData, TrainingData
from station_app.ui.errors import show_error
from station_app.ui.widgets.dates import DateEdit
from station_app.ui.widgets.forms import INVALID_STYLE, InlineError

from . import labels as L


def qdate(value: date | None) -> QDate:
    value = value or date.today()
    return QDate(value.year, value.month, value.day)


class _FormDialog(QDialog):
    """A form, an inline error and 保存/取消; subclasses implement :meth:`submit`."""

    def __init__(self, ui, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setWindowTitle(title)
        self.fields: dict[str, QWidget] = {}
        self.outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.outer.addLayout(self.form)
        self.error = InlineError(self)
        self.outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存 (Ctrl+S)")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        self.result_value = None

    def finish_layout(self) -> None:
        self.outer.addWidget(self.buttons)

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(f"field_{key}")
        self.fields[key] = widget
        self.form.addRow(label, widget)
        return widget

    def clear_marks(self) -> None:
        for widget in self.fields.values():
            widget.setStyleSheet("")
        self.error.show_message("")

    def show_validation(self, exc: ValidationError) -> None:
        self.error.show_message(exc.message)
        widget = self.fields.get(exc.field)
        if widget is not None:
            widget.setStyleSheet(
                INVALID_STYLE.replace("QLineEdit", widget.metaObject().className())
            )
            widget.setFocus()

    def run(self, op: Callable, on_done: Callable | None = None) -> None:
        self.clear_marks()

        def done(result) -> None:
            self.result_value = result
            if on_done is not None:
                on_done(result)
            self.accept()

        self.ui.ops.run_write(lambda _p: op(), on_done=done, on_error=self.on_error, parent=self)

    def on_error(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_validation(exc)
        elif isinstance(exc, ConflictError):
            self.error.show_message(exc.message + "\n已重新读取最新版本，请核对后再保存。")
            self.reload_after_conflict(exc)
        else:
            show_error(self, exc)

    def reload_after_conflict(self, exc: ConflictError) -> None:
        """Load ``exc.theirs`` into the form (subclasses)."""

    def submit(self) -> None:
        raise NotImplementedError


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def _text_area(height: int = 60) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setFixedHeight(height)
    edit.setTabChangesFocus(True)
    return edit


def _group_combo(ui, current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItem("")
    for group in ui.services.roster.supervision_groups():
        combo.addItem(group)
    combo.setCurrentText(current)
    return combo


# -- grid ---------------------------------------------------------------------------------------
class GridDialog(_FormDialog):
    def __init__(self, ui, data: GridData | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ui, "编辑网格" if data else "新建网格", parent)
        self.data = data or GridData(code="", name="")
        self.code = self.add("code", "网格编号 *", _line("如 GZ22"))
        self.name = self.add("name", "网格名称 *", _line("如 东关一网格"))
        self.communities = self.add(
            "communities", "覆盖社区 *", _line("多个用“、”分隔，如 东关社区、王庄村")
        )
        existing = "、".join(ui.services.roster.list_communities())
        self.communities.setToolTip(f"已有社区/村：{existing}" if existing else "")
        self.group = self.add("supervision_group", "监管小组", _group_combo(ui))
        self.boundary = self.add("boundary", "边界说明", _text_area())
        self.active = self.add("active", "", QCheckBox("启用（停用的网格不检查人员配置）"))
        self.note = self.add("note", "备注", _line())
        self.finish_layout()
        self.load(self.data)
        self.resize(520, self.sizeHint().height())

    def load(self, data: GridData) -> None:
        self.data = data
        self.code.setText(data.code)
        self.name.setText(data.name)
        self.communities.setText("、".join(data.communities))
        self.group.setCurrentText(data.supervision_group)
        self.boundary.setPlainText(data.boundary)
        self.active.setChecked(data.active)
        self.note.setText(data.note)

    def value(self) -> GridData:
        from station_app.services.roster import split_names

        return replace(
            self.data,
            code=self.code.text(),
            name=self.name.text(),
            communities=tuple(split_names(self.communities.text())),
            supervision_group=self.group.currentText(),
            boundary=self.boundary.toPlainText(),
            active=self.active.isChecked(),
            note=self.note.text(),
        )

    def submit(self) -> None:
        data = self.value()
        roster = self.ui.services.roster
        self.run(lambda: roster.save_grid(data))

    def reload_after_conflict(self, exc: ConflictError) -> None:
        if exc.theirs is not None:
            self.load(exc.theirs)


# -- person -------------------------------------------------------------------------------------
class PersonDialog(_FormDialog):
    def __init__(self, ui, data: PersonData | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ui, "编辑人员" if data else "新建人员", parent)
        self.data = data or PersonData(name="")
        self.name = self.add("name", "姓名 *", _line())
        self.gender = self.add("gender", "性别", QComboBox())
        self.gender.addItems(["", *rules.GENDERS])
        self.phone = self.add("phone", "联系电话", _line("手机号或 区号-号码"))
        self.id_number = self.add("id_number", "身份证号", _line("可不填"))
        self.organisation = self.add("organisation", "工作单位", _line("如 东关社区居委会"))
        roles_box = QWidget()
        roles_lay = QHBoxLayout(roles_box)
        roles_lay.setContentsMargins(0, 0, 0, 0)
        self.role_boxes: dict[str, QCheckBox] = {}
        for code, text in rules.PERSON_ROLES.items():
            box = QCheckBox(text, roles_box)
            box.setObjectName(f"role_{code}")
            box.toggled.connect(self._update_cert_fields)
            roles_lay.addWidget(box)
            self.role_boxes[code] = box
        roles_lay.addStretch(1)
        self.add("roles", "人员类别 *", roles_box)
        self.cert_no = self.add("cert_no", "执法证号", _line("执法人员必填"))
        self.cert_expiry = self.add("cert_expiry", "执法证有效期至", DateEdit())
        self.group = self.add("supervision_group", "监管小组", _group_combo(ui))
        self.note = self.add("note", "备注", _line())
        self.masked_note = QLabel(L.MASKED_HINT, self)
        self.masked_note.setObjectName("pageSummary")
        self.outer.insertWidget(1, self.masked_note)
        self.finish_layout()
        self.phone.editingFinished.connect(self._check_phone)
        self.id_number.editingFinished.connect(self._check_id)
        self.load(self.data)
        self.resize(640, self.sizeHint().height())

    def load(self, data: PersonData) -> None:
        self.data = data
        self.name.setText(data.name)
        self.gender.setCurrentText(data.gender)
        self.phone.setText(data.phone)
        self.id_number.setText(data.id_number)
        self.organisation.setText(data.organisation)
        for code, box in self.role_boxes.items():
            box.setChecked(code in data.roles)
        self.cert_no.setText(data.cert_no)
        self.cert_expiry.setDate(qdate(data.cert_expiry))
        self.group.setCurrentText(data.supervision_group)
        self.note.setText(data.note)
        self.masked_note.setVisible("*" in data.phone or "*" in data.id_number)
        self._update_cert_fields()

    def _update_cert_fields(self) -> None:
        enforcer = self.role_boxes[rules.ENFORCER].isChecked()
        self.cert_no.setEnabled(enforcer or bool(self.cert_no.text()))
        self.cert_expiry.setEnabled(enforcer or bool(self.cert_no.text()))

    def _check_phone(self) -> None:
        self._live_check(self.phone, rules.validate_optional_phone, "phone")

    def _check_id(self) -> None:
        self._live_check(self.id_number, rules.validate_optional_id, "id_number")

    def _live_check(self, edit: QLineEdit, check, key: str) -> None:
        text = edit.text()
        original = getattr(self.data, key)
        if "*" in text and text == original:
            return  # the masked form of the stored value: kept as it is
        try:
            check(text)
        except ValidationError as exc:
            self.show_validation(ValidationError(exc.message, field=key))
            return
        edit.setStyleSheet("")
        self.error.show_message("")

    def value(self) -> PersonData:
        roles = tuple(code for code, box in self.role_boxes.items() if box.isChecked())
        has_cert = bool(self.cert_no.text().strip()) or rules.ENFORCER in roles
        return replace(
            self.data,
            name=self.name.text(),
            gender=self.gender.currentText(),
            phone=self.phone.text(),
            id_number=self.id_number.text(),
            organisation=self.organisation.text(),
            roles=roles,
            cert_no=self.cert_no.text() if has_cert else "",
            cert_expiry=self.cert_expiry.date().toPython() if has_cert else None,
            supervision_group=self.group.currentText(),
            note=self.note.text(),
        )

    def submit(self) -> None:
        data = self.value()
        roster = self.ui.services.roster
        self.run(lambda: roster.save_person(data))

    def reload_after_conflict(self, exc: ConflictError) -> None:
        if exc.theirs is not None:
            self.load(exc.theirs)


# -- assignment ---------------------------------------------------------------------------------
class AssignDialog(_FormDialog):
    """Pick a person for a duty in a grid. ``replace_specialist`` runs the specialist change
    (end the current one, start the new one) instead of a plain assignment."""

    def __init__(
        self,
        ui,
        grid_id: int,
        grid_label: str,
        *,
        role: str = rules.GRID_WORKER,
        replace_specialist: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = "更换监管专员" if replace_specialist else "添加人员到网格"
        super().__init__(ui, f"{title} — {grid_label}", parent)
        self.grid_id = grid_id
        self.replace_specialist = replace_specialist
        self.role = self.add("role", "网格职务", QComboBox())
        for code, text in rules.GRID_ROLES.items():
            self.role.addItem(text, code)
        self.role.setCurrentIndex(self.role.findData(role))
        self.role.setEnabled(not replace_specialist)
        self.search = self.add("search", "查找人员", _line("按姓名、拼音首字母或电话查找"))
        self.results = QListWidget(self)
        self.results.setObjectName("field_person")
        self.fields["person"] = self.results
        self.results.setMinimumHeight(180)
        self.form.addRow("", self.results)
        self.start_on = self.add(
            "start_on", "起始日期" if not replace_specialist else "交接日期", DateEdit()
        )
        self.start_on.setDate(qdate(None))
        self.note = self.add("note", "备注", _line())
        self.finish_layout()
        self.search.textChanged.connect(self.refresh_results)
        self.role.currentIndexChanged.connect(self.refresh_results)
        self.results.itemDoubleClicked.connect(lambda _item: self.submit())
        self.refresh_results()
        self.resize(520, 520)

    def refresh_results(self) -> None:
        role = self.role.currentData()
        need = rules.GRID_ROLE_NEEDS.get(role, role)
        people = self.ui.services.roster.search_people(self.search.text(), role=need, limit=100)
        self.results.clear()
        for p in people:
            item = QListWidgetItem(f"{p.name}　{p.roles}　{p.organisation}　{p.phone}")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.results.addItem(item)
        if people:
            self.results.setCurrentRow(0)

    def submit(self) -> None:
        item = self.results.currentItem()
        if item is None:
            self.show_validation(
                ValidationError(
                    "请先在列表中选择一个人员（可按姓名、拼音首字母查找）。", field="person"
                )
            )
            return
        person_id = item.data(Qt.ItemDataRole.UserRole)
        role = self.role.currentData()
        start = self.start_on.date().toPython()
        note = self.note.text()
        roster = self.ui.services.roster
        if self.replace_specialist:
            self.run(lambda: roster.replace_specialist(self.grid_id, person_id, start, note))
        else:
            self.run(lambda: roster.assign(self.grid_id, person_id, role, start, note))


class DateReasonDialog(_FormDialog):
    """A date and a reason: ending a duty, or a person leaving."""

    def __init__(
        self, ui, title: str, prompt: str, date_label: str, op, parent: QWidget | None = None
    ) -> None:
        super().__init__(ui, title, parent)
        self.outer.insertWidget(0, QLabel(prompt, self))
        self.on = self.add("end_on", date_label, DateEdit())
        self.on.setDate(qdate(None))
        self.reason = self.add("reason", "原因", _line("记入修改历史"))
        self.finish_layout()
        self._op = op

    def submit(self) -> None:
        on = self.on.date().toPython()
        reason = self.reason.text()
        self.run(lambda: self._op(on, reason))


# -- training -----------------------------------------------------------------------------------
class TrainingDialog(_FormDialog):
    def __init__(self, ui, data: TrainingData | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ui, "编辑培训" if data else "新建培训", parent)
        self.data = data or TrainingData(held_on=date.today(), topic="")
        self.held_on = self.add("held_on", "培训日期 *", DateEdit())
        self.topic = self.add("topic", "主题 *", _line("如 食品安全快速检测"))
        self.lecturer = self.add("lecturer", "授课人", _line())
        self.hours = self.add("hours", "学时", QDoubleSpinBox())
        self.hours.setRange(0.5, 24)
        self.hours.setSingleStep(0.5)
        self.hours.setDecimals(1)
        self.location = self.add("location", "地点", _line())
        self.note = self.add("note", "备注", _line())
        self.finish_layout()
        self.load(self.data)
        self.resize(480, self.sizeHint().height())

    def load(self, data: TrainingData) -> None:
        self.data = data
        self.held_on.setDate(qdate(data.held_on))
        self.topic.setText(data.topic)
        self.lecturer.setText(data.lecturer)
        self.hours.setValue(data.hours)
        self.location.setText(data.location)
        self.note.setText(data.note)

    def value(self) -> TrainingData:
        return replace(
            self.data,
            held_on=self.held_on.date().toPython(),
            topic=self.topic.text(),
            lecturer=self.lecturer.text(),
            hours=self.hours.value(),
            location=self.location.text(),
            note=self.note.text(),
        )

    def submit(self) -> None:
        data = self.value()
        roster = self.ui.services.roster
        self.run(lambda: roster.save_training(data))

    def reload_after_conflict(self, exc: ConflictError) -> None:
        if exc.theirs is not None:
            self.load(exc.theirs)
