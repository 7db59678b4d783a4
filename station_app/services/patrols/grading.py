"""The grade read back after a patrol (巡查发现隐患): one entity regraded in the caller's unit of
work, with the registry's own rules and inputs (``services.entities.grade_inputs``)."""

from __future__ import annotations

from station_app.data.models import Entity
from station_app.data.repo import entities as repo
from station_app.data.repo.grading_facts import grade_facts
from station_app.data.repo.settings import grading_rules
from station_app.domain import grading
from station_app.services.base import Tx
from station_app.services.entities import KIND, LicenceData, grade_inputs


def regrade_in(tx: Tx, entity_id: int, reason: str = "") -> bool:
    """Recompute one entity's grade inside the caller's unit of work (a patrol record that
    found hazards, a failed sampling); a change gets a history row (``计算``, ``reason``).
    Returns whether the grade or score changed."""
    row = tx.s.get(Entity, entity_id)
    if row is None:
        return False
    facts = grade_facts(tx.s, tx.today, [entity_id])
    licences = tuple(LicenceData(kind=lic.kind, expires_on=lic.expires_on) for lic in row.licences)
    inputs = grade_inputs(licences, tx.today, facts, entity_id)
    result = grading.compute_grade(inputs, grading_rules(tx.s))
    if row.grade_computed == result.grade and row.grade_score == result.score:
        return False
    row.grade_computed, row.grade_score = result.grade, result.score
    row.local_grade = row.grade_override or result.grade
    tx.s.flush()
    name = tx.actor.username
    repo.add_grade_history(tx.s, row.id, result.grade, result.score, "计算", reason, name)
    tx.touch(KIND, [row.id])
    return True
