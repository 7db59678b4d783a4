"""The Qt half of ``station-app selftest``, run in a child process (``selftest --qt-probe``).

Starts the application's own QApplication set-up (locale, Qt's zh_CN translations, bundled
fonts, stylesheet), then draws two Chinese characters with the interface font into images: a
font without those glyphs draws the same empty box for both. Prints one line,
``SELFTEST_QT {json}``, that :mod:`station_app.selftest` reads.
"""

from __future__ import annotations

import json
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QImage, QPainter

from station_app.paths import resource_path
from station_app.selftest import PROBE_MARK
from station_app.ui import labels as L
from station_app.ui.app import DOCUMENT_FONT_FILES, UI_FONT_FAMILY, UI_FONT_FILE, create_application

GLYPHS = L.SELFTEST_GLYPHS


def run_probe() -> int:
    app = create_application()
    result = {"qt": _qt_part(app), "fonts": _fonts_part()}
    # ASCII only: the parent decodes this pipe whatever the Windows code page is
    print(PROBE_MARK + json.dumps(result), flush=True)
    return 0


def _qt_part(app) -> dict:
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    detail = L.SELFTEST_QT.format(qVersion(), pyside_version, app.platformName())
    if cancel != L.CANCEL:
        return {
            "ok": False,
            "detail": detail,
            "reason": L.SELFTEST_NO_TRANSLATION,
        }
    return {"ok": True, "detail": detail + L.SELFTEST_TRANSLATED}


def _fonts_part() -> dict:
    missing = [
        name
        for name in (UI_FONT_FILE, *DOCUMENT_FONT_FILES)
        if not resource_path("fonts", name).is_file()
    ]
    if missing or UI_FONT_FAMILY not in QFontDatabase.families():
        return {
            "ok": False,
            "reason": L.SELFTEST_NO_FONT.format(L.ENUM_COMMA.join(missing) or UI_FONT_FAMILY),
        }
    font = QFont(UI_FONT_FAMILY, 28)
    metrics = QFontMetrics(font)
    images = [_draw(font, ch) for ch in GLYPHS]
    inked = [_ink(img) for img in images]
    if not all(metrics.inFontUcs4(ord(ch)) for ch in GLYPHS) or min(inked) < 20:
        return {"ok": False, "reason": L.SELFTEST_NO_GLYPHS}
    if images[0] == images[1]:
        return {"ok": False, "reason": L.SELFTEST_BOXES}
    return {
        "ok": True,
        "detail": L.SELFTEST_FONTS.format(UI_FONT_FAMILY, 1 + len(DOCUMENT_FONT_FILES)),
    }


def _draw(font: QFont, text: str) -> QImage:
    img = QImage(48, 48, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    painter = QPainter(img)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(img.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return img


def _ink(img: QImage) -> int:
    """How many pixels are dark: a drawn character has dozens, an empty image none."""
    return sum(
        1
        for y in range(img.height())
        for x in range(img.width())
        if QColor(img.pixel(x, y)).lightness() < 128
    )


if __name__ == "__main__":
    sys.exit(run_probe())
