"""登记巡查记录: the entity, time, inspectors and the checklist of the version in force, each
item 是/否/不适用 (keys 1/2/3 in the result column) with a note and 当场改正; an item answered
否 becomes a hazard by itself (ordered with the default deadline unless corrected on the spot).
Saved in one transaction by ``PatrolService.record``; a refusal stays in the dialog."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QTableWidget, QTableWidgetItem

from station_app.domain.patrols.checklists import Answer
from station_app.domain.patrols.records import CLOSED_DOOR, RecordDraft
from station_app.errors import ValidationError
from station_app.ui.screens.patrols import labels as L
from station_app.ui.widgets.attachments import AttachmentsWidget, PendingAttachments
from station_app.ui.widgets.forms import Field, FormDialog


def _people(form, people) -> tuple:
    return ((L.NO_INSPECTOR, None), *((p.name, p.id) for p in people))


class RecordDialog(FormDialog):
    """GUI thread only. ``saved`` is the ``RecordView`` after a successful save."""

    def __init__(self, ui, entity_id: int, kind: str, task_id: int | None, day: date, parent=None):
        self.ui, self.svc = ui, ui.services.patrols
        self.form_data = self.svc.record_form(entity_id, kind, day, task_id)
        self.saved = None
        f = self.form_data
        choices = _people(self, f.people)
        fields = [
            Field("at", L.AT, placeholder=L.AT_HINT),
            Field("inspector1", L.INSPECTOR1, "combo", choices),
            Field("inspector2", L.INSPECTOR2, "combo", choices),
            Field("closed", "", "check", placeholder=L.CLOSED_DOOR),
            Field("present_party", L.PRESENT),
            Field("note", L.NOTE, "multiline", height=48),
        ]
        first = f.inspectors[0] if f.inspectors else None
        second = f.inspectors[1] if len(f.inspectors) > 1 else None
        now = ui.services.clock.now().replace(tzinfo=None)
        start_at = now if day >= now.date() else datetime.combine(day, now.time())
        values = {"at": start_at.strftime("%Y-%m-%d %H:%M"), "inspector1": first}
        values["inspector2"] = second
        intro = L.RECORD_INTRO.format(name=f.entity_name, grade=f.grade, address=f.address)
        super().__init__(
            L.RECORD_TITLE, fields, self._submit_values, parent, values, intro, name="patrolRecord"
        )
        self.setMinimumWidth(760)
        self.items = self._items_table()
        self.add_row("answers", f"{L.CHECKLIST}\n{f.checklist.label}", self.items)
        self.photos = PendingAttachments()  # attached after the save (services/patrols/attachments)
        self.add_row(
            "attachments", L.ATTACHMENTS, AttachmentsWidget(ui, self.photos.adapter(), self)
        )

    def _items_table(self) -> QTableWidget:
        items = self.form_data.checklist.items
        table = QTableWidget(len(items), len(L.ITEM_HEADERS), self)
        table.setHorizontalHeaderLabels(L.ITEM_HEADERS)
        table.verticalHeader().hide()
        self.answer_boxes: list[QComboBox] = []
        self.fixed_boxes: list[QCheckBox] = []
        for row, item in enumerate(items):
            number = QTableWidgetItem(str(row + 1))
            number.setFlags(Qt.ItemFlag.ItemIsEnabled)
            text = QTableWidgetItem(item.text + ("" if item.required else L.OPTIONAL))
            text.setFlags(Qt.ItemFlag.ItemIsEnabled)
            text.setToolTip(item.text)
            table.setItem(row, 0, number)
            table.setItem(row, 1, text)
            combo = QComboBox(table)
            for label, value in L.ANSWERS:
                combo.addItem(label, value)
            combo.setObjectName(f"answer_{row + 1}")
            table.setCellWidget(row, 2, combo)
            fixed = QCheckBox(table)
            fixed.setObjectName(f"fixed_{row + 1}")
            table.setCellWidget(row, 3, fixed)
            table.setItem(row, 4, QTableWidgetItem(""))
            self.answer_boxes.append(combo)
            self.fixed_boxes.append(fixed)
        table.resizeColumnsToContents()
        table.setColumnWidth(1, max(table.columnWidth(1), 300))
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumHeight(min(420, 32 * (len(items) + 1)))
        return table

    def set_answer(self, row: int, value: str, note: str = "", fixed: bool = False) -> None:
        """One item's answer (tests and the keyboard: 1 是, 2 否, 3 不适用)."""
        box = self.answer_boxes[row]
        box.setCurrentIndex(box.findData(value))
        self.items.item(row, 4).setText(note)
        self.fixed_boxes[row].setChecked(fixed)

    def draft(self, values: dict) -> RecordDraft:
        try:
            at = datetime.strptime((values["at"] or "").strip(), "%Y-%m-%d %H:%M")
        except ValueError:
            raise ValidationError(L.AT_INVALID.format(values["at"]), field="at") from None
        closed = bool(values["closed"])
        answers, fixed = {}, set()
        for row, item in enumerate(self.form_data.checklist.items):
            value = self.answer_boxes[row].currentData()
            if value and not closed:
                answers[item.key] = Answer(value, self.items.item(row, 4).text())
                if self.fixed_boxes[row].isChecked():
                    fixed.add(item.key)
        f = self.form_data
        return RecordDraft(
            f.entity_id,
            at,
            kind=f.kind,
            inspectors=(values["inspector1"], values["inspector2"]),
            answers=answers,
            on_spot_items=frozenset(fixed),
            result=CLOSED_DOOR if closed else None,
            present_party=values["present_party"] or "",
            note=values["note"] or "",
        )

    def _submit_values(self, values: dict) -> None:
        try:
            draft = self.draft(values)
        except ValidationError as exc:
            self.show_validation(exc)
            return
        task = self.form_data.task_id

        def done(result) -> None:
            self.saved = result[0]
            add = self.svc.add_record_attachment
            self.photos.attach_all(self.ui, lambda name, data: add(self.saved.id, name, data))

        self.run_save(self.ui.ops, lambda: self.svc.record(draft, task_id=task), on_done=done)
