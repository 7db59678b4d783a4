"""The station's holiday table (节假日调整): the rows the working calendar adds to the package
data of ``chinese_calendar``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from station_app.data.models import HolidayOverride


def holiday_overrides(s: Session) -> list[HolidayOverride]:
    return list(s.scalars(select(HolidayOverride).order_by(HolidayOverride.day)))


def holiday_map(s: Session) -> dict[date, bool]:
    """``{day: is_workday}`` of every entry: what ``domain.calendar.WorkCalendar`` takes."""
    return {d: w for d, w in s.execute(select(HolidayOverride.day, HolidayOverride.is_workday))}


def delete_holiday(s: Session, day: date) -> None:
    s.execute(delete(HolidayOverride).where(HolidayOverride.day == day))
