"""Campaigns (专项行动): states, tasks, the 回头看 rules, progress formulas and their Chinese
messages. Pure. The target filter is :mod:`station_app.domain.campaign_targets`; sweep
actions (a campaign kind) are :mod:`station_app.domain.sweep_actions`.

A campaign has a theme, a basis, a period, a lead and joining departments (公安, 城管, …),
and a **target list** chosen from the registry by a stored, reproducible filter. Each target
is a task (assigned person or department, due day). Its checks are patrol records of the
patrols area (kind 现场检查, source 专项行动, the campaign's checklist); what they find are
hazards there, rectified and re-checked there. This module only says what those records
*mean* for the campaign:

* a **problem shop** is a target whose campaign check found a hazard;
* **回头看** (revisit): every ordered hazard of a problem shop brings a revisit due on its
  re-check day (the rectification deadline, or the next working day); it is the patrols
  re-check of those hazards and it is done when all of them are final (a failing re-check
  with a new deadline moves it to the new re-check day). A sample of the shops that passed
  (or were corrected on the spot) also gets a revisit, a new campaign check
  :data:`SAMPLE_DELAY_DAYS` after the first; the sample is drawn by ticket like a 双随机
  draw (:func:`in_sample`), decided at the moment of the check, reproducible by anyone;
* the campaign **cannot be closed while a revisit is open** (:func:`check_close`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from fractions import Fraction
from typing import Protocol

from station_app.domain import draw_inputs, draws
from station_app.domain.text import normalize_name, normalize_spaces
from station_app.errors import ValidationError

CAMPAIGN, SWEEP = "campaign", "sweep"
KIND_LABELS = {CAMPAIGN: "专项行动", SWEEP: "扫街行动"}
OPEN, CLOSED, CANCELLED = "open", "closed", "cancelled"
STATE_LABELS = {OPEN: "进行中", CLOSED: "已结束", CANCELLED: "已撤销"}
PLANNED, RUNNING, DUE = "planned", "running", "due"
PHASE_LABELS = {
    PLANNED: "未开始",
    RUNNING: "进行中",
    DUE: "已到期未结束",
    CLOSED: "已结束",
    CANCELLED: "已撤销",
}
DEFAULT_DEPARTMENTS = (
    "公安",
    "城管",
    "消防",
    "教育",
    "卫健",
    "街道",
    "社区",
    "应急管理",
    "文旅",
    "商务",
    "交通运输",
    "住建",
)
"""The station-wide directory of joining departments as seeded (the clerk adds more)."""
THEMES = ("护校安园", "餐饮安心", "节日市场", "电动自行车", "燃气安全", "预付式消费", "老年人防诈")
MAX_PERIOD_DAYS = 366
NAME_MAX, BASIS_MAX, DEPARTMENT_MAX = 100, 500, 30

# hazard states of the patrols area (domain/patrols/hazards.py), as its records store them
H_OPEN, H_FIXED, H_CLOSED, H_TRANSFERRED = "open", "fixed", "closed", "transferred"
H_FINAL = frozenset({H_FIXED, H_CLOSED, H_TRANSFERRED})


class Workdays(Protocol):
    def is_workday(self, d: date) -> bool: ...


# ---- the campaign ---------------------------------------------------------------------------


def phase(state: str, first: date, last: date, today: date) -> str:
    """What the list shows: 未开始 / 进行中 / 已到期未结束 (past its last day, not closed) /
    已结束 / 已撤销."""
    if state in (CLOSED, CANCELLED):
        return state
    if today < first:
        return PLANNED
    return RUNNING if today <= last else DUE


def check_name(name: str, what: str = "专项行动") -> str:
    text = normalize_name(name or "")
    if not text:
        raise ValidationError(f"请填写{what}名称（主题），如“护校安园专项行动”。", field="name")
    if len(text) > NAME_MAX:
        raise ValidationError(f"{what}名称不能超过 {NAME_MAX} 个字。", field="name")
    return text


def check_period(first: date | None, last: date | None) -> tuple[date, date]:
    if first is None or last is None:
        raise ValidationError(
            "请填写专项行动的起止日期。", field="first_day" if not first else "last_day"
        )
    if last < first:
        raise ValidationError(
            f"结束日期 {last.isoformat()} 早于开始日期 {first.isoformat()}。", field="last_day"
        )
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise ValidationError("专项行动的期间最长一年；更长的工作请分期设立。", field="last_day")
    return first, last


def check_basis(basis: str) -> str:
    text = normalize_spaces(basis or "")
    if len(text) > BASIS_MAX:
        raise ValidationError(f"法律或政策依据不能超过 {BASIS_MAX} 个字。", field="basis")
    return text


def check_departments(names: Iterable[str], known: Iterable[str]) -> tuple[str, ...]:
    """Joining departments, named from the directory (exact), each once, in the given order."""
    directory = set(known)
    out: list[str] = []
    for raw in names:
        name = normalize_name(raw)
        if not name:
            continue
        if name not in directory:
            raise ValidationError(
                f"参与部门“{name}”不在部门名录中。可选：{'、'.join(sorted(directory))}"
                "（名录在 设置 → 参与部门 中维护）。",
                field="departments",
            )
        if name not in out:
            out.append(name)
    return tuple(out)


def check_department_name(name: str) -> str:
    text = normalize_name(name or "")
    if not text or len(text) > DEPARTMENT_MAX:
        raise ValidationError(f"部门名称须为 1–{DEPARTMENT_MAX} 个字。", field="name")
    return text


def campaign_number(prefix: str, kind: str, year: int, seq: int) -> str:
    """``城关专〔2026〕3号`` / ``城关扫〔2026〕45号``: per station, kind and year. Patrol
    records of the campaign carry it as their reference."""
    return f"{prefix}{'扫' if kind == SWEEP else '专'}〔{year}〕{seq}号"


# ---- tasks and checks -----------------------------------------------------------------------


PENDING, CHECKED, PROBLEM, RECTIFIED, TRANSFERRED = (
    "pending",
    "checked",
    "problem",
    "rectified",
    "transferred",
)
TARGET_LABELS = {
    PENDING: "待检查",
    CHECKED: "已检查·未发现问题",
    PROBLEM: "问题商户·整改中",
    RECTIFIED: "问题商户·已整改",
    TRANSFERRED: "问题商户·已移送立案",
}


def check_task(due: date | None, first: date, last: date) -> date:
    """A target's due day lies within the campaign period (none given: its last day)."""
    if due is None:
        return last
    if not first <= due <= last:
        raise ValidationError(
            f"完成期限 {due.isoformat()} 不在专项行动期间 {first.isoformat()} 至 {last.isoformat()} 内。",
            field="due_on",
        )
    return due


