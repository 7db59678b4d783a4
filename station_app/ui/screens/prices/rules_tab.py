"""规则: the rules in force (each with its plain description) and the selected rule's versions;
新增规则 (a form per kind, its parameters explained), 修改 (saved as the next version, with the
reason), 停用. Writes need ``prices.rules`` (admin, head). GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from station_app.domain.prices import rules as R
from station_app.services.base import Changes
from station_app.services.prices import KIND_RULE, RuleInput, RuleView
from station_app.ui.formatting import local_time
from station_app.ui.screens.prices import labels as L
from station_app.ui.widgets.forms import Field, FormDialog, options
from station_app.ui.widgets.tables import fill_table, readonly_table

_TEXT = "text"
PARAM_FIELDS: dict[str, tuple[Field, ...]] = {
    R.BASELINE_RISE: (
        Field("k", L.RULE_FIELDS["k"]),
        Field("days_before", L.RULE_FIELDS["days_before"]),
        Field("baseline_first", L.RULE_FIELDS["baseline_first"], "optdate"),
        Field("baseline_last", L.RULE_FIELDS["baseline_last"], "optdate"),
        Field("min_observations", L.RULE_FIELDS["min_observations"]),
    ),
    R.HOLIDAY_HISTORY: (
        Field("years", L.RULE_FIELDS["years"], "combo", options(("1", "2"))),
        Field(
            "measure", L.RULE_FIELDS["measure"], "combo", options((R.MEASURE_MAX, R.MEASURE_AVG))
        ),
    ),
    R.ABSOLUTE_CAP: (Field("cap_yuan", L.RULE_FIELDS["cap_yuan"]),),
    R.ABOVE_POSTED: (
        Field("basis", L.RULE_FIELDS["basis"], "combo", options((R.BASIS_POSTED, R.BASIS_FILED))),
    ),
    R.MULTIPLE_PRICES: (Field("max_prices", L.RULE_FIELDS["max_prices"]),),
    R.DAY_JUMP: (
        Field("k", L.RULE_FIELDS["k"]),
        Field("max_gap_days", L.RULE_FIELDS["max_gap_days"]),
    ),
    R.PEER_OUTLIER: (
        Field("k", L.RULE_FIELDS["k"]),
        Field("peers", L.RULE_FIELDS["peers"], "combo", options(R.PEER_MODES)),
        Field("min_peers", L.RULE_FIELDS["min_peers"]),
    ),
}
DEFAULTS: dict[str, dict[str, str]] = {
    R.BASELINE_RISE: {"k": "1.5", "days_before": "30", "min_observations": "3"},
    R.HOLIDAY_HISTORY: {"years": "1", "measure": R.MEASURE_MAX},
    R.ABSOLUTE_CAP: {"cap_yuan": ""},
    R.ABOVE_POSTED: {"basis": R.BASIS_POSTED},
    R.MULTIPLE_PRICES: {"max_prices": "1"},
    R.DAY_JUMP: {"k": "1.5", "max_gap_days": "3"},
    R.PEER_OUTLIER: {"k": "3.5", "peers": R.PEERS_DISTRICT_CLASS, "min_peers": "5"},
}


def _time(value) -> str:  # type: ignore[no-untyped-def]
    return local_time(value).strftime("%Y-%m-%d %H:%M") if value else ""


class RulesTab(QWidget):
    """GUI thread only. ``rules`` are the versions in force, by series."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(parent)
        self.ui, self.svc = ui, ui.services.prices
        self.rules: list[RuleView] = []
        self.form: FormDialog | None = None
        can = ui.app.auth.can("prices.rules")
        lay = QVBoxLayout(self)
        note = QLabel(L.RULE_NOTE, self)
        note.setWordWrap(True)
        lay.addWidget(note)
        self.table = readonly_table(L.RULE_HEADERS, (), self, single=True)
        self.table.setObjectName("ruleTable")
        self.table.itemSelectionChanged.connect(self._show_history)
        lay.addWidget(self.table, 2)
        row = QHBoxLayout()
        self.buttons = {}
        for key, text, slot in (
            ("new", L.RULE_NEW, self.new_rule),
            ("edit", L.RULE_EDIT, self.edit_rule),
            ("stop", L.RULE_STOP, self.stop_rule),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"rule_{key}")
            button.clicked.connect(slot)
            button.setEnabled(can and key == "new")
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        self.can = can
        lay.addWidget(QLabel(L.RULE_HISTORY, self))
        self.history = readonly_table(L.RULE_HISTORY_HEADERS, (), self)
        self.history.setObjectName("ruleHistory")
        lay.addWidget(self.history, 1)
        ui.bus.changed.connect(self.on_changes)
        self.refresh()

    def refresh(self) -> None:
        self.rules = self.svc.rules()
        rows = [
            (r.series, r.version, r.name, r.kind_label, r.description,
             L.RULE_ACTIVE if r.active else L.RULE_INACTIVE)
            for r in self.rules
        ]  # fmt: skip
        fill_table(self.table, rows, ids=[r.series for r in self.rules], right=(0, 1))
        if self.rules and self.current() is None:
            self.table.selectRow(0)  # its versions show beneath at once
        self._show_history()

    def current(self) -> RuleView | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rules[rows[0].row()] if rows else None

    def _show_history(self) -> None:
        rule = self.current()
        for key in ("edit", "stop"):
            self.buttons[key].setEnabled(self.can and rule is not None)
        versions = (
            [v for v in self.svc.rules(history=True) if v.series == rule.series] if rule else []
        )
        fill_table(
            self.history,
            [(v.version, v.name, v.description, v.created_by, _time(v.created_at), v.reason,
              _time(v.retired_at)) for v in reversed(versions)],
        )  # fmt: skip

    # ---- the form ---------------------------------------------------------------------------

    def new_rule(self) -> None:
        labels = list(R.KIND_LABELS.values())
        label, ok = QInputDialog.getItem(
            self, L.RULE_KIND_TITLE, L.RULE_KIND_PROMPT, labels, 0, False
        )
        if ok:
            kind = R.KINDS[labels.index(label)]
            self._open_form(kind, None, {**DEFAULTS[kind], "days": R.WINDOW_DAYS, "group_id": ""})

    def edit_rule(self) -> None:
        rule = self.current()
        if rule is None:
            return
        params = {k: ("" if v is None else str(v)) for k, v in rule.params.items()}
        if rule.kind == R.ABSOLUTE_CAP and "cap_fen" in rule.params:
            params["cap_yuan"] = f"{int(rule.params['cap_fen']) / 100:g}"
        values = {**DEFAULTS[rule.kind], **params, "name": rule.name, "days": rule.days,
                  "period_first": rule.period_first, "period_last": rule.period_last,
                  "group_id": (rule.scope or {}).get("group_id") or ""}  # fmt: skip
        for key in ("baseline_first", "baseline_last"):
            values[key] = _day(values.get(key))
        self._open_form(rule.kind, rule.series, values)

    def _fields(self, kind: str) -> tuple[Field, ...]:
        groups = ((L.ALL_GROUPS, ""), *((g.name, g.id) for g in self.svc.groups()))
        return (
            Field("name", L.RULE_FIELDS["name"]),
            *PARAM_FIELDS[kind],
            Field("days", L.RULE_FIELDS["days"], "combo", options(R.DAYS_MODES)),
            Field("period_first", L.RULE_FIELDS["period_first"], "optdate"),
            Field("period_last", L.RULE_FIELDS["period_last"], "optdate"),
            Field("group_id", L.RULE_FIELDS["group_id"], "combo", groups),
            Field("reason", L.RULE_FIELDS["reason"], "multiline", height=60),
        )

    def _open_form(self, kind: str, series: int | None, values: dict) -> None:
        def submit(x: dict) -> None:
            params = {f.key: x[f.key] for f in PARAM_FIELDS[kind]}
            data = RuleInput(
                kind=kind, name=x["name"], params=params, days=x["days"],
                period_first=x["period_first"], period_last=x["period_last"],
                scope={"group_id": x["group_id"] or None},
            )  # fmt: skip
            form.run_save(self.ui.ops, lambda: self.svc.save_rule(series, data, x["reason"]))

        title = L.RULE_FORM_TITLE.format(L.RULE_FORM, R.KIND_LABELS[kind])
        form = self.form = FormDialog(title, self._fields(kind), submit, self, values,
                                      name="ruleForm")  # fmt: skip
        form.open()

    def stop_rule(self) -> None:
        rule = self.current()
        if rule is None:
            return
        reason, ok = QInputDialog.getText(self, L.RULE_STOP_TITLE, L.RULE_STOP_PROMPT)
        if ok:
            self.ui.ops.run_write(
                lambda _p: self.svc.deactivate_rule(rule.series, reason), parent=self
            )

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(KIND_RULE):
            self.refresh()


def _day(value):  # type: ignore[no-untyped-def]
    from datetime import date

    if value in (None, "") or isinstance(value, date):
        return value or None
    return date.fromisoformat(str(value))
