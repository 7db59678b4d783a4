"""The numbered terms of a mediation agreement (调解协议条款): kind, content, amount, how, by
when. Each term must say by when it is performed; :meth:`TermsEditor.terms` refuses a term
whose deadline is not a date, naming the term."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import complaints as rules
from station_app.errors import ValidationError
from station_app.services.complaints import TermInput

from . import labels as L

WIDTHS = ((0, 90), (2, 100), (3, 120), (4, 120))
DUE_COLUMN = 4
# the claim of the complaint → the kind of its first term
CLAIM_TERM = {"退款": "退款", "赔偿损失": "赔偿", "更换": "更换", "修理": "修理", "退货": "退货"}


class TermsEditor(QWidget):
    """GUI thread only. Rows are terms; column 0 holds a kind combo."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(L.TERMS_CAPTION, self))
        lay.addWidget(self._table())
        row = QHBoxLayout()
        add = QPushButton(L.ADD_TERM, self)
        add.clicked.connect(lambda: self.add_term())
        remove = QPushButton(L.REMOVE_TERM, self)
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay.addLayout(row)

    def _table(self) -> QTableWidget:
        self.table = QTableWidget(0, len(L.TERM_HEAD), self)
        self.table.setObjectName("termsTable")
        self.table.setHorizontalHeaderLabels(L.TERM_HEAD)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in WIDTHS:
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeaderItem(DUE_COLUMN).setToolTip(L.TERM_DUE_TIP)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        self.table.setMinimumHeight(150)
        return self.table

    def add_term(
        self,
        kind: str = rules.TERM_KINDS[0],
        text: str = "",
        amount: str = "",
        method: str = "",
        due: str = "",
    ) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        combo = QComboBox(self.table)
        combo.addItems(list(rules.TERM_KINDS))
        combo.setCurrentText(kind)
        self.table.setCellWidget(r, 0, combo)
        for c, value in enumerate((text, amount, method, due), start=1):
            self.table.setItem(r, c, QTableWidgetItem(value))

    def add_term_for_claim(self, claim: str) -> None:
        """The first term, its kind following the complaint's claim."""
        self.add_term(kind=CLAIM_TERM.get(claim, rules.TERM_KINDS[-1]))

    def _cell(self, r: int, c: int) -> str:
        item = self.table.item(r, c)
        return item.text().strip() if item else ""

    def _due(self, r: int) -> date | None:
        text = self._cell(r, DUE_COLUMN)
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            message = L.BAD_TERM_DUE.format(n=r + 1, text=text)
            raise ValidationError(message, field=f"terms.{r + 1}.due_on") from None

    def terms(self) -> list[TermInput]:
        out = []
        for r in range(self.table.rowCount()):
            amount_text = self._cell(r, 2)
            amount = (
                rules.parse_yuan(amount_text, f"terms.{r + 1}.amount_fen") if amount_text else None
            )
            kind = self.table.cellWidget(r, 0).currentText()
            out.append(TermInput(kind, self._cell(r, 1), self._due(r), amount, self._cell(r, 3)))
        return out
