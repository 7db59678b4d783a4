"""The violations area's service (违法行为与包容审慎, issue #20): types and listings, violations
and decisions with the 首违不罚 check, interviews, guidance, figures. ``ViolationsService`` is
the face; the DTOs are re-exported."""

from __future__ import annotations

from station_app.domain.violations.decisions import DecisionDraft
from station_app.domain.violations.leniency import LeniencyCheck
from station_app.domain.violations.rules import ViolationFilter
from station_app.services.violations.records import (
    KIND_GUIDANCE,
    KIND_INTERVIEW,
    GuidancePrint,
    Records,
)
from station_app.services.violations.types import (
    KIND_LISTING,
    KIND_TYPE,
    ListingView,
    TypeDraft,
    Types,
)
from station_app.services.violations.views import (
    EntityEnforcement,
    GuidanceView,
    InterviewView,
    TypeView,
    ViolationInput,
    ViolationView,
)
from station_app.services.violations.violations import KIND_VIOLATION, NoPenaltyPrint, Violations

__all__ = [
    "KIND_GUIDANCE",
    "KIND_INTERVIEW",
    "KIND_LISTING",
    "KIND_TYPE",
    "KIND_VIOLATION",
    "DecisionDraft",
    "EntityEnforcement",
    "GuidanceView",
    "InterviewView",
    "LeniencyCheck",
    "ListingView",
    "TypeDraft",
    "TypeView",
    "ViolationFilter",
    "ViolationInput",
    "ViolationView",
    "ViolationsService",
]


class ViolationsService(Violations, Records, NoPenaltyPrint, GuidancePrint, Types):
    """Any thread; each call opens its own session."""
