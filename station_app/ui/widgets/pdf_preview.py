"""Print preview for generated PDFs (DESIGN §8): QtPdf shows the file, 打印 sends it to a printer
with the paper size and orientation set explicitly (A4), 另存为 saves a copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSize, Qt
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.errors import StationError, os_reason
from station_app.files import write_private
from station_app.ui.widgets import labels as L

PRINT_DPI = 300


class PdfPreviewDialog(QDialog):
    """Shows ``path``; ``landscape`` sets the printer's orientation. GUI thread only."""

    def __init__(
        self,
        path: Path,
        title: str,
        *,
        landscape: bool = False,
        suggested_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.landscape = landscape
        self.suggested_name = suggested_name or self.path.name
        self.setWindowTitle(L.PREVIEW_TITLE.format(title))
        self.document = QPdfDocument(self)
        self.document.load(str(self.path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        row = QHBoxLayout()
        pages = self.document.pageCount()
        orientation = L.LANDSCAPE if landscape else L.PORTRAIT
        self.info = QLabel(L.PAGES.format(pages, orientation), self)
        row.addWidget(self.info)
        row.addStretch(1)
        self.print_button = QPushButton(L.PRINT, self)
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(L.SAVE_PDF, self)
        self.save_button.clicked.connect(self.save_copy)
        close = QPushButton(L.CLOSE, self)
        close.clicked.connect(self.reject)
        for button in (self.print_button, self.save_button, close):
            row.addWidget(button)
        lay.addLayout(row)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_copy)
        self.resize(1100 if landscape else 820, 760)

    def page_layout(self) -> QPageLayout:
        orientation = (
            QPageLayout.Orientation.Landscape
            if self.landscape
            else QPageLayout.Orientation.Portrait
        )
        return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0))

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(self.page_layout())  # A4 and orientation set explicitly
        printer.setFullPage(True)
        printer.setDocName(self.suggested_name)
        printer.setFromTo(1, max(1, self.document.pageCount()))
        return printer

    def print_document(self) -> None:
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(L.PRINT_TITLE)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.render_to(printer)

    def render_to(self, printer: QPrinter) -> None:
        """Paint every page (or the chosen range) as an image at the printer's resolution."""
        printer.setPageLayout(self.page_layout())
        count = self.document.pageCount()
        first = max(1, printer.fromPage() or 1)
        last = min(count, printer.toPage() or count)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, L.CANNOT_PRINT, L.NO_PRINTER)
            return
        try:
            for n, index in enumerate(range(first - 1, last)):
                if n:
                    printer.newPage()
                target = painter.viewport()
                points = self.document.pagePointSize(index)
                dpi = min(PRINT_DPI, printer.resolution())
                size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
                image = self.document.render(index, size)
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(
                    target.x(), target.y(), image.scaled(scaled, Qt.AspectRatioMode.KeepAspectRatio)
                )
        finally:
            painter.end()

    def save_copy(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, L.SAVE_PDF_TITLE, self.suggested_name, L.PDF_FILTER
        )
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        try:  # never through a symlink, owner-only (files.py)
            write_private(Path(target), Path(self.path).read_bytes())
        except OSError as exc:
            QMessageBox.warning(self, L.CANNOT_SAVE, L.SAVE_FAILED.format(target, os_reason(exc)))
            return
        except StationError as exc:
            QMessageBox.warning(self, L.CANNOT_SAVE, exc.message)
            return
        self.info.setText(L.SAVED_AT.format(target))
