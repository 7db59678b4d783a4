"""The grade's two indicators this area feeds (行政处罚, 年度报告; docs/areas/visits.md §8):
the entities a decision, a voiding or an annual report concerns are regraded in the same unit
of work, each with a history row 计算 and the reason."""

from __future__ import annotations

from collections.abc import Iterable

from station_app.data.repo import entities as entity_repo
from station_app.data.repo import visits as repo
from station_app.data.repo.grading_facts import grade_facts
from station_app.data.repo.settings import grading_rules
from station_app.domain import grading
from station_app.services.base import Tx

ENTITY_KIND = "entity"


def regrade(tx: Tx, entity_ids: Iterable[int], reason: str) -> int:
    """Recompute the local grade of ``entity_ids`` on ``tx.today``; returns how many changed.
    Licences, lists, complaints, penalties and annual reports all count (``grade_facts``)."""
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
        inputs = grading.GradeInputs(
            licences_valid=eid not in expired,
            blacklisted=eid in facts.blacklisted,
            abnormal_listed=eid in facts.abnormal,
            complaints_12m=facts.complaints_12m.get(eid, 0),
            penalties_24m=facts.penalties_24m.get(eid, 0),
            annual_report_filed=eid not in facts.annual_not_filed,
        )
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
