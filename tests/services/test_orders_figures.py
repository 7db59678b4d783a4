"""Figures of the flow half (#14) on SQLite and PostgreSQL: the complaints' 过程满意率 (recorded
on 回访, now counted, with its printed definition, in the figures and the county report), the
工单 section's tables by grid and by 承办人, the 工单明细 detail sheet without requester data,
and ``orders figures`` by grid and specialist with 环比/同比."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain.periods import parse_period
from station_app.services.complaints import ComplaintInput
from station_app.services.orders import OrderInput
from tests.support.orders import as_, bj, build_roster, set_now


@pytest.fixture
def station(ctx):
    from station_app.services.station import StationProfileData

    ctx.services.station.save_profile(StationProfileData(name="城关市场监督管理所"))
    return build_roster(ctx)


def _visited_case(ctx, process: str, result: str, n: int):
    svc = ctx.services.complaints
    case = svc.register(
        ComplaintInput(
            channel="来访", received_on=date(2026, 5, 4), complainant_name=f"张{n}",
            complainant_phone="13812345678", complainant_address="东关街3号",
            respondent_name="某超市", respondent_address="人民路1号", claim="退货",
            facts="过期食品",
        )
    )[0]  # fmt: skip
    case = svc.refuse(case.id, date(2026, 5, 5), "1", "不属于本所职责", case.version)[0]
    note = "嫌处理慢" if "不满意" in (process, result) else ""
    return svc.return_visit(case.id, date(2026, 5, 6), "电话", process, result, note, case.version)


def test_complaint_process_satisfaction_is_counted(ctx, station, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-08 12:00")
    _visited_case(ctx, "满意", "不满意", 1)
    _visited_case(ctx, "基本满意", "满意", 2)
    _visited_case(ctx, "不满意", "不满意", 3)
    figures = ctx.services.complaints.complaint_figures("2026-05")
    rates = {r.key: r for r in figures.rates}
    process = rates["process_satisfaction"]
    assert (process.label, process.numerator, process.denominator) == ("过程满意率", 2, 3)
    assert process.value == 66.67 and "过程满意度" in process.definition
    assert rates["satisfaction"].numerator == 1  # the result satisfaction, unchanged
    assert figures.as_dict()["counts"]["visit_process_satisfied"] == 2
    report = ctx.services.reports.build(parse_period("2026-05"))
    section = next(s for s in report.sections if s.name == "投诉与调解")
    rate = next(r for r in section.rates if r.key == "complaints.process_satisfaction_rate")
    assert rate.numerator == "complaints.visit_process_satisfied"
    assert report.figure("complaints.visit_process_satisfied").value == 2


def _order(ctx, kind, received, platform_no="", **kw):
    data = OrderInput(kind=kind, received_at=bj(received), platform_no=platform_no, text="缺斤短两",
                      grid="WG01", requester_name="王诉求", requester_phone="13912345678", **kw)  # fmt: skip
    return ctx.services.orders.add(data)[0]


def test_orders_by_grid_and_specialist_and_the_detail_sheet(ctx, station, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-06 12:00")
    orders = ctx.services.orders
    clue = _order(ctx, "网格线索", "2026-05-06 09:00", reporter_person_id=station.worker_person_id)
    as_(ctx, station.specialist)
    orders.respond(clue.number, bj("2026-05-06 09:10"))
    hotline = _order(ctx, "12345", "2026-05-06 09:00", "JN2026050600123")
    figures = orders.figures(parse_period("2026-05"))
    by_grid = dict(figures.grid_figures)
    assert by_grid["WG01 城关第一网格"]["received"] == 2
    assert by_grid["WG01 城关第一网格"]["responded_24h"] == 1
    assert by_grid["WG01 城关第一网格"]["overdue_now"] == 1  # the 12345: 派单 by 11:00
    by_assignee = dict(figures.assignee_figures)
    assert by_assignee["王专员"]["received"] == 1 and by_assignee[""]["received"] == 1
    assert figures.as_json()["grid_figures"][0]["grid"] == "WG01 城关第一网格"
    assert set(figures.previous) == set(figures.rates) == set(figures.last_year)
    as_(ctx, station.reviewer)
    report = ctx.services.reports.build(parse_period("2026-05"), details=True)
    section = next(s for s in report.sections if s.name == "工单")
    tables = {t.title: t for t in section.tables}
    assert tables["工单按网格"].rows == (("WG01 城关第一网格", 2, 1, 0, 0),)
    assert ("王专员", 1, 1, 0, 0) in tables["工单按承办人"].rows
    sheet = next(t for t in report.details if t.title == "工单明细")
    assert "诉求人" not in sheet.columns and "联系电话" not in sheet.columns
    assert [r[0] for r in sheet.rows] == [clue.number, hotline.number]
    assert sheet.rows[0][1] == "网格线索" and sheet.rows[0][6] == "WG01"
    assert "王诉求" not in repr(sheet.rows) and "13912345678" not in repr(sheet.rows)
