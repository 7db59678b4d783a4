"""The station's working calendar (工作日): ``chinese_calendar``'s package data plus the holiday
table a clerk keeps in 设置 → 节假日 (shared by every PC). Complaint deadlines and credit-repair
deadlines count working days on it; :func:`work_calendar` is the one way to build it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from station_app.data.models import HolidayOverride
from station_app.data.repo import calendar as repo
from station_app.domain.calendar import WorkCalendar
from station_app.errors import ValidationError
from station_app.services.base import Changes, Service, Tx

if TYPE_CHECKING:
    from station_app.data.orm import Session

KIND_HOLIDAY = "holiday_override"


@dataclass(frozen=True)
class HolidayData:
    """One day of the holiday table: a day off (``is_workday`` False) or a make-up working
    day (调休上班, True), with the notice's wording."""

    day: date
    is_workday: bool
    note: str = ""


def work_calendar(s: Session) -> WorkCalendar:
    """The working calendar read in an open session or transaction (``tx.s``)."""
    return WorkCalendar(repo.holiday_map(s))


class CalendarReader(Service):
    """``calendar()`` for a service whose deadlines count working days."""

    def calendar(self) -> WorkCalendar:
        """Working calendar: package data plus the station's holiday table."""
        with self._db.session() as s:
            return work_calendar(s)


class HolidayTable(CalendarReader):
    """The holiday table's use cases (``settings.edit``): list, save and delete a day."""

    def holidays(self) -> list[HolidayData]:
        with self._db.session() as s:
            return [HolidayData(r.day, r.is_workday, r.note) for r in repo.holiday_overrides(s)]

    def save_holiday(self, data: HolidayData) -> Changes:
        """Add or change one day. Open complaints keep their deadlines until
        ``recompute_deadlines`` runs (the settings page calls both)."""
        if data.day is None:
            raise ValidationError("请选择日期。", field="day")

        def save(tx: Tx) -> None:
            row = tx.s.get(HolidayOverride, data.day)
            before = {"is_workday": row.is_workday, "note": row.note} if row else None
            if row is None:
                row = HolidayOverride(day=data.day)
                tx.s.add(row)
            row.is_workday, row.note = data.is_workday, data.note.strip()[:100]
            tx.s.flush()
            after = {"is_workday": row.is_workday, "note": row.note}
            tx.saved(KIND_HOLIDAY, data.day.isoformat(), before, after)

        return self._transact("settings.edit", save)[1]

    def delete_holiday(self, day: date) -> Changes:
        """Remove one day (nothing happens when it is not in the table)."""

        def delete(tx: Tx) -> None:
            row = tx.s.get(HolidayOverride, day)
            if row is not None:
                before = {"is_workday": row.is_workday, "note": row.note}
                repo.delete_holiday(tx.s, day)
                tx.deleted(KIND_HOLIDAY, day.isoformat(), before)

        return self._transact("settings.edit", delete)[1]
