"""The order window's flow strip (#14): the mediation case handling the order (a link that
opens the case), the patrol records its 到场 steps recorded, and for a 举报 the buttons that
print the 举报登记表 (internal) and the 立案/不予立案告知书 (to the real-name reporter). GUI
thread only; the prints run on the op runner and open in the preview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from station_app.domain.orders import kinds as k
from station_app.services.orders import OrderView
from station_app.ui.screens.orders import labels as L
from station_app.ui.widgets.files import open_pdf_preview, temp_pdf


class FlowPanel(QWidget):
    """Shows ``view``'s case and patrol records; prints a 举报's documents."""

    def __init__(self, ui, parent: QWidget) -> None:
        super().__init__(parent)
        self.ui = ui
        self.view: OrderView | None = None
        self.case_dialog = None
        self.preview = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel(self)
        self.text.setObjectName("orderFlow")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.linkActivated.connect(lambda _href: self.open_case())
        lay.addWidget(self.text, 1)
        self.form_button = self._button("printReportForm", L.PRINT_REPORT_FORM, self.print_form)
        self.notice_button = self._button(
            "printReportNotice", L.PRINT_REPORT_NOTICE, self.print_notice
        )
        lay.addWidget(self.form_button)
        lay.addWidget(self.notice_button)

    def _button(self, name: str, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _c=False: slot())
        return button

    def show_view(self, view: OrderView) -> None:
        self.view = view
        parts = []
        if view.case_id:
            parts.append(L.CASE_LINE.format(number=view.case_number, status=view.case_status))
        if view.patrol_records:
            parts.append(L.RECORDS_LINE.format(len(view.patrol_records)))
        self.text.setText(L.GAP.join(parts))
        report = view.kind == k.REPORT
        self.form_button.setVisible(report)
        self.notice_button.setVisible(report)
        self.notice_button.setEnabled(bool(view.decision))
        self.setVisible(bool(parts) or report)

    def open_case(self) -> None:
        if self.view is None or not self.view.case_id:
            return
        from station_app.ui.screens.complaints.case_dialog import CaseDialog

        cid = self.view.case_id
        self.case_dialog = self.ui.windows.show(
            "complaint", cid, lambda: CaseDialog(self.ui, cid, self.window())
        )

    def print_form(self) -> None:
        v = self.view
        assert v is not None
        out = temp_pdf(L.REPORT_FORM_FILE.format(v.number), prefix="station-doc-")
        self.ui.ops.run_write(
            lambda _p: self.ui.services.orders.print_report_form(v.number, out),
            on_done=lambda _r: self._preview(out, L.REPORT_FORM_TITLE.format(v.number)),
            progress_label=L.MAKING_PRINT,
            parent=self.window(),
        )

    def print_notice(self) -> None:
        v = self.view
        assert v is not None
        out = temp_pdf(L.REPORT_NOTICE_FILE.format(v.number), prefix="station-doc-")
        self.ui.ops.run_write(
            lambda _p: self.ui.services.orders.print_report_notice(v.number, out),
            on_done=lambda _r: self._preview(out, L.REPORT_NOTICE_TITLE.format(v.number)),
            progress_label=L.MAKING_PRINT,
            parent=self.window(),
        )

    def _preview(self, path, title: str) -> None:
        self.preview = open_pdf_preview(self.window(), path, title, name=path.name)
