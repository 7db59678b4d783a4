"""Paper back in: the rows of a filled daily patrol sheet, typed in the batch entry screen or
read from the sheet's XLSX template. Pure.

One row per task: the result digit (1 未发现问题, 2 发现问题, 3 当场整改, 4 闭门未遇), the
checklist's answers as one mark per item (``YYN-Y``: Y 是, N 否, - 不适用, blank not
answered) or the numbers of the items ticked 否 and 不适用, a hazard category and a deadline
when something must be corrected, the present party, the time and a note.
:func:`parse_row` turns one into a ``records.RecordDraft``; the batch entry screen and the
XLSX import both hand their rows to ``PatrolService.enter_sheet``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from station_app.domain.patrols.checklists import (
    NA,
    NO,
    YES,
    Answer,
    Checklist,
    answers_from_marks,
)
from station_app.domain.patrols.hazards import (
    ORDERED,
    Finding,
    check_deadline,
    default_deadline,
    parse_category,
)
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
    ("day", "巡查日期"),
    ("entity", "经营主体"),
    ("address", "地址"),
    ("checklist", "检查表"),
    ("items", "检查项数"),
    ("answers", "逐项结果(Y/N/-)"),
    ("result", "结果(1-4)"),
    ("failed", "不符合项序号"),
    ("not_applicable", "不适用项序号"),
    ("category", "隐患类别"),
    ("deadline", "整改期限"),
    ("present_party", "在场人员"),
    ("time", "巡查时间"),
    ("note", "备注"),
)
"""Columns of the sheet template (key, header). ``task_id`` ties a row to its task; the
import finds the header row by these names (and the usual variants)."""
SHEET_ALIASES = {
    "task_id": ("任务编号", "任务号", "编号"),
    "day": ("巡查日期", "日期"),
    "entity": ("经营主体", "主体名称", "名称"),
    "answers": ("逐项结果(Y/N/-)", "逐项结果", "检查项结果"),
    "category": ("隐患类别", "问题类别"),
    "result": ("结果(1-4)", "结果", "巡查结果"),
    "failed": ("不符合项序号", "不符合项", "否"),
    "not_applicable": ("不适用项序号", "不适用项", "不适用"),
    "deadline": ("整改期限", "期限"),
    "present_party": ("在场人员", "在场当事人", "当事人"),
    "time": ("巡查时间", "时间"),
    "note": ("备注", "说明"),
}
MARKS = {YES: "Y", NO: "N", NA: "-"}
"""The key typed (and shown) for each answer in the batch entry and the template."""
_MARK_VALUES = {
    "Y": YES, "是": YES, "√": YES, "✓": YES, "V": YES,
    "N": NO, "否": NO, "×": NO, "X": NO,
    "-": NA, "–": NA, "—": NA, "/": NA,
}  # fmt: skip
_UNANSWERED = " _.·？?"
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


def parse_marks(text: object, checklist: Checklist) -> dict[str, Answer]:
    """``YYN-Y`` → one answer per item in order (Y 是, N 否, - 不适用; a space, ``_`` or ``?``
    leaves the item unanswered, as does a string shorter than the list). A required item left
    unanswered is refused later by ``checklists.check_answers`` with its number."""
    value = to_halfwidth(str(text or "")).upper().replace("N/A", "-")
    value = "".join(c for c in value if c not in ",，、;；")
    size = len(checklist.items)
    if len(value.rstrip()) > size:
        raise ValidationError(
            f"逐项结果“{text}”有 {len(value.rstrip())} 个，检查表“{checklist.name}”只有 {size} 项。",
            field="answers",
        )
    out: dict[str, Answer] = {}
    for item, mark in zip(checklist.items, value, strict=False):
        if mark in _UNANSWERED:
            continue
        answer = _MARK_VALUES.get(mark)
        if answer is None:
            raise ValidationError(
                f"逐项结果中的“{mark}”无法识别：每项填 Y（是）、N（否）或 -（不适用）。",
                field="answers",
            )
        out[item.key] = Answer(answer)
    return out


def marks_text(checklist: Checklist, answers: dict[str, Answer]) -> str:
    """The inverse of :func:`parse_marks` (a space for an item not answered)."""
    return "".join(
        MARKS.get(a.value, " ") if (a := answers.get(i.key)) else " " for i in checklist.items
    ).rstrip()


@dataclass(frozen=True)
class SheetRow:
    """A row as read or typed: raw cell values (text, numbers, dates). ``answers`` is the
    marks string (:func:`parse_marks`); ``failed``/``not_applicable`` the older item numbers
    (either may be used; the marks win). ``day`` empty: the sheet's day."""

    task_id: int
    entity_id: int
    result: object = ""
    failed: object = ""
    not_applicable: object = ""
    deadline: object = None
    present_party: object = ""
    time: object = ""
    note: object = ""
    answers: object = ""
    category: object = ""
    day: object = None
    entity_name: str = ""  # as the file names it (checked against the task's entity)

    @property
    def blank(self) -> bool:
        """Nothing filled in: the row is skipped (a task not yet visited)."""
        return not any(
            str(v or "").strip()
            for v in (
                self.result, self.failed, self.not_applicable, self.deadline, self.note,
                self.answers, self.category, self.present_party,
            )
        )  # fmt: skip


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


def row_day(value: object, sheet_day: date) -> date:
    """The row's 巡查日期 (empty: the sheet's day)."""
    if value in (None, ""):
        return sheet_day
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = normalize_spaces(to_halfwidth(str(value))).replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"巡查日期“{value}”无法识别：写作 2026-07-06。", field="day"
        ) from None


