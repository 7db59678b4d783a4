"""设置 → 违法行为类型 through the service, on SQLite and PostgreSQL: a type added and edited
(its code fixed), a listing added with its document, item, conditions and dates, an overlap
refused, a listing ended with a reason; the 首违不罚 check reads the listing in force on the
found day; bad input is a Chinese message with nothing written; only 所长/管理员 may edit;
every change audited."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain.auth import OFFICER, Actor
from station_app.domain.violations import types as vt
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.violations import TypeDraft, ViolationInput
from tests.services.visits_helpers import setup_station

CODE = "R-BEYOND-SCOPE"  # seeded without a listing
DOC = "鲁市监规〔2026〕3号"


@pytest.fixture
def st(ctx):
    return setup_station(ctx)


def listing(**kw) -> vt.Listing:
    base = dict(type_code=CODE, list_kind="minor", document=DOC, list_name="山东省市场监管轻微违法行为不予处罚清单",
                item_no=7, effective_from=date(2026, 6, 1), conditions=("首次被发现", "及时改正"))  # fmt: skip
    base.update(kw)
    return vt.Listing(**base)


def test_a_type_is_added_edited_and_retired_but_keeps_its_code(ctx, st):
    svc = ctx.services.violations
    new = vt.ViolationType(
        "L-SIGN", "未按规定公示营业执照", "登记注册", "《市场主体登记管理条例》第三十六条"
    )
    type_id, changes = svc.save_type(TypeDraft(new))
    assert changes.touches("violation_type")
    stored = next(t for t in svc.types() if t.id == type_id)
    assert stored.type.provision.endswith("第三十六条")
    edited = vt.ViolationType("L-SIGN", "未按规定公示营业执照", "登记注册", stored.type.provision,
                              "《市场主体登记管理条例》第四十八条第一款", active=False)  # fmt: skip
    svc.save_type(TypeDraft(edited, type_id, stored.version))
    assert all(t.id != type_id for t in svc.types())  # retired: not offered
    assert next(t for t in svc.types(include_inactive=True) if t.id == type_id).type.basis
    history = ctx.services.audit.history("violation_type", type_id)
    assert len(history) == 2 and history[0].changes["active"] == [True, False]
    current = next(t for t in svc.types(include_inactive=True) if t.id == type_id)
    with pytest.raises(ValidationError, match="类型编码保存后不能修改"):
        svc.save_type(TypeDraft(vt.ViolationType("L-SIGN2", "x", "其他"), type_id, current.version))
    with pytest.raises(ValidationError, match="已存在"):
        svc.save_type(TypeDraft(vt.ViolationType(CODE, "重复", "其他")))
    with pytest.raises(ValidationError, match="类别“乱写”不认识"):
        svc.save_type(TypeDraft(vt.ViolationType("X-1", "某类型", "乱写")))
    assert len(ctx.services.audit.history("violation_type", type_id)) == 2


def test_a_listing_makes_the_check_propose_and_its_end_stops_it(ctx, st):
    svc = ctx.services.violations
    before = svc.add(ViolationInput(st["a"], CODE, date(2026, 5, 20), harm="none",
                                    rectified_on=date(2026, 5, 20)))[0]  # fmt: skip
    assert not svc.leniency(before.id).eligible  # not on any list
    view, changes = svc.add_listing(listing())
    assert changes.touches("leniency_listing")
    (shown,) = svc.listings_of(CODE)
    assert shown.listing.conditions == ("首次被发现", "及时改正") and shown.id == view.id
    after = svc.add(ViolationInput(st["a"], CODE, date(2026, 7, 2), harm="none",
                                   rectified_on=date(2026, 7, 2)))[0]  # fmt: skip
    check = svc.leniency(after.id)
    assert check.ground == "minor" and check.listing.document == DOC
    assert not svc.leniency(before.id).eligible  # found before the listing began
    ended, changes = svc.end_listing(view.id, view.version, date(2026, 6, 30), "被新版清单替代")
    assert ended.listing.effective_to == date(2026, 6, 30) and changes.touches("leniency_listing")
    assert not svc.leniency(after.id).eligible  # found after it ended
    audit = ctx.services.audit.history("leniency_listing", view.id)
    assert audit[0].reason == "被新版清单替代"
    assert audit[0].changes["effective_to"] == [None, "2026-06-30"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"document": " "}, "请填写清单的发文字号"),
        ({"item_no": 0}, "清单序号须为正整数"),
        ({"effective_to": date(2026, 5, 1)}, "终止日期早于施行日期"),
        ({"list_kind": "乱写"}, "清单类别“乱写”不认识"),
    ],
)
def test_bad_listings_are_refused_and_nothing_is_written(ctx, st, bad, message):
    with pytest.raises(ValidationError, match=message):
        ctx.services.violations.add_listing(listing(**bad))
    assert ctx.services.violations.listings_of(CODE) == []


def test_overlap_and_bad_ends_are_refused(ctx, st):
    svc = ctx.services.violations
    view, _ = svc.add_listing(listing())
    with pytest.raises(ValidationError, match="有效期不能重叠；请先终止原事项"):
        svc.add_listing(listing(item_no=8, effective_from=date(2026, 9, 1)))
    with pytest.raises(ValidationError, match="早于该事项的施行日期"):
        svc.end_listing(view.id, view.version, date(2026, 5, 1), "录入错误需终止")
    with pytest.raises(ValidationError, match="须写明原因"):
        svc.end_listing(view.id, view.version, date(2026, 7, 1), "")
    assert len(svc.listings_of(CODE)) == 1 and svc.listings_of(CODE)[0].listing.effective_to is None
    svc.end_listing(view.id, view.version, date(2026, 8, 31), "被新版清单替代")
    svc.add_listing(listing(item_no=8, effective_from=date(2026, 9, 1)))  # after the end: fine
    assert len(svc.listings_of(CODE)) == 2


def test_only_the_head_edits_the_lists(ctx, st):
    ctx.auth.sign_in(Actor(None, "officer", OFFICER))
    with pytest.raises(PermissionDeniedError):
        ctx.services.violations.add_listing(listing())
    assert ctx.services.violations.listings_of(CODE) == []  # reading is for everyone
