"""Service visits (走访): topics, outcomes, team roles and make-up, the visit and request rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from station_app.domain.periods import SHANGHAI
from station_app.domain.visits import lists as vl
from station_app.domain.visits import rules as v
from station_app.errors import ValidationError

NOW = datetime(2026, 5, 20, 15, 0, tzinfo=SHANGHAI)
AT = datetime(2026, 5, 20, 9, 30, tzinfo=SHANGHAI)
SPEC = v.Member("王专员", v.SPECIALIST, person_id=1)
CADRE = v.Member("李干部", v.CADRE, person_id=2)
VOL = v.Member("赵志愿", v.VOLUNTEER, person_id=3)


def draft(**kw) -> v.VisitDraft:
    base = dict(at=AT, members=(SPEC, CADRE, VOL), topics=(v.ANNUAL_REPORT,), entity_id=7)
    base.update(kw)
    return v.VisitDraft(**base)


# -- topics and outcomes ---------------------------------------------------------------------
def test_topics_from_labels_short_forms_and_codes_in_canonical_order():
    assert v.parse_topics(["政策宣讲", "年报"]) == (v.ANNUAL_REPORT, v.POLICY)
    assert v.parse_topics("个转企、送照上门，credit_repair") == (
        v.CREDIT_REPAIR,
        v.TO_COMPANY,
        v.LICENCE_DELIVERY,
    )
    assert v.parse_topics([]) == ()
    assert v.topics_text([v.POLICY, v.ANNUAL_REPORT, v.POLICY]) == "annual_report policy"
    assert v.topic_labels("policy annual_report") == "年报申报、政策宣讲"


def test_an_unknown_topic_is_named_with_the_choices():
    with pytest.raises(ValidationError) as e:
        v.parse_topics(["年报申报", "打扫卫生"])
    assert "打扫卫生" in e.value.message and "个转企" in e.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("当场解决", (v.SOLVED, "")),
        ("已解决", (v.SOLVED, "")),
        ("待办理", (v.PENDING, "")),
        ("已转办:县局登记注册科", (v.REFERRED, "县局登记注册科")),
        ("已转办（社区居委会）", (v.REFERRED, "社区居委会")),
        ("转办：  税务所 ", (v.REFERRED, "税务所")),
        ("referred:工单", (v.REFERRED, "工单")),
    ],
)
def test_outcomes_as_typed(text, expected):
    assert v.parse_outcome(text) == expected


def test_an_unknown_outcome_says_how_to_write_a_referral():
    with pytest.raises(ValidationError) as e:
        v.parse_outcome("搞定了")
    assert "已转办:去向" in e.value.message


def test_member_roles_and_the_role_of_a_roster_person():
    assert v.parse_member_role("社区干部") == v.CADRE
    assert v.parse_member_role("专员") == v.SPECIALIST
    assert v.role_from_roster(["volunteer", "cadre"]) == v.CADRE
    assert v.role_from_roster(["enforcer"]) == v.STAFF
    with pytest.raises(ValidationError):
        v.parse_member_role("保安")


# -- teams -----------------------------------------------------------------------------------
def test_a_team_needs_members_each_once():
    assert v.check_members([SPEC, CADRE]) == (SPEC, CADRE)
    with pytest.raises(ValidationError, match="至少要有一名成员"):
        v.check_members([])
    with pytest.raises(ValidationError, match="出现了两次"):
        v.check_members([SPEC, CADRE, v.Member("王专员", v.CADRE, person_id=1)])
    with pytest.raises(ValidationError, match="花名册人员或系统用户之一"):
        v.check_members([v.Member("谁", v.STAFF)])
    # a user and a roster person with the same number are different members
    assert len(v.check_members([SPEC, v.Member("所长", v.STAFF, user_id=1)])) == 2


def test_team_make_up_is_warned_about_never_refused():
    assert v.team_warnings([SPEC, CADRE, VOL]) == []
    assert v.team_warnings([CADRE, VOL]) == ["缺少市场监管专员或所内人员"]
    assert v.team_warnings([SPEC]) == ["缺少社区干部、网格员或志愿者"]


def test_team_names():
    assert v.check_team_name("  城关 第一服务队 ") == "城关 第一服务队"
    with pytest.raises(ValidationError):
        v.check_team_name("")
    with pytest.raises(ValidationError, match="保留"):
        v.check_team_name(v.AD_HOC_TEAM)


def test_split_names():
    assert v.split_names("张三、李四, 王五，赵六") == ["张三", "李四", "王五", "赵六"]


# -- visits ---------------------------------------------------------------------------------
def test_a_visit_is_cleaned_and_its_requests_get_defaults():
    d = draft(
        topics=(v.POLICY, v.ANNUAL_REPORT),
        requests=(
            v.RequestDraft(" 想了解年报怎么填 ", v.SOLVED),
            v.RequestDraft("办理食品经营许可", v.REFERRED, handler="县局审批科"),
            v.RequestDraft("门头招牌审批", v.PENDING, due_on=date(2026, 5, 30)),
        ),
        team_name="",
    )
    out = v.check_visit(d, NOW, registered_on=date(2020, 1, 1))
    assert out.topics == (v.ANNUAL_REPORT, v.POLICY)
    assert out.team_name == v.AD_HOC_TEAM
    solved, referred, pending = out.requests
    assert solved.text == "想了解年报怎么填"
    assert solved.handler == "王专员" and solved.outcome_at == AT
    assert solved.topic == v.ANNUAL_REPORT
    assert referred.handler == "县局审批科"
    assert pending.due_on == date(2026, 5, 30)
    assert v.is_on_spot(solved.outcome, solved.outcome_at, AT)


def test_a_visit_before_the_entity_existed_is_refused_with_both_days():
    with pytest.raises(ValidationError) as e:
        v.check_visit(draft(), NOW, entity_name="张三小吃店", registered_on=date(2026, 6, 1))
    assert e.value.field == "at"
    assert "“张三小吃店”成立于 2026-06-01" in e.value.message
    assert "2026-05-20" in e.value.message


def test_a_visit_on_the_day_of_registration_is_fine():
    assert v.check_visit(draft(), NOW, registered_on=date(2026, 5, 20)).entity_id == 7


def test_a_visit_in_the_future_or_without_subject_or_topic_is_refused():
    with pytest.raises(ValidationError, match="晚于现在"):
        v.check_visit(draft(at=NOW + timedelta(hours=1)), NOW)
    with pytest.raises(ValidationError, match="走访地点"):
        v.check_visit(draft(entity_id=None, place="  "), NOW)
    with pytest.raises(ValidationError, match="至少选择一项走访事项"):
        v.check_visit(draft(topics=()), NOW)
    with pytest.raises(ValidationError, match="至少要有一名成员"):
        v.check_visit(draft(members=()), NOW)
    with pytest.raises(ValidationError, match="时区"):
        v.check_visit(draft(at=datetime(2026, 5, 20, 9, 30)), NOW)


def test_a_place_visit_needs_no_entity():
    out = v.check_visit(draft(entity_id=None, place=" 城关农贸市场 "), NOW)
    assert out.place == "城关农贸市场"


def test_the_day_of_a_visit_is_the_beijing_day():
    late_utc = datetime(2026, 5, 19, 17, 30, tzinfo=SHANGHAI).astimezone(UTC)
    assert v.visit_day(late_utc) == date(2026, 5, 19)
    assert v.visit_day(datetime(2026, 5, 19, 16, 30, tzinfo=UTC)) == date(2026, 5, 20)


@pytest.mark.parametrize(
    ("request_", "match"),
    [
        (v.RequestDraft("  "), "第 1 条诉求没有内容"),
        (v.RequestDraft("办证", v.REFERRED), "第 1 条诉求已转办，请写明转办给谁"),
        (v.RequestDraft("办证", outcome_at=AT - timedelta(minutes=1)), "早于走访时间"),
        (v.RequestDraft("办证", outcome_at=NOW + timedelta(hours=2)), "晚于现在"),
        (v.RequestDraft("办证", due_on=date(2026, 5, 19)), "承诺办结日期早于走访日期"),
        (v.RequestDraft("办证", topic="eat"), "事项"),
        (v.RequestDraft("办证", outcome="done"), "办理结果"),
        (v.RequestDraft("长" * 501), "不超过 500 字"),
    ],
)
def test_bad_requests_name_the_request(request_, match):
    with pytest.raises(ValidationError, match=match):
        v.check_visit(draft(requests=(request_,)), NOW)


def test_a_pending_due_day_is_dropped_for_other_outcomes():
    out = v.check_visit(
        draft(requests=(v.RequestDraft("x", v.SOLVED, due_on=date(2026, 6, 1)),)), NOW
    )
    assert out.requests[0].due_on is None


# -- later steps on a request ------------------------------------------------------------------
def test_requests_move_forward_only():
    later = AT + timedelta(days=2)
    ok = v.check_request_update(
        v.PENDING,
        v.RequestUpdate(v.SOLVED, "王专员", later),
        visit_at=AT,
        last_at=AT,
        now=NOW + timedelta(days=3),
    )
    assert ok.at == later
    ok = v.check_request_update(
        v.REFERRED, v.RequestUpdate(v.SOLVED, "县局"), visit_at=AT, last_at=AT, now=NOW
    )
    assert ok.at == NOW  # no time given: now
    with pytest.raises(ValidationError, match="已解决，不能再改变"):
        v.check_request_update(
            v.SOLVED, v.RequestUpdate(v.PENDING, "x"), visit_at=AT, last_at=AT, now=NOW
        )
    with pytest.raises(ValidationError, match="不能改为"):
        v.check_request_update(
            v.REFERRED, v.RequestUpdate(v.PENDING, "x"), visit_at=AT, last_at=AT, now=NOW
        )
    with pytest.raises(ValidationError, match="转办请写明"):
        v.check_request_update(
            v.PENDING, v.RequestUpdate(v.REFERRED), visit_at=AT, last_at=AT, now=NOW
        )
    with pytest.raises(ValidationError, match="早于走访或上一次办理"):
        v.check_request_update(
            v.PENDING,
            v.RequestUpdate(v.SOLVED, "x", AT + timedelta(hours=1)),
            visit_at=AT,
            last_at=AT + timedelta(hours=2),
            now=NOW,
        )


def test_every_outcome_has_its_transitions():
    assert set(v.REQUEST_TRANSITIONS) == set(v.OUTCOMES)
    assert v.REQUEST_TRANSITIONS[v.SOLVED] == frozenset()


# -- photos, void, figures -------------------------------------------------------------------
def test_photos_by_magic_bytes_and_size():
    assert v.check_photo("a.jpg", b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert v.check_photo("a.png", b"\x89PNG\r\n\x1a\nrest") == "image/png"
    with pytest.raises(ValidationError, match="不是 JPEG 或 PNG"):
        v.check_photo("a.gif", b"GIF89a")
    with pytest.raises(ValidationError, match="超过 5 MB"):
        v.check_photo("big.jpg", b"\xff\xd8\xff" + b"0" * v.MAX_PHOTO_BYTES)


def test_void_needs_a_reason():
    assert v.check_void_reason(" 重复登记了 ") == "重复登记了"
    with pytest.raises(ValidationError):
        v.check_void_reason("错")


def test_figures_have_definitions_and_the_rate_reads_two_counts():
    assert all(f.definition for f in vl.FIGURES)
    rate = vl.SOLVE_RATE
    assert rate.numerator in vl.FIGURE_BY_KEY and rate.denominator in vl.FIGURE_BY_KEY
    assert "÷" in rate.definition
    totals = vl.VisitTotals({rate.numerator: 3, rate.denominator: 4})
    assert totals.rate() == 0.75
    assert vl.VisitTotals({}).rate() is None
    assert vl.GroupCounts("G01", requests=4, solved=1).solve_rate == 0.25
    assert vl.GroupCounts("G02").solve_rate is None
