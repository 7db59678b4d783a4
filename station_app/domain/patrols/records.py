"""Patrol records (巡查记录 / 现场检查): kinds, sources, results and their rules. Pure.

A record is one visit to one entity: when, by whom (two officers for a 现场检查 or 复查),
with which checklist version and answers, what was found, who of the entity was present,
and **why it happened** — its *source*: a plan task, a clue or work order (#14), a complaint,
a street sweep, a campaign (#18), a re-check of a hazard, or the inspector's own initiative.
Other areas open a check here by passing their source and reference; nothing is copied.

A visit where nobody was there (闭门未遇) is recorded but is not a completed one: it fulfils
no task, its task moves to the next eligible day of its window (FIELDWORK §5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from station_app.domain.patrols.checklists import Answer, Checklist, check_answers, failed_items
from station_app.domain.patrols.hazards import (
    ON_SPOT,
    ORDERED,
    Finding,
    check_finding,
    default_deadline,
)
from station_app.domain.patrols.rules import INSPECTORS_NEEDED, KIND_LABELS, KINDS, PATROL
from station_app.domain.periods import SHANGHAI
from station_app.domain.text import normalize_name, normalize_spaces, to_halfwidth
from station_app.errors import ValidationError

# -- sources ---------------------------------------------------------------------------------
PLAN, ORDER, COMPLAINT, SWEEP, CAMPAIGN, RECHECK_SOURCE, SELF, DRAW = (
    "plan",
    "order",
    "complaint",
    "sweep",
    "campaign",
    "recheck",
    "self",
    "draw",
)
SOURCE_LABELS = {
    PLAN: "计划任务",
    ORDER: "线索/工单",
    COMPLAINT: "投诉举报",
    SWEEP: "扫街纳管",
    CAMPAIGN: "专项行动",
    RECHECK_SOURCE: "整改复查",
    SELF: "自主巡查",
    DRAW: "双随机抽查",
}
SOURCES = tuple(SOURCE_LABELS)
WITH_CAUSE = frozenset({ORDER, COMPLAINT, RECHECK_SOURCE, DRAW})
"""Sources that are a cause to visit: they never count against A 无事不扰."""
NEEDS_REFERENCE = frozenset({ORDER, COMPLAINT, CAMPAIGN, RECHECK_SOURCE, DRAW})
"""Sources whose record must name what it answers (the order, complaint, campaign, hazard)."""

# -- results ---------------------------------------------------------------------------------
CLEAR, FOUND, FIXED_ON_SPOT, CLOSED_DOOR = "clear", "found", "fixed", "closed"
RESULT_LABELS = {
    CLEAR: "未发现问题",
    FOUND: "发现问题",
    FIXED_ON_SPOT: "当场整改",
    CLOSED_DOOR: "闭门未遇",
}
RESULT_KEYS = {CLEAR: "1", FOUND: "2", FIXED_ON_SPOT: "3", CLOSED_DOOR: "4"}
"""The digit a batch entry row or a paper sheet uses for each result."""
COMPLETED = frozenset({CLEAR, FOUND, FIXED_ON_SPOT})
MAX_INSPECTORS = 4
FUTURE_TOLERANCE = timedelta(minutes=10)


def parse_result(value: object) -> str:
    """1–4, a code or a label (未发现问题 / 发现问题 / 当场整改 / 闭门未遇) → code."""
    text = normalize_spaces(to_halfwidth(str(value or ""))).lower()
    by_text = {**{v: k for k, v in RESULT_LABELS.items()}, **{v: k for k, v in RESULT_KEYS.items()}}
    by_text.update({k: k for k in RESULT_LABELS})
    by_text.update({"闭门": CLOSED_DOOR, "无问题": CLEAR, "正常": CLEAR, "有问题": FOUND})
    if text in by_text:
        return by_text[text]
    raise ValidationError(
        f"巡查结果“{value}”无法识别：填 1 未发现问题、2 发现问题、3 当场整改、4 闭门未遇。",
        field="result",
    )


def parse_source(value: object) -> str:
    text = str(value or "").strip()
    if text in SOURCE_LABELS:
        return text
    by_label = {v: k for k, v in SOURCE_LABELS.items()}
    by_label.update(
        {
            "线索": ORDER,
            "工单": ORDER,
            "投诉": COMPLAINT,
            "举报": COMPLAINT,
            "复查": RECHECK_SOURCE,
            "计划": PLAN,
            "自主": SELF,
        }
    )
    if text in by_label:
        return by_label[text]
    allowed = "、".join(f"{v}（{k}）" for k, v in SOURCE_LABELS.items())
    raise ValidationError(f"记录来源“{text}”无法识别。可选：{allowed}。", field="source")


@dataclass(frozen=True)
class RecordDraft:
    """A record as entered, before it is checked. ``at`` is aware (or Beijing time if naive).
    ``on_spot_items``: keys of items answered 否 that were corrected while the inspector was
    there. ``result`` ``None``: worked out from the findings."""

    entity_id: int
    at: datetime
    kind: str = PATROL
    source: str = PLAN
    reference: str = ""  # the task, order, complaint, campaign or hazard answered
    inspectors: tuple[int | None, ...] = ()
    answers: Mapping[str, Answer] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    on_spot_items: frozenset[str] = frozenset()
    result: str | None = None
    present_party: str = ""
    note: str = ""

    @property
    def day(self) -> date:
        return local(self.at).date()


def local(moment: datetime) -> datetime:
    """Aware, in Beijing time (a naive value is taken as Beijing time)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


