"""The officer's decision (处理决定) and its rules: fines, grounds, transfers, the override
reason against the 首违不罚 check, numbers, and which decisions are penalties for the grade.
Pure, no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from station_app.domain.text import normalize_spaces, to_halfwidth
from station_app.domain.violations.leniency import LeniencyCheck
from station_app.domain.violations.rules import (
    COUNTER_KINDS,
    DECISIONS,
    FIRST_GROUND,
    GROUNDS,
    LOOKBACK_MONTHS,
    MAX_FINE_FEN,
    MAX_NUMBER,
    MIN_OVERRIDE,
    NO_FAULT,
    NO_PENALTY,
    NUMBER_MARKS,
    PENALTY_COUNTER,
    PENALTY_KINDS,
    TRANSFER,
    TRANSFER_TARGETS,
    months_before,
    parse_target,
    yuan,
)
from station_app.errors import ValidationError


# -- the decision -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DecisionDraft:
    """What the officer decides. ``fine_fen`` from :func:`parse_fine`; ``ground`` only for
    不予处罚 (default: the check's); ``number`` empty → allocated; ``reason`` the circumstance
    (从轻/减轻) or a note; ``override_reason`` when 不予处罚 goes against the check."""

    decision: str
    decided_on: date
    fine_fen: int | None = None
    warning: bool = False
    number: str = ""
    ground: str = ""
    transfer_to: str = ""
    reason: str = ""
    override_reason: str = ""


def check_decision(
    d: DecisionDraft,
    check: LeniencyCheck,
    *,
    found_on: date,
    today: date,
) -> DecisionDraft:
    """The officer's decision checked against the rules of its kind (design §7) and the
    proposal. Returns the draft cleaned (ground filled in for 不予处罚, text trimmed)."""
    if d.decision not in DECISIONS:
        raise ValidationError(f"处理决定“{d.decision}”不认识。", field="decision")
    if d.decided_on < found_on:
        raise ValidationError(
            f"决定日期 {d.decided_on.isoformat()} 早于发现日期 {found_on.isoformat()}。",
            field="decided_on",
        )
    if d.decided_on > today:
        raise ValidationError(f"决定日期 {d.decided_on.isoformat()} 晚于今天。", field="decided_on")
    number = normalize_spaces(to_halfwidth(d.number or "")).strip()
    if len(number) > MAX_NUMBER:
        raise ValidationError(f"决定书文号不超过 {MAX_NUMBER} 个字符。", field="number")
    clean = replace(
        d,
        number=number,
        reason=(d.reason or "").strip(),
        override_reason=(d.override_reason or "").strip(),
        transfer_to=parse_target(d.transfer_to),
    )
    label = DECISIONS[d.decision]
    if d.decision in (NO_PENALTY, TRANSFER):
        if d.fine_fen:
            raise ValidationError(
                f"{label}的决定不能有罚款金额（填了 {yuan(d.fine_fen)} 元）。"
                "若要罚款，请选择“处罚”“从轻”或“减轻”。",
                field="fine",
            )
        if d.warning:
            raise ValidationError(
                f"{label}的决定不能给予警告；警告是一种行政处罚。", field="warning"
            )
    if d.decision == NO_PENALTY:
        return _check_no_penalty(clean, check)
    if d.decision == TRANSFER:
        if not clean.transfer_to:
            raise ValidationError(
                f"请填写移送对象：{'、'.join(TRANSFER_TARGETS)}（涉嫌犯罪的移送公安机关）。",
                field="transfer_to",
            )
        return replace(clean, ground="", override_reason="")
    if not d.fine_fen and not d.warning:
        raise ValidationError(
            f"“{label}”须填写罚款金额（元），或注明给予警告（--warning）。", field="fine"
        )
    if d.fine_fen is not None and (d.fine_fen <= 0 or d.fine_fen > MAX_FINE_FEN):
        raise ValidationError("罚款金额须大于 0 元且不超过 1 亿元。", field="fine")
    return replace(clean, ground="", override_reason="", transfer_to="")


def _check_no_penalty(d: DecisionDraft, check: LeniencyCheck) -> DecisionDraft:
    ground = d.ground or check.ground or FIRST_GROUND
    if ground not in GROUNDS:
        raise ValidationError(f"不予处罚的情形“{ground}”不认识。", field="ground")
    if ground == NO_FAULT:
        if len(d.reason) < MIN_OVERRIDE:
            raise ValidationError(
                f"以“无主观过错”不予处罚，须写明当事人足以证明没有主观过错的证据（至少 {MIN_OVERRIDE} 个字）。",
                field="reason",
            )
        return replace(d, ground=ground)
    against = not check.eligible or (check.ground is not None and check.ground != ground)
    if against and len(d.override_reason) < MIN_OVERRIDE:
        raise ValidationError(_override_message(check, ground), field="override_reason")
    return replace(d, ground=ground, override_reason=d.override_reason if against else "")


def _override_message(check: LeniencyCheck, ground: str) -> str:
    unmet = check.unmet
    parts = [c.text for c in unmet if c.key == "first"] + [
        c.text for c in unmet if c.key != "first"
    ]
    if not parts and check.ground and check.ground != ground:
        parts = [f"该类型列入的是{GROUNDS[check.ground]}清单，而非{GROUNDS[ground]}清单。"]
    head = "".join(parts) or "首违不罚审查未建议不予处罚。"
    return (
        f"{head}如仍决定不予处罚（{GROUNDS[ground]}），请填写理由（至少 {MIN_OVERRIDE} 个字，"
        "命令行用 --override-reason），理由将与审查结果一并记入操作日志。"
    )


def decision_number(prefix: str, decision: str, year: int, n: int) -> str:
    """``东市监城`` + ``不罚`` + ``〔2026〕3号`` (the station's prefix; ``市监`` when unset)."""
    return f"{prefix or '市监'}{NUMBER_MARKS[decision]}〔{year}〕{n}号"


def counter_kind(decision: str) -> str:
    return COUNTER_KINDS.get(decision, PENALTY_COUNTER)


def counts_as_penalty(decision: str | None) -> bool:
    return decision in PENALTY_KINDS


def decision_label(decision: str | None, ground: str = "") -> str:
    """``不予处罚（首违不罚）``, ``从轻处罚``, ``—`` for none yet."""
    if not decision:
        return "未决定"
    label = DECISIONS.get(decision, decision)
    if decision == NO_PENALTY and ground in GROUNDS:
        return f"{label}（{GROUNDS[ground]}）"
    return label


def penalties_in_window(decided: Iterable[tuple[str | None, date | None]], today: date) -> int:
    """The grade's count: decisions of a penalty kind made in the 24 months up to ``today``
    (after the day 24 months earlier, not after today). The reference for the SQL count."""
    since = months_before(today, LOOKBACK_MONTHS)
    return sum(
        1
        for kind, day in decided
        if counts_as_penalty(kind) and day is not None and since < day <= today
    )
