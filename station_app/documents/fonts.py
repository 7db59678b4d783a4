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
