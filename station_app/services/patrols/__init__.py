"""Patrols and inspections (日常巡查, issue #15): rules, the plan, records, hazards and
re-checks, coverage. ``PatrolService`` is the face; the parts live one per module."""

from __future__ import annotations

from station_app.services.patrols.amendments import PatrolAmendments
from station_app.services.patrols.attachments import PatrolAttachments
from station_app.services.patrols.checklists import ChecklistInfo, PatrolChecklists
from station_app.services.patrols.coverage import Coverage, EntityLine, PatrolCoverage
from station_app.services.patrols.entity_card import EntityPatrols, PatrolEntityCard
from station_app.services.patrols.entry import (
    EntryLine,
    PatrolSheetEntry,
    SheetEntry,
    SheetPerson,
)
from station_app.services.patrols.hazards import PatrolHazards, RecheckDraft
from station_app.services.patrols.plans import PatrolPlans, PlanResult, TaskRow
from station_app.services.patrols.prints import NoticeView, PatrolPrints
from station_app.services.patrols.records import (
    HazardView,
    PatrolRecordForms,
    PatrolRecords,
    RecordForm,
    RecordView,
)
from station_app.services.patrols.rules import PatrolRules
from station_app.services.patrols.samplings import PatrolSamplings, SamplingView
from station_app.services.patrols.sheets import PatrolSheets, SheetOutput


class PatrolService(
    PatrolRules,
    PatrolPlans,
    PatrolRecords,
    PatrolHazards,
    PatrolCoverage,
    PatrolSheets,
    PatrolRecordForms,
    PatrolSheetEntry,
    PatrolEntityCard,
    PatrolChecklists,
    PatrolSamplings,
    PatrolAmendments,
    PatrolPrints,
    PatrolAttachments,
):
    """Every patrol use case (``bootstrap.Services.patrols``). Any thread."""


__all__ = [
    "ChecklistInfo",
    "Coverage",
    "EntityLine",
    "EntityPatrols",
    "EntryLine",
    "HazardView",
    "NoticeView",
    "PatrolService",
    "PlanResult",
    "RecheckDraft",
    "RecordForm",
    "RecordView",
    "SamplingView",
    "SheetEntry",
    "SheetOutput",
    "SheetPerson",
    "TaskRow",
]
