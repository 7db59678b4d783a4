"""Dates are always shown ``yyyy-MM-dd``, whatever the machine locale says; ``qdate`` and
``pydate`` convert between Python dates and Qt's, once for every screen."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from station_app import clock

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


def qdate(value: date | None = None) -> QDate:
    """``value`` as a QDate; ``None`` means today in Beijing time (``station_app.clock``)."""
    value = value or clock.today()
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate | QDateEdit) -> date:
    """The Python date of a QDate or of a date field's current date."""
    q = value.date() if isinstance(value, QDateEdit) else value
    return date(q.year(), q.month(), q.day())
