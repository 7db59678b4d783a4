"""Files a screen writes or reads: a fresh temporary PDF, the PDF preview, Save-as and Open
dialogs for Excel workbooks. GUI thread only (QtPdf is imported only when a preview opens)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from station_app.ui.widgets import labels as L

if TYPE_CHECKING:
    from station_app.ui.widgets.pdf_preview import PdfPreviewDialog


def temp_pdf(stem: str, prefix: str = "station-print-") -> Path:
    """A path ``<new temporary folder>/<stem>.pdf`` (nothing written yet)."""
    return Path(tempfile.mkdtemp(prefix=prefix)) / f"{stem}.pdf"


def open_pdf_preview(
    parent: QWidget, path: Path, title: str, *, landscape: bool = False, name: str = ""
) -> PdfPreviewDialog:
    """Show ``path`` in the print preview (non-blocking); keep the returned dialog."""
    from station_app.ui.widgets.pdf_preview import PdfPreviewDialog

    preview = PdfPreviewDialog(path, title, landscape=landscape, suggested_name=name, parent=parent)
    preview.open()
    return preview


def ask_save_xlsx(parent: QWidget, title: str, name: str) -> Path | None:
    """Ask where to save a workbook (``name`` suggested); ``.xlsx`` is added if missing."""
    target, _ = QFileDialog.getSaveFileName(parent, title, name, L.XLSX_FILTER)
    if not target:
        return None
    return Path(target if target.lower().endswith(".xlsx") else target + ".xlsx")


def ask_open_xlsx(parent: QWidget, title: str) -> Path | None:
    """Ask which workbook to read."""
    source, _ = QFileDialog.getOpenFileName(parent, title, "", L.XLSX_OPEN_FILTER)
    return Path(source) if source else None
