"""Work orders (#14), the flow half, on SQLite and PostgreSQL: 转调解 (a complaint order opens a
mediation case or is linked to one, and closes with it in the case's own unit of work), an
order whose case is open cannot be closed, a walk-in 咨询 turned complaint, 到场 at a registry
entity recording a patrol record, and bad input refused with nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from station_app.data.models import Complaint, PatrolRecord
from station_app.domain.auth import HEAD, Actor
from station_app.errors import ValidationError
from station_app.services.entities import EntityData
from station_app.services.orders import MediationInput, OrderInput
from tests.support.orders import as_, bj, build_roster, set_now

PLATFORM_NO = "13701022026050600031"


@pytest.fixture
def roster(ctx):
    return build_roster(ctx)


def complaint_order(ctx, received="2026-05-06 09:00", platform_no=PLATFORM_NO, **kw):
    data = OrderInput(
        kind="12315投诉", received_at=bj(received), platform_no=platform_no,
        text="购买的电饭煲三天即损坏，商家拒绝退货", subject_name="城关镇好运家电店",
        subject_address="东平县人民路8号", requester_name="张投诉", requester_phone="13812345678",
        **kw,
    )  # fmt: skip
    view = ctx.services.orders.add(data)[0]
    orders = ctx.services.orders
    orders.dispatch(view.number, bj("2026-05-06 09:30"), to="wang", reason="承办")
    return orders.respond(view.number, bj("2026-05-06 10:00"))[0]


def cases(ctx) -> int:
    with ctx.db.session() as s:
        return s.execute(select(func.count()).select_from(Complaint)).scalar_one()


def test_mediate_opens_a_case_and_the_order_closes_with_it(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-06 12:00")
    orders = ctx.services.orders
    view = complaint_order(ctx)
    linked = orders.mediate(view.number, MediationInput("东平县东关街3号"), bj("2026-05-06 10:30"))[
        0
    ]
    assert linked.case_number.startswith("TS2026-") and linked.case_status == "待受理"
    assert linked.as_json()["case"] == {"number": linked.case_number, "status": "待受理"}
    assert (
        linked.timeline[-1].label == "转调解" and linked.case_number in linked.timeline[-1].detail
    )
    assert linked.timestamps["handled_at"] == bj("2026-05-06 10:30")
    case = ctx.services.complaints.get(linked.case_id)
    assert (case.channel, case.platform_no) == ("12315", PLATFORM_NO)
    assert case.complainant_name == "张投诉" and case.respondent_name == "城关镇好运家电店"
    assert case.claim == "其他" and "电饭煲" in case.facts
    # closing the order by hand while its case is open: refused, nothing written
    before = orders.show(view.number)
    with pytest.raises(ValidationError, match=r"已转调解（投诉 TS2026-\d+，待受理）.*不能单独办结"):
        orders.close(view.number, bj("2026-05-06 11:00"))
    after = orders.show(view.number)
    assert (after.version, len(after.timeline)) == (before.version, len(before.timeline))
    # the complaint workflow ends the case; the order closes in the same unit of work
    complaints = ctx.services.complaints
    c = complaints.refuse(case.id, date(2026, 5, 6), "1", "不属于本所职责", case.version)[0]
    assert orders.show(view.number).state == "处置中"  # 不予受理 is not yet 办结
    c = complaints.close(c.id, date(2026, 5, 6), c.version)[0]
    done = orders.show(view.number)
    assert done.state == "已办结" and done.timeline[-1].label == "随调解案件办结"
    assert done.timeline[-1].at == bj("2026-05-06 12:00")
    assert done.timestamps["closed_at"] == bj("2026-05-06 12:00")
    history = ctx.services.audit.history("work_order", view.id)
    assert history[0].reason.startswith("随调解案件办结")
    with pytest.raises(ValidationError, match="已办结"):
        orders.close(view.number, bj("2026-05-06 12:00"))


def test_a_case_closed_on_an_earlier_day_closes_the_order_that_evening(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-06 12:00")
    orders = ctx.services.orders
    view = complaint_order(ctx)
    linked = orders.mediate(view.number, MediationInput("东平县东关街3号"), bj("2026-05-06 10:30"))[
        0
    ]
    complaints = ctx.services.complaints
    case = complaints.get(linked.case_id)
    case = complaints.refuse(case.id, date(2026, 5, 6), "1", "不属于本所职责", case.version)[0]
    set_now(ctx, monkeypatch, "2026-05-08 09:00")
    complaints.close(case.id, date(2026, 5, 7), case.version)
    done = orders.show(view.number)
    assert done.state == "已办结" and done.timeline[-1].at == bj("2026-05-07 17:30")


def test_mediate_without_an_address_writes_nothing(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-06 12:00")
    orders = ctx.services.orders
    view = complaint_order(ctx)
    with pytest.raises(ValidationError, match="请填写投诉人通讯地址") as err:
        orders.mediate(view.number, MediationInput(""), bj("2026-05-06 10:30"))
    assert err.value.field == "complainant_address"
    after = orders.show(view.number)
    assert (after.version, len(after.timeline), after.case_id) == (
        view.version, len(view.timeline), None,
    )  # fmt: skip
    assert cases(ctx) == 0
    with pytest.raises(ValidationError, match="请用“转调解”"):
        orders.handle(view.number, "调解", "电话调解", bj("2026-05-06 10:40"))


def test_link_an_existing_case_and_refuse_a_second_link(ctx, roster, monkeypatch):
    from station_app.services.complaints import ComplaintInput

    set_now(ctx, monkeypatch, "2026-05-06 12:00")
    orders, complaints = ctx.services.orders, ctx.services.complaints
    case = complaints.register(
        ComplaintInput(
            channel="来访", received_on=date(2026, 5, 6), complainant_name="张投诉",
            complainant_phone="13812345678", complainant_address="东平县东关街3号",
            respondent_name="城关镇好运家电店", respondent_address="东平县人民路8号",
            claim="退货", facts="电饭煲三天即损坏",
        )
    )[0]  # fmt: skip
    view = complaint_order(ctx)
    with pytest.raises(ValidationError, match="未找到投诉“TS2026-0999”"):
        orders.link_case(view.number, "TS2026-0999", bj("2026-05-06 10:20"))
    linked = orders.link_case(view.number, case.number, bj("2026-05-06 10:30"))[0]
    assert linked.case_id == case.id and linked.state == "处置中"
    with pytest.raises(ValidationError, match="已转调解"):
        orders.link_case(view.number, case.number, bj("2026-05-06 10:40"))
    other = complaint_order(ctx, "2026-05-06 09:10", "13701022026050600032")
    with pytest.raises(ValidationError, match=f"已关联工单 {view.number}"):
        orders.link_case(other.number, case.number, bj("2026-05-06 10:40"))
    assert orders.show(other.number).case_id is None


def test_a_walk_in_consultation_turned_complaint(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-08 12:00")
    orders = ctx.services.orders
    data = OrderInput(kind="咨询", received_at=bj("2026-05-06 09:00"), text="咨询退货，后要求投诉",
                      requester_name="王来访", requester_phone="13912345678",
                      subject_name="某超市", subject_address="东平县人民路9号")  # fmt: skip
    view = orders.add(data)[0]
    orders.dispatch(view.number, bj("2026-05-06 09:05"), to="wang", reason="值班")
    orders.respond(view.number, bj("2026-05-06 09:10"))
    data = MediationInput("东平县西关街5号", claim="退货")
    linked = orders.mediate(view.number, data, bj("2026-05-07 10:00"))[0]
    case = ctx.services.complaints.get(linked.case_id)
    # a complaint from the day it was made; the consultation's 3 working days met by the case
    assert (case.channel, case.received_on, case.platform_no) == ("来访", date(2026, 5, 7), None)
    finish = next(c for c in linked.clocks if c.clock == "finish")
    assert finish.status == "met" and finish.done_at == bj("2026-05-07 10:00")


def test_onsite_at_a_registry_entity_records_a_patrol_check(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-06 12:00")
    entity = ctx.services.entities.save(
        EntityData(name="城关镇好运家电店", address="东平县人民路8号", grid_id=roster.grid_id)
    )[0]
    orders = ctx.services.orders
    data = OrderInput(
        kind="网格线索",
        received_at=bj("2026-05-06 09:00"),
        text="店门口占道",
        entity=str(entity.data.id),
        reporter_person_id=roster.worker_person_id,
    )
    view = orders.add(data)[0]
    as_(ctx, roster.specialist)
    orders.respond(view.number, bj("2026-05-06 09:10"))
    with pytest.raises(ValidationError, match="只能登记“未发现问题”或“闭门未遇”"):
        orders.onsite(view.number, bj("2026-05-06 09:40"), result="发现问题")
    assert len(orders.show(view.number).timeline) == len(view.timeline) + 1
    there = orders.onsite(view.number, bj("2026-05-06 09:40"), note="现场查看")[0]
    assert len(there.patrol_records) == 1
    assert "巡查记录" in there.timeline[-1].detail
    record = ctx.services.patrols.get(there.patrol_records[0])
    assert (record.source, record.reference, record.entity_id) == (
        "order", view.number, entity.data.id,
    )  # fmt: skip
    assert record.result == "clear" and record.inspectors == ("王专员",)
    history = ctx.services.audit.history("patrol_record", record.id)
    assert history and history[0].action == "create"
    # 闭门未遇 is recorded too (not a completed visit)
    closed = orders.onsite(view.number, bj("2026-05-06 10:40"), result="闭门未遇")[0]
    assert len(closed.patrol_records) == 2
    assert ctx.services.patrols.get(closed.patrol_records[1]).result == "closed"
    with ctx.db.session() as s:
        n = s.execute(select(func.count()).select_from(PatrolRecord)).scalar_one()
    assert n == 2


def test_report_check_extended_once_by_the_head_then_decided_and_told(ctx, roster, monkeypatch):
    from station_app.errors import PermissionDeniedError

    set_now(ctx, monkeypatch, "2026-05-20 10:00")
    orders = ctx.services.orders
    data = OrderInput(
        kind="12315举报", received_at=bj("2026-04-30 09:00"), platform_no="13701022026043000032",
        text="某超市销售过期食品", subject_name="某超市", requester_name="张举报",
        requester_phone="13812345678", real_name=True,
    )  # fmt: skip
    number = orders.add(data)[0].number
    orders.dispatch(number, bj("2026-04-30 09:30"), to="wang", reason="承办")
    orders.respond(number, bj("2026-04-30 10:00"))
    as_(ctx, roster.specialist)  # an officer may not approve the extension
    with pytest.raises(PermissionDeniedError):
        orders.extend(number, "案情复杂", bj("2026-05-20 09:00"))
    ctx.auth.sign_in(Actor(None, "boss", HEAD, "孙所长"))
    with pytest.raises(ValidationError, match="延期须填写原因"):
        orders.extend(number, " ", bj("2026-05-20 09:00"))
    extended = orders.extend(number, "案情复杂需进一步调查取证", bj("2026-05-20 09:00"))[0]
    check = next(c for c in extended.clocks if c.clock == "finish")
    assert check.due.date() == date(2026, 6, 15) and "已批准延长 15 个工作日" in check.explain
    with pytest.raises(ValidationError, match="已延期一次"):
        orders.extend(number, "再次延期", bj("2026-05-20 09:30"))
    as_(ctx, roster.specialist)
    set_now(ctx, monkeypatch, "2026-06-10 12:00")
    decided = orders.decide(number, "立案", "", bj("2026-06-10 10:00"))
    assert decided[0].clocks[-1].clock == "notice"
    orders.feedback(number, "已立案调查", bj("2026-06-10 11:00"))
    orders.confirm(number, bj("2026-06-10 11:10"))
    as_(ctx, roster.reviewer)
    orders.confirm(number, bj("2026-06-10 11:20"))
    set_now(ctx, monkeypatch, "2026-06-12 10:00")
    with pytest.raises(ValidationError, match="实名举报须先告知举报人"):
        orders.close(number, bj("2026-06-12 09:00"))
    orders.notify(number, bj("2026-06-12 09:10"))
    done = orders.close(number, bj("2026-06-12 09:20"))[0]
    assert done.state == "已办结" and not done.late
    assert [c.status for c in done.clocks if c.clock in ("finish", "notice")] == ["met", "met"]


def test_a_late_extension_is_refused(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-27 10:00")
    orders = ctx.services.orders
    data = OrderInput(kind="12315举报", received_at=bj("2026-04-30 09:00"),
                      platform_no="13701022026043000033", text="无证经营")  # fmt: skip
    number = orders.add(data)[0].number
    with pytest.raises(ValidationError, match="延期须在核查期限届满前批准"):
        orders.extend(number, "案情复杂", bj("2026-05-27 09:00"))
