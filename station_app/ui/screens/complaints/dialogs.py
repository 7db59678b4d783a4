"""Dialogs of 投诉调解: a field-spec form dialog (registration and every workflow step), the
agreement-terms editor, and the case window that walks a complaint through its workflow.

Every dialog opens non-blocking (``open()``); a ``ValidationError`` from the service is shown
under the form and the field it names is marked, nothing is saved. Ctrl+S saves a form.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import complaints as rules
from station_app.errors import ConflictError, StationError, ValidationError
from station_app.services.complaints import (
    DOC_KINDS,
    KIND,
    PERSONAL_FIELDS,
    ComplaintInput,
    ComplaintView,
    TermInput,
)
from station_app.ui.errors import show_error
from station_app.ui.widgets.dates import DateEdit, format_date
from station_app.ui.widgets.forms import INVALID_STYLE, InlineError
from station_app.ui.widgets.history import HistoryPanel
from station_app.ui.widgets.personal import PersonalValue

from . import labels as L


def qdate(d: date | None) -> QDate:
    d = d or date.today()
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text | multiline | date | optdate | combo | check | money | recusal
    options: tuple = ()  # combo: (text, value) pairs
    placeholder: str = ""


class FormDialog(QDialog):
    """A form made from :class:`Field` specs. ``submit(values)`` runs the service call (via
    the op runner); ``on_saved(result)`` follows success."""

    def __init__(
        self,
        title: str,
        specs: list[Field],
        submit: Callable[[dict], None],
        parent=None,
        values: dict | None = None,
        intro: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("complaintForm")
        self.setMinimumWidth(520)
        self.specs = {f.key: f for f in specs}
        self.widgets: dict[str, QWidget] = {}
        self._submit = submit
        self.pre_save: Callable[[], object] | None = None
        self.dirty = False
        outer = QVBoxLayout(self)
        if intro:
            label = QLabel(intro, self)
            label.setWordWrap(True)
            outer.addWidget(label)
        body = QWidget(self)
        self.form = QFormLayout(body)
        for f in specs:
            w = self._make(f)
            self.widgets[f.key] = w
            if f.kind == "recusal":  # a long question: on its own line, answers below
                question = QLabel(f"<b>{f.label}</b>", body)
                question.setWordWrap(True)
                self.form.addRow(question)
                self.form.addRow("", w)
            else:
                self.form.addRow(f.label, w)
        if len(specs) > 10:
            scroll = QScrollArea(self)
            scroll.setWidgetResizable(True)
            scroll.setWidget(body)
            outer.addWidget(scroll, 1)
        else:
            outer.addWidget(body)
        self.extra = QVBoxLayout()
        outer.addLayout(self.extra)
        self.error = InlineError(self)
        outer.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存 (Ctrl+S)")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        for key, value in (values or {}).items():
            self.set_value(key, value)
        self.dirty = False

    def _make(self, f: Field) -> QWidget:
        if f.kind == "multiline":
            w = QPlainTextEdit(self)
            w.setPlaceholderText(f.placeholder)
            w.setMinimumHeight(70)
            w.textChanged.connect(self._touched)
        elif f.kind in ("date", "optdate"):
            w = DateEdit(self)
            w.setDate(qdate(date.today()))
            if f.kind == "optdate":
                w.setSpecialValueText("（未填）")
                w.setMinimumDate(QDate(2000, 1, 1))
                w.setDate(w.minimumDate())
            w.dateChanged.connect(self._touched)
        elif f.kind == "combo":
            w = QComboBox(self)
            for text, value in f.options:
                w.addItem(text, value)
            w.currentIndexChanged.connect(self._touched)
        elif f.kind == "check":
            w = QCheckBox(self)
            w.toggled.connect(self._touched)
        elif f.kind == "recusal":
            w = QWidget(self)
            lay = QHBoxLayout(w)
            lay.setContentsMargins(0, 0, 0, 0)
            group = QButtonGroup(w)
            yes, no = QRadioButton(L.RECUSAL_YES, w), QRadioButton(L.RECUSAL_NO, w)
            yes.setObjectName("recusal_yes")
            no.setObjectName("recusal_no")
            group.addButton(yes)
            group.addButton(no)
            lay.addWidget(yes)
            lay.addWidget(no)
            lay.addStretch(1)
            w.yes, w.no = yes, no  # type: ignore[attr-defined]
        else:
            w = QLineEdit(self)
            w.setPlaceholderText(f.placeholder)
            w.textEdited.connect(self._touched)
        w.setObjectName(f"field_{f.key}")
        return w

    def _touched(self, *_args) -> None:
        self.dirty = True
        for w in self.widgets.values():
            w.setStyleSheet("")
        self.error.show_message("")

    def set_value(self, key: str, value) -> None:
        w, f = self.widgets[key], self.specs[key]
        if f.kind == "multiline":
            w.setPlainText(value or "")
        elif f.kind in ("date", "optdate"):
            w.setDate(
                qdate(value) if value else (w.minimumDate() if f.kind == "optdate" else qdate(None))
            )
        elif f.kind == "combo":
            i = w.findData(value)
            w.setCurrentIndex(max(0, i))
        elif f.kind == "check":
            w.setChecked(bool(value))
        elif f.kind == "recusal":
            (w.yes if value else w.no).setChecked(True)
        elif f.kind == "money":
            w.setText(rules.yuan(value) if value else "")
        else:
            w.setText("" if value is None else str(value))

    def value(self, key: str):
        w, f = self.widgets[key], self.specs[key]
        if f.kind == "multiline":
            return w.toPlainText()
        if f.kind == "date":
            return pydate(w.date())
        if f.kind == "optdate":
            return None if w.date() == w.minimumDate() else pydate(w.date())
        if f.kind == "combo":
            return w.currentData()
        if f.kind == "check":
            return w.isChecked()
        if f.kind == "recusal":
            return True if w.yes.isChecked() else (False if w.no.isChecked() else None)
        if f.kind == "money":
            return rules.parse_yuan(w.text(), key)
        return w.text()

    def values(self) -> dict:
        return {key: self.value(key) for key in self.widgets}

    def save(self) -> None:
        try:
            if self.pre_save is not None:
                self.pre_save()
            values = self.values()
        except ValidationError as exc:
            self.show_validation(exc)
            return
        self._submit(values)

    def show_validation(self, exc: ValidationError) -> None:
        self.error.show_message(exc.message)
        key = exc.field.split(".")[0] if exc.field else ""
        w = self.widgets.get(exc.field) or self.widgets.get(key)
        if w is not None:
            w.setStyleSheet(INVALID_STYLE.replace("QLineEdit", w.metaObject().className()))
            w.setFocus()

    def reject(self) -> None:
        if (
            self.dirty
            and QMessageBox.question(self, self.windowTitle(), L.UNSAVED)
            != QMessageBox.StandardButton.Yes
        ):
            return
        super().reject()


def _opts(values, blank: str | None = None) -> tuple:
    out = tuple((v, v) for v in values)
    return (((blank, ""),) if blank is not None else ()) + out


def register_specs(stations: list) -> list[Field]:
    station_opts = (("（不经服务站）", None), *((s.name, s.id) for s in stations if s.active))
    return [
        Field("channel", "投诉渠道 *", "combo", _opts(rules.CHANNELS)),
        Field("received_on", "收到日期 *", "date"),
        Field("complainant_name", "投诉人姓名 *"),
        Field("complainant_phone", "投诉人电话 *", placeholder="手机或固定电话"),
        Field("complainant_address", "投诉人通讯地址 *"),
        Field("complainant_id_type", "证件类型", "combo", _opts(rules.ID_TYPES, "（不填证件）")),
        Field("complainant_id_number", "证件号码", placeholder="可不填（个人信息最少够用）"),
        Field("agent_name", "代理人姓名", placeholder="由代理人投诉时填写"),
        Field("agent_phone", "代理人电话"),
        Field("agent_authorised", "已提交授权委托书", "check"),
        Field("respondent_name", "被投诉人名称 *"),
        Field("respondent_address", "被投诉人地址 *"),
        Field("respondent_uscc", "统一社会信用代码"),
        Field("respondent_contact", "被投诉人联系人"),
        Field("respondent_phone", "被投诉人电话"),
        Field("goods", "商品或服务"),
        Field("occurred_on", "消费（知道权益受损）日期", "optdate"),
        Field("place", "消费地点"),
        Field("amount_fen", "涉及金额（元）", "money"),
        Field("claim", "投诉请求 *", "combo", _opts(rules.CLAIMS, "（请选择）")),
        Field("claim_detail", "具体请求"),
        Field(
            "facts", "争议事实 *", "multiline", placeholder="商品或服务、时间、地点、金额和争议经过"
        ),
        Field("service_station_id", "服务站", "combo", station_opts),
    ]


def input_from(values: dict, version: int = 0, entity_id: int | None = None) -> ComplaintInput:
    return ComplaintInput(**values, entity_id=entity_id, version=version)


class TermsEditor(QWidget):
    """The numbered terms of an agreement: kind, content, amount, how, by when."""

    HEAD = ("类型", "协议内容", "金额（元）", "履行方式", "履行期限")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel("协议条款（每条须写明履行期限）：", self))
        self.table = QTableWidget(0, len(self.HEAD), self)
        self.table.setObjectName("termsTable")
        self.table.setHorizontalHeaderLabels(self.HEAD)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 90), (2, 100), (3, 120), (4, 120)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeaderItem(4).setToolTip(
            "按 yyyy-MM-dd 填写，如 2026-10-20；当场履行的填调解当日"
        )
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        self.table.setMinimumHeight(150)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        add = QPushButton("增加一条", self)
        add.clicked.connect(lambda: self.add_term())
        remove = QPushButton("删除所选条款", self)
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay.addLayout(row)

    def add_term(
        self, kind: str = "退款", text: str = "", amount: str = "", method: str = "", due: str = ""
    ) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        combo = QComboBox(self.table)
        combo.addItems(list(rules.TERM_KINDS))
        combo.setCurrentText(kind)
        self.table.setCellWidget(r, 0, combo)
        for c, value in enumerate((text, amount, method, due), start=1):
            self.table.setItem(r, c, QTableWidgetItem(value))

    def terms(self) -> list[TermInput]:
        out = []
        for r in range(self.table.rowCount()):

            def cell(c: int, r: int = r) -> str:
                item = self.table.item(r, c)
                return item.text().strip() if item else ""

            due_text = cell(4)
            try:
                due = date.fromisoformat(due_text) if due_text else None
            except ValueError:
                raise ValidationError(
                    f"第 {r + 1} 条的履行期限“{due_text}”不是日期，请按 2026-10-20 的格式填写。",
                    field=f"terms.{r + 1}.due_on",
                ) from None
            amount = rules.parse_yuan(cell(2), f"terms.{r + 1}.amount_fen") if cell(2) else None
            out.append(
                TermInput(self.table.cellWidget(r, 0).currentText(), cell(1), due, amount, cell(3))
            )
        return out


# ---- the case window -----------------------------------------------------------------------


class CaseDialog(QDialog):
    """One complaint: summary with deadlines, the next workflow steps as buttons, mediation,
    documents and history. GUI thread only."""

    def __init__(self, ui, complaint_id: int, parent=None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.svc = ui.services.complaints
        self.complaint_id = complaint_id
        self.view: ComplaintView | None = None
        self.current_form: FormDialog | None = None
        self.preview = None
        self.last_pdf: Path | None = None
        self.setObjectName("caseDialog")
        self.resize(980, 720)
        lay = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        lay.addWidget(self.header)
        self.actions = QHBoxLayout()
        lay.addLayout(self.actions)
        self.tabs = QTabWidget(self)
        self.details = QWidget(self)
        self.details_lay = QGridLayout(self.details)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        self.tabs.addTab(scroll, "详情")
        self.mediation = QLabel(self)
        self.mediation.setWordWrap(True)
        self.mediation.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.mediation.setTextFormat(Qt.TextFormat.RichText)
        self.tabs.addTab(self.mediation, "调解与结果")
        self.docs = QWidget(self)
        self.docs_lay = QVBoxLayout(self.docs)
        self.tabs.addTab(self.docs, "文书")
        labels = dict(rules.FIELD_LABELS)
        self.history = HistoryPanel(ui, KIND, complaint_id, labels, self)
        self.tabs.addTab(self.history, "修改历史")
        lay.addWidget(self.tabs, 1)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        QShortcut(QKeySequence.StandardKey.Print, self, self._print_default)
        self.buttons: dict[str, QPushButton] = {}
        self.load()

    # -- display -------------------------------------------------------------------------------
    def load(self) -> None:
        self.view = v = self.svc.get(self.complaint_id)
        self.setWindowTitle(L.CASE_TITLE.format(number=v.number))
        due = v.current_due
        due_text = ""
        if due:
            state = rules.deadline_state(self.svc.calendar(), due, date.today(), False)
            color = {"overdue": "#b00020", "soon": "#b26a00"}.get(state, "#1b7f3b")
            word = {"overdue": "已超期", "soon": "临期"}.get(state, "")
            due_text = f" · 当前期限 <b style='color:{color}'>{due.isoformat()} {word}</b>"
        warn = (
            f"<br/><span style='color:#b26a00'>⚠ {v.deadline_warning}</span>"
            if v.deadline_warning and due is not None  # only while a deadline runs
            else ""
        )
        self.header.setText(
            f"<b style='font-size:15pt'>{v.number}</b>　状态：<b>{v.status}</b>{due_text}<br/>"
            f"{v.channel} · 收到 {v.received_on.isoformat()} · 被投诉人 {v.respondent_name} · "
            f"请求 {v.claim} · 涉及金额 {rules.yuan(v.amount_fen)} 元{warn}"
        )
        self._fill_details(v)
        self._fill_mediation(v)
        self._fill_actions(v)
        self._fill_docs(v)

    def _fill_details(self, v: ComplaintView) -> None:
        while self.details_lay.count():
            item = self.details_lay.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        can = self.ui.app.auth.can("personal.unmasked")

        def personal(field_name: str) -> QWidget:
            # the view arrives masked; the full value only through the audited service call
            w = PersonalValue(
                getattr(v, field_name),
                lambda: self.svc.reveal_personal(v.id, field_name),
                allowed=can,
                parent=self.details,
            )
            w.setObjectName(f"personal_{field_name}")
            return w

        agent: list[tuple[str, object]] = [
            ("代理人", f"{v.agent_name}（已提交授权委托书）" if v.agent_name else "（无）")
        ]
        if v.agent_phone:
            agent.append(("代理人电话", personal("agent_phone")))
        rows: list[tuple[str, object]] = [
            ("投诉人", v.complainant_name),
            ("投诉人电话", personal("complainant_phone")),
            ("通讯地址", personal("complainant_address")),
            (
                "证件",
                personal("complainant_id_number") if v.complainant_id_number else "（未登记）",
            ),
            *agent,
            (
                "被投诉人",
                v.respondent_name + (f"（{v.respondent_uscc}）" if v.respondent_uscc else ""),
            ),
            ("被投诉人地址", v.respondent_address),
            ("联系人/电话", f"{v.respondent_contact} {v.respondent_phone}".strip()),
            ("商品或服务", v.goods),
            ("消费日期/地点", f"{format_date(v.occurred_on)} {v.place}".strip()),
            ("投诉请求", f"{v.claim} {v.claim_detail}".strip()),
            ("争议事实", v.facts),
            ("服务站", v.station_name or "（不经服务站）"),
            ("受理期限", format_date(v.acceptance_due)),
            (
                "受理决定",
                f"{format_date(v.decided_on)} {'不予受理：' + rules.REFUSAL_GROUNDS.get(v.refusal_ground, '') if v.refusal_ground else ('受理' if v.decided_on else '')}",
            ),
            ("调解期限", format_date(v.mediation_due)),
            ("适用规则", v.rules_name),
        ]
        for r, (label, value) in enumerate(rows):
            align = (  # beside a 显示 button the label is centred with the value
                Qt.AlignmentFlag.AlignVCenter
                if isinstance(value, PersonalValue)
                else Qt.AlignmentFlag.AlignTop
            )
            self.details_lay.addWidget(QLabel(f"<b>{label}</b>", self.details), r, 0, align)
            if isinstance(value, QWidget):
                self.details_lay.addWidget(value, r, 1)
            else:
                text = QLabel(str(value), self.details)
                text.setWordWrap(True)
                text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.details_lay.addWidget(text, r, 1)
        self.details_lay.setColumnStretch(1, 1)
        self.details_lay.setRowStretch(len(rows), 1)

    def _fill_mediation(self, v: ComplaintView) -> None:
        parts = []
        mediators = "、".join(m.name for m in v.mediators) or "（未指派）"
        parts.append(
            f"<p><b>调解人员：</b>{mediators}（均已询问回避事项）　<b>调解方式：</b>{v.mediation_way or '—'}</p>"
        )
        if v.sessions:
            parts.append("<p><b>调解记录：</b></p><ul>")
            for x in v.sessions:
                parts.append(f"<li>{x.held_on.isoformat()} {x.way} {x.place}：{x.notes}</li>")
            parts.append("</ul>")
        if v.terms:
            parts.append(f"<p><b>调解成功</b>（{format_date(v.result_on)}）协议条款：</p><ol>")
            for t in v.terms:
                shown = t.amount_fen and rules.yuan(t.amount_fen) not in t.description
                amount = f"，{rules.yuan(t.amount_fen)} 元" if shown else ""
                parts.append(
                    f"<li>{t.kind}：{t.description}{amount}；{t.method}，{t.due_on.isoformat()} 前履行</li>"
                )
            parts.append(
                f"</ol><p>挽回经济损失：{rules.yuan(v.money_recovered_fen)} 元{'（当场履行）' if v.performed_on_spot else ''}</p>"
            )
        if v.termination_reason:
            parts.append(
                f"<p><b>终止调解</b>（{format_date(v.result_on)}）：{rules.TERMINATION_REASONS[v.termination_reason]}。"
                f"告知期限 {format_date(v.notice_due)}，告知日期 {format_date(v.notice_on) or '（未告知）'}</p>"
            )
        if v.performance_status:
            parts.append(
                f"<p><b>履行情况：</b>{v.performance_status}（{format_date(v.performance_checked_on)}）{v.performance_note}</p>"
            )
        if v.visit_on:
            parts.append(
                f"<p><b>回访：</b>{format_date(v.visit_on)} {v.visit_way}，过程{v.visit_process}，结果{v.visit_result}。{v.visit_note}</p>"
            )
        if v.closed_on:
            parts.append(f"<p><b>办结：</b>{format_date(v.closed_on)}</p>")
        self.mediation.setText("".join(parts))

    def _fill_actions(self, v: ComplaintView) -> None:
        while self.actions.count():
            item = self.actions.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons = {}
        auth = self.ui.app.auth
        steps = {
            rules.REGISTERED: ("accept", "refuse", "edit"),
            rules.MEDIATING: (
                "mediator",
                *(("unmediator",) if v.mediators else ()),
                "session",
                "succeed",
                "terminate",
                "edit",
            ),
            rules.SUCCEEDED: ("follow", "visit", "close"),
            rules.TERMINATED: ("notice", "visit", "close"),
            rules.REFUSED: ("visit", "close"),
            rules.CLOSED: (),
        }[v.status]
        mediation_steps = {"mediator", "unmediator", "session", "succeed", "terminate", "notice"}
        for key in steps:
            button = QPushButton(L.ACTIONS[key], self)
            button.setObjectName(f"action_{key}")
            button.clicked.connect(getattr(self, f"do_{key}"))
            button.setEnabled(
                auth.can("mediation.edit" if key in mediation_steps else "complaints.edit")
            )
            self.actions.addWidget(button)
            self.buttons[key] = button
        self.actions.addStretch(1)

    def _fill_docs(self, v: ComplaintView) -> None:
        while self.docs_lay.count():
            item = self.docs_lay.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        issued = {d.kind: d for d in v.documents}
        kinds = self.svc.available_documents(v)
        if not kinds:
            self.docs_lay.addWidget(QLabel("当前状态还没有可出具的文书。", self.docs))
        for kind in kinds:
            label = DOC_KINDS[kind][0]
            d = issued.get(kind)
            note = (
                f"　已出具 {d.number or ''}，打印 {d.prints} 次（再打印为副本）"
                if d
                else "　尚未出具（打印时自动编号）"
            )
            row = QHBoxLayout()
            button = QPushButton(L.DOC_BUTTON.format(label=label), self.docs)
            button.setObjectName(f"print_{kind}")
            button.clicked.connect(lambda _c=False, k=kind: self.print_document(k))
            row.addWidget(button)
            row.addWidget(QLabel(note, self.docs))
            row.addStretch(1)
            holder = QWidget(self.docs)
            holder.setLayout(row)
            self.docs_lay.addWidget(holder)
        self.docs_lay.addStretch(1)

    # -- running a step ------------------------------------------------------------------------
    def _run(self, form: FormDialog, call: Callable[[], object]) -> None:
        def done(_result) -> None:
            form.dirty = False
            form.accept()
            self.current_form = None
            self.load()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                form.show_validation(exc)
            elif isinstance(exc, ConflictError):
                show_error(form, exc)
                self.load()
            else:
                show_error(form, exc)

        self.ui.ops.run_write(lambda _p: call(), on_done=done, on_error=failed, parent=form)

    def _form(
        self, title: str, specs: list[Field], submit, values: dict | None = None, intro: str = ""
    ) -> FormDialog:
        form = FormDialog(title, specs, lambda vals: None, self, values, intro)
        form._submit = lambda vals: self._run(form, lambda: submit(vals))
        self.current_form = form
        form.open()
        return form

    def do_accept(self) -> FormDialog:
        v = self.view
        return self._form(
            "受理",
            [Field("decided_on", "受理日期", "date")],
            lambda x: self.svc.accept(v.id, x["decided_on"], v.version),
            intro=f"受理后调解期限自受理日起计算（{v.rules_name}）。",
        )

    def do_refuse(self) -> FormDialog:
        v = self.view
        grounds = (
            ("（请选择）", ""),
            *((f"（{rules.cn_index(int(k))}）{t}", k) for k, t in rules.REFUSAL_GROUNDS.items()),
        )
        return self._form(
            "不予受理",
            [
                Field("decided_on", "决定日期", "date"),
                Field("refusal_ground", "不予受理理由", "combo", grounds),
                Field("refusal_note", "说明", "multiline"),
            ],
            lambda x: self.svc.refuse(
                v.id, x["decided_on"], x["refusal_ground"], x["refusal_note"], v.version
            ),
        )

    def do_mediator(self) -> FormDialog:
        v = self.view
        form = self._form(
            "指派调解人员",
            [
                Field("mediator_name", "调解人员姓名"),
                Field("related_to_party", L.RECUSAL_QUESTION, "recusal"),
            ],
            lambda x: self.svc.add_mediator(
                v.id, x["mediator_name"], x["related_to_party"], v.version
            ),
            intro="依法询问：调解人员是当事人近亲属或与当事人有利害关系的，应当回避。",
        )
        completer = QCompleter(self.svc.mediator_names(), form)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        form.widgets["mediator_name"].setCompleter(completer)
        return form

    def do_unmediator(self) -> FormDialog:
        v = self.view
        choices = tuple((m.name, m.id) for m in v.mediators)
        return self._form(
            "移除调解人员",
            [
                Field("mediator_id", "调解人员", "combo", choices),
                Field(
                    "reason",
                    "移除原因",
                    "multiline",
                    placeholder="如：发现与当事人有利害关系，应当回避",
                ),
            ],
            lambda x: self.svc.remove_mediator(v.id, x["mediator_id"], v.version, x["reason"]),
            intro="移除后如需调解人员，请另行指派；原因记入修改历史。",
        )

    def do_session(self) -> FormDialog:
        v = self.view
        return self._form(
            "记录调解",
            [
                Field("held_on", "调解日期", "date"),
                Field("way", "调解方式", "combo", _opts(rules.WAYS)),
                Field("place", "地点"),
                Field("notes", "调解经过和双方意见", "multiline"),
            ],
            lambda x: self.svc.add_session(
                v.id, x["held_on"], x["way"], x["place"], x["notes"], v.version
            ),
        )

    def do_succeed(self) -> FormDialog:
        v = self.view
        terms = TermsEditor()

        def submit(x):
            return self.svc.succeed(
                v.id,
                x["result_on"],
                terms.terms(),
                v.version,
                way=x["way"],
                performed_on_spot=x["performed_on_spot"],
                performance_method=x["performance_method"],
            )

        form = self._form(
            "调解成功",
            [
                Field("result_on", "调解成功日期", "date"),
                Field("way", "调解方式", "combo", _opts(rules.WAYS)),
                Field("performed_on_spot", "协议已当场履行（只作调解记录）", "check"),
                Field("performance_method", "履行方式补充说明"),
            ],
            submit,
        )
        if v.mediation_way:
            form.set_value("way", v.mediation_way)
        form.extra.addWidget(terms)
        form.terms_editor = terms  # type: ignore[attr-defined]
        terms.add_term(
            kind={
                "退款": "退款",
                "赔偿损失": "赔偿",
                "更换": "更换",
                "修理": "修理",
                "退货": "退货",
            }.get(v.claim, "其他")
        )
        form.resize(900, 560)
        form.pre_save = terms.terms
        return form

    def do_terminate(self) -> FormDialog:
        v = self.view
        reasons = (
            ("（请选择）", ""),
            *(
                (f"（{rules.cn_index(int(k))}）{t}", k)
                for k, t in rules.TERMINATION_REASONS.items()
            ),
        )
        return self._form(
            "终止调解",
            [
                Field("result_on", "终止调解日期", "date"),
                Field("termination_reason", "终止理由", "combo", reasons),
                Field("termination_note", "说明", "multiline"),
            ],
            lambda x: self.svc.terminate(
                v.id, x["result_on"], x["termination_reason"], x["termination_note"], v.version
            ),
        )

    def do_notice(self) -> FormDialog:
        v = self.view
        return self._form(
            "登记告知日期",
            [Field("notice_on", "告知双方日期", "date")],
            lambda x: self.svc.record_notice(v.id, x["notice_on"], v.version),
            intro=f"应在 {format_date(v.notice_due)} 前告知双方终止调解。",
        )

    def do_follow(self) -> FormDialog:
        v = self.view
        return self._form(
            "履行情况",
            [
                Field("performance_status", "履行情况", "combo", _opts(rules.PERFORMANCE)),
                Field("performance_checked_on", "核查日期", "date"),
                Field("performance_note", "说明", "multiline"),
            ],
            lambda x: self.svc.follow_up(
                v.id,
                x["performance_status"],
                x["performance_note"],
                x["performance_checked_on"],
                v.version,
            ),
            values={"performance_status": v.performance_status or "已履行"},
        )

    def do_visit(self) -> FormDialog:
        v = self.view
        sat = _opts(rules.SATISFACTION, "（请选择）")
        return self._form(
            "回访",
            [
                Field("visit_on", "回访日期", "date"),
                Field("visit_way", "回访方式", "combo", _opts(("电话", "现场", "网络", "上门"))),
                Field("visit_process", "过程满意度", "combo", sat),
                Field("visit_result", "结果满意度", "combo", sat),
                Field("visit_note", "回访记录", "multiline"),
            ],
            lambda x: self.svc.return_visit(
                v.id,
                x["visit_on"],
                x["visit_way"],
                x["visit_process"],
                x["visit_result"],
                x["visit_note"],
                v.version,
            ),
        )

    def do_close(self) -> FormDialog:
        v = self.view
        return self._form(
            "办结",
            [Field("closed_on", "办结日期", "date")],
            lambda x: self.svc.close(v.id, x["closed_on"], v.version),
        )

    def do_edit(self) -> FormDialog:
        v = self.view
        specs = register_specs(self.svc.stations())
        values = {f.key: getattr(v, f.key) for f in specs}
        holder: dict = {}
        form = self._form(
            L.EDIT_TITLE,
            specs,
            lambda x: self.svc.update_registration(
                v.id, input_from(x, v.version, holder["picker"].entity_id)
            ),
            values,
        )
        holder["picker"] = add_respondent_picker(self.ui, form, v.entity_id)
        self._add_personal_editing(form, v)
        form.resize(640, 760)
        return form

    def _add_personal_editing(self, form: FormDialog, v: ComplaintView) -> None:
        """The editor shows personal fields masked. Left as they are, they keep the stored
        values; typing a new value replaces one. A user allowed to see unmasked data may load
        the full values to correct them (one audited service call)."""
        if not any(getattr(v, k) for k in PERSONAL_FIELDS):
            return
        row = QHBoxLayout()
        note = QLabel(L.MASKED_IN_EDITOR, form)
        note.setObjectName("maskedNote")
        note.setWordWrap(True)
        row.addWidget(note, 1)
        if self.ui.app.auth.can("personal.unmasked"):
            button = QPushButton(L.SHOW_FULL_FOR_EDIT, form)
            button.setObjectName("revealForEdit")
            button.setToolTip("显示完整信息（会记入操作日志）")

            def load_full() -> None:
                try:
                    full = self.svc.get(v.id, unmasked=True)
                except StationError as exc:
                    show_error(form, exc)
                    return
                for k in PERSONAL_FIELDS:
                    if k in form.widgets and form.value(k) == getattr(v, k):  # not retyped
                        form.set_value(k, getattr(full, k))
                button.hide()
                note.setText(L.FULL_IN_EDITOR)

            button.clicked.connect(load_full)
            row.addWidget(button)
        form.extra.addLayout(row)

    # -- documents -----------------------------------------------------------------------------
    def _print_default(self) -> None:
        kinds = self.svc.available_documents(self.view)
        if kinds:
            self.print_document(kinds[-1])

    def print_document(self, kind: str) -> None:
        v = self.view
        out = Path(tempfile.mkdtemp(prefix="station-doc-")) / f"{v.number}-{DOC_KINDS[kind][0]}.pdf"

        def done(result) -> None:
            issued, _changes = result
            self.last_pdf = out
            self.load()
            from station_app.ui.widgets.pdf_preview import PdfPreviewDialog

            title = f"{issued.label} {issued.number}".strip() + (
                "（副本）" if issued.reprint else ""
            )
            self.preview = PdfPreviewDialog(out, title, suggested_name=out.name, parent=self)
            self.preview.open()

        self.ui.ops.run_write(
            lambda _p: self.svc.print_document(v.id, kind, out),
            on_done=done,
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在生成文书…",
            parent=self,
        )


class RespondentPicker(QWidget):
    """Search the entity registry and fill the respondent fields from the chosen entity."""

    def __init__(self, ui, form: FormDialog, entity_id: int | None = None) -> None:
        super().__init__(form)
        self.ui = ui
        self.form = form
        self.entity_id = entity_id
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.query = QLineEdit(self)
        self.query.setObjectName("respondentSearch")
        self.query.setPlaceholderText("输入名称、统一社会信用代码或地址的一部分，回车查找")
        self.query.returnPressed.connect(self.search)
        find = QPushButton("查找", self)
        find.clicked.connect(self.search)
        row.addWidget(self.query, 1)
        row.addWidget(find)
        lay.addLayout(row)
        self.results = QListWidget(self)
        self.results.setObjectName("respondentResults")
        self.results.setMaximumHeight(110)
        self.results.hide()
        self.results.itemActivated.connect(self.choose)
        self.results.itemClicked.connect(self.choose)
        lay.addWidget(self.results)
        self.chosen = QLabel(
            "已关联台账主体" if entity_id else "未关联台账主体（可直接填写下列被投诉人信息）", self
        )
        lay.addWidget(self.chosen)

    def search(self) -> None:
        text = self.query.text().strip()
        if not text:
            return

        def show(found: list[dict]) -> None:
            self.results.clear()
            for e in found:
                item = QListWidgetItem(f"{e['name']}　{e['uscc']}　{e['address']}")
                item.setData(Qt.ItemDataRole.UserRole, e)
                self.results.addItem(item)
            if not found:
                self.results.addItem("台账中没有找到，请直接填写被投诉人信息。")
            self.results.show()

        svc = self.ui.services.complaints
        self.ui.ops.run_read(
            lambda _p: svc.find_respondents(text),
            on_done=show,
            on_error=lambda e: show_error(self, e),
        )

    def choose(self, item: QListWidgetItem) -> None:
        e = item.data(Qt.ItemDataRole.UserRole)
        if not e:
            return
        self.entity_id = e["id"]
        for key, value in (
            ("respondent_name", e["name"]),
            ("respondent_address", e["address"]),
            ("respondent_uscc", e["uscc"]),
            ("respondent_contact", e["legal_rep"]),
            ("respondent_phone", e["phone"]),
        ):
            self.form.set_value(key, value)
        self.form.dirty = True
        self.chosen.setText(f"已关联台账主体：{e['name']}")
        self.results.hide()


def add_respondent_picker(ui, form: FormDialog, entity_id: int | None = None) -> RespondentPicker:
    picker = RespondentPicker(ui, form, entity_id)
    row, _role = form.form.getWidgetPosition(form.widgets["respondent_name"])
    form.form.insertRow(row, "从台账选择被投诉人", picker)
    form.respondent_picker = picker  # type: ignore[attr-defined]
    return picker


def new_complaint_dialog(ui, parent, on_saved: Callable[[ComplaintView], None]) -> FormDialog:
    svc = ui.services.complaints
    specs = register_specs(svc.stations())
    holder: dict = {}

    def submit(values: dict) -> None:
        form = holder["form"]

        def done(result) -> None:
            form.dirty = False
            form.accept()
            on_saved(result[0])

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                form.show_validation(exc)
            elif isinstance(exc, StationError):
                show_error(form, exc)
            else:
                show_error(form, exc)

        ui.ops.run_write(
            lambda _p: svc.register(input_from(values, entity_id=form.respondent_picker.entity_id)),
            on_done=done,
            on_error=failed,
            parent=form,
        )

    form = FormDialog(
        L.REGISTER_TITLE,
        specs,
        submit,
        parent,
        intro="带 * 的为必填项：投诉须载明投诉人姓名、电话、通讯地址，被投诉人名称和地址，投诉请求和争议事实。",
    )
    holder["form"] = form
    add_respondent_picker(ui, form)
    form.resize(680, 820)
    form.open()
    return form
