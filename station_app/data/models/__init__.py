"""ORM models, one module per area. Importing this package registers every table on ``Base``."""

from station_app.data.models.base import Base, Versioned
from station_app.data.models.complaints import (
    AgreementTerm,
    Complaint,
    ComplaintDocument,
    ComplaintMediator,
    DocCounter,
    HolidayOverride,
    MediationSession,
    ServiceStation,
)
from station_app.data.models.entities import (
    Entity,
    EntityGrade,
    EntityIndustry,
    EntityTag,
    Licence,
)
from station_app.data.models.lists import (
    ListEntry,
    ListKind,
    PublicationSnapshot,
    RepairApplication,
)
from station_app.data.models.roster import (
    Community,
    Grid,
    GridAssignment,
    Person,
    Training,
    grid_community,
    training_attendance,
)
from station_app.data.models.settings import SavedView, StationSetting
from station_app.data.models.station import StationProfile
from station_app.data.models.trust import AuditHead, AuditLog, User

__all__ = [
    "AgreementTerm",
    "AuditHead",
    "AuditLog",
    "Base",
    "Community",
    "Complaint",
    "ComplaintDocument",
    "ComplaintMediator",
    "DocCounter",
    "Entity",
    "EntityGrade",
    "EntityIndustry",
    "EntityTag",
    "Grid",
    "GridAssignment",
    "HolidayOverride",
    "Licence",
    "ListEntry",
    "ListKind",
    "MediationSession",
    "Person",
    "PublicationSnapshot",
    "RepairApplication",
    "SavedView",
    "ServiceStation",
    "StationProfile",
    "StationSetting",
    "Training",
    "User",
    "Versioned",
    "grid_community",
    "training_attendance",
]
