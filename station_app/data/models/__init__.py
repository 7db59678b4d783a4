"""ORM models, one module per area.

Importing this package registers only what start-up needs (station profile, users, audit
trail): declaring every area's mappers costs ~100 ms that the main window need not wait for.
The area modules register on first use: ``from station_app.data.models import Entity`` imports
them all (PEP 562 ``__getattr__``), and :func:`import_all` does so explicitly for whoever needs
the whole ``Base.metadata`` (Alembic, the models-versus-migrations check). Relationships stay
inside one area module; foreign keys across areas name tables, which resolve once all are
imported.
"""

from __future__ import annotations

import importlib
from typing import Any

from station_app.data.models.base import Base, Versioned
from station_app.data.models.station import StationProfile
from station_app.data.models.trust import AuditHead, AuditLog, User

#: area module → the names it exports through this package
AREAS: dict[str, tuple[str, ...]] = {
    "roster": (
        "Community",
        "Grid",
        "GridAssignment",
        "Person",
        "Training",
        "grid_community",
        "training_attendance",
    ),
    "entities": ("Entity", "EntityGrade", "EntityIndustry", "EntityTag", "Licence"),
    "complaints": (
        "AgreementTerm",
        "Complaint",
        "ComplaintDocument",
        "ComplaintMediator",
        "DocCounter",
        "HolidayOverride",
        "MediationSession",
        "ServiceStation",
    ),
    "lists": ("ListEntry", "ListKind", "PublicationSnapshot", "RepairApplication"),
    "sweeps": ("SweepCapture", "SweepPhoto"),
    "settings": ("SavedView", "StationSetting"),
    "orders": ("OrderAttachment", "OrderEvent", "OrderSupervision", "PersonUser", "WorkOrder"),
    "patrols": (
        "Checklist",
        "ChecklistVersion",
        "Hazard",
        "HazardExtension",
        "HazardRecheck",
        "PatrolAttachment",
        "PatrolRecord",
        "PatrolRecordInspector",
        "PatrolRuleVersion",
        "PatrolTask",
        "PatrolWindow",
        "RectificationNotice",
        "Sampling",
    ),
    "campaigns": (
        "Campaign",
        "CampaignCheck",
        "CampaignMember",
        "CampaignRevisit",
        "CampaignTarget",
        "Department",
        "campaign_check_department",
        "campaign_community",
        "campaign_department",
    ),
    "draws": (
        "CheckItem",
        "Draw",
        "DrawConflict",
        "DrawExcluded",
        "DrawInspector",
        "DrawObject",
        "DrawRecusal",
    ),
    "prices": (
        "PriceEvent",
        "PriceFlag",
        "PriceGroup",
        "PriceGroupMember",
        "PriceLetter",
        "PriceObservation",
        "PriceRule",
        "PriceSubject",
    ),
    "warnings": ("EarlyWarning", "EntityChange", "EntityWatch"),
    "visits": (
        "AnnualReport",
        "ServiceTeam",
        "ServiceTeamMember",
        "Visit",
        "VisitMember",
        "VisitPhoto",
        "VisitRequest",
    ),
    "violations": ("Guidance", "Interview", "LeniencyListing", "Violation", "ViolationType"),
    "outreach": ("ConsumerWarning", "OutreachEvent"),
}


_AREA_OF = {name: area for area, names in AREAS.items() for name in names}


def import_all() -> None:
    """Register every area's tables on ``Base.metadata`` (idempotent, thread-safe via imports)."""
    for area in AREAS:
        importlib.import_module(f"{__name__}.{area}")


def __getattr__(name: str) -> Any:
    area = _AREA_OF.get(name)
    if area is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import_all()  # all together: cross-area foreign keys resolve by table name
    return getattr(importlib.import_module(f"{__name__}.{area}"), name)


__all__ = [
    "AREAS",
    "AuditHead",
    "AuditLog",
    "Base",
    "StationProfile",
    "User",
    "Versioned",
    "import_all",
    *_AREA_OF,
]
