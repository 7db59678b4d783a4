"""Demo step for work orders (工单, #14): a year of orders up to now — ~1,600 grid clues,
~300 hotline and 企业直通车 orders (some sent back 1–3 times), ~40 reports, 12315 complaints
and consultations — each with a realistic log (dispatch, response, handling, feedback, both
confirmations, close, 回访), most on time, some late, the latest still open, a few paused.
Scaled down with the demo's entity count (a test demo of 300 entities: ~60 orders).
Written in one unit of work with one summary audit row (like the complaint demo); the cached
columns come from the same domain rules as a real step. Uses ``run.rng`` only."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from station_app.clock import now as clock_now
from station_app.data import audit
from station_app.data.models import Grid, WorkOrder
from station_app.data.repo import orders as repo
from station_app.domain.auth import SYSTEM
from station_app.domain.orders import clocks as ck
from station_app.domain.orders import kinds as k
from station_app.domain.orders.log import Event, fold
from station_app.domain.orders.timing import iso
from station_app.domain.roster_rules import GRID_WORKER
from station_app.services.calendar import work_calendar
from station_app.services.orders.core import Loaded, limit_table, write_cache

if TYPE_CHECKING:
    from station_app.demo.run import DemoRun

COUNTS = {k.CLUE: 1600, k.HOTLINE: 260, k.DIRECT: 40, k.REPORT: 40, k.COMPLAINT: 60, k.CONSULT: 60}
CLUE_TEXTS = ("路边无证烧烤摊", "店内有过期食品", "疑似向老人推销保健品", "液化气罐放在厨房门口",
              "未亮照经营", "电梯检验合格证过期", "价格标签与结算价不符", "小作坊卫生条件差")  # fmt: skip
HOTLINE_TEXTS = ("超市缺斤短两", "培训机构拒不退费", "餐馆使用过期食材", "商家不开发票",
                 "预付卡商家关门", "网购商品质量问题")  # fmt: skip
PAUSE_REASONS = ("等待检测结果", "当事人无法联系")
HANDLER, REVIEWER = "lihm", "sunli"


def orders_step(run: DemoRun) -> None:
    rng = run.rng
    now = clock_now().replace(second=0, microsecond=0)
    with run.db.uow() as s:
        grids = [g.id for g in s.query(Grid).order_by(Grid.id)]
        if not grids:
            return
        table, cal = limit_table(s), work_calendar(s)
        made = 0
        # a small demo (tests: a few hundred entities) gets proportionally fewer orders
        scale = max(0.03, min(1.0, run.options.entities / 12_000))
        plans = [
            (kind, _received(rng, now))
            for kind, n in COUNTS.items()
            for _ in range(max(2, round(n * scale)))
        ]
        plans.sort(key=lambda p: p[1])
        numbers: dict[int, int] = {}
        cache: dict = {}
        written: list[tuple[WorkOrder, list[Event]]] = []
        shops = _shops_by_grid(s)
        with s.no_autoflush:  # one flush of the orders, one executemany of their logs
            for kind, received in plans:
                grid_id = rng.choice(grids)
                people = _people(s, grid_id, received.date(), cache)
                events = _log(rng, kind, received, now, people)
                numbers[received.year] = numbers.get(received.year, 0) + 1
                n = numbers[received.year]
                row, log = _write(s, kind, received, n, grid_id, events, table, cal, now, rng)
                _subject(row, shops.get(grid_id, ()), n)
                written.append((row, log))
                made += 1
        s.flush()
        event_rows = [
            {"order_id": row.id, "seq": e.seq, "step": e.step, "at": e.at, "username": e.by,
             "data": _json(e.data), "note": e.note, "recorded_at": now}
            for row, log in written
            for e in log
        ]  # fmt: skip
        repo.insert_events(s, event_rows)
        for year, last in numbers.items():
            repo.set_counter(s, "工单", year, last)
        audit.append(
            s,
            SYSTEM,
            [audit.AuditEntry(audit.CREATE, "work_order", "demo", {"rows": made}, "生成演示数据")],
        )
    run.counts["work_orders"] = made


def _shops_by_grid(s) -> dict[int, list[int]]:
    """Up to 40 entities per grid: the object an order is about (the list's 对象)."""
    from station_app.data.models import Entity

    out: dict[int, list[int]] = {}
    for eid, gid in s.query(Entity.id, Entity.grid_id).order_by(Entity.id):
        if gid is not None and len(out.setdefault(gid, [])) < 40:
            out[gid].append(eid)
    return out


def _subject(row: WorkOrder, shops: list[int], n: int) -> None:
    """Most orders name a registered entity of their grid; one in five names only a place (an
    unlicensed stall has no entity). Picked from the order's number: ``run.rng`` is untouched,
    so the steps after this one build what they built before."""
    if shops and n % 5:
        row.entity_id = shops[(n * 7919) % len(shops)]
    else:
        row.subject_name, row.subject_address = "无名流动摊点", "城关镇人民路与解放路路口"


def _people(s, grid_id: int, day: date, cache: dict) -> dict[str, Any]:
    """Who covers the grid that month (cached per run: another demo is another roster)."""
    key = (grid_id, day.replace(day=1))
    if key not in cache:
        spec = repo.covering(s, grid_id, day)
        workers = repo.covering(s, grid_id, day, GRID_WORKER)
        cache[key] = {
            "specialist": (spec[0].id, spec[0].name) if spec else None,
            "worker": (workers[0].id, workers[0].name) if workers else None,
        }
    return cache[key]


def _received(rng: random.Random, now: datetime) -> datetime:
    days = int(rng.triangular(0, 365, 20))
    hour = rng.choice((7, 8, 9, 9, 10, 10, 11, 14, 15, 15, 16, 17, 19, 21, 23))
    moment = (now - timedelta(days=days)).replace(hour=hour, minute=rng.randrange(60))
    return min(moment, now - timedelta(minutes=rng.randrange(5, 600)))


class _Log:
    def __init__(self, received: datetime, now: datetime) -> None:
        self.events: list[Event] = []
        self.at, self.now = received, now
        self.limit = 10**6  # steps taken at most (a stalled order stops early)

    def add(self, step: str, minutes: float, by: str, data: dict | None = None, note="") -> bool:
        at = self.at + timedelta(minutes=max(1.0, minutes))
        if at > self.now or len(self.events) >= self.limit:
            return False
        self.at = at
        self.events.append(Event(step, at, by, None, data or {}, len(self.events) + 1, note))
        return True


def _log(rng, kind: str, received: datetime, now: datetime, people) -> list[Event]:
    log = _Log(received, now)
    data: dict[str, Any] = {"rework": 0, "real_name": kind == k.REPORT and rng.random() < 0.6}
    if kind == k.CLUE and people["worker"]:
        data["reporter_person_id"] = people["worker"][0]
    log.events.append(Event(k.REGISTER, received, HANDLER, None, data, 1))
    if now - received < timedelta(days=12) and rng.random() < 0.35:
        log.limit = 1 + rng.randrange(6)  # still open: stalled at some step, some overdue
    _round(rng, log, kind, people, data["real_name"])
    if kind in k.REWORK_KINDS and log.events[-1].step in (k.CLOSE, k.VISIT) and rng.random() < 0.15:
        count = 1 + int(rng.random() * 3)
        for n in range(1, count + 1):
            if not log.add(k.REWORK, rng.uniform(2, 8) * 1440, "system", {"count": n}):
                break
            _round(rng, log, kind, people, False)
            if log.events[-1].step not in (k.CLOSE, k.VISIT):
                break
    return log.events


def _round(rng, log: _Log, kind: str, people, real_name: bool) -> None:
    late = rng.random() < 0.06
    spec = people["specialist"]
    assignee = {
        "assignee_person_id": spec[0] if spec else None,
        "assignee_name": spec[1] if spec else "李红梅",
    }
    dispatch_after = 0 if kind == k.CLUE else rng.uniform(10, 100) * (3 if late else 1)
    if not log.add(k.DISPATCH, dispatch_after, HANDLER if kind != k.CLUE else "system", assignee):
        return
    respond_after = rng.uniform(3, 28) if kind == k.CLUE else rng.uniform(30, 900)
    if not log.add(k.RESPOND, respond_after * (3 if late else 1), HANDLER):
        return
    paused = rng.random() < 0.03 and log.add(k.PAUSE, 60, HANDLER, note=rng.choice(PAUSE_REASONS))
    if paused and (rng.random() < 0.5 or not log.add(k.RESUME, rng.uniform(120, 2000), HANDLER)):
        return
    if kind == k.REPORT:
        decision = rng.choice(k.DECISIONS)
        note = "现有证据不足以证明存在违法行为" if decision == k.NO_CASE else ""
        if not log.add(k.DECIDE, rng.uniform(5, 18) * 1440, HANDLER, {"decision": decision}, note):
            return
        if real_name and not log.add(k.NOTIFY, rng.uniform(1, 3) * 1440, HANDLER):
            return
    way = k.WAY_RECTIFY if kind == k.CLUE else rng.choice((*k.HANDLING_WAYS[:2], k.WAY_ANSWER))
    if not log.add(k.HANDLE, rng.uniform(30, 400), HANDLER, {"way": way}, note="已按要求处置"):
        return
    if not log.add(
        k.FEEDBACK, rng.uniform(20, 600) * (4 if late else 1), HANDLER, note="已处置并反馈"
    ):
        return
    sides = k.SIGN_OFF[kind]
    for side in sides:
        who = {k.REPORTER_SIDE: "网格员", k.HANDLER_SIDE: HANDLER, k.REVIEWER_SIDE: REVIEWER}[side]
        if not log.add(k.CONFIRM, rng.uniform(10, 300), who, {"side": side, "name": who}):
            return
    if not log.add(k.CLOSE, rng.uniform(10, 200), REVIEWER):
        return
    if rng.random() < 0.7:
        sat = rng.choices(k.SATISFACTION, weights=(85, 10, 5))[0]
        log.add(k.VISIT, rng.uniform(1, 3) * 1440, REVIEWER,
                {"process": sat, "result": sat, "reasonable": rng.random() < 0.9, "way": "电话"})  # fmt: skip


def _write(s, kind, received, n, grid_id, events, table, cal, now, rng):
    year = received.year
    text = rng.choice(CLUE_TEXTS if kind == k.CLUE else HOTLINE_TEXTS)
    platform = None
    if kind in k.PLATFORM_KINDS:
        prefix = {k.HOTLINE: "JN", k.DIRECT: "QY"}.get(kind, "1370102")
        platform = f"{prefix}{received:%Y%m%d}{n:05d}"
    visit = next((e for e in events if e.step == k.VISIT), None)
    row = WorkOrder(
        number=k.order_number(year, n), kind=kind, channel=k.DEFAULT_CHANNEL[kind],
        category=rng.choice(k.CATEGORIES[:6]), platform_no=platform, grid_id=grid_id,
        text=text, received_at=received, real_name=bool(events[0].data.get("real_name")),
        reporter_person_id=events[0].data.get("reporter_person_id"),
        requester_name="" if kind == k.CLUE else "演示诉求人",
        requester_phone="" if kind == k.CLUE else f"138{rng.randrange(10**8):08d}",
        process_satisfaction=visit.data["process"] if visit else "",
        result_satisfaction=visit.data["result"] if visit else "",
        reasonable=visit.data["reasonable"] if visit else None,
    )  # fmt: skip
    s.add(row)
    o = Loaded(row, list(events), fold(kind, events), table, cal)
    for clock, due in ck.to_freeze(o.clocks(now)):
        o.log.append(
            Event(k.BREACH, due, "system", None, {"clock": clock, "due": iso(due)}, len(o.log) + 1)
        )
    o.refold()
    write_cache(o, now)
    return row, o.log


def _json(data) -> str:
    import json

    return json.dumps(dict(data), ensure_ascii=False, sort_keys=True)