def check_time(at: datetime, now: datetime) -> datetime:
    """Not in the future (10 minutes' grace for PC clocks), not before 2000."""
    at, now = local(at), local(now)
    if at > now + FUTURE_TOLERANCE:
        raise ValidationError(
            f"巡查时间 {at:%Y-%m-%d %H:%M} 晚于现在（{now:%Y-%m-%d %H:%M}），不能登记尚未发生的巡查。",
            field="at",
        )
    if at.year < 2000:
        raise ValidationError("巡查时间早于 2000 年，请核对。", field="at")
    return at


def check_inspectors(kind: str, inspectors: Sequence[int | None]) -> tuple[int, ...]:
    """The inspectors a record names, in order: as many as its kind needs (two for a
    现场检查 and a 复查), all different people, at most four."""
    people = [p for p in inspectors if p]
    need = INSPECTORS_NEEDED[kind]
    if len(people) < need:
        if need == 2:
            which = "第二名" if people else "两名"
            raise ValidationError(
                f"{KIND_LABELS[kind]}须有两名执法人员：请填写{which}检查人员。",
                field="inspector2" if people else "inspector1",
            )
        raise ValidationError("请填写巡查人员。", field="inspector1")
    seen: set[int] = set()
    for n, p in enumerate(people, 1):
        if p in seen:
            raise ValidationError(
                f"第{_ordinal(n)}名检查人员与前面的是同一人：两名检查人员须为不同的人。",
                field=f"inspector{n}",
            )
        seen.add(p)
    if len(people) > MAX_INSPECTORS:
        raise ValidationError(f"检查人员最多 {MAX_INSPECTORS} 名。", field="inspectors")
    return tuple(people)


