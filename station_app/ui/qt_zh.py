"""Qt's own dialogs in Chinese, everywhere they show.

``qtbase_zh_CN.qm`` (shipped with PySide6) leaves some of QFileDialog's strings untranslated
("Look in:", "Files of type:", the side bar's tool tips), so the file dialog spoke half
English. :class:`QtChineseFallback` is a translator installed *before* Qt's own (Qt asks the
most recently installed first, so Qt's file wins where it has a text) that supplies the
missing ones. :func:`use_chinese_dates` makes the file dialog's 修改日期 column read
``2026/12/1`` instead of the C locale's ``1 12 2026``: Qt formats it with the system locale,
which is C on a PC or a server without a Chinese locale. GUI thread only.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QTranslator

from station_app.ui import labels

# (context, source) → text, for the strings qtbase_zh_CN.qm does not translate
MISSING: dict[tuple[str, str], str] = labels.QT_MISSING_TRANSLATIONS
CHINESE_LOCALE = "zh_CN.UTF-8"


class QtChineseFallback(QTranslator):
    """Chinese for the Qt strings that Qt's own translation file lacks."""

    def translate(self, context, source, disambiguation=None, n=-1):  # Qt's signature
        return MISSING.get((context, source), "")

    def isEmpty(self) -> bool:  # Qt skips an empty translator
        return False


def use_chinese_dates() -> None:
    """Before the QApplication exists: on a C/POSIX (or unset) locale, Qt's system-locale dates
    follow Chinese (only LC_TIME: numbers, messages and the rest are left alone)."""
    current = os.environ.get("LC_ALL") or os.environ.get("LC_TIME") or os.environ.get("LANG")
    if not current or current.split(".")[0] in ("C", "POSIX"):
        os.environ["LC_TIME"] = CHINESE_LOCALE
        if os.environ.get("LC_ALL"):  # LC_ALL overrides every category: drop it for LC_TIME
            os.environ.pop("LC_ALL")
