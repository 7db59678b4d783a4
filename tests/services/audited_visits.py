"""The visits area's scenarios for ``test_every_change_audited`` (走访, 年报, 违法行为, 约谈,
行政指导, 普法宣传, 消费警示): each change writes an audit row and returns ``Changes``."""

from __future__ import annotations

from datetime import date, datetime

from station_app.domain import outreach as o
from station_app.domain.periods import SHANGHAI
from station_app.services.roster import PersonData
from station_app.services.violations import DecisionDraft, ViolationInput
from station_app.services.visits import RequestDraft, RequestUpdate, TeamDraft, VisitInput
from tests.services.test_every_change_audited import READS, access, change

READS.update(
    {
        "visits": {
            "annual_rows", "entity_section", "figures", "grid_id", "photo", "request",
            "request_rows", "resolve_entity", "rows", "team", "teams", "visit",
        },
        "violations": {
            "entity_section", "figures", "from_hazard", "guidance", "interviews", "leniency",
            "listings_of", "rows", "today", "types", "violation",
        },
        "outreach": {"event", "events", "figures", "warning", "warnings"},
    }
)  # fmt: skip
AT = datetime(2026, 10, 15, 10, 0, tzinfo=SHANGHAI)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _visit(w, requests=()):
    w.s.roster.save_person(PersonData("王专员", ("specialist",)))
    eid = w.entity()
    return w.s.visits.record_visit(VisitInput(AT, "王专员", ("policy",), eid, requests=requests))[0]


def _violation(w, type_="P-NO-PRICE-TAG"):
    return w.s.violations.add(ViolationInput(w.entity(), type_, date(2026, 10, 12)))[0]


@change("visits", "save_team")
def _(w):
    w.s.roster.save_person(PersonData("王专员", ("specialist",)))
    return lambda: w.s.visits.save_team(TeamDraft("城关第一服务队", ("王专员",)))


@change("visits", "record_visit")
def _(w):
    w.s.roster.save_person(PersonData("王专员", ("specialist",)))
    eid = w.entity()
    return lambda: w.s.visits.record_visit(VisitInput(AT, "王专员", ("policy",), eid))


@change("visits", "void_visit")
def _(w):
    v = _visit(w)
    return lambda: w.s.visits.void_visit(v.id, v.version, "重复登记的走访")


@change("visits", "add_photo")
def _(w):
    v = _visit(w)
    return lambda: w.s.visits.add_photo(v.id, "现场.png", PNG)


@change("visits", "update_request")
def _(w):
    r = _visit(w, (RequestDraft("申请信用修复", "pending"),)).requests[0]
    return lambda: w.s.visits.update_request(r.id, r.version, RequestUpdate("solved", "王专员"))


@change("visits", "raise_order")
def _(w):
    r = _visit(w, (RequestDraft("门前占道经营需协调", "pending"),)).requests[0]
    return lambda: w.s.visits.raise_order(r.id, r.version)


@change("visits", "set_annual_report")
def _(w):
    eid = w.entity()
    return lambda: w.s.visits.set_annual_report(eid, 2025, "未报送")


@change("visits", "import_annual_reports")
def _(w):
    from tests.services.test_every_change_audited import USCC_SHOP

    w.entity(uscc=USCC_SHOP)
    path = w.workbook([["统一社会信用代码", "年报年度", "年报状态"], [USCC_SHOP, 2025, "未年报"]],
                      "年报.xlsx")  # fmt: skip
    return lambda: w.s.visits.import_annual_reports(path)


@change("violations", "add")
def _(w):
    eid = w.entity()
    return lambda: w.s.violations.add(ViolationInput(eid, "P-NO-PRICE-TAG", date(2026, 10, 12)))


@change("violations", "rectified")
def _(w):
    v = _violation(w)
    return lambda: w.s.violations.rectified(v.id, v.version, date(2026, 10, 13))


@change("violations", "void")
def _(w):
    v = _violation(w)
    return lambda: w.s.violations.void(v.id, v.version, "登记错误，重新登记")


@change("violations", "decide")
def _(w):
    v = _violation(w)
    draft = DecisionDraft("penalty", date(2026, 10, 14), fine_fen=50000)
    return lambda: w.s.violations.decide(v.id, v.version, draft)


@change("violations", "add_interview")
def _(w):
    eid = w.entity()
    draft = o.InterviewDraft(
        eid, AT, "预付卡经营风险", (o.Interviewee("张三", "店长"),), ("王专员",)
    )
    return lambda: w.s.violations.add_interview(draft)


@change("violations", "add_guidance")
def _(w):
    eid = w.entity()
    draft = o.GuidanceDraft(eid, date(2026, 10, 14), "健康证过期", ("立即安排体检",))
    return lambda: w.s.violations.add_guidance(draft)


@change("outreach", "add_event")
def _(w):
    draft = o.EventDraft("live", "3·15 消费维权直播", date(2026, 10, 1), views=12000)
    return lambda: w.s.outreach.add_event(draft)


@change("outreach", "add_warning")
def _(w):
    draft = o.WarningDraft("关于预付式消费的消费警示", "预付式消费存在商家跑路风险，请理性办卡。" * 2,
                           "prepaid", channels=("wechat",))  # fmt: skip
    return lambda: w.s.outreach.add_warning(draft)


@change("outreach", "publish_warning")
def _(w):
    draft = o.WarningDraft("关于预付式消费的消费警示", "预付式消费存在商家跑路风险，请理性办卡。" * 2,
                           "prepaid", channels=("wechat",))  # fmt: skip
    view, _ = w.s.outreach.add_warning(draft)
    return lambda: w.s.outreach.publish_warning(view.id, view.version, w.tmp / "警示.pdf")


@access("violations", "print_no_penalty")
def _(w):
    v = _violation(w, "F-HEALTH-CERT")
    v, _ = w.s.violations.rectified(v.id, v.version, date(2026, 10, 12))
    reason = "当事人已当场改正，情节轻微，经集体讨论决定不予处罚"
    draft = DecisionDraft("no_penalty", date(2026, 10, 14), override_reason=reason)
    v, _ = w.s.violations.decide(v.id, v.version, draft)
    return lambda: w.s.violations.print_no_penalty(v.id, w.tmp / "不罚.pdf")


@access("violations", "print_guidance")
def _(w):
    eid = w.entity()
    draft = o.GuidanceDraft(eid, date(2026, 10, 14), "健康证过期", ("立即安排体检",))
    g, _ = w.s.violations.add_guidance(draft)
    return lambda: w.s.violations.print_guidance(g.id, w.tmp / "指导书.pdf")


@change("violations", "save_type")
def _(w):
    from station_app.domain.violations.types import ViolationType
    from station_app.services.violations import TypeDraft

    return lambda: w.s.violations.save_type(
        TypeDraft(ViolationType("L-SIGN", "未公示执照", "登记注册"))
    )


def _listing(**kw):
    from station_app.domain.violations.types import Listing

    return Listing("R-BEYOND-SCOPE", "minor", "鲁市监规〔2026〕3号", "轻微违法行为不予处罚清单", 7,
                   date(2026, 6, 1), **kw)  # fmt: skip


@change("violations", "add_listing")
def _(w):
    return lambda: w.s.violations.add_listing(_listing())


@change("violations", "end_listing")
def _(w):
    view, _ = w.s.violations.add_listing(_listing())
    return lambda: w.s.violations.end_listing(
        view.id, view.version, date(2026, 8, 31), "被新清单替代"
    )
