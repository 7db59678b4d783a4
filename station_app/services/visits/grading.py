"""The grade's two indicators this area feeds (行政处罚, 年度报告; docs/areas/visits.md §8):
the entities a decision, a voiding or an annual report concerns are regraded in the same unit
of work, each with a history row 计算 and the reason."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from station_app.data.repo import entities as entity_repo
from station_app.data.repo import visits as repo
from station_app.data.repo.grading_facts import grade_facts
from station_app.data.repo.settings import grading_rules
from station_app.domain import grading
from station_app.services.base import Tx
from station_app.services.entities import grade_inputs

ENTITY_KIND = "entity"


def regrade(tx: Tx, entity_ids: Iterable[int], reason: str) -> int:
    """Recompute the local grade of ``entity_ids`` on ``tx.today``; returns how many changed.
    All eight indicators count (``grade_facts`` through ``services.entities.grade_inputs``):
    licences, lists, complaints, penalties, annual reports, hazards and samplings."""
    ids = sorted(set(entity_ids))
    if not ids:
        return 0
    today = tx.today
    rules = grading_rules(tx.s)
    facts = grade_facts(tx.s, today, ids)
    expired = entity_repo.entity_ids_with_expired_licence(tx.s, today)
    states = repo.grade_states(tx.s, ids)
    changed = 0
    for eid, (computed, score, override) in states.items():
        # every indicator from the one place that maps facts to inputs (patrols' hazards and
        # samplings included), the licences from the batch query
        inputs = replace(grade_inputs((), today, facts, eid), licences_valid=eid not in expired)
        result = grading.compute_grade(inputs, rules)
        if computed == result.grade and score == result.score:
            continue
        repo.store_grade(tx.s, eid, result.grade, result.score, override)
        entity_repo.add_grade_history(
            tx.s, eid, override or result.grade, result.score, "计算", reason, tx.actor.username
        )
        changed += 1
    if changed:
        tx.touch(ENTITY_KIND, ids)
    return changed
