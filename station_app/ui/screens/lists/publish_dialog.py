"""红黑榜公示: choose a period and lists, preview, publish (keeps a snapshot), reprint an earlier
notice exactly as published, export a snapshot to Excel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.errors import StationError
from station_app.ui.errors import show_error
from station_app.ui.formatting import SHANGHAI
from station_app.ui.screens.lists import labels as L
from station_app.ui.widgets.files import ask_save_xlsx, open_pdf_preview, temp_pdf
from station_app.ui.widgets.tables import fill_table, row_data

TIME_FORMAT = "%Y-%m-%d %H:%M"
CHECKED = (Qt.CheckState.Unchecked, Qt.CheckState.Checked)


def current_period(today: date) -> str:
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


class PublishDialog(QDialog):
    """Choose a period and lists, preview, publish (keeps a snapshot), reprint earlier notices.
    ``preview`` is the PDF preview open last. GUI thread only."""

    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.service = ui.services.lists
        self.preview = None
        self.setWindowTitle(L.PUBLISH_TITLE)
        lay = QVBoxLayout(self)
        lay.addLayout(self._form())
        hint = QLabel(L.PUBLISH_HINT, self)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        lay.addLayout(self._publish_row())
        lay.addWidget(QLabel(L.PUBLISHED_SECTION, self))
        lay.addWidget(self._history_table(), 1)
        lay.addLayout(self._reprint_row())
        self.load_history()
        self.resize(760, 620)

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        self.period = QLineEdit(current_period(self.ui.services.clock.today()), self)
        self.period.setObjectName("period")
        self.period.setPlaceholderText(L.PUBLISH_PERIOD_HINT)
        form.addRow(L.PUBLISH_PERIOD, self.period)
        self.kinds = QListWidget(self)
        self.kinds.setMaximumHeight(170)
        defaults = set(self.service.default_publish_kinds())
        for k in self.service.kinds(active_only=True):
            item = QListWidgetItem(k.label, self.kinds)
            item.setData(Qt.ItemDataRole.UserRole, k.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(CHECKED[k.name in defaults])
        form.addRow(L.PUBLISH_KINDS, self.kinds)
        return form

    def _publish_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.preview_button = QPushButton(L.PREVIEW, self)
        self.preview_button.clicked.connect(self.show_preview)
        self.publish_button = QPushButton(L.PUBLISH_SAVE, self)
        self.publish_button.clicked.connect(self.publish)
        row.addStretch(1)
        row.addWidget(self.preview_button)
        row.addWidget(self.publish_button)
        return row

    def _history_table(self) -> QTableWidget:
        self.history = QTableWidget(0, len(L.PUBLISHED_HEAD), self)
        self.history.setHorizontalHeaderLabels(list(L.PUBLISHED_HEAD))
        header = self.history.horizontalHeader()
        for column in range(len(L.PUBLISHED_HEAD)):  # 发布时间 was clipped at a fixed width
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.history.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.doubleClicked.connect(lambda _i: self.reprint())
        return self.history

    def _reprint_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.reprint_button = QPushButton(L.REPRINT, self)
        self.reprint_button.clicked.connect(self.reprint)
        self.xlsx_button = QPushButton(L.EXPORT_XLSX, self)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        close = QPushButton(L.CLOSE, self)
        close.clicked.connect(self.accept)
        row.addWidget(self.reprint_button)
        row.addWidget(self.xlsx_button)
        row.addStretch(1)
        row.addWidget(close)
        return row

    def chosen_kinds(self) -> list[str]:
        items = (self.kinds.item(i) for i in range(self.kinds.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def load_history(self) -> None:
        pubs = self.service.publications()
        rows = [
            (
                p.period,
                p.title,
                str(p.entry_count),
                p.generated_at.astimezone(SHANGHAI).strftime(TIME_FORMAT),
                p.generated_by,
            )
            for p in pubs
        ]
        fill_table(self.history, rows, ids=[p.id for p in pubs], fit=False)
        if pubs:
            self.history.selectRow(0)

    def _selected_publication(self) -> int | None:
        return row_data(self.history)

    def _open_pdf(self, data: bytes, name: str, title: str) -> None:
        path = temp_pdf(Path(name).stem, prefix="station-lists-")
        path.write_bytes(data)
        self.preview = open_pdf_preview(self, path, title, name=name)

    def show_preview(self) -> None:
        period, kinds = self.period.text(), self.chosen_kinds()
        try:
            data = self.service.preview_pdf(period, kinds or None)
        except StationError as exc:
            show_error(self, exc)
            return
        self._open_pdf(data, L.PREVIEW_FILE.format(period), L.PREVIEW_TITLE)

    def publish(self) -> None:
        period, kinds = self.period.text(), self.chosen_kinds()
        answer = QMessageBox.question(self, L.PUBLISH_TITLE, L.PUBLISH_CONFIRM.format(period))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ui.ops.run_write(
            lambda _p: self.service.publish(period, kinds or None),
            on_done=self._published,
            parent=self,
        )

    def _published(self, result) -> None:
        info = result[0]
        self.load_history()
        name = L.NOTICE_FILE.format(info.period)
        self._open_pdf(self.service.reprint(info.id), name, info.title)

    def reprint(self) -> None:
        pub_id = self._selected_publication()
        if pub_id is None:
            return
        try:
            data = self.service.reprint(pub_id)
        except StationError as exc:
            show_error(self, exc)
            return
        self._open_pdf(data, L.SNAPSHOT_FILE.format(pub_id, "pdf"), L.REPRINT_TITLE)

    def export_xlsx(self) -> None:
        pub_id = self._selected_publication()
        if pub_id is None:
            return
        target = ask_save_xlsx(self, L.EXPORT_XLSX_TITLE, L.SNAPSHOT_FILE.format(pub_id, "xlsx"))
        if target is None:
            return
        try:
            self.service.export_publication(pub_id, target)
        except (StationError, OSError) as exc:
            show_error(self, exc)
