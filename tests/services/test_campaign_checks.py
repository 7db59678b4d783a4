"""专项检查 and 回头看 on SQLite and PostgreSQL: a check is a patrol record (#15) written in
the campaign's transaction, its hazards are the campaign's problems, 回头看 are scheduled in
the same unit of work (the hazard's re-check; a sample of passed shops) and block the close
until done or waived; the board reads the hazards. Bad input: a Chinese message, nothing
written."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from station_app.data.models import (
    AuditLog,
    CampaignCheck,
    CampaignRevisit,
    CampaignTarget,
    Hazard,
    PatrolRecord,
)
from station_app.domain import roster_rules as rr
from station_app.domain.auth import OFFICER, Actor
from station_app.domain.campaign_targets import TargetFilter
from station_app.domain.patrols.hazards import ON_SPOT, Finding
from station_app.domain.patrols.records import RecordDraft
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.campaigns import CampaignDraft
from station_app.services.entities import EntityData
from station_app.services.patrols import RecheckDraft
from station_app.services.roster import GridData, PersonData

DAY = date(2026, 9, 15)  # a Tuesday; checks are entered for the day before


def at(day: date, hm: str = "09:30") -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()} {hm}")


def count(ctx, model, *where) -> int:
    with ctx.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)))


@pytest.fixture
def station(ctx):
    """Grid GZ01 (specialists 张建华, 赵磊) with five shops; GZ02 with one."""
    ctx.clock.set_day(date(2026, 8, 1))
    roster = ctx.services.roster
    g1, _ = roster.save_grid(GridData("GZ01", "东关社区网格", ("东关社区",)))
    g2, _ = roster.save_grid(GridData("GZ02", "西关社区网格", ("西关社区",)))
    people = []
    for name in ("张建华", "赵磊"):
        person, _ = roster.save_person(PersonData(name, (rr.SPECIALIST,)))
        roster.assign(g1.id, person.id, rr.SPECIALIST, date(2026, 1, 1))
        people.append(person.id)
    shops = []
    for n, grid in enumerate((g1, g1, g1, g1, g1, g2), 1):
        data = EntityData(name=f"东关商户{n}", address=f"东关路{n:02d}号", grid_id=grid.id)
        shops.append(ctx.services.entities.save(data)[0].data.id)
    ctx.clock.set_day(DAY)
    return {"people": tuple(people), "shops": shops}


def campaign(ctx, ratio="0", delay=30):
    draft = CampaignDraft(
        name="餐饮安心专项行动",
        first_day=date(2026, 9, 1),
        last_day=date(2026, 10, 31),
        target_filter=TargetFilter(grids=("GZ01",)),
        departments=("公安",),
        sample_ratio=ratio,
        sample_delay_days=delay,
    )
    return ctx.services.campaigns.add(draft)[0]


def visit(entity_id, day=DAY - timedelta(days=1), findings=(), people=(), hm="09:30", **kw):
    return RecordDraft(entity_id, at(day, hm), findings=findings, inspectors=people, **kw)


def test_a_check_is_a_patrol_record_and_its_hazard_a_revisit_blocking_the_close(ctx, station):
    svc = ctx.services.campaigns
    view = campaign(ctx)
    shop = station["shops"][0]
    deadline = date(2026, 9, 26)  # a Saturday: the re-check falls on the next working day
    finding = Finding("食品安全", "冷藏柜温度超标", deadline=deadline)
    check, changes = svc.record_check(
        view.id, visit(shop, findings=(finding,), people=station["people"]), ("公安",),
        assume_yes=True,
    )  # fmt: skip
    assert changes.touches("patrol_record") and changes.touches("campaign_revisit")
    record = check.record
    assert (record.kind, record.source, record.reference) == ("check", "campaign", view.number)
    assert check.target_state == "problem" and check.target_state_label == "问题商户·整改中"
    (revisit,) = check.revisits
    assert revisit.kind == "problem" and revisit.state == "open"
    assert revisit.due_on == date(2026, 9, 28) and revisit.due_on == record.hazards[0].recheck_due
    with ctx.db.session() as s:
        link = s.get(CampaignCheck, record.id)
        assert link.kind == "check" and link.campaign_id == view.id
        target = s.get(CampaignTarget, link.target_id)
        assert target.checked_on == DAY - timedelta(days=1) and target.record_id == record.id
        kinds = {a.kind for a in s.scalars(select(AuditLog).where(AuditLog.kind.like("campaign%")))}
    assert {"campaign_check", "campaign_revisit"} <= kinds
    board = svc.progress(view.id).total
    assert (board.targets, board.checked, board.problems, board.rectified) == (5, 1, 1, 0)
    assert (board.revisits, board.revisits_due, board.revisits_done) == (1, 0, 0)

    with pytest.raises(ValidationError) as err:
        svc.close(view.id, svc.get(view.id).version)
    assert "还有 1 个回头看未完成：东关商户1（2026-09-28）" in str(err.value)
    assert svc.get(view.id).state == "open"

    ctx.clock.set_day(date(2026, 9, 29))
    assert svc.progress(view.id).total.revisits_overdue == 1
    done, _ = svc.record_revisit(revisit.id, RecheckDraft(0, at(date(2026, 9, 29)), passed=True))
    assert done.record.kind == "recheck" and done.target_state == "rectified"
    assert svc.revisit(revisit.id).state == "done"
    assert svc.revisit(revisit.id).done_on == date(2026, 9, 29)
    board = svc.progress(view.id).total
    assert (board.rectified, board.revisits_done, board.revisits_overdue) == (1, 1, 0)
    assert board.rate_text("revisit_rate") == "100.0%"
    closed, _ = svc.close(view.id, svc.get(view.id).version, "按期完成")
    assert closed.state == "closed"


def test_a_failed_recheck_moves_the_revisit_and_a_transfer_ends_it(ctx, station):
    svc = ctx.services.campaigns
    view = campaign(ctx)
    finding = Finding("消防安全", deadline=date(2026, 9, 18))
    check, _ = svc.record_check(view.id, visit(station["shops"][1], findings=(finding,)),
                                assume_yes=True)  # fmt: skip
    (revisit,) = check.revisits
    ctx.clock.set_day(date(2026, 9, 21))
    svc.record_revisit(
        revisit.id,
        RecheckDraft(0, at(date(2026, 9, 18)), passed=False, new_deadline=date(2026, 10, 9)),
    )
    moved = svc.revisit(revisit.id)
    assert moved.state == "open" and moved.due_on == date(2026, 10, 9)
    ctx.clock.set_day(date(2026, 10, 12))
    svc.record_revisit(revisit.id, RecheckDraft(0, at(date(2026, 10, 9)), passed=False,
                                                transfer=True))  # fmt: skip
    assert svc.revisit(revisit.id).state == "done"
    board = svc.progress(view.id).total
    assert (board.problems, board.rectified, board.transferred) == (1, 0, 1)


def test_a_passed_shop_in_the_sample_owes_a_revisit_after_its_check(ctx, station):
    svc = ctx.services.campaigns
    view = campaign(ctx, ratio="1", delay=30)  # every passed shop sampled
    shop = station["shops"][2]
    fixed = Finding("价格", mode=ON_SPOT)
    check, _ = svc.record_check(view.id, visit(shop, findings=(fixed,)), assume_yes=True)
    assert check.target_state == "rectified"
    (revisit,) = check.revisits
    assert revisit.kind == "sample" and revisit.due_on == date(2026, 10, 14)  # after 国庆
    records = count(ctx, PatrolRecord)
    early = visit(shop, day=DAY - timedelta(days=1), hm="08:00")
    with pytest.raises(ValidationError, match="回头看须在检查之后"):
        svc.record_revisit(revisit.id, early, assume_yes=True)
    with pytest.raises(ValidationError, match="抽样回头看是一次现场检查"):
        svc.record_revisit(revisit.id, RecheckDraft(0, at(DAY), passed=True))
    assert count(ctx, PatrolRecord) == records and svc.revisit(revisit.id).state == "open"
    ctx.clock.set_day(date(2026, 10, 15))
    done, _ = svc.record_revisit(revisit.id, visit(shop, day=date(2026, 10, 14)), assume_yes=True)
    assert done.record.reference == f"{view.number}·回头看" and done.revisits == ()
    assert svc.revisit(revisit.id).state == "done"
    assert svc.close(view.id, svc.get(view.id).version)[0].state == "closed"


def test_waiving_needs_a_reason_and_the_head(ctx, station):
    svc = ctx.services.campaigns
    view = campaign(ctx)
    finding = Finding("其他", deadline=date(2026, 9, 30))
    check, _ = svc.record_check(view.id, visit(station["shops"][3], findings=(finding,)),
                                assume_yes=True)  # fmt: skip
    (revisit,) = check.revisits
    audit = count(ctx, AuditLog)
    for reason in ("", "  ", "注销"):
        with pytest.raises(ValidationError, match="免于回头看须写明原因"):
            svc.waive_revisit(revisit.id, revisit.version, reason)
    ctx.auth.sign_in(Actor(None, "o", OFFICER, "专员"))
    with pytest.raises(PermissionDeniedError):
        svc.waive_revisit(revisit.id, revisit.version, "商户已注销关闭")
    assert count(ctx, AuditLog) == audit and svc.revisit(revisit.id).state == "open"
    ctx.auth.sign_in(Actor(None, "admin", "admin", "管理员"))
    waived, changes = svc.waive_revisit(revisit.id, revisit.version, "商户已注销关闭")
    assert waived.state == "waived" and waived.waived_reason == "商户已注销关闭"
    assert changes.touches("campaign_revisit")
    with pytest.raises(ValidationError, match="已免于回头看"):
        svc.waive_revisit(revisit.id, waived.version, "再免一次试试")
    board = svc.progress(view.id).total
    assert board.revisits == 0 and board.problems == 1
    assert svc.close(view.id, svc.get(view.id).version)[0].state == "closed"


def test_bad_checks_write_nothing(ctx, station):
    svc = ctx.services.campaigns
    view = campaign(ctx)
    shops = station["shops"]
    svc.record_check(view.id, visit(shops[0]), assume_yes=True)
    before = (count(ctx, PatrolRecord), count(ctx, CampaignCheck), count(ctx, CampaignTarget),
              count(ctx, AuditLog), count(ctx, Hazard), count(ctx, CampaignRevisit))  # fmt: skip
    cases = [
        (visit(shops[1], day=date(2026, 8, 31)), {}, "早于专项行动开始日期"),
        (visit(shops[5]), {}, "不是“餐饮安心专项行动”的检查对象"),
        (visit(shops[0]), {}, "再次检查请登记回头看"),
        (visit(shops[1], people=station["people"][:1]), {}, "须有两名执法人员"),
        (visit(shops[1]), {"departments": ("外星局",)}, "不在部门名录中"),
    ]
    for draft, kw, words in cases:
        with pytest.raises(ValidationError) as err:
            svc.record_check(view.id, draft, assume_yes=True, **kw)
        assert words in str(err.value), str(err.value)
    after = (count(ctx, PatrolRecord), count(ctx, CampaignCheck), count(ctx, CampaignTarget),
             count(ctx, AuditLog), count(ctx, Hazard), count(ctx, CampaignRevisit))  # fmt: skip
    assert after == before


def test_a_shop_found_during_the_campaign_is_added_with_its_reason(ctx, station):
    svc = ctx.services.campaigns
    view = campaign(ctx)
    check, _ = svc.record_check(
        view.id, visit(station["shops"][5], people=station["people"]),
        add_reason="行动中发现的无证小吃", assume_yes=True,
    )  # fmt: skip
    assert check.target_state == "checked"
    with ctx.db.session() as s:
        target = s.get(CampaignTarget, check.target_id)
        assert (target.origin, target.added_reason) == ("added", "行动中发现的无证小吃")
    assert svc.progress(view.id).total.targets == 6


def test_a_closed_door_check_leaves_the_target_unchecked(ctx, station):
    svc = ctx.services.campaigns
    view = campaign(ctx, ratio="1")
    check, _ = svc.record_check(view.id, visit(station["shops"][4], result="closed"))
    assert check.target_state == "pending" and check.revisits == ()
    again, _ = svc.record_check(view.id, visit(station["shops"][4], day=DAY), assume_yes=True)
    assert again.target_state == "checked" and len(again.revisits) == 1
    assert svc.progress(view.id).total.checked == 1


def test_the_summary_pdf_and_workbook(ctx, station, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    svc = ctx.services.campaigns
    view = campaign(ctx)
    shops = station["shops"]
    finding = Finding("食品安全", "冷藏柜温度超标", deadline=date(2026, 9, 30))
    svc.record_check(view.id, visit(shops[0], findings=(finding,)), ("公安",), assume_yes=True)
    svc.record_check(view.id, visit(shops[1], findings=(Finding("价格", mode=ON_SPOT),)),
                     assume_yes=True)  # fmt: skip
    svc.record_check(view.id, visit(shops[2]), assume_yes=True)
    with pytest.raises(ValidationError, match=r"\.pdf 或 \.xlsx"):
        svc.print_summary(view.id, tmp_path / "汇总.doc")
    pdf, changes = svc.print_summary(view.id, tmp_path / "汇总.pdf")
    assert not changes.touches("campaign")  # an export changes nothing
    pages = PdfReader(pdf).pages
    text = "".join(p.extract_text() for p in pages)
    for words in ("专项行动工作汇总表", view.number, "问题商户（共 2 户）", "东关商户1", "食品安全",
                  "待整改", "当场整改", "待回头看", "检查率", "60.0%", "审核人（所长）", "日志校验码"):  # fmt: skip
        assert words in text, words
    assert "张建华" not in text  # officers are not named in what is sent up
    xlsx, _ = svc.print_summary(view.id, tmp_path / "汇总.xlsx")
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["汇总", "分网格", "分部门", "问题商户", "检查对象"]
    targets = list(wb["检查对象"].iter_rows(min_row=2, values_only=True))
    assert len(targets) == 5 and targets[0][1] == "东关商户1" and targets[0][6] == "问题商户·整改中"
    assert [r[1] for r in wb["问题商户"].iter_rows(min_row=2, values_only=True)] == [
        "东关商户1", "东关商户2",
    ]  # fmt: skip
    with ctx.db.session() as s:
        exports = s.scalars(select(AuditLog).where(AuditLog.kind == "campaign",
                                                   AuditLog.action == "export")).all()  # fmt: skip
    assert len(exports) == 2


def test_home_tiles_and_the_county_report_section(ctx, station):
    from station_app.domain.periods import parse_period
    from station_app.services.campaigns_report import campaigns_dashboard, campaigns_section

    svc = ctx.services.campaigns
    view = campaign(ctx)
    shops = station["shops"]
    finding = Finding("食品安全", deadline=date(2026, 9, 18))
    svc.record_check(view.id, visit(shops[0], findings=(finding,)), assume_yes=True)
    svc.record_check(view.id, visit(shops[1]), assume_yes=True)
    svc.record_check(view.id, visit(shops[2], result="closed"))
    tiles = {t.key: t for t in campaigns_dashboard(ctx.db, date(2026, 9, 21))[0]}
    assert tiles["campaigns.revisits"].value == 1 and tiles["campaigns.revisits"].level == "alert"
    assert "已逾期 1 个" in tiles["campaigns.revisits"].note
    assert tiles["campaigns.due"].value == 0
    assert campaigns_dashboard(ctx.db, date(2026, 11, 2))[0][1].value == 1  # past its last day
    section = campaigns_section(ctx.db, parse_period("2026-09"))
    values = {f.key: f.value for f in section.figures}
    assert values["campaigns.shops_checked"] == 2 and values["campaigns.problem_shops"] == 1
    assert values["campaigns.hazards_found"] == 1 and values["campaigns.campaigns_started"] == 1
    assert all(f.definition for f in section.figures)
    rate = next(r for r in section.rates if r.key == "campaigns.problem_rate")
    assert rate.compute(values) == 0.5
    october = {f.key: f.value for f in campaigns_section(ctx.db, parse_period("2026-10")).figures}
    assert october["campaigns.shops_checked"] == 0
