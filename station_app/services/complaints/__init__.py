"""投诉调解 (complaints and mediation): register a complaint, decide on it, mediate, record the
result, follow up, visit, close; issue numbered documents; service stations; the holiday table;
report figures.

One service, :class:`ComplaintService`, written in parts: ``cases`` (DTOs, reading, the list,
registration, the step transaction), ``workflow`` (the steps), ``documents`` (numbering and
printing), ``stations`` (service stations), ``figures`` (a period's counts and rates), and
``services.calendar`` (the holiday table). Every step is one transaction with an audit row and a
version check; personal data leaves it masked (see ``cases``)."""

from station_app.domain.complaints import DOC_KINDS, TermInput
from station_app.services.calendar import KIND_HOLIDAY, HolidayData
from station_app.services.complaints.cases import (
    EDIT,
    KIND,
    MEDIATE,
    PERSONAL_FIELDS,
    ComplaintInput,
    ComplaintView,
    DocumentView,
    MediatorView,
    SessionView,
    complainant_search_keys,
)
from station_app.services.complaints.documents import PARTY_DOC_KINDS, Documents, IssuedDocument
from station_app.services.complaints.figures import (
    ComplaintFigures,
    Figures,
    GroupFigures,
    RateValue,
)
from station_app.services.complaints.platform_import import PlatformImport, PlatformImportResult
from station_app.services.complaints.stations import KIND_STATION, StationData, Stations
from station_app.services.complaints.workflow import Workflow


class ComplaintService(Workflow, Documents, Stations, Figures, PlatformImport):
    """Every use case of 投诉调解. Any thread; each call opens its own session."""


__all__ = [
    "DOC_KINDS",
    "EDIT",
    "KIND",
    "KIND_HOLIDAY",
    "KIND_STATION",
    "MEDIATE",
    "PARTY_DOC_KINDS",
    "PERSONAL_FIELDS",
    "ComplaintFigures",
    "ComplaintInput",
    "ComplaintService",
    "ComplaintView",
    "DocumentView",
    "GroupFigures",
    "HolidayData",
    "IssuedDocument",
    "MediatorView",
    "PlatformImportResult",
    "RateValue",
    "SessionView",
    "StationData",
    "TermInput",
    "complainant_search_keys",
]
