"""The visit dialog (登记走访: a ``FormDialog`` with a requests table), the visit's read-only
view with its history, and the request step (办理诉求). GUI thread only; saves run on the
writer thread through ``FormDialog.run_save``."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.periods import SHANGHAI
from station_app.domain.visits.rules import TOPICS, RequestDraft, RequestUpdate
from station_app.errors import NotFoundError, ValidationError
from station_app.services.visits import VisitInput
from station_app.ui.widgets.forms import Field, FormDialog
from station_app.ui.widgets.history import HistoryPanel
from station_app.ui.widgets.tables import readonly_table

from . import labels as L

VISIT_FIELDS = (
    Field("entity", L.F_ENTITY, placeholder=L.F_ENTITY_HINT),
    Field("place", L.F_PLACE, placeholder=L.F_PLACE_HINT),
    Field("day", L.F_DAY, "date"),
    Field("time", L.F_TIME, placeholder=L.F_TIME_HINT),
    Field("team", L.F_TEAM, "edit_combo"),
    Field("topics", L.F_TOPICS, "checks", tuple((v, k) for k, v in TOPICS.items())),
    Field("note", L.F_NOTE, "multiline", height=60),
)


class RequestsTable(QWidget):
    """The visit's requests: text, outcome, who / where to; rows added and removed."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(L.REQUEST_HEAD), self)
        self.table.setObjectName("requestsTable")
        self.table.setHorizontalHeaderLabels(L.REQUEST_HEAD)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 240)
        self.table.setMinimumHeight(120)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        for text, slot in ((L.ADD_REQUEST, self.add_row), (L.REMOVE_REQUEST, self.remove_row)):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)

    def add_row(self, text: str = "", outcome: str = "solved", handler: str = "") -> int:
        n = self.table.rowCount()
        self.table.insertRow(n)
        self.table.setItem(n, 0, QTableWidgetItem(text))
        combo = QComboBox(self.table)
        for label, code in L.OUTCOME_CHOICES:
            combo.addItem(label, code)
        combo.setCurrentIndex(combo.findData(outcome))
        self.table.setCellWidget(n, 1, combo)
        self.table.setItem(n, 2, QTableWidgetItem(handler))
        return n

    def remove_row(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def drafts(self) -> tuple[RequestDraft, ...]:
        out = []
        for n in range(self.table.rowCount()):
            text = (self.table.item(n, 0) or QTableWidgetItem()).text()
            handler = (self.table.item(n, 2) or QTableWidgetItem()).text()
            outcome = self.table.cellWidget(n, 1).currentData()  # type: ignore[union-attr]
            if text.strip() or handler.strip():
                out.append(RequestDraft(text, outcome, handler))
        return tuple(out)


def parse_time(text: str) -> time:
    try:
        return datetime.strptime(text.strip() or "09:00", "%H:%M").time()
    except ValueError:
        raise ValidationError(L.BAD_TIME.format(text), field="time") from None


class VisitDialog(FormDialog):
    """登记走访."""

    def __init__(self, ui, parent=None, entity_key: str = "") -> None:
        self.ui = ui
        self.service = ui.services.visits
        teams = tuple(t.name for t in self.service.teams(include_inactive=False))
        fields = tuple(
            Field(f.key, f.label, f.kind, teams) if f.key == "team" else f for f in VISIT_FIELDS
        )
        now = ui.services.clock.now()
        values = {"entity": entity_key, "day": now.date(), "time": f"{now:%H:%M}"}
        super().__init__(L.VISIT_TITLE, fields, self.submit, parent, values, L.VISIT_INTRO,
                         name="visitDialog")  # fmt: skip
        self.resize(720, 640)
        self.requests = RequestsTable(self)
        self.add_row("requests", L.F_REQUESTS, self.requests)

    def draft(self, values: dict) -> VisitInput:
        moment = datetime.combine(values["day"], parse_time(values["time"]), SHANGHAI)
        return VisitInput(
            moment, values["team"], tuple(values["topics"]), None, values["place"],
            requests=self.requests.drafts(), note=values["note"],
        )  # fmt: skip

    def submit(self, values: dict) -> None:
        try:
            draft = self.draft(values)
        except ValidationError as exc:
            self.show_validation(exc)
            return
        key = values["entity"].strip()
        self.run_save(self.ui.ops, lambda: self._record(key, draft))

    def _record(self, key: str, draft: VisitInput):
        entity_id = None
        if key:
            try:
                entity_id = self.service.resolve_entity(key)
            except NotFoundError as exc:
                raise ValidationError(exc.message, field="entity") from None
        from dataclasses import replace

        return self.service.record_visit(replace(draft, entity_id=entity_id))


class VisitViewDialog(QDialog):
    """One visit: who went, the topics, the requests, the history."""

    def __init__(self, ui, visit_id: int, parent=None) -> None:
        super().__init__(parent)
        v = ui.services.visits.visit(visit_id)
        self.setObjectName("visitView")
        self.setWindowTitle(L.VISIT_TITLE)
        self.resize(680, 480)
        lay = QVBoxLayout(self)
        when = v.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        members = L.NAME_SEP.join(L.MEMBER.format(m.name, m.role_label) for m in v.members)
        text = QLabel(L.VIEW_TEXT.format(subject=v.subject, when=when, team=v.team_name,
                                         members=members, topics=v.topics_label, note=v.note),
                      self)  # fmt: skip
        text.setWordWrap(True)
        lay.addWidget(text)
        rows = [(r.text, r.outcome_label, r.handler, r.order_number) for r in v.requests]
        lay.addWidget(readonly_table(L.VIEW_REQUEST_HEAD, rows, self), 1)
        lay.addWidget(HistoryPanel(ui, "visit", visit_id, None, self), 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


REQUEST_FIELDS = (
    Field("outcome", L.F_OUTCOME, "combo", L.STEP_CHOICES),
    Field("handler", L.F_HANDLER),
    Field("note", L.F_REQUEST_NOTE, "multiline", height=60),
)


def request_dialog(ui, request_id: int, parent=None) -> FormDialog:
    """办理诉求: 已解决 or 已转办 with who or where; the version read when it opened."""
    svc = ui.services.visits
    current = svc.request(request_id)

    def submit(values: dict) -> None:
        step = RequestUpdate(values["outcome"], values["handler"], None, values["note"])
        form.run_save(ui.ops, lambda: svc.update_request(request_id, current.version, step))

    form = FormDialog(L.REQUEST_TITLE, REQUEST_FIELDS, submit, parent, {"handler": current.handler},
                      current.text, name="requestDialog")  # fmt: skip
    form.open()
    return form