def check_check_day(day: date, first: date, last: date, state: str) -> None:
    """A campaign check happens in the period of an open campaign (回头看 may come later)."""
    if state != OPEN:
        raise ValidationError(
            f"该专项行动{STATE_LABELS[state]}，不能再登记检查。", field="campaign"
        )
    if day < first:
        raise ValidationError(
            f"检查日期 {day.isoformat()} 早于专项行动开始日期 {first.isoformat()}。", field="at"
        )
    if day > last:
        raise ValidationError(
            f"检查日期 {day.isoformat()} 晚于专项行动结束日期 {last.isoformat()}；"
            "如需延长，请先修改专项行动的结束日期（回头看不受此限）。",
            field="at",
        )


def target_state(checked: bool, hazard_states: Sequence[str]) -> str:
    """A target from its campaign checks' hazards: 待检查, 已检查 (no hazard), 整改中 (one open),
    已移送 (none open, one transferred), 已整改 (all fixed on the spot or closed)."""
    if not checked:
        return PENDING
    if not hazard_states:
        return CHECKED
    if any(s not in H_FINAL for s in hazard_states):
        return PROBLEM
    return TRANSFERRED if H_TRANSFERRED in hazard_states else RECTIFIED


# ---- 回头看 --------------------------------------------------------------------------------

PROBLEM_REVISIT, SAMPLE_REVISIT = "problem", "sample"
REVISIT_KIND_LABELS = {PROBLEM_REVISIT: "整改后回头看", SAMPLE_REVISIT: "抽样回头看"}
R_OPEN, R_DONE, R_WAIVED = "open", "done", "waived"
REVISIT_STATE_LABELS = {R_OPEN: "待回头看", R_DONE: "已回头看", R_WAIVED: "已免于回头看"}
DEFAULT_SAMPLE_RATIO = "0.1"
SAMPLE_DELAY_DAYS = 30


