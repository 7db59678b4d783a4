"""红黑榜 page driven as staff would: a red title is refused live for a black-listed entity,
a proposal cannot be approved by its proposer but is by a second user, and a black entry goes
through credit repair (apply → check → decide → removed)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from station_app.data.models import Entity
from station_app.domain import lists as rules
from station_app.domain.auth import HEAD, OFFICER, Actor
from station_app.services.lists import EntryDraft, local_today
from station_app.ui.screens.lists.dialogs import ListingDialog, RepairStepDialog
from station_app.ui.screens.lists.publish_dialog import PublishDialog
from tests.ui.helpers import type_text

OFFICER_A = Actor(None, "lihm", OFFICER, "李红梅")
HEAD_B = Actor(None, "wangjg", HEAD, "王建国")


def _entity(ctx, name, uscc, etype="企业"):
    with ctx.db.uow() as s:
        row = Entity(name=name, uscc=uscc, entity_type=etype, legal_rep="周某某")
        s.add(row)
        s.flush()
        return row.id


def _black_list(ui, entity_id, listed_on):
    svc = ui.services.lists
    auth = ui.app.auth
    auth.sign_in(OFFICER_A)
    draft = EntryDraft(
        entity_id,
        svc.kind_named("食品安全黑榜").id,
        reason="销售过期食品",
        tier=rules.MODERATE,
        listed_on=listed_on,
        decision_no="东市监城罚〔2026〕7号",
    )
    row, _ = svc.propose(draft)
    auth.sign_in(HEAD_B)
    row, changes = svc.approve(row.id, row.version)
    ui.bus.publish(changes)
    return row


def _page(window):
    window.show_page("lists")
    return window.current_page()


def test_listing_refusal_and_two_person_approval(window, ui, monkeypatch):
    ctx = ui.app
    bad = _entity(ctx, "东平县过期食品超市有限公司", "91370923MA3C000017")
    good = _entity(ctx, "东平县诚信粮油店有限公司", "91370923MA3C000025")
    _black_list(ui, bad, local_today() - timedelta(days=30))
    ctx.auth.sign_in(OFFICER_A)
    page = _page(window)
    page.propose()
    dialog = page.dialog
    assert isinstance(dialog, ListingDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ui.services.lists.kind_named("红色合伙人").id))
    type_text(dialog.entity_search, "过期食品")
    dialog.search_entities()
    assert dialog.entity_list.count() == 1
    dialog.entity_list.setCurrentRow(0)
    dialog.reason.setPlainText("带头诚信经营")
    dialog.run_checks()
    # THEN the refusal is shown live, naming the black entry, and OK is disabled
    assert "食品安全黑榜" in dialog.rule_text and "东市监城罚〔2026〕7号" in dialog.rule_text
    assert not dialog.ok_button.isEnabled()
    # choosing another entity clears it
    type_text(dialog.entity_search, "诚信粮油")
    dialog.search_entities()
    dialog.entity_list.setCurrentRow(0)
    dialog.run_checks()
    assert rules.STATUS_LABELS and "✔" in dialog.rule_text and dialog.ok_button.isEnabled()
    dialog.save()
    assert dialog.entry_id is not None
    assert page.current is not None and page.current.id == dialog.entry_id
    assert page.current.status == rules.PROPOSED
    # the proposer cannot approve: as head, but the same user
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    ctx.auth.sign_in(Actor(None, "lihm", HEAD, "李红梅"))
    page._set_buttons()
    page.approve()
    assert warnings and "不能是同一人" in warnings[0]
    assert ui.services.lists.entry(dialog.entry_id).status == rules.PROPOSED
    # a second user approves
    ctx.auth.sign_in(HEAD_B)
    page._set_buttons()
    assert page.approve_button.isEnabled()
    page.approve()
    entry = ui.services.lists.entry(dialog.entry_id)
    assert (entry.status, entry.approved_by, entry.entity_id) == (rules.LISTED, "wangjg", good)
    assert page.current.status == rules.LISTED
    assert page.history.tree.topLevelItemCount() >= 2


def test_repair_workflow_on_screen(window, ui, monkeypatch):
    ctx = ui.app
    bad = _entity(ctx, "东平县整改餐饮有限公司", "91370923MA3C000033")
    row = _black_list(ui, bad, local_today() - timedelta(days=120))
    page = _page(window)
    assert page.select_entry(row.id)
    assert page.repair_apply.isEnabled()
    assert "最早" in page.repair_hint.text()
    ctx.auth.sign_in(OFFICER_A)
    page._set_buttons()
    page.repair_step("apply")
    dlg = page.dialog
    assert isinstance(dlg, RepairStepDialog)
    assert "可以申请" in dlg.info.text() and "办结期限" in dlg.info.text()
    dlg.text.setPlainText("已缴纳罚款并完成整改")
    dlg.save()
    rep = ui.services.lists.repairs(entry_id=row.id)[0]
    assert rep.status == rules.APPLIED
    assert rep.deadline_on == ui.services.lists.calendar().add_working_days(local_today(), 7)
    assert page.repairs.rowCount() == 1 and page.repair_check.isEnabled()
    assert not page.repair_decide.isEnabled()
    page.repair_step("check")
    page.dialog.text.setPlainText("已核对缴款凭证")
    page.dialog.save()
    ctx.auth.sign_in(HEAD_B)
    page._set_buttons()
    assert page.repair_decide.isEnabled()
    page.repair_step("decide")
    page.dialog.text.setPlainText("符合信用修复条件")
    page.dialog.save()
    entry = ui.services.lists.entry(row.id)
    assert (entry.status, entry.removal_way) == (rules.REMOVED, rules.REPAIRED)
    assert ui.services.lists.repairs(entry_id=row.id)[0].status == rules.REPAIR_DONE
    # the removed entry leaves the default 在榜 filter
    assert row.id not in page.model.id_array


def test_publish_dialog_previews_and_publishes(window, ui, monkeypatch):
    ctx = ui.app
    good = _entity(ctx, "东平县示范超市有限公司", "91370923MA3C000041")
    svc = ui.services.lists
    ctx.auth.sign_in(OFFICER_A)
    r, _ = svc.propose(
        EntryDraft(good, svc.kind_named("红色合伙人").id, reason="示范", listed_on=local_today())
    )
    ctx.auth.sign_in(HEAD_B)
    svc.approve(r.id, r.version)
    page = _page(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.publish()
    dlg = page.dialog
    assert isinstance(dlg, PublishDialog)
    assert "红色合伙人" in dlg.chosen_kinds() and "经营异常名录" not in dlg.chosen_kinds()
    dlg.show_preview()
    assert dlg.preview.document.pageCount() >= 1
    dlg.preview.close()
    dlg.publish()
    assert dlg.history.rowCount() == 1
    assert dlg.preview.document.pageCount() >= 1
    layout = dlg.preview.page_layout()
    assert layout.pageSize().id().name == "A4"
    dlg.preview.close()
    assert svc.entry(r.id).published_on == local_today()
    assert dlg.history.item(0, 2).data(Qt.ItemDataRole.DisplayRole) == "1"


def test_kind_settings_change_default_validity(window, ui):
    page = _page(window)
    page.edit_kinds()
    dlg = page.dialog
    row = next(i for i, k in enumerate(dlg.kinds) if k.name == "无理由退货承诺单位")
    dlg.list.setCurrentRow(row)
    type_text(dlg.months, "6")
    dlg.published.setChecked(False)
    dlg.save()
    kind = ui.services.lists.kind_named("无理由退货承诺单位")
    assert (kind.validity_months, kind.published_by_station) == (6, False)
    assert "无理由退货承诺单位" not in ui.services.lists.default_publish_kinds()


def test_entity_card_section(ui, qtbot):
    from station_app.ui.screens.lists.entity_section import EntityListsSection

    bad = _entity(ui.app, "东平县卡片测试有限公司", "91370923MA3C000050")
    section = EntityListsSection(ui, bad)
    qtbot.addWidget(section)
    assert section.summary.text() == "未在红黑榜上。"
    _black_list(ui, bad, local_today() - timedelta(days=10))
    assert section.table.rowCount() == 1 and "食品安全黑榜" in section.summary.text()
    section.propose()
    assert section.dialog.entity_id == bad