def _ordinal(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if n <= 10 else str(n)


CLOSED_STATUSES = ("注销", "吊销")


def check_entity_open(name: str, status: str, status_on: date | None, day: date) -> None:
    """A record needs the entity to exist on the day: not 注销/吊销 on or before it. With no
    date for the status the record is refused, saying how to enter an earlier record."""
    if status not in CLOSED_STATUSES:
        return
    if status_on is None:
        raise ValidationError(
            f"“{name}”已{status}（未登记{status}日期），不能登记巡查记录。"
            f"如需补录{status}前的记录，请先在经营主体中填写{status}日期。",
            field="entity",
        )
    if status_on <= day:
        raise ValidationError(
            f"“{name}”已于 {status_on.isoformat()} {status}，不能登记 {day.isoformat()} 的巡查记录。",
            field="at",
        )


def check_source(source: str, reference: str) -> tuple[str, str]:
    source = parse_source(source)
    reference = (reference or "").strip()
    if source in NEEDS_REFERENCE and not reference:
        raise ValidationError(
            f"来源为“{SOURCE_LABELS[source]}”的记录须注明对应的编号。", field="reference"
        )
    return source, reference


def check_task_fit(
    task_kind: str, window_start: date, window_end: date, kind: str, day: date
) -> bool:
    """A record fulfilling a plan task: the same kind, not before the task's window. Returns
    True when it is late (after the window: done, but counted late)."""
    if task_kind != kind:
        raise ValidationError(
            f"该计划任务是“{KIND_LABELS[task_kind]}”，记录却是“{KIND_LABELS[kind]}”。",
            field="kind",
        )
    if day < window_start:
        raise ValidationError(
            f"该计划任务的期间从 {window_start.isoformat()} 开始，记录日期 {day.isoformat()} 早于任务期间。",
            field="at",
        )
    return day > window_end


def findings_for(
    checklist: Checklist | None,
    answers: Mapping[str, Answer],
    explicit: Iterable[Finding],
    found_on: date,
    on_spot_items: Iterable[str] = (),
) -> list[Finding]:
    """Every finding of a record: those entered, then one for each item answered 否 that no
    entered finding names (a failed item creates a finding by itself), corrected on the spot
    when its key is in ``on_spot_items``, otherwise ordered with the default deadline."""
    out = [check_finding(f, found_on) for f in explicit]
    named = {f.item_key for f in out if f.item_key}
    fixed = set(on_spot_items)
    for item in failed_items(checklist, answers) if checklist else ():
        if item.key in named:
            continue
        note = answers[item.key].note
        text = f"{item.text}：不符合" + (f"（{note}）" if note else "")
        on_spot = item.key in fixed
        out.append(
            check_finding(
                Finding(
                    item.hazard_category,
                    text,
                    item.severity,
                    ON_SPOT if on_spot else ORDERED,
                    None if on_spot else default_deadline(found_on, item.severity),
                    item.key,
                ),
                found_on,
            )
        )
    return out


def derive_result(findings: Sequence[Finding]) -> str:
    if not findings:
        return CLEAR
    return FIXED_ON_SPOT if all(f.mode == ON_SPOT for f in findings) else FOUND


def check_result(result: str | None, findings: Sequence[Finding], answered: bool) -> str:
    """The result agrees with the findings: 未发现问题 has none, 当场整改 only corrected ones,
    发现问题 at least one ordered, 闭门未遇 neither findings nor answers."""
    derived = derive_result(findings)
    if result is None:
        return derived
    if result == CLOSED_DOOR:
        if findings or answered:
            raise ValidationError(
                "闭门未遇（未进入经营场所）的记录不能填写检查结果或登记隐患。", field="result"
            )
        return result
    if result == CLEAR and findings:
        raise ValidationError(
            f"发现了 {len(findings)} 处问题，结果不能是“未发现问题”。", field="result"
        )
    if result in (FOUND, FIXED_ON_SPOT) and not findings:
        raise ValidationError(
            f"结果是“{RESULT_LABELS[result]}”，请登记发现的问题（或在检查表中把相应项填为“否”）。",
            field="result",
        )
    if result == FIXED_ON_SPOT and derived == FOUND:
        raise ValidationError(
            "有问题责令限期整改，结果应为“发现问题”；全部当场改正的才是“当场整改”。",
            field="result",
        )
    if result == FOUND and derived == FIXED_ON_SPOT:
        return FIXED_ON_SPOT
    return result


def check_present_party(name: str) -> str:
    text = normalize_name(name or "")
    if len(text) > 40:
        raise ValidationError("在场当事人姓名不能超过 40 个字。", field="present_party")
    return text


@dataclass(frozen=True)
class CheckedRecord:
    """A draft after :func:`check_record`: cleaned, with every finding and the result."""

    draft: RecordDraft
    inspectors: tuple[int, ...]
    answers: dict[str, Answer]
    findings: tuple[Finding, ...]
    result: str

    @property
    def completed(self) -> bool:
        return self.result in COMPLETED


def check_record(
    draft: RecordDraft,
    *,
    now: datetime,
    entity_name: str,
    entity_status: str,
    status_on: date | None,
    checklist: Checklist | None,
) -> CheckedRecord:
    """Every rule of a record that needs no database: time, kind, entity open that day,
    source, inspectors, answers against the checklist version, findings and result."""
    if draft.kind not in KINDS:
        raise ValidationError(f"巡查类别“{draft.kind}”无效。", field="kind")
    at = check_time(draft.at, now)
    day = at.date()
    check_entity_open(entity_name, entity_status, status_on, day)
    source, reference = check_source(draft.source, draft.reference)
    inspectors = check_inspectors(draft.kind, draft.inspectors)
    closed = draft.result == CLOSED_DOOR
    answers: dict[str, Answer] = {}
    if checklist is not None and not closed:
        answers = check_answers(checklist, draft.answers)
    elif draft.answers and not closed:
        raise ValidationError("没有选择检查表，不能填写检查项。", field="checklist")
    findings = (
        []
        if closed and not draft.findings
        else findings_for(checklist, answers, draft.findings, day, draft.on_spot_items)
    )
    result = check_result(draft.result, findings, bool(draft.answers))
    party = check_present_party(draft.present_party)
    note = normalize_spaces(draft.note or "")
    if len(note) > 500:
        raise ValidationError("备注不能超过 500 个字。", field="note")
    clean = replace(
        draft, at=at, source=source, reference=reference, present_party=party, note=note
    )
    return CheckedRecord(clean, inspectors, answers, tuple(findings), result)
