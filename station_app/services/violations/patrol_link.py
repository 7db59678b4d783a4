"""A violation raised from a patrol (巡查发现违法行为): the patrol record and the hazard it came
from (``violation.patrol_id``/``hazard_id``, migration 0063) checked against the entity, and
the blanks of the draft filled from them (source 巡查, the reference, the facts, the ordered
rectification and its deadline)."""

from __future__ import annotations

from dataclasses import replace

from station_app.data.models import Hazard, PatrolRecord
from station_app.data.repo import violations as repo
from station_app.domain.violations import rules
from station_app.errors import NotFoundError, ValidationError
from station_app.services.violations.views import ViolationInput

ORDERED = "ordered"  # domain.patrols.hazards: a hazard ordered to be rectified by a deadline


def link_patrol(s, data: ViolationInput) -> ViolationInput:
    """``data`` with its patrol links checked and its blanks filled; unchanged without links.
    Refuses a record or hazard of another entity, a voided record, a found day before the
    patrol, and a hazard already raised as a violation (not voided)."""
    if data.hazard_id is None and data.patrol_id is None:
        return data
    hazard = _hazard(s, data) if data.hazard_id is not None else None
    record_id = hazard.record_id if hazard is not None else data.patrol_id
    if data.patrol_id is not None and hazard is not None and data.patrol_id != record_id:
        raise ValidationError(
            f"隐患 {hazard.id} 是巡查记录 {record_id} 发现的，不是巡查记录 {data.patrol_id}。",
            field="patrol_id",
        )
    record = s.get(PatrolRecord, record_id)
    if record is None:
        raise NotFoundError(f"巡查记录 {record_id} 不存在。")
    if record.voided:
        raise ValidationError(f"巡查记录 {record.id} 已作废，不能据此登记违法行为。",
                              field="patrol_id")  # fmt: skip
    if record.entity_id != data.entity_id:
        raise ValidationError(
            f"巡查记录 {record.id} 检查的是另一户经营主体（编号 {record.entity_id}），"
            "请核对当事人。",
            field="entity",
        )
    if data.found_on < record.day:
        raise ValidationError(
            f"发现日期 {data.found_on} 早于巡查记录 {record.id} 的检查日期 {record.day}。",
            field="found_on",
        )
    return _filled(data, record, hazard)


def _hazard(s, data: ViolationInput) -> Hazard:
    hazard = s.get(Hazard, data.hazard_id)
    if hazard is None:
        raise NotFoundError(f"隐患 {data.hazard_id} 不存在。")
    if hazard.entity_id != data.entity_id:
        raise ValidationError(
            f"隐患 {hazard.id} 属于另一户经营主体（编号 {hazard.entity_id}），请核对当事人。",
            field="entity",
        )
    taken = repo.violation_of_hazard(s, hazard.id)
    if taken is not None:
        raise ValidationError(f"隐患 {hazard.id} 已登记为违法行为（编号 {taken}），不能重复登记。",
                              field="hazard_id")  # fmt: skip
    return hazard


def _filled(data: ViolationInput, record: PatrolRecord, hazard: Hazard | None) -> ViolationInput:
    reference = data.reference.strip() or (
        f"巡查记录 {record.id} 隐患 {hazard.id}" if hazard is not None else f"巡查记录 {record.id}"
    )
    out = replace(data, source=rules.PATROL, reference=reference, patrol_id=record.id)
    if hazard is None:
        return out
    ordered = hazard.mode == ORDERED
    return replace(
        out,
        facts=data.facts.strip() or hazard.description,
        ordered_on=data.ordered_on or (hazard.found_on if ordered else None),
        deadline=data.deadline or (hazard.deadline if ordered else None),
    )


def draft_from_hazard(s, hazard_id: int, type_: str = "") -> ViolationInput:
    """The draft a patrol screen opens the violation dialog with (登记为违法行为)."""
    hazard = s.get(Hazard, hazard_id)
    if hazard is None:
        raise NotFoundError(f"隐患 {hazard_id} 不存在。")
    data = ViolationInput(hazard.entity_id, type_, hazard.found_on, hazard_id=hazard.id)
    return _filled(data, s.get(PatrolRecord, hazard.record_id), hazard)
