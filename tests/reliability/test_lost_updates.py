"""Issue 21, item 4: no lost update anywhere.

Two PCs hold the same record; the second saves first. Every way the first can then write what
it holds (a save, a delete, a grade override, a step of a case, an approval) must be refused
with a ``ConflictError`` that writes nothing (no row, no audit entry), whatever the second PC
changed (a field, or only a child list: industries, communities, attendees, a photo). The
ledger import re-checks at write time what it compared earlier. SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from station_app.domain.auth import HEAD, OFFICER, Actor
from station_app.errors import ConflictError

pytestmark = pytest.mark.slow

D = date(2026, 3, 2)
OFFICER_A = Actor(None, "lihm", OFFICER, "李红梅")
HEAD_B = Actor(None, "wangjg", HEAD, "王建国")


def _audit_rows(ctx) -> int:
    with ctx.db.core_read() as con:
        return con.exec_driver_sql("SELECT count(*) FROM audit_log").scalar_one()


def refused(ctx, stale_write: Callable[[], object]) -> None:
    """``stale_write`` (what the first PC sends) is refused and leaves no trace."""
    before = _audit_rows(ctx)
    with pytest.raises(ConflictError):
        stale_write()
    assert _audit_rows(ctx) == before, "a refused stale write left an audit row"


# -- entities ----------------------------------------------------------------------------------


def _entity(ctx, name="城关镇张三记餐馆", **kw):
    from station_app.services.entities import EntityData

    data = EntityData(name=name, address="东平县城关镇人民路12号", industries=("餐饮服务",), **kw)
    return ctx.services.entities.save(data)[0].data


def entity_save(ctx):
    svc = ctx.services.entities
    mine = _entity(ctx)
    svc.save(replace(mine, legal_rep="张三"))  # the other PC
    refused(ctx, lambda: svc.save(replace(mine, note="我的备注")))
    assert svc.get(mine.id).data.legal_rep == "张三"


def entity_save_after_children_only(ctx):
    svc = ctx.services.entities
    mine = _entity(ctx)
    svc.save(replace(mine, industries=("餐饮服务", "食品销售")))  # only the industries
    refused(ctx, lambda: svc.save(replace(mine, note="我的备注")))
    assert set(svc.get(mine.id).data.industries) == {"餐饮服务", "食品销售"}


def entity_delete(ctx):
    svc = ctx.services.entities
    mine = _entity(ctx)
    svc.save(replace(mine, legal_rep="张三"))
    refused(ctx, lambda: svc.delete(mine.id, mine.version, "重复登记"))
    assert svc.get(mine.id).data.legal_rep == "张三"


def entity_grade_override(ctx):
    svc = ctx.services.entities
    mine = _entity(ctx)
    svc.override_grade(mine.id, "C", "现场检查发现问题", mine.version)  # the other PC
    refused(ctx, lambda: svc.override_grade(mine.id, "A", "现场核查良好", mine.version))
    assert svc.get(mine.id).grade_override == "C"


def entity_clear_override(ctx):
    svc = ctx.services.entities
    mine = _entity(ctx)
    card, _ = svc.override_grade(mine.id, "C", "现场检查发现问题", mine.version)
    version = card.data.version
    svc.override_grade(mine.id, None, "", version)  # the other PC clears it
    refused(ctx, lambda: svc.override_grade(mine.id, "D", "多次投诉", version))
    assert svc.get(mine.id).grade_override is None


# -- roster ------------------------------------------------------------------------------------


def _grid(ctx, code="GZ01"):
    from station_app.services.roster import GridData

    return ctx.services.roster.save_grid(GridData(code, "东关社区网格", ("东关社区",)))[0]


def _person(ctx, name="张建华"):
    from station_app.domain.roster_rules import SPECIALIST
    from station_app.services.roster import PersonData

    return ctx.services.roster.save_person(PersonData(name, (SPECIALIST,)))[0]


def grid_save(ctx):
    roster = ctx.services.roster
    mine = _grid(ctx)
    roster.save_grid(replace(mine, name="东关网格"))
    refused(ctx, lambda: roster.save_grid(replace(mine, note="我的备注")))
    assert roster.get_grid(mine.id).name == "东关网格"


def grid_save_after_communities_only(ctx):
    roster = ctx.services.roster
    mine = _grid(ctx)
    roster.save_grid(replace(mine, communities=("东关社区", "王庄村")))
    refused(ctx, lambda: roster.save_grid(replace(mine, note="我的备注")))
    assert roster.get_grid(mine.id).communities == ("东关社区", "王庄村")


def grid_delete(ctx):
    roster = ctx.services.roster
    mine = _grid(ctx)
    roster.save_grid(replace(mine, name="东关网格"))
    refused(ctx, lambda: roster.delete_grid(mine.id, mine.version, "撤销"))
    assert roster.get_grid(mine.id).name == "东关网格"


def person_save(ctx):
    roster = ctx.services.roster
    mine = _person(ctx)
    roster.save_person(replace(mine, organisation="城关所"))
    refused(ctx, lambda: roster.save_person(replace(mine, note="我的备注")))
    assert roster.get_person(mine.id).organisation == "城关所"


def person_delete(ctx):
    roster = ctx.services.roster
    mine = _person(ctx)
    roster.save_person(replace(mine, organisation="城关所"))
    refused(ctx, lambda: roster.delete_person(mine.id, mine.version, "录入错误"))
    assert roster.get_person(mine.id).organisation == "城关所"


def person_leaves(ctx):
    roster = ctx.services.roster
    mine = _person(ctx)
    roster.save_person(replace(mine, organisation="城关所"))
    refused(ctx, lambda: roster.person_leaves(mine.id, D, mine.version, "调离"))
    assert roster.get_person(mine.id).left_on is None


def assignment_end(ctx):
    roster = ctx.services.roster
    grid, person = _grid(ctx), _person(ctx)
    member, _ = roster.assign(grid.id, person.id, person.roles[0], D)
    roster.end_assignment(member.assignment_id, date(2026, 6, 30), member.version, "调岗")
    refused(
        ctx,
        lambda: roster.end_assignment(member.assignment_id, date(2026, 5, 1), member.version),
    )
    (now,) = roster.grid_history(grid.id)
    assert now.end_on == date(2026, 6, 30)


def _training(ctx, attendees=()):
    from station_app.services.roster import TrainingData

    data = TrainingData(D, "食品安全法规培训", lecturer="王老师")
    return ctx.services.roster.save_training(data, list(attendees))[0]


def training_save(ctx):
    roster = ctx.services.roster
    mine = _training(ctx)
    roster.save_training(replace(mine, location="所会议室"))
    refused(ctx, lambda: roster.save_training(replace(mine, note="我的备注")))
    assert roster.get_training(mine.id)[0].location == "所会议室"


def training_save_after_attendees_only(ctx):
    roster = ctx.services.roster
    person = _person(ctx)
    mine = _training(ctx)
    roster.save_training(mine, [person.id])  # only the attendance list
    refused(ctx, lambda: roster.save_training(replace(mine, note="我的备注"), []))
    assert roster.get_training(mine.id)[1] == [person.id]


def training_delete(ctx):
    roster = ctx.services.roster
    mine = _training(ctx)
    roster.save_training(replace(mine, location="所会议室"))
    refused(ctx, lambda: roster.delete_training(mine.id, mine.version, "重复"))
    assert roster.get_training(mine.id)[0].location == "所会议室"


# -- station, grading rules --------------------------------------------------------------------


def station_profile_save(ctx):
    from station_app.services.station import StationProfileData

    svc = ctx.services.station
    mine, _ = svc.save_profile(StationProfileData(name="城关市场监督管理所"))
    svc.save_profile(replace(mine, phone="0538-2281234"))
    refused(ctx, lambda: svc.save_profile(replace(mine, address="人民路88号")))
    assert svc.get_profile().phone == "0538-2281234"


def grading_rules_save(ctx):
    svc = ctx.services.grading_rules
    mine = svc.get()
    cap = mine.rules.penalty_cap
    svc.save({**mine.rules.__dict__, "penalty_cap": cap + 5}, mine.version, "调整")
    refused(ctx, lambda: svc.save({**mine.rules.__dict__, "penalty_cap": cap + 1}, mine.version))
    refused(ctx, lambda: svc.restore_defaults(mine.version))
    assert svc.get().rules.penalty_cap == cap + 5


# -- lists -------------------------------------------------------------------------------------


def _proposed(ctx, kind="食品安全黑榜"):
    from station_app.domain.lists import MODERATE
    from station_app.services.lists import EntryDraft

    entity = _entity(ctx, "东平县黑心餐饮有限公司")
    svc = ctx.services.lists
    ctx.auth.sign_in(OFFICER_A)
    draft = EntryDraft(
        entity.id,
        svc.kind_named(kind).id,
        reason="经核查存在违法行为",
        listed_on=date(2026, 6, 20),
        tier=MODERATE,
    )
    return svc.propose(draft, today=date(2026, 6, 20))[0]


def list_entry_approve_and_refuse(ctx):
    svc = ctx.services.lists
    mine = _proposed(ctx)
    svc.refuse(mine.id, mine.version, "证据不足")  # another officer sends it back
    ctx.auth.sign_in(HEAD_B)
    refused(ctx, lambda: svc.approve(mine.id, mine.version))
    ctx.auth.sign_in(OFFICER_A)
    refused(ctx, lambda: svc.refuse(mine.id, mine.version, "重复"))
    assert svc.entry(mine.id).refusal_reason == "证据不足"


def list_entry_remove(ctx):
    from station_app.domain.lists import CORRECTED, REVOKED

    svc = ctx.services.lists
    proposed = _proposed(ctx)
    ctx.auth.sign_in(HEAD_B)
    mine, _ = svc.approve(proposed.id, proposed.version)
    ctx.auth.sign_in(OFFICER_A)
    svc.remove(mine.id, mine.version, REVOKED, "处罚决定被撤销", date(2026, 7, 1))
    refused(ctx, lambda: svc.remove(mine.id, mine.version, CORRECTED, "录入错误"))
    assert svc.entry(mine.id).removed_on == date(2026, 7, 1)


def list_kind_save(ctx):
    svc = ctx.services.lists
    ctx.auth.sign_in(HEAD_B)
    mine = svc.kind_named("食品安全黑榜")
    svc.save_kind(replace(mine, note="县局统一口径"))
    refused(ctx, lambda: svc.save_kind(replace(mine, sort_order=mine.sort_order + 5)))
    assert svc.kind(mine.id).note == "县局统一口径"


def repair_check_and_decide(ctx):
    svc = ctx.services.lists
    proposed = _proposed(ctx)
    ctx.auth.sign_in(HEAD_B)
    entry, _ = svc.approve(proposed.id, proposed.version)
    ctx.auth.sign_in(OFFICER_A)
    mine, _ = svc.apply_repair(entry.id, date(2026, 9, 25), "已履行行政处罚，已整改")
    svc.check_repair(mine.id, mine.version, "罚款已缴纳", checked_on=date(2026, 9, 28))
    refused(ctx, lambda: svc.check_repair(mine.id, mine.version, "无同类处罚"))
    ctx.auth.sign_in(HEAD_B)
    refused(ctx, lambda: svc.decide_repair(mine.id, mine.version, True, "同意"))
    assert svc.repair(mine.id).check_note == "罚款已缴纳"


# -- complaints --------------------------------------------------------------------------------


def _complaint(ctx):
    from station_app.services.complaints import ComplaintInput

    data = ComplaintInput(
        channel="12315",
        received_on=date(2026, 10, 8),
        complainant_name="张小明",
        complainant_phone="13812348000",
        complainant_address="东平县城关镇幸福路12号",
        respondent_name="东平县鑫源家电销售有限公司",
        respondent_address="东平县城关镇人民路120号",
        goods="空调一台",
        amount_fen=329900,
        claim="退货",
        facts="安装后制冷不良，两次维修未解决。",
    )
    return ctx.services.complaints.register(data)[0]


def complaint_update_registration(ctx):
    svc = ctx.services.complaints
    view = _complaint(ctx)
    mine = view.to_input()
    svc.update_registration(view.id, replace(mine, goods="空调两台"))
    refused(ctx, lambda: svc.update_registration(view.id, replace(mine, claim="换货")))
    assert svc.get(view.id).goods == "空调两台"


def complaint_step(ctx):
    from station_app.domain import complaints as rules

    svc = ctx.services.complaints
    mine = _complaint(ctx)
    ground, reason = next(iter(rules.REFUSAL_GROUNDS)), next(iter(rules.TERMINATION_REASONS))
    svc.accept(mine.id, date(2026, 10, 9), mine.version)
    refused(ctx, lambda: svc.refuse(mine.id, date(2026, 10, 9), ground, "", mine.version))
    accepted = svc.get(mine.id)
    way = rules.WAYS[0]
    svc.add_session(mine.id, date(2026, 10, 12), way, "所调解室", "首次调解", accepted.version)
    late = accepted.version
    refused(ctx, lambda: svc.terminate(mine.id, date(2026, 10, 13), reason, "说明", late))
    assert svc.get(mine.id).status == accepted.status and len(svc.get(mine.id).sessions) == 1


def service_station_save(ctx):
    from station_app.services.complaints import StationData

    svc = ctx.services.complaints
    mine, _ = svc.save_station(StationData("东关社区服务站"))
    svc.save_station(replace(mine, contact_name="王芳"))
    refused(ctx, lambda: svc.save_station(replace(mine, place="东关社区居委会")))
    assert svc.stations()[0].contact_name == "王芳"


# -- sweeps ------------------------------------------------------------------------------------


def _capture(ctx):
    from station_app.services.sweeps import SweepData

    grid = _grid(ctx, "GZ09")
    return ctx.services.sweeps.capture(SweepData(grid.id, "老王烧烤", "东关路3号"))[0].data


def sweep_edit(ctx):
    svc = ctx.services.sweeps
    mine = _capture(ctx)
    svc.edit(replace(mine, operator="王某"))
    refused(ctx, lambda: svc.edit(replace(mine, note="我的备注")))
    assert svc.get(mine.id).data.operator == "王某"


def sweep_edit_after_photo_only(ctx):
    svc = ctx.services.sweeps
    mine = _capture(ctx)
    svc.edit(mine, photo=b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)  # only the photo
    refused(ctx, lambda: svc.edit(replace(mine, note="我的备注"), remove_photo=True))
    assert svc.get(mine.id).has_photo


def sweep_resolve(ctx):
    svc = ctx.services.sweeps
    mine = _capture(ctx)
    other = _entity(ctx, "东关路老王烧烤店")
    svc.edit(replace(mine, operator="王某"))
    refused(ctx, lambda: svc.link(mine.id, other.id, mine.version))
    refused(ctx, lambda: svc.dismiss(mine.id, "非经营场所", mine.version))
    refused(ctx, lambda: svc.register(mine.id, mine.version))
    card, _ = svc.link(mine.id, other.id, mine.version + 1)
    svc.reopen(mine.id, "关联错了", card.data.version)
    refused(ctx, lambda: svc.reopen(mine.id, "再撤销一次", card.data.version))
    assert svc.get(mine.id).status == "待关联"


SCENARIOS = [
    entity_save,
    entity_save_after_children_only,
    entity_delete,
    entity_grade_override,
    entity_clear_override,
    grid_save,
    grid_save_after_communities_only,
    grid_delete,
    person_save,
    person_delete,
    person_leaves,
    assignment_end,
    training_save,
    training_save_after_attendees_only,
    training_delete,
    station_profile_save,
    grading_rules_save,
    list_entry_approve_and_refuse,
    list_entry_remove,
    list_kind_save,
    repair_check_and_decide,
    complaint_update_registration,
    complaint_step,
    service_station_save,
    sweep_edit,
    sweep_edit_after_photo_only,
    sweep_resolve,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.__name__ for s in SCENARIOS])
def test_a_stale_write_is_refused_and_the_other_save_kept(ctx, scenario):
    scenario(ctx)


# -- the ledger import -------------------------------------------------------------------------


class _OtherPcAtWrite:
    """A progress that lets another PC save while the import is between its comparison and
    its write (the window in which the old import overwrote edits: 2/2 on both databases)."""

    def __init__(self, act: Callable[[], None]) -> None:
        self._act = act
        self.acted = False

    def report(self, done: int, total: int, text: str = "") -> None:
        if text.startswith("正在写入") and not self.acted:
            self.acted = True
            self._act()

    @property
    def cancelled(self) -> bool:
        return False


def _ledger(path, rows):
    from tests.services.ledgers import write_ledger

    blank = ["", "", "", "", "", ""]
    return write_ledger(
        path, [[n, name, code, rep, "", addr, *blank] for n, name, code, rep, addr in rows]
    )


def test_ledger_import_rechecks_at_write_time_and_lists_what_changed(ctx, tmp_path):
    from station_app.services.entities import EntityData
    from tests.services.ledgers import code

    svc, entities = ctx.services.entity_import, ctx.services.entities
    first = [
        (1, "城关镇张三记餐馆", code("2", 1), "张三", "人民路1号"),
        (2, "东平县鑫源商贸有限公司", code("1", 2), "李四", "佛山街8号"),
        (3, "老湖镇王五便利店", code("2", 3), "王五", "建设路3号"),
    ]
    svc.run(_ledger(tmp_path / "a.xlsx", first))
    by_code = {e.uscc: e for e in (entities.get(i).data for i in _ids(ctx))}
    a, b, c = (by_code[row[2]] for row in first)
    second = [
        (1, a.name, a.uscc, "张三丰", a.address),  # changed meanwhile: must not be overwritten
        (2, b.name, b.uscc, "李四光", b.address),  # deleted meanwhile
        (3, c.name, c.uscc, "王五六", c.address),  # untouched: updated
        (4, "州城街道赵六面馆", code("2", 4), "赵六", "州城街道5号"),  # new
        (5, "戴庙镇孙七超市", code("2", 5), "孙七", "戴庙镇2号"),  # registered meanwhile
    ]
    ledger = _ledger(tmp_path / "b.xlsx", second)

    def other_pc() -> None:
        entities.save(replace(a, legal_rep="张三（他人改）"))
        entities.delete(b.id, b.version, "注销")
        entities.save(EntityData(name="戴庙镇孙七超市", uscc=code("2", 5), address="戴庙镇2号"))

    progress = _OtherPcAtWrite(other_pc)
    result, _ = svc.run(ledger, progress=progress)
    assert progress.acted and result.committed
    assert entities.get(a.id).data.legal_rep == "张三（他人改）", "the ledger overwrote an edit"
    assert entities.get(c.id).data.legal_rep == "王五六"
    left_out = {m.row: m for m in result.changed_meanwhile}
    header = 4  # the ledger's header row (after a title, a note and a blank row)
    assert sorted(left_out) == [header + 1, header + 2, header + 5]
    assert "修改" in left_out[header + 1].reason and "删除" in left_out[header + 2].reason
    assert result.inserted == 1 and result.updated == 1
    assert result.as_json()["changed_meanwhile"] == 3
    history = ctx.services.audit.history("entity", c.id)[0]
    assert history.changes["legal_rep"] == ["王五", "王五六"]  # a true "before"
    codes = [entities.get(i).data.uscc for i in _ids(ctx)]
    assert codes.count(code("2", 5)) == 1

    again, _ = svc.run(ledger, only_rows=frozenset([header + 1]))  # importable again
    assert again.updated == 1 and again.total == 1 and not again.changed_meanwhile
    assert entities.get(a.id).data.legal_rep == "张三丰"
    assert ctx.services.audit.history("entity", a.id)[0].changes["legal_rep"] == [
        "张三（他人改）",
        "张三丰",
    ]


def _ids(ctx) -> list[int]:
    return ctx.services.entities.rows().fetch_ids(None, False).tolist()
