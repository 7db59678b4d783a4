"""价格监测 (price monitoring, #19): the face of the area. ``PricesService`` joins its parts —
subjects and groups, observations (entry, batch, import, void), the evaluation and the handling
of flags, rules and local events, the curve, the daily report — each a ``Service`` on ``transact()``
(docs/areas/prices.md)."""

from __future__ import annotations

from station_app.domain.prices.lists import FlagFilter, ObservationFilter, SubjectFilter
from station_app.services.prices.charts import Charts
from station_app.services.prices.common import (
    KIND_FLAG,
    KIND_LETTER,
    KIND_OBSERVATION,
    KIND_RULE,
    KIND_SUBJECT,
    BatchResult,
    FlagView,
    GroupView,
    LetterView,
    ObservationInput,
    ObservationView,
    RowProblem,
    RuleInput,
    RuleView,
    SubjectInput,
    SubjectView,
)
from station_app.services.prices.daily import Daily
from station_app.services.prices.handling import Handling
from station_app.services.prices.observations import Observations
from station_app.services.prices.rules import Rules
from station_app.services.prices.subjects import Subjects


class PricesService(Subjects, Observations, Handling, Rules, Charts, Daily):
    """Every use case of price monitoring (any thread; each call its own session)."""


__all__ = [
    "KIND_FLAG",
    "KIND_LETTER",
    "KIND_OBSERVATION",
    "KIND_RULE",
    "KIND_SUBJECT",
    "BatchResult",
    "FlagFilter",
    "FlagView",
    "GroupView",
    "LetterView",
    "ObservationFilter",
    "ObservationInput",
    "ObservationView",
    "PricesService",
    "RowProblem",
    "RuleInput",
    "RuleView",
    "SubjectFilter",
    "SubjectInput",
    "SubjectView",
]
