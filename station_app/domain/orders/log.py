"""An order's event log (工单流转记录) and what it amounts to.

The log is the truth (FIELDWORK §2): every step is an :class:`Event` appended in order, and
:func:`fold` reads the log into :class:`OrderFacts` — the state, who handles it, the pauses,
the confirmations, the current 重办 round — from which ``clocks`` computes every deadline.
Nothing derived is trusted from storage; the order row's cached columns (for lists and
figures) are written from these same functions on every change.

A 重办 (the platform sends the order back) starts a new round: the state goes back to 待派单,
the confirmations and pauses of the old round stay in the log but no longer count, and the
clocks start again from the moment it came back. ``received_at`` stays the first receipt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from station_app.domain.orders import kinds as k
from station_app.domain.orders.machine import STEPS
from station_app.domain.orders.timing import Interval, aware, parse_time

#: the steps whose first time in a round a clock or a figure needs
_TIMED = (
    k.DISPATCH,
    k.RESPOND,
    k.ONSITE,
    k.HANDLE,
    k.LINK_CASE,
    k.DECIDE,
    k.NOTIFY,
    k.FEEDBACK,
    k.CLOSE,
    k.VISIT,
)


@dataclass(frozen=True)
class Event:
    """One step of an order: ``step`` (``kinds.EVENT_LABELS``) at the moment ``at`` (aware),
    by the user ``by`` (user name; ``"system"`` for the application), with the step's
    ``data`` (ISO strings for moments, as stored). ``seq`` orders the log."""

    step: str
    at: datetime
    by: str = ""
    user_id: int | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    seq: int = 0
    note: str = ""


@dataclass(frozen=True)
class Confirmation:
    side: str  # kinds.REPORTER_SIDE | HANDLER_SIDE | REVIEWER_SIDE
    user_id: int | None
    username: str
    at: datetime
    name: str = ""
    person_id: int | None = None  # the roster person linked to the user, when there is one


@dataclass(frozen=True)
class OrderFacts:
    """What an order's log amounts to. Moments are aware (Beijing time)."""

    kind: str
    state: str
    received_at: datetime
    rework: int = 0  # the platform's 重办 count (what escalates the lead)
    round_no: int = 0  # 重办 rounds in the log (0: the first handling)
    round_start: datetime | None = None
    platform_deadline: datetime | None = None
    pauses: tuple[Interval, ...] = ()  # this round's, the open one (end None) last
    first_round_pauses: tuple[Interval, ...] = ()
    done: Mapping[str, datetime] = field(default_factory=dict)  # step → first time this round
    first_response_at: datetime | None = None  # the first round's response
    first_feedback_at: datetime | None = None
    assignee_user_id: int | None = None
    assignee_person_id: int | None = None
    assignee_name: str = ""
    reporter_person_id: int | None = None
    real_name: bool = False
    decision: str = ""
    extended: frozenset[str] = frozenset()
    confirmations: tuple[Confirmation, ...] = ()
    frozen: Mapping[str, datetime] = field(default_factory=dict)  # clock → due when breached
    supervisions: int = 0
    returns: int = 0
    last_at: datetime | None = None  # the latest user step (the log is chronological)
    last_step: str = ""
    closed_by_case: bool = False
    case_id: int | None = None  # the complaint case opened or linked by 转调解

    @property
    def start(self) -> datetime:
        """When this round's clocks started."""
        return self.round_start or self.received_at

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].end is None

    @property
    def paused_since(self) -> datetime | None:
        return self.pauses[-1].start if self.paused else None

    @property
    def pause_reason(self) -> str:
        return self.pauses[-1].reason if self.paused else ""

    @property
    def is_open(self) -> bool:
        return self.state in k.OPEN_STATES

    def confirmed_by(self) -> tuple[str, ...]:
        return tuple(c.username for c in self.confirmations)

    def missing_sides(self) -> tuple[str, ...]:
        signed = {c.side for c in self.confirmations}
        return tuple(side for side in k.SIGN_OFF[self.kind] if side not in signed)


