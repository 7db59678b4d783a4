"""People's names, not login names, wherever a person is shown (提请人, 审批人, 发布人, the
history's operator, 系统 for the jobs), and field labels, not column names, in 修改历史."""

from __future__ import annotations

import re
from datetime import date

from station_app.domain.auth import ADMIN, HEAD, OFFICER, Actor
from station_app.services.lists import EntryDraft

PASSWORD = "Qz7!kd93-wfp"


def _people(ctx) -> tuple[Actor, Actor]:
    users = ctx.services.users
    users.add_user("zhanggl", "张管理", ADMIN, PASSWORD)
    users.add_user("lihm", "李红梅", OFFICER, PASSWORD)
    users.add_user("wangjg", "王建国", HEAD, PASSWORD)
    return Actor(None, "lihm", OFFICER, "李红梅"), Actor(None, "wangjg", HEAD, "王建国")


def _listed(ctx, officer: Actor, head: Actor):
    from station_app.services.entities import EntityData

    card, _ = ctx.services.entities.save(EntityData(name="东平县城关老街食品店"))
    svc = ctx.services.lists
    ctx.auth.sign_in(officer)
    kind = svc.kind_named("红色合伙人").id
    draft = EntryDraft(card.data.id, kind, reason="诚信经营", listed_on=date(2026, 11, 2))
    row, _ = svc.propose(draft)
    ctx.auth.sign_in(head)
    row, _ = svc.approve(row.id, row.version)
    return row


def test_list_entries_and_publications_name_people(sqlite_ctx):
    from station_app.services.station import StationProfileData

    officer, head = _people(sqlite_ctx)
    sqlite_ctx.services.station.save_profile(StationProfileData(name="城关市场监督管理所"))
    row = _listed(sqlite_ctx, officer, head)
    assert (row.proposed_by, row.approved_by) == ("李红梅", "王建国")
    svc = sqlite_ctx.services.lists
    rows = svc.rows()
    assert "李红梅 / 王建国" in rows.fetch_rows(rows.fetch_ids("listed_on", False))[row.id]
    info, _ = svc.publish("2026")
    assert svc.publications()[0].generated_by == "王建国" == info.generated_by
    history = sqlite_ctx.services.audit.history("list_entry", row.id)
    assert {h.person for h in history} == {"李红梅", "王建国"}
    # someone who is not a user (an import's authority) stays as written; the jobs are 系统
    from station_app.domain.auth import person_name

    assert person_name("system", {}) == "系统"
    assert person_name("国家企业信用信息公示系统", {}) == "国家企业信用信息公示系统"


def test_history_panel_shows_names_and_field_labels(window, ui, qtbot):
    officer, head = _people(ui.app)
    row = _listed(ui.app, officer, head)
    window.show_page("lists")
    page = window.current_page()
    page.history.set_record(row.id)
    tree = page.history.tree
    operators = {tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())}
    assert operators == {"李红梅", "王建国"}
    # the station profile's history: the demo flag has its label, no column name is shown
    from station_app.services.station import StationProfileData

    profile = ui.services.station.get_profile()
    ui.services.station.save_profile(
        StationProfileData(name=profile.name, phone="0538-2281234", version=profile.version)
    )
    window.show_page("settings")
    settings = window.current_page()
    settings.history.load()
    texts = []
    tree = settings.history.tree
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        texts.append(item.text(3))
        texts += [item.child(j).text(2) for j in range(item.childCount())]
    assert texts and not [t for t in texts if re.search(r"[a-z]_[a-z]|^[a-z]+$", t)], texts
