"""Embedded CJK fonts for reportlab (never the non-embedded STSong-Light CID font).

Registered lazily on first use: parsing a 15 MB TrueType file takes ~50 ms.
"""

from __future__ import annotations

import threading

from station_app.paths import resource_path

SERIF = "NotoSerifSC"
SERIF_BOLD = "NotoSerifSC-Bold"
SANS = "NotoSansSC"

FONT_FILES = {
    SERIF: "NotoSerifSC-Regular.ttf",
    SERIF_BOLD: "NotoSerifSC-Bold.ttf",
    SANS: "NotoSansSC-Regular.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the bundled fonts with reportlab once per process (thread-safe)."""
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, filename in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
        addMapping(SERIF, 0, 0, SERIF)
        addMapping(SERIF, 1, 0, SERIF_BOLD)
        addMapping(SERIF, 0, 1, SERIF)
        addMapping(SERIF, 1, 1, SERIF_BOLD)
        _registered = True


def canvas_font(kwargs: dict) -> dict:
    """A reportlab canvas's keyword arguments with our embedded serif as its initial font:
    reportlab's default canvas font is Helvetica, which every page then references without
    embedding it (``pdffonts`` showed it on the list notice and the 调解记录)."""
    register_fonts()
    if not kwargs.get("initialFontName"):  # platypus passes None
        kwargs["initialFontName"] = SERIF
    return kwargs


def table_style(commands: list):
    """A reportlab ``TableStyle`` whose cells start in our serif: a ``Table`` sets its cells'
    default font (Helvetica) before drawing each cell, even one that holds a Paragraph, and
    the page then references Helvetica without embedding it."""
    from reportlab.platypus import TableStyle

    return TableStyle([("FONT", (0, 0), (-1, -1), SERIF), *commands])
