"""Patrol rules (巡查规则): for each grade, which kinds of visit, by whom, how often. Pure.

A rule says, for one grade (本所分级 A–D) and one kind of visit, who performs it (网格员 /
监管专员 / 所), how often (:class:`Frequency`), on which days a due date may fall (working
days on the station's calendar, or every day) and which checklist (检查表) is used. A
:class:`RuleSet` is one version of all rules, in force from its ``effective_from`` date until
the next version's; the station edits them in 设置 → 巡查规则 and every version is kept and
audited, so a past plan can always be explained by the rules it was made with.

The defaults follow the Feicheng practice (STATIONS.md §1): A and B entities get a monthly
patrol and a quarterly review ("月度巡 + 季度评"); C and D entities a daily patrol by the
grid worker ("每日巡、随时报") and a weekly check by the station ("每周查、重点督").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from station_app.errors import ValidationError

GRADES = ("A", "B", "C", "D")

# -- kinds of visit ------------------------------------------------------------------------
PATROL, REVIEW, CHECK, RECHECK = "patrol", "review", "check", "recheck"
KIND_LABELS: dict[str, str] = {
    PATROL: "日常巡查",
    REVIEW: "季度复核",
    CHECK: "现场检查",
    RECHECK: "复查",
}
PLAN_KINDS = (PATROL, REVIEW, CHECK)
"""Kinds a rule can plan. A 复查 is never planned by a rule: a rectification schedules it."""
KINDS = (*PLAN_KINDS, RECHECK)

# -- who performs it -----------------------------------------------------------------------
GRID_WORKER, SPECIALIST, STATION = "grid_worker", "specialist", "station"
PERFORMER_LABELS: dict[str, str] = {
    GRID_WORKER: "网格员",
    SPECIALIST: "监管专员",
    STATION: "所（两名执法人员）",
}
PERFORMERS = tuple(PERFORMER_LABELS)
PERFORMER_ROSTER_ROLE: dict[str, str] = {
    GRID_WORKER: "grid_worker",
    SPECIALIST: "specialist",
    STATION: "specialist",
}
"""The roster duty (``roster_rules.GRID_ROLES``) whose holder on the day gets the task: a
station check goes to the grid's specialist, who takes a second officer along."""

INSPECTORS_NEEDED: dict[str, int] = {PATROL: 1, REVIEW: 1, CHECK: 2, RECHECK: 2}
"""How many inspectors a record of each kind names: a 现场检查 and a 复查 are enforcement
acts and need two officers (行政执法人员不得少于两人)."""

# -- on which days a due date may fall -------------------------------------------------------
WORKDAYS, ALL_DAYS = "workdays", "all"
CALENDAR_LABELS = {WORKDAYS: "工作日", ALL_DAYS: "每天（含节假日）"}

# -- how often -------------------------------------------------------------------------------
DAY, WEEK, MONTH, QUARTER, YEAR = "day", "week", "month", "quarter", "year"


@dataclass(frozen=True)
class Frequency:
    """How often a rule asks for one visit: once a day, a week (ISO week, Monday–Sunday), a
    month, a quarter, or ``per_year`` times a year. Each occurrence has a window of days in
    which the visit is due (:mod:`station_app.domain.patrols.schedule`)."""

    unit: str
    per_year: int = 0  # only for unit YEAR: 1–365

    @property
    def code(self) -> str:
        if self.unit == YEAR:
            return f"{self.per_year}/year"
        return {DAY: "daily", WEEK: "weekly", MONTH: "monthly", QUARTER: "quarterly"}[self.unit]

    @property
    def label(self) -> str:
        if self.unit == YEAR:
            return f"每年 {self.per_year} 次"
        return {DAY: "每日", WEEK: "每周", MONTH: "每月", QUARTER: "每季度"}[self.unit]

    @property
    def visits_per_year(self) -> float:
        """Roughly how many visits a year (for comparing rules; windows count exactly)."""
        return {DAY: 365.0, WEEK: 52.0, MONTH: 12.0, QUARTER: 4.0}.get(
            self.unit, float(self.per_year)
        )

    def __str__(self) -> str:
        return self.code


DAILY, WEEKLY, MONTHLY, QUARTERLY = (
    Frequency(DAY),
    Frequency(WEEK),
    Frequency(MONTH),
    Frequency(QUARTER),
)
_FREQ_WORDS: dict[str, Frequency] = {
    "daily": DAILY,
    "day": DAILY,
    "每日": DAILY,
    "每天": DAILY,
    "日": DAILY,
    "weekly": WEEKLY,
    "week": WEEKLY,
    "每周": WEEKLY,
    "周": WEEKLY,
    "monthly": MONTHLY,
    "month": MONTHLY,
    "每月": MONTHLY,
    "月": MONTHLY,
    "quarterly": QUARTERLY,
    "quarter": QUARTERLY,
    "每季度": QUARTERLY,
    "每季": QUARTERLY,
    "季度": QUARTERLY,
}
_PER_YEAR = re.compile(r"^(?:(\d+)\s*/\s*(?:year|yr|年)|每年\s*(\d+)\s*次|(\d+)\s*次\s*/\s*年)$")


