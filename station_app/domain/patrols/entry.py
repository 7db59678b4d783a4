"""Paper back in: the rows of a filled daily patrol sheet, typed in the batch entry screen or
read from the sheet's XLSX template. Pure.

One row per task: the result digit (1 未发现问题, 2 发现问题, 3 当场整改, 4 闭门未遇), the
numbers of the items ticked 否 and 不适用, an optional deadline for what must be corrected,
the present party, the time and a note. :func:`parse_row` turns one into a
``records.RecordDraft`` with answers from the boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from station_app.domain.patrols.checklists import Checklist, answers_from_marks
from station_app.domain.patrols.hazards import ORDERED, Finding, check_deadline
from station_app.domain.patrols.records import (
    CLEAR,
    CLOSED_DOOR,
    FIXED_ON_SPOT,
    FOUND,
    PLAN,
    RecordDraft,
    parse_result,
)
from station_app.domain.patrols.rules import PATROL
from station_app.domain.periods import SHANGHAI
from station_app.domain.text import normalize_spaces, to_halfwidth
from station_app.errors import ValidationError

DEFAULT_VISIT_TIME = time(9, 0)
"""The time of a visit a sheet row does not give (paper sheets often carry only the date)."""

SHEET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("task_id", "任务编号"),
    ("seq", "序号"),
    ("entity", "经营主体"),
    ("address", "地址"),
    ("checklist", "检查表"),
    ("result", "结果(1-4)"),
    ("failed", "不符合项序号"),
    ("not_applicable", "不适用项序号"),
    ("deadline", "整改期限"),
    ("present_party", "在场人员"),
    ("time", "巡查时间"),
    ("note", "备注"),
)
"""Columns of the sheet template (key, header). ``task_id`` ties a row to its task; the
import finds the header row by these names (and the usual variants)."""
SHEET_ALIASES = {
    "task_id": ("任务编号", "任务号", "编号"),
    "result": ("结果(1-4)", "结果", "巡查结果"),
    "failed": ("不符合项序号", "不符合项", "否"),
    "not_applicable": ("不适用项序号", "不适用项", "不适用"),
    "deadline": ("整改期限", "期限"),
    "present_party": ("在场人员", "在场当事人", "当事人"),
    "time": ("巡查时间", "时间"),
    "note": ("备注", "说明"),
}
_SPLIT = re.compile(r"[\s,，、;；/]+")
_RANGE = re.compile(r"^(\d+)[-~－—至](\d+)$")


def parse_item_numbers(text: object, size: int) -> list[int]:
    """``2 5`` / ``2,5`` / ``2、5`` / ``3-5`` → item numbers; ``25`` means 2 and 5 when the
    checklist has at most 9 items (one digit per box). Numbers outside 1 … ``size`` raise."""
    value = normalize_spaces(to_halfwidth(str(text or ""))).strip()
    if isinstance(text, float) and text.is_integer():
        value = str(int(text))
    if not value:
        return []
    out: list[int] = []
    for part in _SPLIT.split(value):
        if not part:
            continue
        match = _RANGE.match(part)
        if match:
            a, b = int(match[1]), int(match[2])
            if a > b:
                a, b = b, a
            out.extend(range(a, b + 1))
        elif part.isdigit():
            if size <= 9 and len(part) > 1:
                out.extend(int(c) for c in part)
            else:
                out.append(int(part))
        else:
            raise ValidationError(
                f"检查项序号“{text}”无法识别：填序号，用空格或逗号分开，如“2 5”或“3-5”。",
                field="failed",
            )
    for n in out:
        if not 1 <= n <= size:
            raise ValidationError(f"检查表只有 {size} 项，没有第 {n} 项。", field="failed")
    return sorted(set(out))


def parse_time(value: object, day: date) -> datetime:
    """``9:30`` / ``09:30`` / a ``time`` or ``datetime`` cell → that moment of ``day`` in
    Beijing time; empty → :data:`DEFAULT_VISIT_TIME`."""
    if isinstance(value, datetime):
        clock = value.time()
    elif isinstance(value, time):
        clock = value
    else:
        text = normalize_spaces(to_halfwidth(str(value or ""))).replace("：", ":")
        if not text:
            clock = DEFAULT_VISIT_TIME
        else:
            match = re.fullmatch(r"(\d{1,2})[:点时](\d{1,2})?分?", text)
            if not match or int(match[1]) > 23 or int(match[2] or 0) > 59:
                raise ValidationError(
                    f"巡查时间“{value}”无法识别：写作 9:30 这样的时:分。", field="time"
                )
            clock = time(int(match[1]), int(match[2] or 0))
    return datetime.combine(day, clock, SHANGHAI)


@dataclass(frozen=True)
class SheetRow:
    """A row as read or typed: raw cell values (text, numbers, dates)."""

    task_id: int
    entity_id: int
    result: object = ""
    failed: object = ""
    not_applicable: object = ""
    deadline: object = None
    present_party: object = ""
    time: object = ""
    note: object = ""

    @property
    def blank(self) -> bool:
        """Nothing filled in: the row is skipped (a task not yet visited)."""
        return not any(
            str(v or "").strip()
            for v in (self.result, self.failed, self.not_applicable, self.deadline, self.note)
        )


def _deadline(value: object, day: date) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = normalize_spaces(to_halfwidth(str(value))).replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日?", text)
    if match:
        return date(int(match[1]), int(match[2]), int(match[3]))
    raise ValidationError(f"整改期限“{value}”无法识别：写作 2026-07-20。", field="deadline")


def parse_row(
    row: SheetRow,
    day: date,
    checklist: Checklist | None,
    inspectors: tuple[int | None, ...],
    kind: str = PATROL,
) -> RecordDraft:
    """A filled row → a record draft fulfilling its task (``reference`` = the task id).
    Items ticked 否 become findings: corrected on the spot for result 3, ordered (by the row's
    deadline, else the default by severity) for result 2."""
    result = parse_result(row.result) if str(row.result or "").strip() else None
    size = len(checklist.items) if checklist else 0
    failed = parse_item_numbers(row.failed, size) if size else []
    nas = parse_item_numbers(row.not_applicable, size) if size else []
    if result is None:
        result = FOUND if failed else CLEAR
    at = parse_time(row.time, day)
    if result == CLOSED_DOOR:
        if failed or nas:
            raise ValidationError("结果为 4 闭门未遇的行不能勾选检查项。", field="failed")
        answers = {}
    else:
        if result in (FOUND, FIXED_ON_SPOT) and not failed:
            raise ValidationError("结果为 2 或 3 时请填写不符合项的序号。", field="failed")
        answers = answers_from_marks(checklist, failed, nas) if checklist else {}
    deadline = _deadline(row.deadline, day)
    if deadline is not None:
        if result != FOUND:
            raise ValidationError("只有结果为 2 发现问题的行才填写整改期限。", field="deadline")
        check_deadline(day, deadline)
    on_spot = frozenset(answers) if result == FIXED_ON_SPOT else frozenset()
    findings: tuple[Finding, ...] = ()
    if deadline is not None and checklist is not None:
        findings = tuple(
            Finding(
                item.hazard_category,
                f"{item.text}：不符合",
                item.severity,
                ORDERED,
                deadline,
                item.key,
            )
            for n, item in enumerate(checklist.items, 1)
            if n in failed
        )
    return RecordDraft(
        entity_id=row.entity_id,
        at=at,
        kind=kind,
        source=PLAN,
        reference=str(row.task_id),
        inspectors=inspectors,
        answers=answers,
        findings=findings,
        on_spot_items=on_spot,
        result=result,
        present_party=str(row.present_party or ""),
        note=str(row.note or ""),
    )
