"""Outreach events and consumer warnings on SQLite and PostgreSQL: head counts checked, a
warning drafted, published with a number and printed as an A4 notice (text and fonts checked),
bad input refused with nothing written."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain import outreach as o
from station_app.domain.auth import CLERK, Actor
from station_app.domain.periods import parse_period
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.station import StationProfileData

TEXT = (
    "近期，部分美容美发、健身场馆以大额优惠诱导消费者办理预付卡，随后关门停业。\n"
    "市场监管部门提醒广大消费者：理性办卡，不轻信高额折扣，保留好合同和付款凭证。"
)


@pytest.fixture
def svc(ctx):
    ctx.clock.set_day(date(2026, 11, 20))
    ctx.services.station.save_profile(
        StationProfileData(
            name="城关市场监督管理所", county_bureau="东平县市场监督管理局", doc_prefix="东市监城"
        )
    )
    return ctx.services.outreach


def test_events_are_counted_and_bad_counts_refused(svc):
    svc.add_event(o.EventDraft("live", "3·15 消费维权直播", date(2026, 3, 15), views=12000))
    svc.add_event(o.EventDraft("community", "安全进社区", date(2026, 6, 1), materials=300,
                               reached=800))  # fmt: skip
    with pytest.raises(ValidationError, match="直播普法请填写观看人次"):
        svc.add_event(o.EventDraft("live", "直播", date(2026, 6, 2)))
    with pytest.raises(ValidationError, match="晚于今天"):
        svc.add_event(o.EventDraft("lecture", "讲座", date(2026, 12, 2), participants=30))
    assert len(svc.events()) == 2
    f = svc.figures(parse_period("2026"))
    assert (f["outreach.events"], f["outreach.live"], f["outreach.views"]) == (2, 1, 12000)
    assert (f["outreach.materials"], f["outreach.reached"]) == (300, 800)


def test_warning_published_as_an_a4_notice(ctx, svc, tmp_path):
    from pypdf import PdfReader

    draft, _ = svc.add_warning(o.WarningDraft("关于预付式消费的消费警示", TEXT, "prepaid",
                                              season="春节", channels=("wechat", "screen")))  # fmt: skip
    assert draft.published_on is None and draft.number == ""
    out = tmp_path / "警示.pdf"
    ctx.auth.sign_in(Actor(None, "clerk", CLERK, "内勤"))
    with pytest.raises(PermissionDeniedError):
        svc.publish_warning(draft.id, draft.version, out)
    assert not out.exists()
    ctx.auth.sign_in(Actor(None, "head", "head", "所长"))
    with pytest.raises(ValidationError, match="晚于今天"):
        svc.publish_warning(draft.id, draft.version, out, on=date(2026, 12, 1))
    assert svc.warning(draft.id).published_on is None and not out.exists()
    view, changes = svc.publish_warning(draft.id, draft.version, out)
    assert view.number == "东市监城消示〔2026〕1号" and view.published_on == date(2026, 11, 20)
    assert changes.touches("consumer_warning")
    reader = PdfReader(out)
    page = reader.pages[0]
    assert abs(float(page.mediabox.width) - 595.3) < 1  # A4
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    for needed in ("消费警示", "关于预付式消费的消费警示", "理性办卡", "12315", "公众号、社区屏",
                   "东平县市场监督管理局", "2026年11月20日", "东市监城消示〔2026〕1号"):  # fmt: skip
        assert needed in text, needed
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("Noto" in f or "Serif" in f for f in fonts), fonts
    again, _ = svc.publish_warning(view.id, view.version, tmp_path / "again.pdf")
    assert again.number == view.number  # a reprint keeps its number


def test_publishing_needs_a_channel(svc, tmp_path):
    draft, _ = svc.add_warning(o.WarningDraft("家用电梯安全消费警示", TEXT, "home_lift"))
    with pytest.raises(ValidationError, match="请至少选择一个发布渠道"):
        svc.publish_warning(draft.id, draft.version, tmp_path / "x.pdf")
    assert svc.warning(draft.id).number == ""