def parse_frequency(text: str) -> Frequency:
    """``daily`` / ``weekly`` / ``monthly`` / ``quarterly`` / ``4/year`` or 每日 / 每周 / 每月 /
    每季度 / 每年4次 → :class:`Frequency`; anything else is a ``ValidationError`` that lists
    what is accepted."""
    value = (text or "").strip().lower().replace("　", " ")
    if value in _FREQ_WORDS:
        return _FREQ_WORDS[value]
    match = _PER_YEAR.match(value)
    if match:
        n = int(next(g for g in match.groups() if g))
        if not 1 <= n <= 365:
            raise ValidationError(
                f"每年巡查次数须在 1–365 次之间（填的是 {n} 次）。", field="frequency"
            )
        return {1: Frequency(YEAR, 1), 4: QUARTERLY, 12: MONTHLY}.get(n, Frequency(YEAR, n))
    raise ValidationError(
        f"巡查频次“{text}”无法识别。可填：每日（daily）、每周（weekly）、每月（monthly）、"
        "每季度（quarterly）或每年 N 次（如 6/year、每年6次）。",
        field="frequency",
    )


# -- one rule, one version -------------------------------------------------------------------


@dataclass(frozen=True)
class PatrolRule:
    """One line of the rules: ``grade`` entities get a ``kind`` visit from ``performer`` at
    ``frequency``, due on ``calendar`` days, with the checklist ``checklist`` (a checklist
    code; empty: the checklist of the entity's industry, see ``checklists.checklist_for``)."""

    grade: str
    kind: str
    performer: str
    frequency: Frequency
    calendar: str = WORKDAYS
    checklist: str = ""
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.grade, self.kind)

    @property
    def inspectors_needed(self) -> int:
        return INSPECTORS_NEEDED[self.kind]

    def describe(self) -> str:
        """``A 级：网格员每月日常巡查 1 次（工作日）``."""
        who = PERFORMER_LABELS[self.performer].split("（")[0]
        days = f"（{CALENDAR_LABELS[self.calendar]}）"
        if self.frequency.unit == YEAR:
            how = f"{self.frequency.label}{KIND_LABELS[self.kind]}"
        else:
            how = f"{self.frequency.label}{KIND_LABELS[self.kind]} 1 次"
        return f"{self.grade} 级：{who}{how}{days}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "grade": self.grade,
            "kind": self.kind,
            "performer": self.performer,
            "frequency": self.frequency.code,
            "calendar": self.calendar,
            "checklist": self.checklist,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> PatrolRule:
        """A stored rule, validated like a typed one (stored rules were checked when saved)."""
        return check_rule(values)


@dataclass(frozen=True)
class RuleSet:
    """One version of the rules, in force from ``effective_from`` until the next version."""

    effective_from: date
    rules: tuple[PatrolRule, ...]
    note: str = ""
    version_id: int | None = field(default=None, compare=False)

    def for_grade(self, grade: str) -> tuple[PatrolRule, ...]:
        return tuple(r for r in self.rules if r.grade == grade)

    def get(self, grade: str, kind: str) -> PatrolRule | None:
        return next((r for r in self.rules if r.key == (grade, kind)), None)

    def with_rule(self, rule: PatrolRule) -> RuleSet:
        """This version with ``rule`` added, or replacing the rule of the same grade and kind."""
        kept = tuple(r for r in self.rules if r.key != rule.key)
        return replace(self, rules=_sorted((*kept, rule)))

    def without(self, grade: str, kind: str) -> RuleSet:
        return replace(self, rules=tuple(r for r in self.rules if r.key != (grade, kind)))

    def describe(self, grade: str) -> str:
        """The grade's rules in one line, for the entity card: ``网格员每月日常巡查 1 次；…``."""
        parts = [r.describe().split("：", 1)[1] for r in self.for_grade(grade)]
        return "；".join(parts) if parts else "不安排例行巡查（无事不扰）"

    def rules_json(self) -> str:
        return json.dumps([r.as_dict() for r in self.rules], ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, effective_from: date, text: str, note: str = "", version_id=None):
        values = json.loads(text or "[]")
        if not isinstance(values, list):
            raise ValidationError("巡查规则的存储格式不对：应为规则列表。", field="rules")
        rules = tuple(check_rule(v) for v in values)
        return check_rule_set(cls(effective_from, _sorted(rules), note, version_id))


def _sorted(rules: Iterable[PatrolRule]) -> tuple[PatrolRule, ...]:
    order = {k: i for i, k in enumerate(KINDS)}
    return tuple(sorted(rules, key=lambda r: (r.grade, order.get(r.kind, 9))))


