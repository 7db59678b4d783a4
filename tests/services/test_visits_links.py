"""The visits area wired to its neighbours, on SQLite and PostgreSQL: a violation raised from
a patrol record or hazard (migration 0063's links, the blanks filled, the wrong entity and a
second raise refused with nothing written); a visit's unresolved request raised as a work
order (its own step, and ``--raise-order`` inside the visit's unit of work, all or nothing);
the 行政指导书 print (numbered, text and fonts, audited)."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from station_app.data.models import Person, Violation, Visit, VisitRequest, WorkOrder
from station_app.domain import outreach as o
from station_app.domain.patrols.hazards import Finding
from station_app.domain.patrols.records import RecordDraft
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.violations import ViolationInput
from station_app.services.visits import RequestDraft, VisitInput
from tests.services.visits_helpers import at, setup_station


@pytest.fixture
def st(ctx):
    return setup_station(ctx)


def count(ctx, model) -> int:
    with ctx.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def person_id(ctx, name: str) -> int:
    with ctx.db.session() as s:
        return s.scalar(select(Person.id).where(Person.name == name))


def patrol_with_hazard(ctx, entity_id: int):
    finding = Finding("食品安全", "从业人员未持有效健康证明上岗", deadline=date(2026, 11, 25))
    draft = RecordDraft(
        entity_id, at("2026-11-18 10:00"), inspectors=(person_id(ctx, "王专员"),),
        findings=(finding,),
    )  # fmt: skip
    return ctx.services.patrols.record(draft, assume_yes=True)[0]


# -- violations from patrols ------------------------------------------------------------------


def test_violation_raised_from_a_hazard_fills_the_blanks_and_links_both(ctx, st):
    record = patrol_with_hazard(ctx, st["a"])
    hz = record.hazards[0]
    svc = ctx.services.violations
    draft = svc.from_hazard(hz.id, "F-HEALTH-CERT")
    assert (draft.entity_id, draft.found_on, draft.hazard_id) == (
        st["a"],
        date(2026, 11, 18),
        hz.id,
    )
    v, changes = svc.add(draft)
    assert (v.patrol_id, v.hazard_id, v.source) == (record.id, hz.id, "patrol")
    assert v.source_label == "巡查发现" and v.reference == f"巡查记录 {record.id} 隐患 {hz.id}"
    assert v.facts == "从业人员未持有效健康证明上岗"
    assert (v.ordered_on, v.deadline) == (date(2026, 11, 18), date(2026, 11, 25))
    assert changes.touches("violation")
    created = ctx.services.audit.history("violation", v.id)[0]
    assert created.changes["hazard_id"][1] == hz.id
    assert created.changes["patrol_id"][1] == record.id


def test_violation_from_a_patrol_record_only(ctx, st):
    record = patrol_with_hazard(ctx, st["a"])
    v, _ = ctx.services.violations.add(
        ViolationInput(st["a"], "P-NO-PRICE-TAG", date(2026, 11, 18), patrol_id=record.id)
    )
    assert (v.patrol_id, v.hazard_id, v.reference) == (record.id, None, f"巡查记录 {record.id}")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"entity": "b"}, "属于另一户经营主体"),
        ({"found_on": date(2026, 11, 17)}, "早于巡查记录"),
        ({"patrol": 999}, "不是巡查记录 999"),
    ],
)
def test_bad_patrol_links_are_refused_and_nothing_is_written(ctx, st, change, message):
    record = patrol_with_hazard(ctx, st["a"])
    hz = record.hazards[0]
    data = ViolationInput(
        st[change.get("entity", "a")], "F-HEALTH-CERT", change.get("found_on", date(2026, 11, 18)),
        hazard_id=hz.id, patrol_id=change.get("patrol"),
    )  # fmt: skip
    with pytest.raises(ValidationError, match=message):
        ctx.services.violations.add(data)
    assert count(ctx, Violation) == 0


def test_a_hazard_is_raised_once(ctx, st):
    hz = patrol_with_hazard(ctx, st["a"]).hazards[0]
    svc = ctx.services.violations
    first, _ = svc.add(svc.from_hazard(hz.id, "F-HEALTH-CERT"))
    with pytest.raises(ValidationError, match=f"已登记为违法行为（编号 {first.id}）"):
        svc.add(svc.from_hazard(hz.id, "F-HEALTH-CERT"))
    assert count(ctx, Violation) == 1
    svc.void(first.id, first.version, "登记错误，重新登记")
    again, _ = svc.add(svc.from_hazard(hz.id, "F-HEALTH-CERT"))  # a voided one frees the hazard
    assert again.hazard_id == hz.id


# -- requests raise work orders ---------------------------------------------------------------


def _visit(ctx, entity_id, *requests):
    data = VisitInput(at("2026-11-19 09:30"), "城关第一服务队", ("compliance",), entity_id,
                      requests=requests)  # fmt: skip
    return data


def test_a_pending_request_raises_a_grid_clue_shown_on_the_visit(ctx, st):
    svc = ctx.services.visits
    visit, _ = svc.record_visit(_visit(ctx, st["a"], RequestDraft("门前占道经营需协调", "pending")))
    req = visit.requests[0]
    number, changes = svc.raise_order(req.id, req.version)
    assert changes.touches("visit_request") and changes.touches("work_order")
    order = ctx.services.orders.show(number)
    assert order.kind == "网格线索" and order.entity_id == st["a"] and order.grid_id == st["grid"]
    assert "门前占道经营需协调" in order.text and f"走访 {visit.id}" in order.text
    assert order.channel == "网格员上报"  # the team's first member is the specialist
    shown = svc.visit(visit.id).requests[0]
    assert shown.order_number == number and shown.outcome == "referred"
    assert number in shown.handler
    audit = ctx.services.audit.history("visit_request", req.id)[0]
    assert audit.changes["order_number"] == [None, number]
    with pytest.raises(ValidationError, match=f"已转为工单 {number}"):
        svc.raise_order(req.id, shown.version)
    assert count(ctx, WorkOrder) == 1


def test_a_solved_request_raises_nothing(ctx, st):
    svc = ctx.services.visits
    visit, _ = svc.record_visit(_visit(ctx, st["a"], RequestDraft("咨询年报流程", "solved")))
    req = visit.requests[0]
    with pytest.raises(ValidationError, match="已解决，无须转为工单"):
        svc.raise_order(req.id, req.version)
    assert count(ctx, WorkOrder) == 0


def test_raise_order_on_recording_is_one_unit_of_work(ctx, st):
    svc = ctx.services.visits
    requests = (
        RequestDraft("申请个转企指导", "referred", handler="县局登记注册科"),
        RequestDraft("询问年报", "solved"),
    )
    visit, _ = svc.record_visit(_visit(ctx, st["a"], *requests), raise_orders=True)
    numbers = [r.order_number for r in visit.requests]
    assert numbers[0] and not numbers[1] and count(ctx, WorkOrder) == 1
    # a place visit without a grid: the clue cannot be raised, and the visit is not kept
    place = VisitInput(at("2026-11-19 11:00"), "城关第一服务队", ("policy",), None,
                       place="人民广场", requests=requests)  # fmt: skip
    with pytest.raises(ValidationError, match="网格"):
        svc.record_visit(place, raise_orders=True)
    assert count(ctx, Visit) == 1 and count(ctx, WorkOrder) == 1
    assert count(ctx, VisitRequest) == 2


def test_raise_order_needs_the_orders_permission(ctx, st):
    from station_app.domain.auth import READONLY, Actor

    visit, _ = ctx.services.visits.record_visit(
        _visit(ctx, st["a"], RequestDraft("门前占道", "pending"))
    )
    ctx.auth.sign_in(Actor(None, "viewer", READONLY))
    with pytest.raises(PermissionDeniedError):
        ctx.services.visits.raise_order(visit.requests[0].id, visit.requests[0].version)


# -- 行政指导书 -------------------------------------------------------------------------------


def test_guidance_print_is_numbered_audited_and_embeds_its_fonts(ctx, st, tmp_path):
    svc = ctx.services.violations
    draft = o.GuidanceDraft(
        st["a"], date(2026, 11, 20), "价格标签未标明产地、规格",
        ("规范明码标价，一货一签", "建立价格公示台账"), "《明码标价和禁止价格欺诈规定》",
        date(2026, 12, 10),
    )  # fmt: skip
    g1, _ = svc.add_guidance(draft)
    g2, _ = svc.add_guidance(draft)
    assert g1.number.endswith("指〔2026〕1号") and g2.number.endswith("指〔2026〕2号")
    out = tmp_path / "指导书.pdf"
    changes = svc.print_guidance(g2.id, out)
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    flat = text.replace("\n", "")
    for part in ("行政指导书", g2.number, "城关镇张三记小吃店", "91370923MA3C5XY21R",
                 "1. 规范明码标价，一货一签", "2. 建立价格公示台账", "2026年12月10日前",
                 "不属于行政处罚", "当事人联", "存档联", "当事人（签收）"):  # fmt: skip
        assert part in flat, part
    assert "张三" not in flat.replace("张三记", "")  # the legal representative is not printed
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "Helvetica" not in fonts and "Noto" in fonts
    assert changes is not None
    printed = ctx.services.audit.history("guidance", g2.id)[0]
    assert printed.reason == "打印行政指导书"
