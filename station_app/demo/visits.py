"""Demo step of the visits area, at the seeds' orders of magnitude for one station (issue
#20): ~20 社区干部 on the roster, 12 service teams, ≈1,500 visits over the last year with
≈800 requests (≈85 % solved), annual reports of the last two years (≈88 % filed, 5 % late,
the rest not filed), ≈120 violations with ≈40 leniency decisions beside penalties and a few
transfers, interviews, guidance, outreach (6 live streams ≈50,000 views, theme days, 安全进社区)
and 12 consumer warnings. Everything but the annual reports goes through the services
(audited); the annual reports are bulk-written like an imported list. ``run.rng`` only."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from station_app.data.repo import visits as repo
from station_app.demo.sweeps import _actor
from station_app.domain import outreach as o
from station_app.domain.periods import SHANGHAI
from station_app.domain.violations import rules as vr
from station_app.domain.violations.decisions import DecisionDraft
from station_app.domain.visits import annual_reports as ar
from station_app.domain.visits.rules import RequestDraft
from station_app.errors import ValidationError
from station_app.services.auth import Auth, UserService, system_auth
from station_app.services.outreach import OutreachService
from station_app.services.roster import PersonData, RosterService
from station_app.services.violations import ViolationInput, ViolationsService
from station_app.services.visits import TeamDraft, VisitInput, VisitsService

if TYPE_CHECKING:
    from station_app.demo.run import DemoRun

CADRES = [
    "张秀兰",
    "刘桂英",
    "陈建军",
    "杨丽",
    "黄志强",
    "赵红",
    "周海燕",
    "吴国庆",
    "徐丽娟",
    "孙建华",
    "马玉梅",
    "朱小军",
    "胡凤英",
    "郭明",
    "何淑珍",
    "高伟",
    "林秀芳",
    "罗永刚",
    "郑桂芝",
    "梁晓东",
]
TEAM_NAMES = (*(f"城关第{c}服务队" for c in "一二三四五六七八九十"), "城关第十一服务队",
              "城关第十二服务队")  # fmt: skip
TOPIC_WEIGHTS = {"annual_report": 30, "compliance": 25, "policy": 20, "credit_repair": 8,
                 "to_company": 6, "licence_delivery": 6, "other": 5}  # fmt: skip
REQUESTS = {
    "annual_report": ("不会在网上填报年报", "年报填错了想更正", "咨询年报公示内容"),
    "credit_repair": ("申请移出经营异常名录", "咨询信用修复所需材料"),
    "compliance": ("咨询食品经营许可延续", "咨询明码标价要求", "询问健康证办理"),
    "to_company": ("咨询个体户转为公司的流程", "个转企后许可证怎么变更"),
    "licence_delivery": ("营业执照变更后领取", "申请送照上门"),
    "policy": ("咨询减税降费政策", "咨询小微企业扶持政策"),
    "other": ("反映门前占道经营", "咨询商标注册"),
}
REFERRALS = ("县局登记注册科", "县局信用监管科", "县税务局城关分局", "城关镇政府")
WARNINGS = (
    ("关于预付式消费的消费警示", "prepaid", ""), ("春节期间节令食品消费警示", "seasonal_food", "春节"),
    ("家用电梯安全使用消费警示", "home_lift", ""), ("警惕老年人保健品虚假宣传", "elderly_health", ""),
    ("中秋月饼消费提示", "seasonal_food", "中秋"), ("健身美容预付卡风险提示", "prepaid", ""),
    ("元宵节食品安全消费提示", "seasonal_food", "元宵"), ("暑期培训预付费消费警示", "prepaid", "暑期"),
    ("冬季取暖器具消费提示", "other", "冬季"), ("端午粽子消费提示", "seasonal_food", "端午"),
    ("防范“免费体检”保健品骗局", "elderly_health", ""), ("国庆出游消费提示", "other", "国庆"),
)  # fmt: skip
WARNING_TEXT = ("近期，本所接到多起相关消费投诉。市场监管部门提醒广大消费者：理性消费，"
                "选择证照齐全、信誉良好的经营者，索取并保存好发票、合同等消费凭证。\n"
                "如遇消费纠纷，可先与经营者协商，协商不成的，可拨打 12315 投诉举报。")  # fmt: skip


def visits_step(run: DemoRun) -> None:
    users = UserService(run.db, system_auth())
    officer = _actor(users, "lihm")
    visits = VisitsService(run.db, Auth(officer))
    counts = {"service_teams": _teams(run, visits)}
    today = datetime.now(SHANGHAI).date()
    with run.db.session() as s:
        entities = repo.demo_entities(s, 100_000)
    counts.update(_visits(run, visits, entities, today))
    counts["annual_reports"] = _annual(run, entities, today)
    head = Auth(_actor(users, "wangjg"))
    counts.update(_violations(run, ViolationsService(run.db, head), entities, today))
    counts.update(_outreach(run, OutreachService(run.db, head), today))
    run.counts.update(counts)


def _teams(run: DemoRun, visits: VisitsService) -> int:
    roster = RosterService(run.db, system_auth())
    for name in CADRES:
        roster.save_person(PersonData(name, ("cadre",), organisation="城关镇社区居委会"))
    with run.db.session() as s:
        people = repo.demo_people(s)
    by_role = {r: [n for _i, n, roles in people if r in roles.split()]
               for r in ("specialist", "volunteer", "cadre")}  # fmt: skip
    n = 0
    for k in range(12):
        members = [by_role[r][k % len(by_role[r])] for r in ("specialist", "cadre")
                   if by_role[r]]  # fmt: skip
        vols = by_role["volunteer"]
        members += (
            [vols[(2 * k + j) % len(vols)] for j in range(run.rng.randint(1, 2))] if vols else []
        )
        try:
            visits.save_team(TeamDraft(TEAM_NAMES[k], tuple(dict.fromkeys(members))))
            n += 1
        except ValidationError:  # a roster too small for a team: fewer teams
            continue
    return n


def _visits(run, visits: VisitsService, entities, today: date) -> dict[str, int]:
    rng, teams = run.rng, [t.name for t in visits.teams()]
    codes, weights = list(TOPIC_WEIGHTS), list(TOPIC_WEIGHTS.values())
    made = requests = 0
    for _ in range(_scaled(1500, entities)):
        eid, _g, registered, _u = rng.choice(entities)
        day = today - timedelta(days=rng.randint(1, 364))
        if registered and day < registered:
            continue
        at = datetime.combine(day, time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))), SHANGHAI)
        topics = tuple({rng.choices(codes, weights)[0] for _ in range(rng.randint(1, 2))})
        reqs = tuple(_request(rng, topics, at) for _ in range(_n_requests(rng)))
        team = rng.choice(teams) if teams else ""
        try:
            visits.record_visit(VisitInput(at, team, topics, eid, requests=reqs))
        except ValidationError:
            continue
        made, requests = made + 1, requests + len(reqs)
    return {"visits": made, "visit_requests": requests}


def _scaled(full: int, entities) -> int:
    """The seeds' figure for the default 12,000-entity demo, in proportion for a smaller one
    (tests build 400), at least a tenth of it."""
    return max(full // 10, full * min(len(entities), 12_000) // 12_000)


def _n_requests(rng) -> int:
    roll = rng.random()
    return 0 if roll < 0.6 else (1 if roll < 0.88 else 2)


def _request(rng, topics, at: datetime) -> RequestDraft:
    topic = topics[0]
    text = rng.choice(REQUESTS[topic])
    roll = rng.random()
    if roll < 0.70:
        return RequestDraft(text, "solved", topic=topic)
    if roll < 0.85:
        return RequestDraft(text, "solved", outcome_at=at + timedelta(hours=rng.randint(2, 40)),
                            topic=topic)  # fmt: skip
    if roll < 0.93:
        return RequestDraft(text, "referred", rng.choice(REFERRALS), topic=topic)
    return RequestDraft(text, "pending", due_on=at.date() + timedelta(days=7), topic=topic)


def _annual(run, entities, today: date) -> int:
    rows, last = [], ar.due_year(today)
    for year in (last - 1, last):
        for eid, _g, registered, _u in entities:
            if not ar.must_file(registered, year):
                continue
            roll = run.rng.random()
            if roll < 0.88:
                status, on = ar.FILED, date(year + 1, run.rng.randint(1, 6), run.rng.randint(1, 28))
            elif roll < 0.93 and date(year + 1, 7, 15) <= today:
                status, on = ar.LATE, date(year + 1, 7, run.rng.randint(1, 15))
            else:
                status, on = ar.NOT_FILED, None
            if on is not None and on > today:
                status, on = ar.NOT_FILED, None
            rows.append({"entity_id": eid, "year": year, "status": status, "filed_on": on,
                         "source": "import:信用公示系统年报情况.xlsx", "note": "", "version": 1,
                         "created_at": datetime.now(UTC), "updated_at": datetime.now(UTC)})  # fmt: skip
    with run.db.uow() as s:
        repo.insert_annual_reports(s, rows)
    return len(rows)


LENIENT_TYPES = ("F-HEALTH-CERT", "F-LABEL-FLAW", "F-SAFETY-MGMT", "F-AGRI-STD", "F-EXPIRED")
OTHER_TYPES = ("P-NO-PRICE-TAG", "R-LICENCE-DISPLAY", "Q-INFERIOR", "A-FALSE-AD", "C-PREPAID")
SOURCES = ("patrol", "patrol", "clue", "complaint", "visit")


def _violations(run, svc: ViolationsService, entities, today: date) -> dict[str, int]:
    rng = run.rng
    found_n = decided = lenient = 0
    for k in range(_scaled(120, entities)):
        eid, _g, registered, _u = rng.choice(entities)
        found = today - timedelta(days=rng.randint(20, 360))
        if registered and found < registered:
            continue
        light = k % 3 == 0
        type_ = rng.choice(LENIENT_TYPES if light else OTHER_TYPES)
        deadline = found + timedelta(days=7)
        done = found + timedelta(days=rng.randint(1, 6)) if rng.random() < 0.85 else None
        v, _ = svc.add(ViolationInput(eid, type_, found, rng.choice(SOURCES), harm="minor"
                                      if light else "serious", deadline=deadline,
                                      rectified_on=done))  # fmt: skip
        found_n += 1
        decided_on = min(today, found + timedelta(days=rng.randint(8, 20)))
        draft = _decision(rng, svc.leniency(v.id).eligible, light, decided_on)
        if draft is None:
            continue
        try:
            svc.decide(v.id, v.version, draft)
        except ValidationError:
            continue
        decided += 1
        lenient += draft.decision in vr.LENIENT_KINDS
    return {"violations": found_n, "violation_decisions": decided, "lenient_decisions": lenient}


def _decision(rng, eligible: bool, light: bool, on: date) -> DecisionDraft | None:
    roll = rng.random()
    if eligible:
        return DecisionDraft(vr.NO_PENALTY, on)
    if roll < 0.1:
        return None  # not decided yet
    if light or roll < 0.35:
        kind = rng.choice((vr.MITIGATED, vr.LIGHTER))
        return DecisionDraft(kind, on, fine_fen=rng.choice((50000, 100000, 200000)),
                             reason="主动消除违法行为危害后果")  # fmt: skip
    if roll < 0.4:
        return DecisionDraft(vr.TRANSFER, on, transfer_to=rng.choice(vr.TRANSFER_TARGETS[:2]))
    return DecisionDraft(vr.PENALTY, on, fine_fen=rng.choice((200000, 500000, 1000000, 3000000)))


def _outreach(run, svc: OutreachService, today: date) -> dict[str, int]:
    rng, events = run.rng, 0
    for k in range(6):
        day = today - timedelta(days=30 + 55 * k)
        svc.add_event(o.EventDraft("live", f"“以案说法”直播普法第{k + 1}期", day,
                                   views=rng.randint(6000, 11000), organiser="城关市场监管所"))  # fmt: skip
        events += 1
    for title, kind, days in (("3·15 国际消费者权益日宣传", "theme_day", 260),
                              ("食品安全宣传周", "theme_day", 190), ("安全进社区·东关社区", "community", 120),
                              ("安全进社区·西关社区", "community", 75), ("个转企政策宣讲会", "lecture", 40)):  # fmt: skip
        svc.add_event(o.EventDraft(kind, title, today - timedelta(days=days),
                                   participants=rng.randint(40, 200), materials=rng.randint(200, 600),
                                   reached=rng.randint(300, 1500)))  # fmt: skip
        events += 1
    published = 0
    for k, (title, topic, season) in enumerate(WARNINGS):
        w, _ = svc.add_warning(
            o.WarningDraft(title, WARNING_TEXT, topic, season, ("wechat", "screen"))
        )
        if k < 10:
            _publish(svc, w, today - timedelta(days=20 + 30 * k))
            published += 1
    return {"outreach_events": events, "consumer_warnings": len(WARNINGS), "published": published}


def _publish(svc: OutreachService, w, on: date) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        svc.publish_warning(w.id, w.version, Path(tmp) / "w.pdf", on)