DEFAULTS_FROM = date(2000, 1, 1)
DEFAULT_RULES = RuleSet(
    DEFAULTS_FROM,
    _sorted(
        [
            PatrolRule("A", PATROL, GRID_WORKER, MONTHLY, note="月度巡"),
            PatrolRule("A", REVIEW, SPECIALIST, QUARTERLY, note="季度评"),
            PatrolRule("B", PATROL, GRID_WORKER, MONTHLY, note="月度巡"),
            PatrolRule("B", REVIEW, SPECIALIST, QUARTERLY, note="季度评"),
            PatrolRule("C", PATROL, GRID_WORKER, DAILY, note="每日巡、随时报"),
            PatrolRule("C", CHECK, STATION, WEEKLY, note="每周查、重点督"),
            PatrolRule("D", PATROL, GRID_WORKER, DAILY, note="每日巡、随时报"),
            PatrolRule("D", CHECK, STATION, WEEKLY, note="每周查、重点督"),
        ]
    ),
    note="默认规则（肥城“所社联动”做法）：A/B 月度巡查 + 季度复核；C/D 网格员每日巡查 + 所每周检查",
)


# -- validation ------------------------------------------------------------------------------


def _pick(value: Any, choices: dict[str, str], field_name: str, what: str) -> str:
    text = str(value or "").strip()
    if text in choices:
        return text
    by_label = {label: code for code, label in choices.items()}
    by_label.update({label.split("（")[0]: code for code, label in choices.items()})
    if text in by_label:
        return by_label[text]
    allowed = "、".join(f"{label}（{code}）" for code, label in choices.items())
    raise ValidationError(f"{what}“{text}”无法识别。可填：{allowed}。", field=field_name)


def check_rule(values: dict[str, Any]) -> PatrolRule:
    """A rule as typed in 设置 or on the command line (codes or Chinese labels), validated."""
    grade = str(values.get("grade") or "").strip().upper()
    if grade not in GRADES:
        raise ValidationError(f"分级“{grade}”无效：只能是 A、B、C、D。", field="grade")
    plan_kinds = {k: KIND_LABELS[k] for k in PLAN_KINDS}
    kind = values.get("kind") or ""
    if kind == RECHECK or kind == KIND_LABELS[RECHECK]:
        raise ValidationError(
            "复查不由巡查规则安排：责令整改时按整改期限自动安排复查。", field="kind"
        )
    kind = _pick(kind, plan_kinds, "kind", "巡查类别")
    performer = _pick(values.get("performer"), PERFORMER_LABELS, "performer", "巡查人员")
    freq = values.get("frequency")
    frequency = freq if isinstance(freq, Frequency) else parse_frequency(str(freq or ""))
    calendar = _pick(values.get("calendar") or WORKDAYS, CALENDAR_LABELS, "calendar", "日期范围")
    checklist = str(values.get("checklist") or "").strip()
    note = str(values.get("note") or "").strip()
    if len(note) > 100:
        raise ValidationError("规则说明不能超过 100 个字。", field="note")
    if kind == CHECK and performer == GRID_WORKER:
        raise ValidationError(
            "现场检查须由两名执法人员进行，不能由网格员承担。请把巡查人员改为“所”或“监管专员”。",
            field="performer",
        )
    return PatrolRule(grade, kind, performer, frequency, calendar, checklist, note)


def check_rule_set(rule_set: RuleSet) -> RuleSet:
    """One rule per grade and kind (a duplicate is refused, naming it)."""
    seen: set[tuple[str, str]] = set()
    for rule in rule_set.rules:
        if rule.key in seen:
            raise ValidationError(
                f"{rule.grade} 级的“{KIND_LABELS[rule.kind]}”规则重复了：每个分级的每类巡查只能有一条规则。",
                field="rules",
            )
        seen.add(rule.key)
    return rule_set


def check_new_version(rule_set: RuleSet, versions: Sequence[RuleSet], today: date) -> RuleSet:
    """A version about to be saved: valid, taking effect today or later (a plan already made
    keeps the rules it was made with), and not replacing a version already in force."""
    check_rule_set(rule_set)
    if rule_set.effective_from < today:
        raise ValidationError(
            f"新规则的生效日期 {rule_set.effective_from.isoformat()} 早于今天"
            f"（{today.isoformat()}）。规则只能从今天或以后生效，已生成的计划按原规则保留。",
            field="effective_from",
        )
    for v in versions:
        if v.effective_from == rule_set.effective_from and v.effective_from < today:
            raise ValidationError(
                "该日期的规则版本已经生效，不能修改。请另选今天或以后的生效日期。",
                field="effective_from",
            )
    return rule_set


def rules_on(versions: Sequence[RuleSet], day: date) -> RuleSet:
    """The version in force on ``day``: the latest with ``effective_from`` ≤ ``day``; the
    defaults when no stored version is that old."""
    best: RuleSet | None = None
    for v in versions:
        if v.effective_from <= day and (best is None or v.effective_from > best.effective_from):
            best = v
    return best or DEFAULT_RULES


def rule_changes(before: RuleSet, after: RuleSet) -> list[str]:
    """What a new version changes, in words (the confirmation and the audit reason)."""
    out: list[str] = []
    old = {r.key: r for r in before.rules}
    new = {r.key: r for r in after.rules}
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if a is None and b is not None:
            out.append(f"新增 {b.describe()}")
        elif b is None and a is not None:
            out.append(f"取消 {a.describe()}")
        elif a is not None and b is not None:
            out.append(f"{a.describe()} → {b.describe().split('：', 1)[1]}")
    return out
