"""Outreach events, consumer warnings, interviews and guidance: the rules of domain/outreach."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from station_app.domain import outreach as o
from station_app.domain.periods import SHANGHAI
from station_app.errors import ValidationError

TODAY = date(2026, 5, 20)
NOW = datetime(2026, 5, 20, 16, 0, tzinfo=SHANGHAI)


# -- events ----------------------------------------------------------------------------------
def test_event_kinds_as_typed():
    assert o.parse_event_kind("直播") == o.LIVE
    assert o.parse_event_kind("安全进社区") == o.COMMUNITY
    assert o.parse_event_kind("主题日") == o.THEME_DAY
    with pytest.raises(ValidationError, match="可填：直播"):
        o.parse_event_kind("跳广场舞")


def test_a_live_stream_counts_its_views():
    ok = o.check_event(o.EventDraft(o.LIVE, " 3·15 直播 ", TODAY, views=12000), TODAY)
    assert ok.title == "3·15 直播"
    with pytest.raises(ValidationError, match="观看人次"):
        o.check_event(o.EventDraft(o.LIVE, "直播", TODAY, participants=30), TODAY)


def test_other_events_count_heads_not_names():
    assert o.check_event(o.EventDraft(o.COMMUNITY, "进社区", TODAY, materials=300), TODAY)
    with pytest.raises(ValidationError, match="至少填写参与人数"):
        o.check_event(o.EventDraft(o.THEME_DAY, "宣传日", TODAY), TODAY)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        (dict(title=""), "活动名称"),
        (dict(held_on=TODAY + timedelta(days=1)), "晚于今天"),
        (dict(participants=-1), "参与人数须为 0 以上的整数"),
        (dict(participants=True), "参与人数"),
        (dict(kind="dance"), "不认识"),
    ],
)
def test_bad_events(kw, match):
    base = dict(kind=o.LECTURE, title="讲座", held_on=TODAY, participants=40)
    base.update(kw)
    with pytest.raises(ValidationError, match=match):
        o.check_event(o.EventDraft(**base), TODAY)


@pytest.mark.parametrize(
    ("text", "value"), [("50,000", 50000), ("5万", 50000), ("1.2万", 12000), ("", None), (7, 7)]
)
def test_head_counts_as_typed(text, value):
    assert o.parse_count(text, "观看人次") == value


def test_bad_head_counts():
    with pytest.raises(ValidationError, match="不是数字"):
        o.parse_count("很多", "观看人次")
    with pytest.raises(ValidationError, match="整数"):
        o.parse_count("1.5", "参与人数")


# -- consumer warnings -------------------------------------------------------------------------
TEXT = "近期部分经营者以充值优惠为名诱导消费者办理预付卡，随后关门停业。请谨慎充值，保留凭证。"


def test_a_warning_is_cleaned():
    w = o.check_warning(
        o.WarningDraft(
            " 预付卡消费警示 ", TEXT + "\n\n  第二段。", o.PREPAID, "春节", (o.SCREEN, o.WECHAT)
        )
    )
    assert w.title == "预付卡消费警示"
    assert w.text.endswith("\n第二段。")
    assert w.channels == (o.WECHAT, o.SCREEN)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        (dict(title=""), "警示标题"),
        (dict(title="长" * 61), "60 个字"),
        (dict(text="太短了"), "太短"),
        (dict(topic="x"), "主题"),
        (dict(channels=("tv",)), "渠道"),
    ],
)
def test_bad_warnings(kw, match):
    base = dict(title="预付卡", text=TEXT, topic=o.PREPAID)
    base.update(kw)
    with pytest.raises(ValidationError, match=match):
        o.check_warning(o.WarningDraft(**base))


def test_channels_and_topics_as_typed():
    assert o.parse_channels(["社区屏", "公众号、朋友圈"]) == (o.WECHAT, o.MOMENTS, o.SCREEN)
    assert o.channel_labels("screen wechat") == "公众号、社区屏"
    assert o.channels_text([o.SCREEN, o.WECHAT]) == "wechat screen"
    assert o.parse_warning_topic("家用电梯") == o.HOME_LIFT
    assert o.parse_warning_topic("保健品") == o.ELDERLY_HEALTH
    with pytest.raises(ValidationError, match="发布渠道“电视”不认识"):
        o.parse_channels("电视")


def test_publishing_needs_a_channel_and_a_day_not_ahead():
    assert o.check_publish([o.SCREEN, o.WECHAT], TODAY, TODAY) == (o.WECHAT, o.SCREEN)
    with pytest.raises(ValidationError, match="至少选择一个发布渠道"):
        o.check_publish([], TODAY, TODAY)
    with pytest.raises(ValidationError, match="晚于今天"):
        o.check_publish([o.WECHAT], TODAY + timedelta(days=1), TODAY)


def test_paragraphs():
    assert o.paragraphs("一\n\n  二 \n三") == ["一", "二", "三"]


# -- interviews ----------------------------------------------------------------------------------
def test_interviewees_as_typed():
    assert o.parse_interviewee("张三（店长）") == o.Interviewee("张三", "店长")
    assert o.parse_interviewee("李四:法定代表人") == o.Interviewee("李四", "法定代表人")
    assert o.parse_interviewee(" 王五 ") == o.Interviewee("王五")
    assert o.Interviewee("张三", "店长").label() == "张三（店长）"


def interview(**kw) -> o.InterviewDraft:
    base = dict(
        entity_id=1,
        at=NOW - timedelta(hours=2),
        topic="预付卡经营风险",
        interviewees=(o.Interviewee("张三", "店长"),),
        interviewers=("王所长", "李专员"),
        commitments=("一周内公示退费办法", " "),
    )
    base.update(kw)
    return o.InterviewDraft(**base)


def test_an_interview_is_cleaned():
    out = o.check_interview(interview(), NOW)
    assert out.commitments == ("一周内公示退费办法",)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        (dict(at=NOW + timedelta(hours=1)), "晚于现在"),
        (dict(topic=" "), "约谈事由"),
        (dict(interviewees=()), "被约谈人"),
        (dict(interviewers=()), "约谈人"),
        (dict(interviewers=("王所长", "王所长")), "重复"),
        (dict(follow_up_on=date(2026, 5, 19)), "回访核查日期早于约谈日期"),
    ],
)
def test_bad_interviews(kw, match):
    with pytest.raises(ValidationError, match=match):
        o.check_interview(interview(**kw), NOW)


# -- guidance -----------------------------------------------------------------------------------
def test_guidance_rules_and_numbers():
    g = o.check_guidance(
        o.GuidanceDraft(1, TODAY, " 从业人员健康证过期 ", ("尽快办理健康证", "")), TODAY
    )
    assert g.matters == "从业人员健康证过期" and g.advice == ("尽快办理健康证",)
    with pytest.raises(ValidationError, match="至少写一条指导意见"):
        o.check_guidance(o.GuidanceDraft(1, TODAY, "问题", ()), TODAY)
    with pytest.raises(ValidationError, match="早于发现违法行为"):
        o.check_guidance(
            o.GuidanceDraft(1, TODAY, "问题", ("改",)), TODAY, found_on=TODAY + timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="反馈期限早于签发日期"):
        o.check_guidance(
            o.GuidanceDraft(1, TODAY, "问题", ("改",), reply_by=TODAY - timedelta(days=1)), TODAY
        )
    assert o.doc_number("东市监城", o.GUIDANCE_MARK, 2026, 5) == "东市监城指〔2026〕5号"
    assert o.doc_number("", o.GUIDANCE_MARK, 2026, 5) == "市监指〔2026〕5号"


def test_figure_definitions_are_written_out():
    assert all(len(d) == 3 and d[2] for d in o.FIGURE_DEFINITIONS.values())
