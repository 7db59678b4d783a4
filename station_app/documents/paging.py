"""Page numbering "第 x 页 共 y 页" for every printed document.

The total is known only once the document is laid out, so the canvas defers each page and draws
the decorations at the end. Use ``doc.build(story, canvasmaker=numbered_canvas(draw))`` where
``draw(canvas, page_no, total)`` paints the footer (and anything else per page). The audit
head the document is printed at (``documents.stamp``) goes in the bottom right corner.
"""

from __future__ import annotations

from collections.abc import Callable


def page_label(number: int, total: int) -> str:
    return f"第 {number} 页 共 {total} 页"


def numbered_canvas(draw: Callable[[object, int, int], None], *, invariant: bool = False):
    """``invariant`` makes the output byte-for-byte reproducible (no timestamp or random
    document id): needed where a reprint must be identical, e.g. published list notices."""
    from reportlab.pdfgen import canvas as pdfcanvas

    from station_app.documents import fonts, stamp

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs):
            if invariant:
                kwargs["invariant"] = 1
            super().__init__(*args, **fonts.canvas_font(kwargs))
            self._pages: list[dict] = []
            self._audit_code = stamp.current()

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                draw(self, number, total)
                stamp.draw(self, self._audit_code)
                super().showPage()
            super().save()

    return NumberedCanvas
