"""DTOs of the work-order area (frozen, no ORM object leaves a Session) and how an order's
row and log become an :class:`OrderView`. The reporter of a 举报 is never in a view: the view
says 举报人信息保密 (FACTS §2.8); only the 举报登记表 and the notice to the reporter name them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from station_app.domain.masking import mask_phone
from station_app.domain.orders import clocks as ck
from station_app.domain.orders import escalation as esc
from station_app.domain.orders import kinds as k
from station_app.domain.orders import machine
from station_app.domain.orders.clocks import ClockState
from station_app.domain.orders.log import Event, OrderFacts
from station_app.domain.orders.timing import fmt_left, fmt_time, iso

KIND = "work_order"
CONFIDENTIAL = "举报人信息保密"


@dataclass(frozen=True)
class OrderInput:
    """登记: what the form or ``orders add`` gives. ``entity`` is a USCC or an id; ``grid``
    a grid code (or ``grid_id``). Moments are aware."""

    kind: str
    received_at: datetime
    text: str = ""
    entity: str = ""
    grid: str = ""
    grid_id: int | None = None
    platform_no: str = ""
    rework: int = 0
    category: str = ""
    channel: str = ""
    subject_name: str = ""
    subject_address: str = ""
    requester_name: str = ""
    requester_phone: str = ""
    real_name: bool = False
    reporter_person_id: int | None = None
    platform_deadline: datetime | None = None


@dataclass(frozen=True)
class ClockView:
    clock: str
    label: str
    due: datetime
    done_at: datetime | None
    status: str
    status_label: str
    left_text: str
    explain: str
    frozen: bool


@dataclass(frozen=True)
class EventView:
    seq: int
    step: str
    label: str
    at: datetime
    by: str
    note: str
    detail: str
    by_name: str = ""  # the person's name (``by`` stays the login name: --json, prints)


@dataclass(frozen=True)
class SupervisionView:
    id: int
    doc_number: str
    level: str
    station_side: str
    community_side: str
    note: str
    at: datetime
    by: str


@dataclass(frozen=True)
class OrderView:
    """An order as a screen, the CLI or a print shows it."""

    id: int
    version: int
    number: str
    kind: str
    state: str
    channel: str
    category: str
    platform_no: str
    subject: str
    subject_address: str
    entity_id: int | None
    grid_id: int | None
    grid: str
    text: str
    requester: str  # masked, or 举报人信息保密
    received_at: datetime
    timestamps: dict[str, datetime | None]
    paused: bool
    pause_reason: str
    overdue: bool
    late: bool
    rework: int
    lead_level: int
    lead: str
    assignee: str
    department: str
    decision: str
    confirmations: tuple[tuple[str, str, str, datetime], ...]  # side label, user, name, at
    missing_sides: tuple[str, ...]
    clocks: tuple[ClockView, ...]
    timeline: tuple[EventView, ...]
    possible: tuple[str, ...]
    supervisions: tuple[SupervisionView, ...] = ()
    now: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    case_id: int | None = None  # 转调解: the complaint case handling the order
    case_number: str = ""
    case_status: str = ""
    patrol_records: tuple[int, ...] = ()  # 到场 at a registry entity: the patrol records

    def as_json(self) -> dict[str, Any]:
        """The ``orders show --json`` object (issue #14's keys first, then more)."""
        return {
            "number": self.number,
            "kind": self.kind,
            "state": self.state,
            "received_at": iso(self.received_at),
            "deadlines": {c.clock: iso(c.due) for c in self.clocks},
            "overdue": self.overdue,
            "paused": self.paused,
            "rework": self.rework,
            "lead_level": self.lead_level,
            "confirmations": [c[1] for c in self.confirmations],
            "platform_no": self.platform_no,
            "category": self.category,
            "subject": self.subject,
            "grid": self.grid,
            "assignee": self.assignee,
            "lead": self.lead,
            "timestamps": {key: iso(v) for key, v in self.timestamps.items()},
            "clocks": [
                {
                    "clock": c.clock,
                    "label": c.label,
                    "due": iso(c.due),
                    "done_at": iso(c.done_at),
                    "status": c.status,
                    "frozen": c.frozen,
                    "explain": c.explain,
                }
                for c in self.clocks
            ],
            "timeline": [
                {"seq": e.seq, "step": e.step, "at": iso(e.at), "by": e.by, "note": e.note}
                for e in self.timeline
            ],
            "supervisions": [
                {"number": s.doc_number, "station": s.station_side, "community": s.community_side}
                for s in self.supervisions
            ],
            "case": (
                {"number": self.case_number, "status": self.case_status} if self.case_id else None
            ),
            "patrol_records": list(self.patrol_records),
        }


def clock_view(c: ClockState, now: datetime) -> ClockView:
    if c.done_at is not None:
        left = f"{ck.STATUS_LABELS[c.status]}（{fmt_time(c.done_at)}）"
    elif c.status == ck.PAUSED:
        left = "挂起中，暂停计时"
    else:
        left = fmt_left(c.due, now)
    return ClockView(
        c.clock, c.label, c.due, c.done_at, c.status, ck.STATUS_LABELS[c.status], left,
        c.explain(), c.frozen,
    )  # fmt: skip


_DETAIL_KEYS = {
    "assignee_name": "承办人",
    "way": "方式",
    "department": "移送部门",
    "decision": "决定",
    "side": "确认身份",
    "count": "重办次数",
    "clock": "时限",
    "process": "过程满意度",
    "result": "结果满意度",
    "reason": "原因",
    "doc_number": "文号",
    "case_number": "投诉编号",
    "record_id": "巡查记录",
    "record_result": "检查结果",
}


def event_view(e: Event, names: dict[str, str] | None = None) -> EventView:
    parts = []
    for key, label in _DETAIL_KEYS.items():
        value = e.data.get(key)
        if value in (None, ""):
            continue
        if key == "side":
            value = k.SIDE_LABELS.get(str(value), value)
        if key == "clock":
            from station_app.domain.orders.limits import CLOCK_LABELS

            value = CLOCK_LABELS.get(str(value), value)
        parts.append(f"{label}：{value}")
    by = "系统" if e.by in ("", "system") else e.by
    label = k.EVENT_LABELS.get(e.step, e.step)
    shown = "系统" if by == "系统" else (names or {}).get(e.by, by)
    return EventView(e.seq, e.step, label, e.at, by, e.note, "；".join(parts), shown)


def requester_text(kind: str, name: str, phone: str) -> str:
    if kind in k.CONFIDENTIAL_KINDS:
        return CONFIDENTIAL if (name or phone) else "匿名"
    if not (name or phone):
        return ""
    return f"{name} {mask_phone(phone)}".strip()


def possible_steps(facts: OrderFacts) -> tuple[str, ...]:
    steps = machine.possible(facts.state, facts.kind, facts.paused)
    if facts.case_id is not None:  # one mediation case per order
        steps = tuple(s for s in steps if s != k.LINK_CASE)
    return steps


def lead_of(level: int, who: str = "") -> str:
    return esc.lead_text(level, who)
