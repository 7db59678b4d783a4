"""设置 → 巡查规则: the rule versions by effective date (the one in force, those ahead, the
past read-only), and a form to add, change or cancel one rule — each a new version from its
effective date (≥ today), audited by the service. GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from station_app.domain.patrols import checklists as C
from station_app.domain.patrols import rules as R
from station_app.services.base import Changes
from station_app.ui.screens.patrols import labels as L
from station_app.ui.widgets.forms import Field, FormDialog
from station_app.ui.widgets.tables import fill_table, readonly_table

GRADES = tuple((g, g) for g in R.GRADES)
KINDS = tuple((R.KIND_LABELS[k], k) for k in R.PLAN_KINDS)
PERFORMERS = tuple((v, k) for k, v in R.PERFORMER_LABELS.items())
CALENDARS = tuple((v, k) for k, v in R.CALENDAR_LABELS.items())
CHECKLISTS = ((L.RULES_BY_INDUSTRY, ""), *((c.name, c.code) for c in C.DEFAULT_CHECKLISTS))
SET_FIELDS = (
    Field("grade", L.F_GRADE, "combo", GRADES),
    Field("kind", L.F_KIND, "combo", KINDS),
    Field("performer", L.F_PERFORMER, "combo", PERFORMERS),
    Field("frequency", L.F_FREQUENCY, "edit_combo", L.F_FREQUENCY_HINTS),
    Field("calendar", L.F_CALENDAR, "combo", CALENDARS),
    Field("checklist", L.F_CHECKLIST, "combo", CHECKLISTS),
    Field("note", L.F_RULE_NOTE),
    Field("effective", L.F_EFFECTIVE, "date"),
    Field("reason", L.F_REASON, "multiline", height=60),
)
REMOVE_FIELDS = (
    Field("grade", L.F_GRADE, "combo", GRADES),
    Field("kind", L.F_KIND, "combo", KINDS),
    Field("effective", L.F_EFFECTIVE, "date"),
    Field("reason", L.F_REASON, "multiline", height=60),
)
CHECKLIST_NAMES = {c.code: c.name for c in C.DEFAULT_CHECKLISTS}


class PatrolRulesTab(QWidget):
    def __init__(self, ui, parent=None) -> None:
        super().__init__(parent)
        self.ui, self.svc = ui, ui.services.patrols
        self.form: FormDialog | None = None
        lay = QVBoxLayout(self)
        note = QLabel(L.RULES_NOTE, self)
        note.setWordWrap(True)
        lay.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(QLabel(L.RULES_VERSION, self))
        self.version = QComboBox(self)
        self.version.setObjectName("ruleVersion")
        self.version.currentIndexChanged.connect(lambda _i: self.show_version())
        row.addWidget(self.version, 1)
        lay.addLayout(row)
        self.table = readonly_table(L.RULES_COLUMNS, parent=self)
        self.table.setObjectName("patrolRules")
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        can = ui.app.auth.can("patrols.rules")
        for text, slot in ((L.RULES_SET, self.edit_rule), (L.RULES_REMOVE, self.remove_rule)):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            button.setEnabled(can)
            buttons.addWidget(button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        ui.bus.changed.connect(self._on_changes)
        self.load()

    def load(self) -> None:
        today = self.svc._clock.today()
        versions = self.svc.rule_versions()
        current = R.rules_on(versions, today)
        self.sets = [R.DEFAULT_RULES, *versions]
        self.version.blockSignals(True)
        self.version.clear()
        for rs in self.sets:
            mark = L.RULES_IN_FORCE if rs == current else (
                L.RULES_AHEAD if rs.effective_from > today else ""
            )  # fmt: skip
            text = (L.RULES_DEFAULT_ITEM + mark if rs is R.DEFAULT_RULES
                    else L.RULES_VERSION_ITEM.format(rs.effective_from.isoformat(), mark))  # fmt: skip
            self.version.addItem(text)
        self.version.setCurrentIndex(max(i for i, rs in enumerate(self.sets) if rs == current))
        self.version.blockSignals(False)
        self.show_version()

    def show_version(self) -> None:
        rs = self.sets[max(self.version.currentIndex(), 0)]
        fill_table(self.table, [_row(r) for r in rs.rules])

    def edit_rule(self) -> None:
        today = self.svc._clock.today()

        def submit(v: dict) -> None:
            values = {k: v[k] for k in ("grade", "kind", "performer", "frequency", "calendar",
                                        "checklist", "note")}  # fmt: skip
            call = lambda: self.svc.set_rule(values, v["effective"], v.get("reason", ""))  # noqa: E731
            self.form.run_save(self.ui.ops, call, on_done=lambda _r: self.load())

        values = {"effective": today, "frequency": L.F_FREQUENCY_HINTS[2]}
        self.form = FormDialog(L.RULES_SET_TITLE, SET_FIELDS, submit=submit, parent=self,
                               values=values, name="patrolRuleForm")  # fmt: skip
        self.form.open()

    def remove_rule(self) -> None:
        def submit(v: dict) -> None:
            def call():
                return self.svc.remove_rule(
                    v["grade"], v["kind"], v["effective"], v.get("reason", "")
                )

            self.form.run_save(self.ui.ops, call, on_done=lambda _r: self.load())

        values = {"effective": self.svc._clock.today()}
        self.form = FormDialog(L.RULES_REMOVE_TITLE, REMOVE_FIELDS, submit=submit, parent=self,
                               values=values, name="patrolRuleRemove")  # fmt: skip
        self.form.open()

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("patrol_rule_version", "*"):
            self.load()


def _row(r: R.PatrolRule) -> tuple:
    return (
        r.grade, R.KIND_LABELS[r.kind], R.PERFORMER_LABELS[r.performer], r.frequency.label,
        R.CALENDAR_LABELS[r.calendar], CHECKLIST_NAMES.get(r.checklist, r.checklist)
        or L.RULES_BY_INDUSTRY, r.note,
    )  # fmt: skip
