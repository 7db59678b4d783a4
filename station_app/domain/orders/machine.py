"""The state machine of a work order as a table: each step, the states it may be taken from, the
state it leads to, the permission it needs, the kinds it applies to, and whether it may be
taken while the order is paused or needs a reason. Kept as data so the design page, the tests
and the screens (which buttons to enable) read one table.

登记 → 派单 → 响应 → 处置 (到场, 处置, 转调解, 立案决定, 告知) → 反馈 → 确认 (双签) → 办结 → 回访;
退单 back to 待派单; 不认可 back to 处置中; 重办 (a platform's re-send) back to 待派单 from any
state but 作废; 挂起/恢复 and 督办 on any open order; 作废 with a reason. Nothing is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from station_app.domain.orders import kinds as k

SYSTEM_STEPS = frozenset({k.BREACH, k.CASE_CLOSE})
"""Steps the application writes itself: a deadline frozen when it passed (recorded after the
fact, at the moment it expired), a complaint order closed with its mediation case (written by
the complaint area inside the case's own transaction)."""


@dataclass(frozen=True)
class Step:
    step: str
    sources: frozenset[str]
    target: str | None  # None: the state stays (a confirmation may complete the sign-off)
    action: str  # permission (domain/auth.PERMISSIONS)
    kinds: frozenset[str] | None = None  # None: every kind
    while_paused: bool = False
    needs_reason: bool = False

    @property
    def label(self) -> str:
        return k.EVENT_LABELS[self.step]


_OPEN = k.OPEN_STATES
_ANY_BUT_VOID = frozenset(k.STATES) - {k.VOID}
_DECIDING = frozenset({k.WAITING_DISPATCH, k.WAITING_RESPONSE, k.HANDLING})

STEPS: dict[str, Step] = {
    s.step: s
    for s in (
        Step(k.DISPATCH, frozenset({k.WAITING_DISPATCH}), k.WAITING_RESPONSE, "orders.dispatch"),
        Step(
            k.RETURN,
            frozenset({k.WAITING_RESPONSE, k.HANDLING}),
            k.WAITING_DISPATCH,
            "orders.handle",
            needs_reason=True,
        ),
        Step(k.RESPOND, frozenset({k.WAITING_RESPONSE}), k.HANDLING, "orders.handle"),
        Step(k.ONSITE, frozenset({k.HANDLING}), None, "orders.handle"),
        Step(k.HANDLE, frozenset({k.HANDLING}), None, "orders.handle"),
        Step(
            k.LINK_CASE,
            frozenset({k.HANDLING}),
            None,
            "orders.handle",
            kinds=k.MEDIATION_KINDS,
        ),
        Step(k.DECIDE, frozenset({k.HANDLING}), None, "orders.handle", kinds=frozenset({k.REPORT})),
        Step(
            k.EXTEND,
            _DECIDING,
            None,
            "orders.extend",
            kinds=frozenset({k.REPORT}),
            while_paused=True,
            needs_reason=True,
        ),
        Step(
            k.NOTIFY,
            frozenset({k.HANDLING, k.WAITING_CONFIRM, k.CONFIRMED}),
            None,
            "orders.handle",
            kinds=frozenset({k.REPORT}),
        ),
        Step(k.FEEDBACK, frozenset({k.HANDLING}), k.WAITING_CONFIRM, "orders.handle"),
        Step(k.CONFIRM, frozenset({k.WAITING_CONFIRM}), None, "orders.confirm"),
        Step(
            k.REJECT,
            frozenset({k.WAITING_CONFIRM, k.CONFIRMED}),
            k.HANDLING,
            "orders.confirm",
            needs_reason=True,
        ),
        Step(k.CLOSE, frozenset({k.CONFIRMED}), k.CLOSED, "orders.close"),
        Step(
            k.CASE_CLOSE,
            _OPEN,
            k.CLOSED,
            "complaints.edit",
            kinds=k.MEDIATION_KINDS,
            while_paused=True,
        ),
        Step(k.VISIT, frozenset({k.CLOSED}), None, "orders.visit"),
        Step(k.PAUSE, _OPEN, None, "orders.handle", needs_reason=True),
        Step(k.RESUME, _OPEN, None, "orders.handle", while_paused=True),
        Step(k.SUPERVISE, _OPEN, None, "orders.supervise", while_paused=True),
        Step(
            k.REWORK,
            _ANY_BUT_VOID,
            k.WAITING_DISPATCH,
            "orders.dispatch",
            kinds=k.REWORK_KINDS,
            while_paused=True,
        ),
        Step(k.VOID_STEP, _OPEN, k.VOID, "orders.void", while_paused=True, needs_reason=True),
        Step(k.NOTE, frozenset(k.STATES), None, "orders.handle", while_paused=True),
        Step(k.BREACH, _OPEN, None, "orders.handle", while_paused=True),
    )
}


def step(name: str) -> Step:
    try:
        return STEPS[name]
    except KeyError:
        raise KeyError(f"unknown order step {name!r}") from None


def applies(name: str, kind: str) -> bool:
    s = STEPS.get(name)
    return s is not None and (s.kinds is None or kind in s.kinds)


def possible(state: str, kind: str, paused: bool) -> tuple[str, ...]:
    """The user steps that may follow in ``state`` (for the dialog's buttons and messages)."""
    return tuple(
        s.step
        for s in STEPS.values()
        if s.step not in SYSTEM_STEPS
        and s.step != k.NOTE
        and state in s.sources
        and (s.kinds is None or kind in s.kinds)
        and (not paused or s.while_paused)
        and (s.step != k.RESUME or paused)
    )
