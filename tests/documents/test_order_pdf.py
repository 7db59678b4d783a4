"""The 工单处理单 (#14): A4, Chinese text with embedded fonts, the clocks and timeline, both
signature places, the 重办 lead, and a 举报's reporter never printed (举报人信息保密)."""

from __future__ import annotations

from pypdf import PdfReader

from station_app.services.orders import OrderInput
from tests.support.orders import bj, build_roster, set_now


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _fonts(path) -> set[str]:
    out = set()
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type0" or "Noto" in str(font.get("/BaseFont")):
                out.add(str(font["/BaseFont"]))
    return out


def test_report_order_sheet_keeps_the_reporter_confidential(ctx, monkeypatch, tmp_path):
    build_roster(ctx)
    set_now(ctx, monkeypatch, "2026-05-06 12:00")
    orders = ctx.services.orders
    data = OrderInput(
        kind="12315举报", received_at=bj("2026-04-30 09:00"), platform_no="13701022026043000032",
        text="某超市销售过期食品", subject_name="某超市", requester_name="张举报",
        requester_phone="13812345678", real_name=True,
    )  # fmt: skip
    view = orders.add(data)[0]
    orders.dispatch(view.number, bj("2026-04-30 09:30"), to="wang", reason="承办")
    out = orders.print_order(view.number, tmp_path / "order.pdf")
    reader = PdfReader(str(out))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = _text(out)
    for expected in ("工单处理单", view.number, "举报人信息保密", "核查时限", "派单", "承办专员（签字）",
                     "审核人（签字）", "第 1 页 共 1 页", "日志校验码"):  # fmt: skip
        assert expected in text, expected
    assert "张举报" not in text and "13812345678" not in text and "138****5678" not in text
    assert any("NotoSerifSC" in f for f in _fonts(out))


def test_rework_lead_on_the_sheet(ctx, monkeypatch, tmp_path):
    build_roster(ctx)
    set_now(ctx, monkeypatch, "2026-05-06 12:00")
    orders = ctx.services.orders
    data = OrderInput(kind="12345", received_at=bj("2026-05-06 09:00"),
                      platform_no="JN2026050600001", rework=2, text="缺斤短两",
                      requester_name="李四", requester_phone="13912345678")  # fmt: skip
    view = orders.add(data)[0]
    text = _text(orders.print_order(view.number, tmp_path / "o.pdf"))
    assert "第2次重办" in text and "分管副所长牵头" in text
    assert "139****5678" in text and "13912345678" not in text


def test_supervision_notice_names_both_supervisors_and_the_breach(ctx, monkeypatch, tmp_path):
    from station_app.services.station import StationProfileData

    ctx.services.station.save_profile(
        StationProfileData(name="城关市场监督管理所", doc_prefix="东市监城")
    )
    build_roster(ctx)
    set_now(ctx, monkeypatch, "2026-05-06 12:00")
    orders = ctx.services.orders
    data = OrderInput(kind="12345", received_at=bj("2026-05-06 08:00"),
                      platform_no="JN2026050600002", text="缺斤短两")  # fmt: skip
    view = orders.add(data)[0]
    import pytest

    from station_app.errors import ValidationError

    with pytest.raises(ValidationError, match="尚未督办"):
        orders.print_supervision(view.number, tmp_path / "s.pdf")
    orders.supervise(view.number, "王建国", "东关社区李书记", bj("2026-05-06 11:00"))
    text = _text(orders.print_supervision(view.number, tmp_path / "s.pdf"))
    for expected in ("督办通知单", "东市监城督〔2026〕1号", "派单时限", "已超时", "2小时",
                     "所方督办人（签字）：王建国", "社区方督办人（签字）：东关社区李书",
                     "2026年5月7日"):  # fmt: skip
        assert expected in text, expected


def test_report_notice_is_numbered_once_and_addressed_to_the_reporter(ctx, monkeypatch, tmp_path):
    from station_app.services.station import StationProfileData

    ctx.services.station.save_profile(
        StationProfileData(name="城关市场监督管理所", doc_prefix="东市监城")
    )
    build_roster(ctx)
    set_now(ctx, monkeypatch, "2026-05-08 12:00")
    orders = ctx.services.orders
    data = OrderInput(
        kind="12315举报", received_at=bj("2026-04-30 09:00"), platform_no="13701022026043000033",
        text="销售过期食品", subject_name="某超市", requester_name="张举报", real_name=True,
    )  # fmt: skip
    number = orders.add(data)[0].number
    orders.dispatch(number, bj("2026-04-30 09:30"), to="wang", reason="承办")
    orders.respond(number, bj("2026-04-30 10:00"))
    import pytest

    from station_app.errors import ValidationError

    with pytest.raises(ValidationError, match="已作出立案或不予立案决定"):
        orders.print_report_notice(number, tmp_path / "n.pdf")
    orders.decide(number, "不予立案", "现有证据不足以证明存在违法行为", bj("2026-05-06 10:00"))
    first, _ = orders.print_report_notice(number, tmp_path / "n.pdf")
    text = _text(first).replace("\n", "")
    for expected in ("举报不予立案告知书", "东市监城举不立〔2026〕1号", "张举报：", "2026年4月30日",
                     "现有证据不足以证明存在违法行为", "予以保密"):  # fmt: skip
        assert expected in text, expected
    again, _ = orders.print_report_notice(number, tmp_path / "n2.pdf")
    assert "举不立〔2026〕1号" in _text(again)  # a reprint keeps its number
    notes = [e for e in orders.show(number).timeline if e.step == "note"]
    assert len(notes) == 1