def _answers(row: SheetRow, checklist: Checklist | None) -> dict[str, Answer]:
    if checklist is None:
        return {}
    if str(row.answers or "").strip():
        return parse_marks(row.answers, checklist)
    size = len(checklist.items)
    failed = parse_item_numbers(row.failed, size)
    nas = parse_item_numbers(row.not_applicable, size)
    return answers_from_marks(checklist, failed, nas)


def _findings(
    row: SheetRow, checklist: Checklist | None, answers: dict[str, Answer], day: date
) -> tuple[Finding, ...]:
    """发现问题: each item answered 否 is a hazard of the row's category (else the item's),
    ordered by the row's deadline (else the default by severity); no item failed but a
    category given: one hazard of that category (a problem the checklist does not list)."""
    category = parse_category(str(row.category)) if str(row.category or "").strip() else ""
    deadline = _deadline(row.deadline, day)
    if deadline is not None:
        check_deadline(day, deadline)
    failed = [i for i in checklist.items if answers.get(i.key, Answer("")).value == NO] if (
        checklist
    ) else []  # fmt: skip
    if not failed and not category:
        raise ValidationError(
            "结果为 2 发现问题：请把不符合的检查项填为 N，或填写隐患类别。", field="category"
        )
    if not failed:
        text = normalize_spaces(str(row.note or "")) or f"巡查发现：{category}"
        return (Finding(category, text[:200], deadline=deadline or default_deadline(day, "一般")),)
    return tuple(
        Finding(
            category or item.hazard_category,
            f"{item.text}：不符合",
            item.severity,
            ORDERED,
            deadline or default_deadline(day, item.severity),
            item.key,
        )
        for item in failed
    )


def parse_row(
    row: SheetRow,
    day: date,
    checklist: Checklist | None,
    inspectors: tuple[int | None, ...],
    kind: str = PATROL,
) -> RecordDraft:
    """A filled row → a record draft fulfilling its task (``reference`` = the task id).
    Items answered 否 become findings: corrected on the spot for result 3, ordered (by the
    row's deadline, else the default by severity) for result 2. An empty answers column
    with result 1 means every item 是 (the paper's “未发现问题”)."""
    day = row_day(row.day, day)
    result = parse_result(row.result) if str(row.result or "").strip() else None
    at = parse_time(row.time, day)
    has_marks = any(str(v or "").strip() for v in (row.answers, row.failed, row.not_applicable))
    if result == CLOSED_DOOR:
        if has_marks:
            raise ValidationError("结果为 4 闭门未遇的行不能填写检查项。", field="answers")
        if str(row.category or "").strip() or row.deadline not in (None, ""):
            raise ValidationError("结果为 4 闭门未遇的行不能填写隐患和整改期限。", field="category")
        answers: dict[str, Answer] = {}
    elif not has_marks and result in (None, CLEAR) and checklist is not None:
        answers = answers_from_marks(checklist, [])
    else:
        answers = _answers(row, checklist)
    failed = [k for k, a in answers.items() if a.value == NO]
    if result is None:
        result = FOUND if failed or str(row.category or "").strip() else CLEAR
    findings: tuple[Finding, ...] = ()
    if result == FOUND:
        findings = _findings(row, checklist, answers, day)
    elif result == FIXED_ON_SPOT and not failed:
        raise ValidationError("结果为 3 当场整改：请把当场改正的检查项填为 N。", field="answers")
    elif result != FOUND and (str(row.category or "").strip() or row.deadline not in (None, "")):
        raise ValidationError(
            "只有结果为 2 发现问题的行才填写隐患类别和整改期限。", field="deadline"
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
        on_spot_items=frozenset(failed) if result == FIXED_ON_SPOT else frozenset(),
        result=result,
        present_party=str(row.present_party or ""),
        note=str(row.note or ""),
    )


@dataclass(frozen=True)
class RowProblem:
    """One error of a sheet: the row (1-based on screen, the spreadsheet's row number in a
    file), the column key (``SHEET_COLUMNS``) and the message."""

    row: int
    column: str
    message: str


def check_entity_name(row: SheetRow, name: str, task_id: int) -> None:
    """A file's row names the task's entity (a row copied onto the wrong task is refused)."""
    given = normalize_spaces(to_halfwidth(row.entity_name or ""))
    if given and given != normalize_spaces(to_halfwidth(name)):
        raise ValidationError(
            f"经营主体“{row.entity_name}”与任务 {task_id} 不符（任务是“{name}”）："
            "不是本表的主体，或行被填串了。请核对后再导入。",
            field="entity",
        )


class SheetErrors(ValidationError):
    """A sheet refused as a whole (nothing saved): every row's problem. ``columns`` names a
    column key for the message (a file's ``J 列“逐项结果”``)."""

    def __init__(self, problems: list[RowProblem], columns: dict[str, str] | None = None) -> None:
        self.problems = tuple(problems)
        names = columns or {}
        head = "；".join(
            f"第 {p.row} 行"
            + (f" {names[p.column]}" if p.column in names else "")
            + f"：{p.message}"
            for p in self.problems[:5]
        )
        more = f"（另有 {len(self.problems) - 5} 处）" if len(self.problems) > 5 else ""
        super().__init__(
            f"巡查表有 {len(self.problems)} 处错误，未保存任何一行。{head}{more}",
            field=self.problems[0].column if self.problems else "",
        )
