"""Red and black lists: listing rules, two-person approval, expiry, credit repair, dashboard,
publication snapshots and import — on SQLite and PostgreSQL (``ctx``)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from station_app.data.models import Entity
from station_app.data.repo import lists as list_repo
from station_app.domain import lists as rules
from station_app.domain.auth import HEAD, OFFICER, Actor
from station_app.domain.periods import parse_period
from station_app.errors import ValidationError
from station_app.services.lists import EntryDraft
from station_app.services.station import StationProfileData

OFFICER_A = Actor(None, "lihm", OFFICER, "李红梅")
HEAD_B = Actor(None, "wangjg", HEAD, "王建国")
TODAY = date(2026, 11, 20)


def add_entity(ctx, name, uscc, entity_type="企业", legal_rep="张三丰", phone="13812345678"):
    with ctx.db.uow() as s:
        row = Entity(
            name=name, uscc=uscc, entity_type=entity_type, legal_rep=legal_rep, phone=phone
        )
        s.add(row)
        s.flush()
        return row.id


def kind_id(ctx, name):
    return ctx.services.lists.kind_named(name).id


def list_entity(ctx, entity_id, kind, listed_on, **kw):
    """Propose as officer A, approve as head B; returns the approved row."""
    svc = ctx.services.lists
    ctx.auth.sign_in(OFFICER_A)
    draft = EntryDraft(
        entity_id,
        kind_id(ctx, kind),
        reason=kw.pop("reason", "经核查存在违法行为"),
        listed_on=listed_on,
        **kw,
    )
    row, _ = svc.propose(draft, today=TODAY)
    ctx.auth.sign_in(HEAD_B)
    row, _ = svc.approve(row.id, row.version)
    return row


@pytest.fixture
def world(ctx):
    ctx.services.station.save_profile(
        StationProfileData(name="城关市场监督管理所", phone="0538-2281234")
    )
    ids = {
        "shop": add_entity(ctx, "东平县城关老街食品店", "91370923MA3C000017"),
        "bad": add_entity(ctx, "东平县黑心餐饮有限公司", "91370923MA3C000025"),
        "ind": add_entity(
            ctx,
            "王小明烧烤店",
            "92370923MA3C000039",
            "个体工商户",
            legal_rep="王小明",
            phone="13900001111",
        ),
    }
    return ids


def test_red_title_refused_for_black_listed_entity(ctx, world):
    svc = ctx.services.lists
    black = list_entity(
        ctx,
        world["bad"],
        "食品安全黑榜",
        date(2026, 10, 8),
        tier=rules.MODERATE,
        decision_no="东市监城罚〔2026〕3号",
    )
    assert black.status == rules.LISTED and black.approved_by == "wangjg"
    ctx.auth.sign_in(OFFICER_A)
    draft = EntryDraft(world["bad"], kind_id(ctx, "红色合伙人"), reason="积极参与", listed_on=TODAY)
    check = svc.check_draft(draft, today=TODAY)
    assert not check.ok
    message = dict(check.problems)["kind"]
    assert (
        "食品安全黑榜" in message and "东市监城罚〔2026〕3号" in message and "红色合伙人" in message
    )
    with pytest.raises(ValidationError, match="黑榜期间不能授予红榜称号"):
        svc.propose(draft, today=TODAY)


def test_same_user_cannot_approve_and_approval_is_audited(ctx, world):
    svc = ctx.services.lists
    ctx.auth.sign_in(HEAD_B)
    row, _ = svc.propose(
        EntryDraft(world["shop"], kind_id(ctx, "红色合伙人"), reason="诚信经营", listed_on=TODAY),
        today=TODAY,
    )
    assert row.status == rules.PROPOSED
    assert row.valid_until == date(2028, 11, 20)  # 24 months by default
    with pytest.raises(ValidationError, match="不能是同一人"):
        svc.approve(row.id, row.version)
    ctx.auth.sign_in(Actor(None, "other", HEAD, "另一位所长"))
    row, _ = svc.approve(row.id, row.version)
    assert (row.status, row.proposed_by, row.approved_by) == (rules.LISTED, "wangjg", "other")
    actions = [(h.username, h.reason) for h in svc.history(row.id)]
    assert ("other", "审批列入") in actions and ("wangjg", "提请列入") in actions


def test_black_listing_revokes_red_title_and_feeds_grading(ctx, world):
    red = list_entity(ctx, world["bad"], "红色合伙人", date(2026, 1, 5))
    black = list_entity(ctx, world["bad"], "消费投诉黑榜", date(2026, 9, 1), tier=rules.SERIOUS)
    red = ctx.services.lists.entry(red.id)
    assert red.status == rules.REMOVED and red.removal_way == rules.REVOKED
    assert "消费投诉黑榜" in red.removal_basis
    with ctx.db.session() as s:
        assert list_repo.black_listed_entity_ids(s, TODAY) == {world["bad"]}
        assert list_repo.black_listed_entity_ids(s, date(2026, 8, 31)) == set()
        assert list_repo.abnormal_listed_entity_ids(s, TODAY) == set()
    assert black.valid_until == date(2029, 9, 1)  # serious: automatic end at 3 years


def test_abnormal_list_is_for_enterprises_individuals_get_the_status(ctx, world):
    svc = ctx.services.lists
    ctx.auth.sign_in(OFFICER_A)
    bad = EntryDraft(world["ind"], kind_id(ctx, "经营异常名录"), reason="未年报", listed_on=TODAY)
    with pytest.raises(ValidationError, match="经营异常状态"):
        svc.propose(bad, today=TODAY)
    row = list_entity(
        ctx, world["ind"], "经营异常状态", date(2026, 7, 1), reason="通过登记的住所无法联系"
    )
    assert row.review_on == date(2029, 5, 2)  # 60 days before 3 years
    with ctx.db.session() as s:
        assert list_repo.abnormal_listed_entity_ids(s, TODAY) == {world["ind"]}


def test_public_summary_refuses_personal_numbers(ctx, world):
    ctx.auth.sign_in(OFFICER_A)
    draft = EntryDraft(
        world["shop"],
        kind_id(ctx, "红色合伙人"),
        reason="x",
        public_summary="联系人电话 13812345678",
        listed_on=TODAY,
    )
    assert "public_summary" in dict(ctx.services.lists.check_draft(draft, today=TODAY).problems)
    with pytest.raises(ValidationError, match="个人信息"):
        ctx.services.lists.propose(draft, today=TODAY)


def test_date_rules():
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert rules.earliest_repair_date(date(2026, 3, 15), rules.MODERATE) == date(2026, 6, 15)
    assert rules.earliest_repair_date(date(2024, 2, 29), rules.SERIOUS) == date(2025, 2, 28)
    assert rules.automatic_end(date(2026, 3, 15), rules.MINOR) == date(2026, 6, 15)
    assert rules.automatic_end(date(2026, 3, 15), rules.MODERATE) == date(2027, 3, 15)
    with pytest.raises(ValidationError, match="无需申请信用修复"):
        rules.earliest_repair_date(date(2026, 3, 15), rules.MINOR)
    p = parse_period("2026q4")
    assert (p.start, p.last, p.label) == (date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度")
    assert parse_period("2026-2").last == date(2026, 2, 28)
    assert parse_period("2026").label == "2026年"
    with pytest.raises(ValidationError):
        parse_period("2026Q5")
    assert rules.public_text("消费者王五投诉，电话13812345678，身份证370923199001011234") == (
        "消费者王五投诉，电话***，身份证***"
    )
    assert rules.public_name("王小明烧烤店", "个体工商户", "王小明") == "王*明烧烤店"


def test_repair_workflow_with_working_day_deadline(ctx, world):
    svc = ctx.services.lists
    row = list_entity(ctx, world["bad"], "食品安全黑榜", date(2026, 6, 20), tier=rules.MODERATE)
    ctx.auth.sign_in(OFFICER_A)
    with pytest.raises(ValidationError, match="最早可于 2026-09-20"):
        svc.apply_repair(row.id, date(2026, 9, 19), "已履行处罚")
    # 2026-09-25 (Fri) + 7 working days, over the National Day holiday (10-01..10-07, 09-27 and
    # 10-10 are make-up working days) → the 7th working day
    rep, _ = svc.apply_repair(row.id, date(2026, 9, 25), "已履行行政处罚，已整改")
    assert rep.earliest_on == date(2026, 9, 20)
    assert rep.deadline_on == svc.calendar().add_working_days(date(2026, 9, 25), 7)
    assert rep.deadline_on > date(2026, 10, 7)
    with pytest.raises(ValidationError, match="未办结"):
        svc.apply_repair(row.id, date(2026, 9, 26), "再次申请")
    due = svc.due(today=date(2026, 9, 28))
    assert [d.entry_id for d in due.repairs] == [row.id]
    with pytest.raises(ValidationError, match="先完成核查"):
        ctx.auth.sign_in(HEAD_B)
        svc.decide_repair(rep.id, rep.version, True, "同意")
    ctx.auth.sign_in(OFFICER_A)
    rep, _ = svc.check_repair(
        rep.id, rep.version, "罚款已缴纳，无同类处罚", checked_on=date(2026, 9, 28)
    )
    with pytest.raises(Exception):  # noqa: B017 - officer lacks lists.approve
        svc.decide_repair(rep.id, rep.version, True, "同意")
    ctx.auth.sign_in(HEAD_B)
    rep, _ = svc.decide_repair(
        rep.id, rep.version, True, "符合修复条件", decided_on=date(2026, 9, 29)
    )
    entry = svc.entry(row.id)
    assert rep.status == rules.REPAIR_DONE
    assert (entry.status, entry.removal_way, entry.removed_on) == (
        rules.REMOVED,
        rules.REPAIRED,
        date(2026, 9, 29),
    )
    with ctx.db.session() as s:
        assert list_repo.black_listed_entity_ids(s, date(2026, 9, 30)) == set()


def test_expire_job_and_dashboard(ctx, world):
    svc = ctx.services.lists
    old = list_entity(ctx, world["shop"], "无理由退货承诺单位", date(2025, 11, 1))  # 12 months
    assert old.valid_until == date(2026, 11, 1)
    soon = list_entity(ctx, world["ind"], "红色合伙人", date(2024, 12, 10))  # until 2026-12-10
    due = svc.due(today=TODAY, within_days=30)
    assert {d.entry_id for d in due.expiring} == {old.id, soon.id}
    count, changes = svc.expire_due(today=TODAY)
    assert count == 1 and changes.touches("list_entry")
    row = svc.entry(old.id)
    assert (row.status, row.removal_way, row.removed_on) == (
        rules.REMOVED,
        rules.EXPIRED,
        date(2026, 11, 2),
    )
    assert svc.entry(soon.id).status == rules.LISTED
    assert svc.expire_due(today=TODAY)[0] == 0


def test_publication_names_entities_only_and_reprints_identically(ctx, world):
    svc = ctx.services.lists
    list_entity(
        ctx, world["shop"], "红色合伙人", date(2026, 10, 9), public_summary="带头开展放心消费承诺"
    )
    list_entity(
        ctx,
        world["ind"],
        "消费投诉黑榜",
        date(2026, 11, 3),
        tier=rules.MODERATE,
        reason="经营者王小明拒不退款，消费者赵六（13700001234）多次投诉",
        public_summary="经营者王小明拒不履行退款承诺，被多次投诉",
    )
    list_entity(
        ctx, world["bad"], "食品安全黑榜", date(2026, 9, 30), tier=rules.MODERATE
    )  # Q3: not in Q4
    ctx.auth.sign_in(HEAD_B)
    info, _ = svc.publish("2026Q4", today=date(2026, 11, 21))
    assert info.title == "城关市场监督管理所2026年第四季度红黑榜公示" and info.entry_count == 2
    pdf = svc.reprint(info.id)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = text.replace(" ", "").replace("\n", "")
    for expected in (
        "城关市场监督管理所",
        "东平县城关老街食品店",
        "91370923MA3C000017",
        "王*明烧烤店",
        "经营者王*明拒不履行退款承诺",
        "（盖章）",
        "第1页共",
        "2026年11月21日",
    ):
        assert expected in flat, expected
    for personal in (
        "王小明",
        "张三丰",
        "13812345678",
        "13900001111",
        "13700001234",
        "赵六",
        "东平县黑心餐饮",
    ):
        assert personal not in flat, personal
    # reprint: stored bytes; redraw from the JSON: byte-identical too (invariant PDF)
    assert svc.reprint(info.id) == pdf
    assert svc.redraw(info.id) == pdf
    assert svc.entries(entity_id=world["shop"])[0].published_on == date(2026, 11, 21)
    # a later change to the entity does not change what was published
    with ctx.db.uow() as s:
        s.get(Entity, world["shop"]).name = "改名后的食品店"
    assert svc.redraw(info.id) == pdf
    assert [p.id for p in svc.publications()] == [info.id]


def test_import_matches_by_uscc_and_reports_unmatched(ctx, world, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["经营异常名录列入信息"])
    ws.append(["序号", "统一社会信用代码", "企业名称", "列入原因", "列入日期", "作出决定机关"])
    ws.append(
        [
            1,
            "91370923MA3C000017",
            "东平县城关老街食品店",
            "未按规定报送年度报告",
            "2026-07-01",
            "东平县市场监督管理局",
        ]
    )
    ws.append(
        [
            2,
            "92370923MA3C000039",
            "王小明烧烤店",
            "通过登记的住所无法联系",
            "2026年7月2日",
            "东平县市场监督管理局",
        ]
    )
    ws.append(
        [3, "91370923MA3C999999", "不存在的公司", "未报年报", "2026-07-03", "东平县市场监督管理局"]
    )
    path = tmp_path / "abnormal.xlsx"
    wb.save(path)
    svc = ctx.services.lists
    ctx.auth.sign_in(HEAD_B)
    dry, changes = svc.import_xlsx(path, "经营异常名录", dry_run=True)
    assert (dry.total, dry.imported, dry.rerouted, dry.committed) == (
        3,
        2,
        1,
        False,
    ) and not changes
    assert svc.entries() == []
    result, _ = svc.import_xlsx(path, "经营异常名录")
    assert result.imported == 2 and result.committed
    assert [(u.row, u.uscc) for u in result.unmatched] == [(5, "91370923MA3C999999")]
    kinds = {e.entity_id: (e.kind, e.listed_on, e.source) for e in svc.entries()}
    assert kinds[world["shop"]] == ("经营异常名录", date(2026, 7, 1), "导入")
    assert kinds[world["ind"]][0] == "经营异常状态"
    again, _ = svc.import_xlsx(path, "经营异常名录")
    assert again.imported == 0 and len(again.skipped) == 2


def test_kind_edit_is_checked_and_audited(ctx, world):
    from dataclasses import replace

    svc = ctx.services.lists
    kind = svc.kind_named("红色合伙人")
    with pytest.raises(ValidationError, match="1–120"):
        svc.save_kind(replace(kind, validity_months=0))
    saved, _ = svc.save_kind(replace(kind, validity_months=12))
    assert saved.validity_months == 12 and saved.version == kind.version + 1
    ctx.auth.sign_in(OFFICER_A)
    row, _ = svc.propose(
        EntryDraft(world["shop"], kind.id, reason="示范", listed_on=TODAY), today=TODAY
    )
    assert row.valid_until == date(2027, 11, 20)


def test_imported_black_listing_revokes_red_title(ctx, world, tmp_path):
    from openpyxl import Workbook

    red = list_entity(ctx, world["bad"], "红色合伙人", date(2026, 1, 5))
    wb = Workbook()
    wb.active.append(
        ["统一社会信用代码", "企业名称", "列入原因", "列入日期", "作出决定机关", "决定书文号"]
    )
    wb.active.append(
        [
            "91370923MA3C000025",
            "东平县黑心餐饮有限公司",
            "严重违法",
            "2026-08-01",
            "东平县市场监督管理局",
            "东市监严〔2026〕1号",
        ]
    )
    path = tmp_path / "serious.xlsx"
    wb.save(path)
    ctx.auth.sign_in(HEAD_B)
    result, changes = ctx.services.lists.import_xlsx(path, "严重违法失信名单")
    assert result.imported == 1 and red.id in changes.ids["list_entry"]
    row = ctx.services.lists.entry(red.id)
    assert (row.status, row.removal_way) == (rules.REMOVED, rules.REVOKED)
    assert "东市监严〔2026〕1号" in row.removal_basis
    imported = ctx.services.lists.entries(kind_id=kind_id(ctx, "严重违法失信名单"))[0]
    assert (imported.tier, imported.valid_until) == (rules.SERIOUS, date(2029, 8, 1))
