"""Grid roster (网格花名册): grids and communities, people, assignments over time, trainings,
the staffing rule's warnings, printouts, spreadsheet export and import.

One service, :class:`RosterService`, written in parts: ``communities``, ``grids``, ``people``,
``assignments`` (duties and handovers), ``trainings``, ``sheets`` (printouts and the workbook)
and ``sheet_import``. Every change needs ``roster.edit`` and leaves audit rows: grids and people
each have their own history; an assignment is recorded on both.
"""

from typing import Any, overload

from station_app.domain.roster import GridFilter, PersonFilter, TrainingFilter
from station_app.queries.roster import GridRows, PersonRows, TrainingRows
from station_app.services.roster.base import (
    KIND_ASSIGNMENT,
    KIND_COMMUNITY,
    KIND_GRID,
    KIND_PERSON,
    KIND_TRAINING,
    ROSTER_KINDS,
    Member,
)
from station_app.services.roster.grids import GridData, GridSummary
from station_app.services.roster.people import (
    CertAlert,
    LeaveResult,
    People,
    PersonBrief,
    PersonData,
)
from station_app.services.roster.sheet_import import ImportReport, SheetImport, split_names
from station_app.services.roster.sheets import Sheets
from station_app.services.roster.trainings import TrainingData, Trainings, TrainingTotals


class RosterService(Sheets, People, Trainings, SheetImport):
    """Every use case of the roster. Any thread; each call opens its own Session."""

    @overload
    def rows(self, flt: GridFilter) -> GridRows: ...
    @overload
    def rows(self, flt: PersonFilter) -> PersonRows: ...
    @overload
    def rows(self, flt: TrainingFilter) -> TrainingRows: ...

    def rows(self, flt: GridFilter | PersonFilter | TrainingFilter) -> Any:
        """The roster list the filter is for (see ``services.base.Rows``): grids
        (:class:`GridFilter`), people (:class:`PersonFilter`, phones masked) or trainings
        (:class:`TrainingFilter`)."""
        self._auth.require("data.view")
        if isinstance(flt, GridFilter):
            return GridRows(self._db, self._clock.today, self.rule, flt)
        if isinstance(flt, PersonFilter):
            return PersonRows(self._db, self._clock.today, flt)
        return TrainingRows(self._db, flt)


__all__ = [
    "KIND_ASSIGNMENT",
    "KIND_COMMUNITY",
    "KIND_GRID",
    "KIND_PERSON",
    "KIND_TRAINING",
    "ROSTER_KINDS",
    "CertAlert",
    "GridData",
    "GridSummary",
    "ImportReport",
    "LeaveResult",
    "Member",
    "PersonBrief",
    "PersonData",
    "RosterService",
    "TrainingData",
    "TrainingTotals",
    "split_names",
]
