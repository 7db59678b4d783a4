"""What the station does about a price flag (价格异常信号的处置): states and actions as a
table, the checks of each action in Chinese. Pure.

A flag is raised 待处理. It leads to 提醒告诫 (a printed 价格提醒告诫书, served and recorded), a
check (核查), and either a work order or case (转办) or "合理" with a reason. The system
withdraws (撤销) a flag nobody has acted on when its basis is gone (the observation voided, the
rule changed); a flag that has been acted on is never withdrawn or rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass

from station_app.errors import ValidationError

NEW, WARNED, CHECKING, REASONABLE, REFERRED, WITHDRAWN = (
    "待处理",
    "已告诫",
    "核查中",
    "合理",
    "已转办",
    "已撤销",
)
STATES = (NEW, WARNED, CHECKING, REASONABLE, REFERRED, WITHDRAWN)
OPEN_STATES = frozenset({NEW, WARNED, CHECKING})
CLOSED_STATES = frozenset({REASONABLE, REFERRED, WITHDRAWN})

WARN, CHECK, MARK_REASONABLE, REFER, WITHDRAW, REOPEN = (
    "warn",
    "check",
    "reasonable",
    "refer",
    "withdraw",
    "reopen",
)
SERVE_WAYS = ("直接送达", "留置送达", "电子送达", "邮寄送达")
REFER_KINDS = ("工单", "立案")
LETTER_CODE = "价告"
"""The 告诫书's number: ``X市监价告〔2026〕12号`` (yearly, the shared document counter)."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str
    needs_reason: bool = False


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(WARN, "提醒告诫", frozenset({NEW, CHECKING}), WARNED, "prices.handle"),
        Action(CHECK, "核查", frozenset({NEW, WARNED}), CHECKING, "prices.handle", True),
        Action(
            MARK_REASONABLE,
            "认定合理",
            frozenset({NEW, WARNED, CHECKING}),
            REASONABLE,
            "prices.handle",
            True,
        ),
        Action(REFER, "转办", frozenset({NEW, WARNED, CHECKING}), REFERRED, "prices.handle"),
        Action(WITHDRAW, "撤销", frozenset({NEW}), WITHDRAWN, "prices.observe", True),
        Action(
            REOPEN, "重新打开", frozenset({REASONABLE, REFERRED}), CHECKING, "prices.reopen", True
        ),
    )
}


def possible(state: str) -> list[Action]:
    """The actions a user can take from ``state`` (the system's 撤销 left out), in table order."""
    return [a for a in ACTIONS.values() if state in a.sources and a.name != WITHDRAW]


def check_action(state: str, action: str, *, reason: str = "") -> Action:
    """The action if allowed from ``state``; else a Chinese message saying why not."""
    found = ACTIONS.get(action)
    if found is None:
        raise ValidationError(f"未知的处置操作“{action}”。", field="action")
    if state not in found.sources:
        allowed = "、".join(sorted(found.sources, key=STATES.index))
        raise ValidationError(
            f"状态为“{state}”的预警信号不能{found.label}（只有{allowed}的可以）。", field="state"
        )
    if found.needs_reason and not reason.strip():
        what = {CHECK: "核查情况", MARK_REASONABLE: "认定合理的理由"}.get(action, "理由")
        raise ValidationError(f"请填写{what}。", field="reason")
    return found


def check_refer(kind: str, reference: str) -> tuple[str, str]:
    """转办 to a 工单 or a case (立案): the kind and its number are both required."""
    if kind not in REFER_KINDS:
        raise ValidationError(f"转办方式应为：{'、'.join(REFER_KINDS)}。", field="refer_kind")
    reference = (reference or "").strip()
    if not reference and kind == "立案":
        raise ValidationError("请填写立案号（案件编号）。", field="reference")
    return kind, reference


def check_serving(served_to: str, way: str) -> tuple[str, str]:
    """A 告诫书 is served to a named person in one of :data:`SERVE_WAYS`."""
    served_to = (served_to or "").strip()
    if not served_to:
        raise ValidationError("请填写告诫书的签收人（经营者或其负责人）。", field="served_to")
    if way not in SERVE_WAYS:
        raise ValidationError(f"送达方式应为：{'、'.join(SERVE_WAYS)}。", field="served_way")
    return served_to, way


def one_entity(entity_ids: list[int | None]) -> int:
    """A 告诫书 covers flags of one entity: their common entity id, else a Chinese error."""
    distinct = {e for e in entity_ids}
    if not entity_ids:
        raise ValidationError("请选择要告诫的预警信号。", field="flags")
    if None in distinct:
        raise ValidationError("所选对象没有关联经营主体，无法出具告诫书。", field="flags")
    if len(distinct) > 1:
        raise ValidationError(
            "一份告诫书只针对一个经营主体：请只选择同一经营者的预警信号。", field="flags"
        )
    return next(e for e in distinct if e is not None)
