"""The case window: one complaint's summary with its deadline, the next workflow steps as
buttons (each a form from ``case_steps``), mediation, documents and history.

Every form opens non-blocking (``open()``); a ``ValidationError`` from the service is shown
under the form and the field it names is marked, nothing is saved. Ctrl+S saves a form,
Ctrl+P prints the latest document the case can issue.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import complaints as rules
from station_app.services.complaints import DOC_KINDS, KIND, ComplaintView
from station_app.ui.errors import show_error
from station_app.ui.widgets.files import open_pdf_preview, temp_pdf
from station_app.ui.widgets.forms import FormDialog
from station_app.ui.widgets.history import HistoryPanel
from station_app.ui.widgets.personal import PersonalValue

from . import case_steps as steps
from . import labels as L
from .case_text import detail_rows, header_html, mediation_html

DOCUMENTS_TAB = 2


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().deleteLater()


class CaseDialog(QDialog):
    """One complaint. ``view`` is the complaint as last loaded; ``current_form`` the step form
    open now; ``preview``/``last_pdf`` the document printed last. GUI thread only."""

    def __init__(self, ui, complaint_id: int, parent=None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.svc = ui.services.complaints
        self.complaint_id = complaint_id
        self.view: ComplaintView | None = None
        self.current_form: FormDialog | None = None
        self.preview = None
        self.last_pdf: Path | None = None
        self.buttons: dict[str, QPushButton] = {}
        self.setObjectName("caseDialog")
        self.resize(980, 720)
        lay = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        lay.addWidget(self.header)
        self.actions = QHBoxLayout()
        lay.addLayout(self.actions)
        lay.addWidget(self._tabs(), 1)
        lay.addLayout(self._close_row())
        QShortcut(QKeySequence.StandardKey.Print, self, self._print_default)
        self.load()

    def _tabs(self) -> QTabWidget:
        self.tabs = QTabWidget(self)
        self.details = QWidget(self)
        self.details_lay = QGridLayout(self.details)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        self.tabs.addTab(scroll, L.TAB_DETAILS)
        self.mediation = QLabel(self)
        self.mediation.setWordWrap(True)
        self.mediation.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.mediation.setTextFormat(Qt.TextFormat.RichText)
        self.tabs.addTab(self.mediation, L.TAB_MEDIATION)
        self.docs = QWidget(self)
        self.docs_lay = QVBoxLayout(self.docs)
        self.tabs.addTab(self.docs, L.TAB_DOCUMENTS)
        labels = dict(rules.FIELD_LABELS)
        self.history = HistoryPanel(self.ui, KIND, self.complaint_id, labels, self)
        self.tabs.addTab(self.history, L.TAB_HISTORY)
        return self.tabs

    def _close_row(self) -> QHBoxLayout:
        close = QPushButton(L.CLOSE, self)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        return row

    # -- display -------------------------------------------------------------------------------
    def load(self) -> None:
        self.view = v = self.svc.get(self.complaint_id)
        self.setWindowTitle(L.CASE_TITLE.format(number=v.number))
        state = ""
        if v.current_due:
            state = rules.deadline_state(
                self.svc.calendar(), v.current_due, self.ui.services.clock.today(), False
            )
        self.header.setText(header_html(v, state))
        self._fill_details(v)
        self.mediation.setText(mediation_html(v))
        self._fill_actions(v)
        self._fill_docs(v)

    def _personal(self, v: ComplaintView, field_name: str) -> PersonalValue:
        """The view arrives masked; the full value only through the audited service call."""
        w = PersonalValue(
            getattr(v, field_name),
            lambda: self.svc.reveal_personal(v.id, field_name),
            allowed=self.ui.app.auth.can("personal.unmasked"),
            parent=self.details,
        )
        w.setObjectName(f"personal_{field_name}")
        return w

    def _fill_details(self, v: ComplaintView) -> None:
        _clear(self.details_lay)
        rows = detail_rows(v, lambda name: self._personal(v, name))
        for r, (label, value) in enumerate(rows):
            # beside a 显示 button the label is centred with the value
            centred = isinstance(value, PersonalValue)
            align = Qt.AlignmentFlag.AlignVCenter if centred else Qt.AlignmentFlag.AlignTop
            label_widget = QLabel(L.DETAIL_LABEL.format(label), self.details)
            self.details_lay.addWidget(label_widget, r, 0, align)
            self.details_lay.addWidget(self._detail_value(value), r, 1)
        self.details_lay.setColumnStretch(1, 1)
        self.details_lay.setRowStretch(len(rows), 1)

    def _detail_value(self, value: object) -> QWidget:
        if isinstance(value, QWidget):
            return value
        text = QLabel(str(value), self.details)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return text

    def _fill_actions(self, v: ComplaintView) -> None:
        _clear(self.actions)
        self.buttons = {}
        auth = self.ui.app.auth
        for key in steps.steps_for(v):
            button = QPushButton(L.ACTIONS[key], self)
            button.setObjectName(f"action_{key}")
            button.clicked.connect(getattr(self, f"do_{key}"))
            button.setEnabled(auth.can(steps.permission_for(key)))
            self.actions.addWidget(button)
            self.buttons[key] = button
        self.actions.addStretch(1)

    def _fill_docs(self, v: ComplaintView) -> None:
        _clear(self.docs_lay)
        issued = {d.kind: d for d in v.documents}
        kinds = self.svc.available_documents(v)
        if not kinds:
            self.docs_lay.addWidget(QLabel(L.NO_DOCUMENTS, self.docs))
        for kind in kinds:
            self.docs_lay.addWidget(self._doc_row(kind, issued.get(kind)))
        self.docs_lay.addStretch(1)

    def _doc_row(self, kind: str, issued) -> QWidget:
        if issued:
            note = L.DOC_ISSUED.format(number=issued.number or "", prints=issued.prints)
        else:
            note = L.DOC_NOT_ISSUED
        holder = QWidget(self.docs)
        row = QHBoxLayout(holder)
        button = QPushButton(L.DOC_BUTTON.format(label=DOC_KINDS[kind][0]), holder)
        button.setObjectName(f"print_{kind}")
        button.clicked.connect(lambda _c=False, k=kind: self.print_document(k))
        row.addWidget(button)
        row.addWidget(QLabel(note, holder))
        row.addStretch(1)
        return holder

    # -- the workflow steps --------------------------------------------------------------------
    def open_step(self, step: steps.Step) -> FormDialog:
        """Show ``step``'s form; saving it records the step and reloads the case."""
        svc = self.svc

        def submit(values: dict) -> None:
            self._run(form, lambda: step.call(svc, values))

        form = FormDialog(
            step.title,
            step.fields,
            submit,
            self,
            step.values,
            step.intro,
            name="complaintForm",
            unsaved_text=L.UNSAVED,
        )
        if step.setup is not None:
            step.setup(form, self)
        self.current_form = form
        form.open()
        return form

    def _run(self, form: FormDialog, call) -> None:
        def conflict(exc) -> None:
            show_error(form, exc)
            self.load()

        form.run_save(self.ui.ops, call, on_done=self._after_step, on_conflict=conflict)

    def _after_step(self, _result) -> None:
        self.current_form = None
        self.load()

    def _step(self, key: str) -> FormDialog:
        return self.open_step(steps.STEPS[key](self.view))

    def do_accept(self) -> FormDialog:
        return self._step("accept")

    def do_refuse(self) -> FormDialog:
        return self._step("refuse")

    def do_mediator(self) -> FormDialog:
        return self._step("mediator")

    def do_unmediator(self) -> FormDialog:
        return self._step("unmediator")

    def do_session(self) -> FormDialog:
        return self._step("session")

    def do_succeed(self) -> FormDialog:
        return self._step("succeed")

    def do_terminate(self) -> FormDialog:
        return self._step("terminate")

    def do_notice(self) -> FormDialog:
        return self._step("notice")

    def do_follow(self) -> FormDialog:
        return self._step("follow")

    def do_visit(self) -> FormDialog:
        return self._step("visit")

    def do_close(self) -> FormDialog:
        return self._step("close")

    def do_edit(self) -> FormDialog:
        return self.open_step(steps.edit(self.view, self.svc.stations()))

    # -- documents -----------------------------------------------------------------------------
    def _print_default(self) -> None:
        kinds = self.svc.available_documents(self.view)
        if kinds:
            self.print_document(kinds[-1])

    def print_document(self, kind: str) -> None:
        v = self.view
        out = temp_pdf(f"{v.number}-{DOC_KINDS[kind][0]}", prefix="station-doc-")

        def done(result) -> None:
            issued, _changes = result
            self.last_pdf = out
            self.load()
            title = L.DOC_TITLE.format(label=issued.label, number=issued.number).strip()
            title += L.DOC_COPY if issued.reprint else ""
            self.preview = open_pdf_preview(self, out, title, name=out.name)

        self.ui.ops.run_write(
            lambda _p: self.svc.print_document(v.id, kind, out),
            on_done=done,
            progress_label=L.MAKING_DOCUMENT,
            parent=self,
        )