@dataclass(frozen=True)
class RevisitPolicy:
    """A campaign's revisit settings: the share of passed shops revisited (exact ratio
    0…1) and how many calendar days after their check (moved to a working day)."""

    sample_ratio: Fraction = Fraction(1, 10)
    sample_delay_days: int = SAMPLE_DELAY_DAYS

    @classmethod
    def parse(cls, ratio: str = DEFAULT_SAMPLE_RATIO, delay_days: int = SAMPLE_DELAY_DAYS):
        quota = draw_inputs.parse_ratio("回头看", ratio)
        if not 1 <= delay_days <= 180:
            raise ValidationError("抽样回头看的间隔应在 1–180 天之间。", field="sample_delay_days")
        return cls(quota.ratio or Fraction(0), delay_days)


def revisit_seed(number: str) -> str:
    """The seed a campaign's sample of passed shops is drawn with (its number is fixed when it
    is created, so the sample can be recomputed from the campaign sheet)."""
    return draws.sha256_hex(f"回头看|{number}")


def in_sample(seed_hex: str, key: str, ratio: Fraction) -> bool:
    """Bernoulli consistent sampling: the shop is in the sample when its ticket, read as a
    number in [0, 1), is below the ratio. Order-independent; a larger ratio keeps everyone a
    smaller one chose; decided the moment the shop's check is entered."""
    value = int(draws.ticket(seed_hex, key), 16)
    return value * ratio.denominator < ratio.numerator * (1 << 256)


def next_workday(day: date, workdays: Workdays) -> date:
    for _ in range(60):
        if workdays.is_workday(day):
            return day
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class HazardFact:
    """What a revisit needs to know of one hazard found by a campaign check."""

    hazard_id: int
    state: str
    deadline: date | None


def problem_revisits(hazards: Sequence[HazardFact], workdays: Workdays) -> dict[date, list[int]]:
    """The revisits a problem shop owes: one per re-check day of its open ordered hazards
    (deadline → that day or the next working day), with the hazards each covers."""
    out: dict[date, list[int]] = {}
    for h in hazards:
        if h.state == H_OPEN and h.deadline is not None:
            out.setdefault(next_workday(h.deadline, workdays), []).append(h.hazard_id)
    return dict(sorted(out.items()))


def sample_revisit_due(check_day: date, policy: RevisitPolicy, workdays: Workdays) -> date:
    return next_workday(check_day + timedelta(days=policy.sample_delay_days), workdays)


def problem_revisit_state(hazard_states: Sequence[str]) -> str:
    """A problem revisit is done when every hazard it covers is final."""
    return R_DONE if hazard_states and all(s in H_FINAL for s in hazard_states) else R_OPEN


def is_overdue(state: str, due: date, today: date) -> bool:
    return state == R_OPEN and due < today


def check_waiver(state: str, reason: str) -> str:
    """免于回头看 (the shop closed down, moved away…): an open revisit, with a reason."""
    if state != R_OPEN:
        raise ValidationError(f"该回头看{REVISIT_STATE_LABELS[state]}，不能再免除。", field="state")
    text = normalize_spaces(reason or "")
    if len(text) < 4:
        raise ValidationError(
            "免于回头看须写明原因（至少 4 个字，如“已注销”“已搬离”）。", field="reason"
        )
    return text


@dataclass(frozen=True)
class OpenRevisit:
    entity_name: str
    due_on: date
    kind: str = PROBLEM_REVISIT


def check_close(state: str, open_revisits: Sequence[OpenRevisit], today: date) -> None:
    """A campaign closes only when open and no 回头看 is open; the message names them."""
    if state != OPEN:
        raise ValidationError(f"该专项行动{STATE_LABELS[state]}。", field="state")
    if not open_revisits:
        return
    shown = sorted(open_revisits, key=lambda r: (r.due_on, r.entity_name))[:3]
    names = "、".join(
        f"{r.entity_name}（{r.due_on.isoformat()}{'，已逾期' if r.due_on < today else ''}）"
        for r in shown
    )
    more = f"等 {len(open_revisits)} 户" if len(open_revisits) > len(shown) else ""
    raise ValidationError(
        f"还有 {len(open_revisits)} 个回头看未完成：{names}{more}。"
        "回头看全部完成（或经批准免于回头看）后才能结束专项行动。",
        field="revisits",
    )


