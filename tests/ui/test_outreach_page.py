"""普法宣传 driven as the station would: an event typed in its form (a live stream without
views refused inline, nothing saved), a consumer warning drafted, then published by the head
with its number and previewed as the A4 notice; a clerk cannot publish."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from station_app.domain.auth import CLERK, Actor
from tests.ui.helpers import type_text


def page(window):
    window.show_page("outreach")
    return window.current_page()


def test_an_event_through_its_form(window, ui):
    p = page(window)
    assert p.event_table.rowCount() == 0
    p.new_event()
    d = p.dialog
    d.set_value("kind", "live")
    type_text(d.widgets["title"], "“以案说法”直播普法")
    d.set_value("held_on", date(2026, 11, 2))
    d.save()
    assert "直播普法请填写观看人次" in d.error.text() and d.isVisible()
    assert ui.services.outreach.events() == []
    d.set_value("views", 8518)
    d.save()
    assert not d.isVisible()
    assert p.event_table.rowCount() == 1 and p.event_table.item(0, 5).text() == "8518"
    assert p.event_table.item(0, 4).text() == ""  # not counted, not 0


def test_draft_then_publish_a_warning(window, ui):
    p = page(window)
    p.new_warning()
    d = p.dialog
    type_text(d.widgets["title"], "关于预付式消费的消费警示")
    d.widgets["text"].setPlainText("近期部分健身、美容机构预付卡经营者闭店，请消费者理性办卡。\n"
                                   "办卡前查看经营者资质，签订书面合同，保留付款凭证。")  # fmt: skip
    d.set_value("topic", "prepaid")
    d.set_value("channels", ("wechat", "screen"))
    d.save()
    assert not d.isVisible()
    assert p.warning_table.item(0, 5).text() == "草稿"
    p.warning_table.selectRow(0)
    p.publish_current()
    pub = p.dialog
    pub.set_value("on", date(2026, 11, 12))
    pub.save()
    assert not pub.isVisible()
    (w,) = ui.services.outreach.warnings()
    assert w.published_on == date(2026, 11, 12) and w.number.endswith("消示〔2026〕1号")
    assert p.warning_table.item(0, 5).text() == "2026-11-12 发布"
    text = "".join(x.extract_text() for x in PdfReader(p.preview.path).pages)
    assert "消费警示" in text and w.number in text.replace("\n", "")


def test_a_clerk_drafts_but_does_not_publish(window, ui):
    ui.app.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))
    p = page(window)
    assert not p.publish_button.isEnabled()
