"""Dates are always shown ``yyyy-MM-dd``, whatever the machine locale says."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import QDateEdit, QWidget

DATE_FORMAT = "yyyy-MM-dd"
PY_DATE_FORMAT = "%Y-%m-%d"


class DateEdit(QDateEdit):
    """A date field with a calendar pop-up and the house format."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)


def format_date(value: date | datetime | None) -> str:
    return value.strftime(PY_DATE_FORMAT) if value else ""