def close_warnings(unchecked: int, targets: int) -> list[str]:
    """What closing leaves behind, said before the user confirms (not a refusal)."""
    if unchecked:
        return [f"{targets} 个检查对象中还有 {unchecked} 个未检查，结束后汇总表按未检查统计。"]
    return []


# ---- progress -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressFormula:
    key: str
    label: str
    numerator: str
    denominator: str
    definition: str


PROGRESS_FORMULAS = (
    ProgressFormula(
        "check_rate",
        "检查率",
        "checked",
        "targets",
        "已检查对象数 ÷ 检查对象数（闭门未遇不算已检查）",
    ),
    ProgressFormula(
        "problem_rate", "问题发现率", "problems", "checked", "问题商户数 ÷ 已检查对象数"
    ),
    ProgressFormula(
        "rectify_rate",
        "整改率",
        "rectified",
        "problems",
        "已整改问题商户数 ÷ 问题商户数（隐患全部当场整改或复查合格；移送立案不计入已整改）",
    ),
    ProgressFormula(
        "revisit_rate",
        "回头看完成率",
        "revisits_done",
        "revisits_due",
        "已完成的回头看 ÷ 到期应完成的回头看（免于回头看的不计入）",
    ),
)


@dataclass(frozen=True)
class Progress:
    """One line of the progress board: the whole campaign, a grid or a department."""

    label: str = "合计"
    targets: int = 0
    checked: int = 0
    problems: int = 0
    rectified: int = 0
    transferred: int = 0
    revisits: int = 0
    revisits_due: int = 0
    revisits_done: int = 0
    revisits_overdue: int = 0

    def rate(self, key: str) -> Fraction | None:
        formula = next(f for f in PROGRESS_FORMULAS if f.key == key)
        den = getattr(self, formula.denominator)
        return Fraction(getattr(self, formula.numerator), den) if den else None

    def rate_text(self, key: str) -> str:
        value = self.rate(key)
        return "—" if value is None else f"{float(value) * 100:.1f}%"

    def __add__(self, other: Progress) -> Progress:
        names = [f.name for f in fields(self) if f.name != "label"]
        return Progress(self.label, *(getattr(self, n) + getattr(other, n) for n in names))


@dataclass(frozen=True)
class TargetFact:
    """One target as the board folds it: its grid and department, its state, its revisits
    ``(state, due_on)``."""

    grid: str
    department: str
    state: str
    revisits: Sequence[tuple[str, date]] = ()


def fold(facts: Iterable[TargetFact], today: date, by: str | None = None) -> dict[str, Progress]:
    """The board's lines: one ``合计`` (``by`` None) or one per ``grid``/``department``."""
    out: dict[str, Progress] = {}
    for fact in facts:
        label = "合计" if by is None else (getattr(fact, by) or "（未分配）")
        line = _line(fact, today, label)
        out[label] = out[label] + line if label in out else line
    return dict(sorted(out.items()))


def _line(fact: TargetFact, today: date, label: str) -> Progress:
    live = [(s, d) for s, d in fact.revisits if s != R_WAIVED]
    return Progress(
        label=label,
        targets=1,
        checked=int(fact.state != PENDING),
        problems=int(fact.state in (PROBLEM, RECTIFIED, TRANSFERRED)),
        rectified=int(fact.state == RECTIFIED),
        transferred=int(fact.state == TRANSFERRED),
        revisits=len(live),
        revisits_due=sum(1 for s, d in live if s == R_DONE or d <= today),
        revisits_done=sum(1 for s, _ in live if s == R_DONE),
        revisits_overdue=sum(1 for s, d in live if is_overdue(s, d, today)),
    )


# ---- the list -------------------------------------------------------------------------------

LIST_COLUMNS = (
    "number",
    "name",
    "kind",
    "period",
    "phase",
    "targets",
    "checked",
    "open_revisits",
)
"""Column keys of a campaign list row (``CampaignRows.fetch_rows``); ``number``, ``name``,
``kind`` and ``period`` (first day) sort in SQL."""


@dataclass(frozen=True)
class CampaignFilter:
    """Campaigns of ``kind`` ("" any) in ``year`` (0: any; a campaign belongs to the year of
    its first day), ``text`` in number or name, ``phase`` one of :data:`PHASE_LABELS` ("")."""

    text: str = ""
    kind: str = ""
    year: int = 0
    phase: str = ""
    today: date | None = None
