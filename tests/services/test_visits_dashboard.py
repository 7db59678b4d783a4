"""The home tiles of the visits area on SQLite and PostgreSQL: 待办诉求 (those past their
promised day called out), 本月走访, 执法待跟进 (violations past their deadline unrectified and
undecided, interviews whose follow-up has come), each naming the list behind it."""

from __future__ import annotations

from datetime import date

from station_app.domain import outreach as o
from station_app.services.violations import DecisionDraft, ViolationInput
from station_app.services.visits import RequestDraft, VisitInput
from tests.services.visits_helpers import TODAY, at, setup_station


def tiles(ctx) -> dict:
    return {t.key: t for t in ctx.services.dashboard.build(TODAY).tiles}


def test_visit_and_enforcement_tiles(ctx):
    st = setup_station(ctx)
    t = tiles(ctx)
    assert t["visits.requests"].value == 0 and t["violations.followups"].value == 0
    requests = (
        RequestDraft("申请信用修复", "pending", due_on=date(2026, 11, 15)),  # past its day
        RequestDraft("咨询个转企", "pending", due_on=date(2026, 11, 30)),
        RequestDraft("营业执照变更", "referred", handler="县局登记注册科"),
        RequestDraft("年报", "solved"),
    )
    ctx.services.visits.record_visit(VisitInput(at("2026-11-10 10:00"), "城关第一服务队",
                                                ("policy",), st["a"], requests=requests))  # fmt: skip
    ctx.services.visits.record_visit(VisitInput(at("2026-10-10 10:00"), "王专员", ("policy",),
                                                st["a"]))  # fmt: skip
    svc = ctx.services.violations
    svc.add(ViolationInput(st["a"], "P-NO-PRICE-TAG", date(2026, 11, 2),
                           deadline=date(2026, 11, 9)))  # late, unrectified  # fmt: skip
    svc.add(ViolationInput(st["a"], "P-NO-PRICE-TAG", date(2026, 11, 18),
                           deadline=date(2026, 11, 25)))  # not yet due  # fmt: skip
    done = svc.add(ViolationInput(st["a"], "F-HEALTH-CERT", date(2026, 11, 1),
                                  deadline=date(2026, 11, 5)))[0]  # fmt: skip
    svc.decide(done.id, done.version, DecisionDraft("penalty", date(2026, 11, 10), fine_fen=500))
    svc.add_interview(o.InterviewDraft(st["a"], at("2026-11-01 09:00"), "预付卡经营风险",
                                       (o.Interviewee("张三", "店长"),), ("王专员",),
                                       follow_up_on=date(2026, 11, 15)))  # fmt: skip
    t = tiles(ctx)
    req = t["visits.requests"]
    assert (req.value, req.level, req.page, dict(req.criteria)) == (
        3, "warn", "visits", {"tab": "requests"})  # fmt: skip
    assert req.note == "其中 1 件已过承诺日期"
    assert t["visits.month"].value == 1  # October's visit is not this month's
    follow = t["violations.followups"]
    assert follow.value == 2 and follow.note == "逾期未改正 1 起，约谈回访 1 次"
    assert follow.page == "violations" and dict(follow.criteria) == {"decision": "none"}
