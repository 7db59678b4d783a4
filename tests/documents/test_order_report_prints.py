"""The 举报 prints (#14, FACTS §2.7/§2.8) on SQLite and PostgreSQL: the 举报登记表 (internal,
举报人信息保密, the phone masked), the 立案 / 不予立案 告知书 numbered from the shared counter
and addressed to the real-name reporter; and a scan of every other output — 工单处理单, 督办通知单,
the list, the figures, the county report package with its detail sheets — that never carries
the reporter's name or phone."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader

from station_app.domain.orders.listing import LIST_COLUMNS, OrderFilter
from station_app.domain.periods import parse_period
from station_app.errors import ValidationError
from station_app.services.orders import OrderInput
from tests.support.orders import bj, build_roster, set_now

NAME, PHONE, MASKED = "张举报", "13812345678", "138****5678"


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _fonts(path) -> set[str]:
    out = set()
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            out.add(str(font.get_object().get("/BaseFont")))
    return out


@pytest.fixture
def station(ctx):
    from station_app.services.station import StationProfileData

    ctx.services.station.save_profile(
        StationProfileData(name="城关市场监督管理所", doc_prefix="东市监城")
    )
    return build_roster(ctx)


def report(ctx, platform_no="13701022026043000032", real_name=True):
    orders = ctx.services.orders
    data = OrderInput(
        kind="12315举报", received_at=bj("2026-04-30 09:00"), platform_no=platform_no,
        text="某超市销售过期食品", subject_name="城关镇某超市", subject_address="人民路1号",
        requester_name=NAME, requester_phone=PHONE, real_name=real_name,
    )  # fmt: skip
    view = orders.add(data)[0]
    orders.dispatch(view.number, bj("2026-04-30 09:30"), to="wang", reason="承办")
    return orders.respond(view.number, bj("2026-04-30 10:00"))[0]


def test_report_form_is_internal_with_the_phone_masked(ctx, station, monkeypatch, tmp_path):
    set_now(ctx, monkeypatch, "2026-05-06 12:00")
    orders = ctx.services.orders
    view = report(ctx)
    orders.decide(view.number, "不予立案", "举报事项经核查不属实", bj("2026-05-06 10:00"))
    out = orders.print_report_form(view.number, tmp_path / "form.pdf")
    text = _text(out)
    for expected in ("内部资料", "举报人信息保密", "举报登记表", view.number, NAME, MASKED,
                     "城关镇某超市", "核查时限", "不予立案", "举报事项经核查不属实", "实名",
                     "负责人意见", "日志校验码", "第 1 页 共 1 页"):  # fmt: skip
        assert expected in text, expected
    assert PHONE not in text
    assert any("NotoSerifSC" in f for f in _fonts(out))
    assert not any("Helvetica" in f for f in _fonts(out))
    rows = ctx.services.audit.history("work_order", view.id)
    assert rows[0].reason == "打印举报登记表"  # the reporter's name left the database
    hotline = orders.add(
        OrderInput(
            kind="12345",
            received_at=bj("2026-05-06 09:00"),
            platform_no="JN2026050600009",
            text="缺斤短两",
        )
    )[0]
    with pytest.raises(ValidationError, match="只有12315举报有举报登记表"):
        orders.print_report_form(hotline.number, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_notices_numbered_from_the_shared_counter(ctx, station, monkeypatch, tmp_path):
    set_now(ctx, monkeypatch, "2026-05-06 12:00")
    orders = ctx.services.orders
    refused = report(ctx)
    with pytest.raises(ValidationError, match="已作出立案或不予立案决定"):
        orders.print_report_notice(refused.number, tmp_path / "early.pdf")
    orders.decide(refused.number, "不予立案", "举报事项经核查不属实", bj("2026-05-06 10:00"))
    path, _ = orders.print_report_notice(refused.number, tmp_path / "no.pdf")
    text = _text(path).replace("\n", "")
    for expected in ("举报不予立案告知书", "东市监城举不立〔2026〕1号", f"{NAME}：", "不予立案",
                     "举报事项经核查不属实", "依法予以保密", "城关市场监督管理所"):  # fmt: skip
        assert expected in text, expected
    assert PHONE not in text and MASKED not in text
    again, _ = orders.print_report_notice(refused.number, tmp_path / "again.pdf")
    assert "东市监城举不立〔2026〕1号" in _text(again)  # a reprint keeps its number
    filed = report(ctx, "13701022026043000033")
    orders.decide(filed.number, "立案", "", bj("2026-05-06 10:30"))
    text = _text(orders.print_report_notice(filed.number, tmp_path / "yes.pdf")[0])
    assert "举报立案告知书" in text and "东市监城举立〔2026〕1号" in text and "决定立案调查" in text
    anonymous = report(ctx, "13701022026043000034", real_name=False)
    orders.decide(anonymous.number, "立案", "", bj("2026-05-06 10:40"))
    with pytest.raises(ValidationError, match="匿名举报没有告知对象"):
        orders.print_report_notice(anonymous.number, tmp_path / "anon.pdf")


def _package_text(path) -> str:
    parts = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            if name.endswith(".pdf"):
                reader = PdfReader(io.BytesIO(data))
                parts.append("".join(p.extract_text() for p in reader.pages))
            elif name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(data)) as book:
                    parts += [book.read(n).decode("utf-8", "replace") for n in book.namelist()]
            else:
                parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


def test_the_reporter_is_on_no_other_output(ctx, station, monkeypatch, tmp_path):
    set_now(ctx, monkeypatch, "2026-05-27 12:00")
    orders = ctx.services.orders
    view = report(ctx)  # its 核查 (15 working days) ran out on 5月25日
    orders.supervise(view.number, "王建国", "东关社区李书记", bj("2026-05-27 11:00"))
    sheet = orders.print_order(view.number, tmp_path / "order.pdf")
    notice = orders.print_supervision(view.number, tmp_path / "sup.pdf")
    outputs = {"工单处理单": _text(sheet), "督办通知单": _text(notice)}
    for pdf in (sheet, notice):  # every cell in our serif: no Helvetica referenced
        assert not any("Helvetica" in f for f in _fonts(pdf)), pdf.name
    rows = orders.rows(OrderFilter())
    ids = list(rows.fetch_ids("received_at", False))
    listed = rows.fetch_rows(ids).values()
    outputs["工单列表"] = repr([dict(zip(LIST_COLUMNS, r, strict=False)) for r in listed])
    outputs["orders show --json"] = repr(orders.show(view.number).as_json())
    outputs["orders figures --json"] = repr(orders.figures(parse_period("2026-04")).as_json())
    result = ctx.services.reports.write_package(parse_period("2026-04"), tmp_path, details=True)
    outputs["县局报表包"] = _package_text(result.path)
    assert view.number in outputs["县局报表包"]  # the 工单明细 sheet lists the order
    assert "工单明细" in outputs["县局报表包"]
    for where, text in outputs.items():
        for secret in (NAME, PHONE, MASKED):
            assert secret not in text, f"{secret} on {where}"
