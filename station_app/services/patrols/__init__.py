"""Patrols and inspections (日常巡查, issue #15): rules, the plan, records, hazards and
re-checks, coverage. ``PatrolService`` is the face; the parts live one per module."""

from __future__ import annotations

from station_app.services.patrols.attachments import PatrolAttachments
from station_app.services.patrols.coverage import Coverage, EntityLine, PatrolCoverage
from station_app.services.patrols.hazards import PatrolHazards, RecheckDraft
from station_app.services.patrols.plans import PatrolPlans, PlanResult, TaskRow
from station_app.services.patrols.records import (
    HazardView,
    PatrolRecordForms,
    PatrolRecords,
    RecordForm,
    RecordView,
)
from station_app.services.patrols.rules import PatrolRules
from station_app.services.patrols.sheets import PatrolSheets, SheetOutput


class PatrolService(
    PatrolRules,
    PatrolPlans,
    PatrolRecords,
    PatrolHazards,
    PatrolCoverage,
    PatrolSheets,
    PatrolRecordForms,
    PatrolAttachments,
):
    """Every patrol use case (``bootstrap.Services.patrols``). Any thread."""


__all__ = [
    "Coverage",
    "EntityLine",
    "HazardView",
    "PatrolService",
    "PlanResult",
    "RecheckDraft",
    "RecordForm",
    "RecordView",
    "SheetOutput",
    "TaskRow",
]
