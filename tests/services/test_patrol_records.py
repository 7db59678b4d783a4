"""The records half of patrols on SQLite and PostgreSQL: samplings (a failed one regrades the
entity, a void regrades it back), 延期 (approved by the head before the deadline, the
re-check task moves), 作废 of a record (its task open again, its hazards and their re-check
tasks gone from the work), the 责令改正通知书 numbered from the shared counter and the
现场检查笔录, read back from the PDFs; bad input says why in Chinese and writes nothing."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from station_app.data.models import (
    Entity,
    EntityGrade,
    Hazard,
    HazardExtension,
    PatrolRecord,
    PatrolTask,
    RectificationNotice,
    Sampling,
)
from station_app.domain.auth import OFFICER, Actor
from station_app.domain.patrols.hazards import Finding
from station_app.domain.patrols.lists import RecordFilter, SamplingFilter
from station_app.domain.patrols.records import RecordDraft
from station_app.domain.patrols.samplings import SamplingDraft
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.entities import EntityData
from station_app.services.patrols import RecheckDraft
from tests.services import test_patrols as base
from tests.services.test_patrols import JULY, at

station = base.station  # the station of the patrols tests (a fixture, under its own name)


def count(ctx, model, *where) -> int:
    with ctx.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)))


def text_of(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _shop(ctx, station, name="东关路小麦面包坊") -> int:
    """A shop graded by the rules alone (no override), so a sampling moves its grade."""
    grid = station["grids"][0]
    return ctx.services.entities.save(EntityData(name=name, address="东关路20号", grid_id=grid.id))[
        0
    ].data.id


def _check_with_hazard(ctx, station, deadline=date(2026, 7, 17), shop=None):
    p = station["people"]
    shop = shop or station["shops"]["东关丁级网吧"]
    view, _ = ctx.services.patrols.record(
        RecordDraft(
            shop,
            at("2026-07-07", "09:30"),
            kind="check",
            inspectors=(p["张建华"].id, p["赵磊"].id),
            findings=(Finding("消防安全", "灭火器过期", deadline=deadline),),
            present_party="王店长",
        ),
        assume_yes=True,
    )
    return view


# -- samplings ---------------------------------------------------------------------------------


def test_failed_sampling_regrades_the_entity_and_a_void_regrades_it_back(ctx, station):
    svc, shop = ctx.services.patrols, _shop(ctx, station)
    ctx.clock.set_day(date(2026, 7, 8))
    with ctx.db.session() as s:
        before = s.get(Entity, shop).grade_score
    ok, _ = svc.record_sampling(SamplingDraft(shop, date(2026, 7, 6), "全麦面包", True))
    assert ok.qualified_label == "合格"
    with ctx.db.session() as s:
        assert s.get(Entity, shop).grade_score == before  # a qualified one changes nothing
    failed, changes = svc.record_sampling(
        SamplingDraft(
            shop,
            date(2026, 7, 7),
            "奶油蛋糕",
            False,
            batch="20260705",
            failed_items="菌落总数超标",
            agency="泰安市食品药品检验检测研究院",
        )
    )
    assert changes.touches("sampling", "entity")
    with ctx.db.session() as s:
        after = s.get(Entity, shop).grade_score
        reasons = list(s.scalars(select(EntityGrade.reason).where(EntityGrade.entity_id == shop)))
    assert after is not None and before is not None and after < before
    assert "抽检不合格" in reasons
    card = ctx.services.entities.get(shop)
    assert any("抽检" in c.indicator and "1" in c.value for c in card.grade.contributions), (
        card.grade.contributions
    )
    rows = svc.sampling_rows(SamplingFilter(entity_id=shop))
    assert rows.count() == 2
    assert rows.fetch_rows([failed.id])[failed.id][4] == "不合格"
    # a void without a reason: refused, nothing changed
    with pytest.raises(ValidationError, match="请写明原因"):
        svc.void_sampling(failed.id, failed.version, " ")
    assert svc.sampling(failed.id).voided is False
    voided, _ = svc.void_sampling(failed.id, failed.version, "样品编号录错，系另一家")
    assert voided.voided and voided.void_reason == "样品编号录错，系另一家"
    with ctx.db.session() as s:
        assert s.get(Entity, shop).grade_score == before
    assert rows.fetch_rows([failed.id])[failed.id][4] == "已作废"
    assert count(ctx, Sampling) == 2  # nothing deleted
    history = ctx.services.audit.history("sampling", failed.id)
    assert [h.action for h in history][:2] == ["update", "create"] or len(history) == 2
    with pytest.raises(ValidationError, match="已经作废"):
        svc.void_sampling(failed.id, None, "再作废一次试试")


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("cancelled", "已于 2026-07-01 注销，不能登记 2026-07-06 的抽检结果"),
        ("no_item", "请填写不合格项目"),
        ("future", "晚于今天"),
        ("no_product", "请填写样品名称"),
    ],
)
def test_bad_samplings_say_why_and_write_nothing(ctx, station, case, message):
    svc, shop = ctx.services.patrols, station["shops"]["东关丁级网吧"]
    ctx.clock.set_day(date(2026, 7, 8))
    draft = SamplingDraft(shop, date(2026, 7, 6), "散装白酒", False, failed_items="甲醇超标")
    if case == "cancelled":
        with ctx.db.uow() as s:
            e = s.get(Entity, shop)
            e.status, e.status_on = "注销", date(2026, 7, 1)
    elif case == "no_item":
        draft = SamplingDraft(shop, date(2026, 7, 6), "散装白酒", False)
    elif case == "future":
        draft = SamplingDraft(shop, date(2026, 7, 9), "散装白酒", True)
    elif case == "no_product":
        draft = SamplingDraft(shop, date(2026, 7, 6), " ", True)
    with pytest.raises(ValidationError, match=message):
        svc.record_sampling(draft)
    assert count(ctx, Sampling) == 0
    assert count(ctx, EntityGrade, EntityGrade.reason == "抽检不合格") == 0


# -- 延期 ----------------------------------------------------------------------------------------


def test_extension_moves_the_deadline_and_the_recheck_task(ctx, station):
    svc = ctx.services.patrols
    ctx.clock.set_day(date(2026, 7, 8))
    hazard = _check_with_hazard(ctx, station).hazards[0]
    with ctx.db.session() as s:
        old_task = s.get(Hazard, hazard.id).recheck_task_id
    assert hazard.recheck_due == date(2026, 7, 17)
    ctx.clock.set_day(date(2026, 7, 15))
    view, changes = svc.extend(hazard.id, hazard.version, date(2026, 7, 25), "等待厂家更换灭火器")
    assert view.deadline == date(2026, 7, 25)
    assert view.recheck_due == date(2026, 7, 27)  # a Saturday: the next working day
    assert changes.touches("hazard", "patrol_task")
    with ctx.db.session() as s:
        assert s.get(PatrolTask, old_task) is None  # the old re-check task went with it
        new_task = s.get(PatrolTask, s.get(Hazard, hazard.id).recheck_task_id)
        assert new_task.due_on == date(2026, 7, 27) and new_task.kind == "recheck"
    assert svc.extensions(hazard.id) == [
        (date(2026, 7, 17), date(2026, 7, 25), "等待厂家更换灭火器", "tester")
    ]
    history = ctx.services.audit.history("hazard", hazard.id)
    assert history[0].action == "update" and "延长整改期限" in history[0].reason
    # a second extension, before the new deadline
    view, _ = svc.extend(hazard.id, view.version, date(2026, 8, 3), "设备仍未到货")
    assert view.deadline == date(2026, 8, 3) and count(ctx, HazardExtension) == 2


def test_extension_after_expiry_or_without_reason_is_refused(ctx, station):
    svc = ctx.services.patrols
    ctx.clock.set_day(date(2026, 7, 8))
    hazard = _check_with_hazard(ctx, station).hazards[0]
    with pytest.raises(ValidationError, match="请写明原因"):
        svc.extend(hazard.id, hazard.version, date(2026, 7, 25), "")
    ctx.clock.set_day(date(2026, 7, 18))
    with pytest.raises(ValidationError, match="已过，不能再延期"):
        svc.extend(hazard.id, hazard.version, date(2026, 7, 25), "等待厂家更换灭火器")
    assert svc.hazard(hazard.id).deadline == date(2026, 7, 17)
    assert count(ctx, HazardExtension) == 0


def test_only_the_head_approves_an_extension(ctx, station):
    ctx.clock.set_day(date(2026, 7, 8))
    hazard = _check_with_hazard(ctx, station).hazards[0]
    ctx.auth.sign_in(Actor(None, "lihm", OFFICER, "李红梅"))
    with pytest.raises(PermissionDeniedError):
        ctx.services.patrols.extend(hazard.id, hazard.version, date(2026, 7, 25), "等待厂家")
    assert count(ctx, HazardExtension) == 0


# -- 作废 ----------------------------------------------------------------------------------------


def test_void_reopens_the_task_voids_hazards_and_regrades(ctx, station):
    svc, shop = ctx.services.patrols, station["shops"]["东关丁级网吧"]
    svc.generate(*JULY)
    ctx.clock.set_day(date(2026, 7, 8))
    view = _check_with_hazard(ctx, station)
    hazard = view.hazards[0]
    with ctx.db.session() as s:
        recheck_task = s.get(Hazard, hazard.id).recheck_task_id
        assert s.get(PatrolTask, view.task_id).status == "done"
    facts_before = ctx.services.entities.get(shop).grade.contributions
    assert any("隐患" in c.indicator and "1 处" in c.value for c in facts_before)
    with pytest.raises(ValidationError, match="请写明原因"):
        svc.void(view.id, view.version, "错")
    assert svc.get(view.id).hazards[0].state == "open"  # refused: nothing changed
    voided, changes = svc.void(view.id, view.version, "录错了经营主体，应为隔壁网吧")
    assert changes.touches("patrol_record", "hazard", "patrol_task")
    assert voided.hazards[0].state == "voided" and voided.hazards[0].state_label == "已作废"
    with ctx.db.session() as s:
        row = s.get(PatrolRecord, view.id)
        assert row.voided and row.void_reason == "录错了经营主体，应为隔壁网吧"
        task = s.get(PatrolTask, view.task_id)
        assert task.status == "pending" and task.done_record_id is None
        assert s.get(PatrolTask, recheck_task) is None
    after = ctx.services.entities.get(shop).grade.contributions
    assert not any("隐患" in c.indicator and "1 处" in c.value for c in after)
    rows = svc.record_rows(RecordFilter(entity_id=shop))
    assert rows.fetch_rows([view.id])[view.id][4] == "已作废"
    assert svc.hazard_rows().fetch_rows([hazard.id])[hazard.id][5] == "已作废"
    # the task can be fulfilled again by a new record
    again, _ = svc.record(
        RecordDraft(shop, at("2026-07-07", "15:00"), kind="check",
                    inspectors=(station["people"]["张建华"].id, station["people"]["赵磊"].id)),
        assume_yes=True,
    )  # fmt: skip
    assert again.task_id == view.task_id
    with pytest.raises(ValidationError, match="已经作废"):
        svc.void(view.id, None, "再作废一次试试")
    assert ctx.services.audit.history("patrol_record", view.id)[0].reason.startswith("作废")


def test_a_record_whose_hazard_was_rechecked_is_not_voided(ctx, station):
    svc = ctx.services.patrols
    ctx.clock.set_day(date(2026, 7, 8))
    view = _check_with_hazard(ctx, station, deadline=date(2026, 7, 10))
    ctx.clock.set_day(date(2026, 7, 11))
    recheck, _ = svc.recheck(RecheckDraft(view.hazards[0].id, at("2026-07-10"), passed=True))
    with pytest.raises(ValidationError, match="已经复查，记录不能作废"):
        svc.void(view.id, None, "录错了经营主体")
    with pytest.raises(ValidationError, match="复查记录不能作废"):
        svc.void(recheck.id, None, "录错了复查时间")
    assert count(ctx, PatrolRecord, PatrolRecord.voided.is_(True)) == 0


def test_only_the_head_voids(ctx, station):
    ctx.clock.set_day(date(2026, 7, 8))
    view = _check_with_hazard(ctx, station)
    ctx.auth.sign_in(Actor(None, "lihm", OFFICER, "李红梅"))
    with pytest.raises(PermissionDeniedError):
        ctx.services.patrols.void(view.id, None, "录错了经营主体")


# -- prints --------------------------------------------------------------------------------------


def test_notice_is_numbered_once_and_printed_in_two_copies(ctx, station, tmp_path):
    svc = ctx.services.patrols
    ctx.clock.set_day(date(2026, 7, 8))
    view = _check_with_hazard(ctx, station)
    notice, changes = svc.issue_notice(view.id)
    assert notice.number == "市监责改〔2026〕1号" and changes.touches("rectification_notice")
    assert "《中华人民共和国行政处罚法》第二十八条第一款" in notice.basis  # 消防安全: general
    again, _ = svc.issue_notice(view.id)
    assert again.id == notice.id  # the same notice, no new number
    assert (
        svc.hazard_rows().fetch_rows([view.hazards[0].id])[view.hazards[0].id][9] == notice.number
    )
    out = tmp_path / "通知书.pdf"
    printed, _ = svc.print_notice(out, hazard_id=view.hazards[0].id)
    assert printed.number == notice.number
    text = text_of(out)
    for part in ("责令改正通知书", "市监责改〔2026〕1号", "东关丁级网吧", "灭火器过期",
                 "2026年7月17日", "被通知人签收", "当事人联", "存档联", "复查", "第 1 页 共"):  # fmt: skip
        assert part in text, part
    # after a 延期 the reprint still says what was served: the original deadline
    hazard = svc.hazard(view.hazards[0].id)
    svc.extend(hazard.id, hazard.version, date(2026, 7, 24), "等待厂家更换灭火器")
    svc.print_notice(out, hazard_id=hazard.id)
    assert "2026年7月17日" in text_of(out) and "2026年7月24日" not in text_of(out)
    # a second record gets the next number from the shared counter
    other = _check_with_hazard(ctx, station, shop=station["shops"]["东关丙级小吃店"])
    if shutil.which("pdffonts"):
        from tests.documents.test_pdf_fonts import fonts

        listed = fonts(out)
        assert listed and all(embedded for _, embedded in listed), listed
    assert len(PdfReader(str(out)).pages) == 2  # 当事人联 and 存档联, a page each
    second, _ = svc.print_notice(tmp_path / "2.pdf", record_id=other.id)
    assert second.number == "市监责改〔2026〕2号"
    assert ctx.services.audit.history("rectification_notice", notice.id)


def test_notice_needs_an_ordered_hazard(ctx, station, tmp_path):
    svc, p = ctx.services.patrols, station["people"]
    ctx.clock.set_day(date(2026, 7, 8))
    clear, _ = svc.record(
        RecordDraft(
            station["shops"]["东关甲级超市"], at("2026-07-07"), inspectors=(p["李秀英"].id,)
        ),
        assume_yes=True,
    )
    with pytest.raises(ValidationError, match="不需要开具责令改正通知书"):
        svc.print_notice(tmp_path / "x.pdf", record_id=clear.id)
    assert count(ctx, RectificationNotice) == 0 and not (tmp_path / "x.pdf").exists()


def test_inspection_record_prints_inspectors_answers_findings_and_signatures(
    ctx, station, tmp_path
):
    svc, roster = ctx.services.patrols, ctx.services.roster
    person = roster.get_person(station["people"]["张建华"].id)
    from dataclasses import replace

    roster.save_person(replace(person, cert_no="37090001"))
    ctx.clock.set_day(date(2026, 7, 8))
    view = _check_with_hazard(ctx, station)
    out = tmp_path / "笔录.pdf"
    changes = svc.print_inspection(view.id, out)
    text = text_of(out)
    for part in ("现场检查笔录", "东关丁级网吧", "张建华（执法证号 37090001）", "赵磊", "王店长",
                 "2026年7月7日 09:30", "灭火器过期", "2026年7月17日", "以上笔录已阅，与实际情况相符",
                 "当事人（在场人员）签名", "检查人员签名", "第 1 页 共"):  # fmt: skip
        assert part in text, part
    assert not changes  # an export: an audit row, no Changes
    history = ctx.services.audit.history("patrol_record", view.id)
    assert history[0].action == "export"
    if shutil.which("pdffonts"):
        from tests.documents.test_pdf_fonts import fonts

        listed = fonts(out)
        assert listed and all(embedded for _, embedded in listed), listed
        assert not any("Helvetica" in name for name, _ in listed)


def test_a_voided_record_prints_nothing(ctx, station, tmp_path):
    svc = ctx.services.patrols
    ctx.clock.set_day(date(2026, 7, 8))
    view = _check_with_hazard(ctx, station)
    svc.void(view.id, None, "录错了经营主体")
    with pytest.raises(ValidationError, match="已作废，不能打印"):
        svc.print_inspection(view.id, tmp_path / "a.pdf")
    with pytest.raises(ValidationError, match="已作废"):
        svc.print_notice(tmp_path / "b.pdf", record_id=view.id)
    assert count(ctx, RectificationNotice) == 0