def moment(value: Any) -> datetime | None:
    """A stored moment (ISO text or datetime) → aware; empty → None."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return aware(value)
    return parse_time(value)


class _Fold:
    """The running state of :func:`fold` (one pass over the log)."""

    def __init__(self, kind: str, first: Event) -> None:
        data = first.data
        self.kind = kind
        self.state = k.WAITING_DISPATCH
        self.received_at = aware(first.at, "received_at")
        self.v: dict[str, Any] = {
            "rework": int(data.get("rework") or 0),
            "platform_deadline": moment(data.get("platform_deadline")),
            "reporter_person_id": data.get("reporter_person_id"),
            "real_name": bool(data.get("real_name")),
            "last_at": self.received_at,
            "last_step": k.REGISTER,
        }
        self.round_no, self.round_start = 0, self.received_at
        self.pauses: list[Interval] = []
        self.first_round_pauses: list[Interval] = []
        self.done: dict[str, datetime] = {}
        self.confirmations: list[Confirmation] = []
        self.frozen: dict[str, datetime] = {}
        self.extended: set[str] = set()
        self.counts = {"supervisions": 0, "returns": 0}

    def apply(self, e: Event) -> None:
        at = aware(e.at)
        handler = getattr(self, f"_on_{e.step}", None)
        if handler is not None:
            handler(e, at)
        if e.step in _TIMED:
            self.done.setdefault(e.step, at)
        target = STEPS[e.step].target if e.step in STEPS else None
        if target is not None:
            self.state = target
        if e.step not in (k.BREACH, k.CASE_CLOSE):
            self.v["last_at"], self.v["last_step"] = max(self.v["last_at"], at), e.step

    # -- the steps that change more than the state -------------------------------------------

    def _on_dispatch(self, e: Event, at: datetime) -> None:
        self.v["assignee_user_id"] = e.data.get("assignee_user_id")
        self.v["assignee_person_id"] = e.data.get("assignee_person_id")
        self.v["assignee_name"] = str(e.data.get("assignee_name") or "")

    def _on_return(self, e: Event, at: datetime) -> None:
        self.counts["returns"] += 1
        for key in ("assignee_user_id", "assignee_person_id"):
            self.v[key] = None
        self.v["assignee_name"] = ""

    def _on_decide(self, e: Event, at: datetime) -> None:
        self.v["decision"] = str(e.data.get("decision") or "")

    def _on_extend(self, e: Event, at: datetime) -> None:
        self.extended.add(str(e.data.get("clock") or "finish"))

    def _on_confirm(self, e: Event, at: datetime) -> None:
        side = str(e.data.get("side") or "")
        self.confirmations.append(
            Confirmation(
                side, e.user_id, e.by, at, str(e.data.get("name") or ""), e.data.get("person_id")
            )
        )
        signed = {c.side for c in self.confirmations}
        if all(s in signed for s in k.SIGN_OFF[self.kind]):
            self.state = k.CONFIRMED
            self.done.setdefault(k.CONFIRM, at)  # confirmed_at: when the sign-off completed

    def _on_reject(self, e: Event, at: datetime) -> None:
        self.confirmations.clear()
        self.done.pop(k.CONFIRM, None)

    def _on_case(self, e: Event, at: datetime) -> None:
        """转调解: the order is handled by mediation from here on (处置 at this moment)."""
        self.v["case_id"] = e.data.get("case_id")
        self.done.setdefault(k.HANDLE, at)

    def _on_case_close(self, e: Event, at: datetime) -> None:
        self.done.setdefault(k.CLOSE, at)
        self.v["closed_by_case"] = True
        self._end_pause(at)

    def _on_void(self, e: Event, at: datetime) -> None:
        self._end_pause(at)

    def _on_pause(self, e: Event, at: datetime) -> None:
        self.pauses.append(Interval(at, None, e.note or str(e.data.get("reason") or "")))

    def _on_resume(self, e: Event, at: datetime) -> None:
        self._end_pause(at)

    def _on_supervise(self, e: Event, at: datetime) -> None:
        self.counts["supervisions"] += 1

    def _on_breach(self, e: Event, at: datetime) -> None:
        clock = str(e.data.get("clock") or "")
        due = moment(e.data.get("due")) or at
        self.frozen.setdefault(clock, due)

    def _on_rework(self, e: Event, at: datetime) -> None:
        self._end_pause(at)
        if self.round_no == 0:
            self.first_round_pauses = list(self.pauses)
        self.round_no += 1
        self.round_start = at
        self.v["rework"] = int(e.data.get("count") or self.v["rework"] + 1)
        self.v["platform_deadline"] = moment(e.data.get("platform_deadline"))
        self.pauses, self.confirmations = [], []
        self.frozen, self.extended = {}, set()
        self.v["first_response_at"] = self.v.get("first_response_at") or self.done.get(k.RESPOND)
        self.v["first_feedback_at"] = self.v.get("first_feedback_at") or self.done.get(k.FEEDBACK)
        self.done = {}
        self.v["decision"] = ""
        for key in ("assignee_user_id", "assignee_person_id"):
            self.v[key] = None
        self.v["assignee_name"] = ""

    def _end_pause(self, at: datetime) -> None:
        if self.pauses and self.pauses[-1].end is None:
            last = self.pauses[-1]
            self.pauses[-1] = Interval(last.start, max(at, aware(last.start)), last.reason)

    def facts(self) -> OrderFacts:
        first_round = self.first_round_pauses if self.round_no else self.pauses
        v = self.v
        return OrderFacts(
            kind=self.kind,
            state=self.state,
            received_at=self.received_at,
            rework=v["rework"],
            round_no=self.round_no,
            round_start=self.round_start,
            platform_deadline=v["platform_deadline"],
            pauses=tuple(self.pauses),
            first_round_pauses=tuple(first_round),
            done=dict(self.done),
            first_response_at=v.get("first_response_at") or self.done.get(k.RESPOND),
            first_feedback_at=v.get("first_feedback_at") or self.done.get(k.FEEDBACK),
            assignee_user_id=v.get("assignee_user_id"),
            assignee_person_id=v.get("assignee_person_id"),
            assignee_name=v.get("assignee_name", ""),
            reporter_person_id=v["reporter_person_id"],
            real_name=v["real_name"],
            decision=v.get("decision", ""),
            extended=frozenset(self.extended),
            confirmations=tuple(self.confirmations),
            frozen=dict(self.frozen),
            supervisions=self.counts["supervisions"],
            returns=self.counts["returns"],
            last_at=v["last_at"],
            last_step=v["last_step"],
            closed_by_case=bool(v.get("closed_by_case")),
            case_id=v.get("case_id"),
        )


def fold(kind: str, events: Iterable[Event]) -> OrderFacts:
    """The log (in ``seq`` order, starting with 登记) → what it amounts to. Pure; the log is
    trusted to have been checked step by step when it was written (``flow.check_step``)."""
    log: Sequence[Event] = sorted(events, key=lambda e: e.seq)
    if not log or log[0].step != k.REGISTER:
        raise ValueError("an order's log starts with its registration")
    state = _Fold(kind, log[0])
    for e in log[1:]:
        state.apply(e)
    return state.facts()
