"""投诉调解书 and the decision documents: every required element is in the extracted text."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pypdf import PdfReader

from station_app.services.complaints import ComplaintInput, TermInput
from station_app.services.station import StationProfileData


def _case(ctx):
    ctx.services.station.save_profile(
        StationProfileData(
            name="城关市场监督管理所",
            doc_prefix="东市监城",
            seal_text="东平县市场监督管理局城关市场监督管理所",
        )
    )
    svc = ctx.services.complaints
    v, _ = svc.register(
        ComplaintInput(
            channel="12315",
            received_on=date(2026, 10, 8),
            complainant_name="张小明",
            complainant_phone="13812348000",
            complainant_address="东平县城关镇幸福路12号",
            complainant_id_type="居民身份证",
            complainant_id_number="11010519491231002X",
            respondent_name="东平县鑫源家电销售有限公司",
            respondent_address="东平县城关镇人民路120号",
            respondent_uscc="91350100M000100Y43",
            goods="空调一台",
            amount_fen=329900,
            claim="退货",
            facts="安装后制冷不良，两次维修未解决。",
        )
    )
    v, _ = svc.accept(v.id, date(2026, 10, 9), v.version)
    v, _ = svc.add_mediator(v.id, "赵敏", False, v.version)
    v, _ = svc.succeed(
        v.id,
        date(2026, 10, 15),
        [
            TermInput("退款", "被投诉人向投诉人退还购机款", date(2026, 10, 20), 329900, "银行转账"),
            TermInput("退货", "投诉人将空调退还被投诉人", date(2026, 10, 18), None, "上门拆机"),
        ],
        v.version,
        way="现场",
    )
    return svc, v


def _pages(path) -> list[str]:
    return [p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(str(path)).pages]


def test_agreement_holds_every_required_element(sqlite_ctx, tmp_path):
    svc, v = _case(sqlite_ctx)
    out = tmp_path / "agreement.pdf"
    issued, _ = svc.print_document(v.id, "agreement", out)
    pages = _pages(out)
    text = "".join(pages)
    assert issued.number == "东市监城调〔2026〕1号"
    for needle in (
        "投诉调解书",
        "东市监城调〔2026〕1号",
        "投诉人：张小明",
        "被投诉人：东平县鑫源家电销售有限公司",
        "91350100M000100Y43",
        "投诉请求：退货",
        "争议事实",
        "经调解，双方自愿达成如下协议",
        "一、被投诉人向投诉人退还购机款",
        "3,299.00",
        "叁仟贰佰玖拾玖元整",
        "二、投诉人将空调退还",
        "履行方式和期限",
        "2026年10月20日前履行完毕",
        "本调解书一式三份，投诉人、被投诉人各执一份，市场监督管理部门留存一份",
        "投诉人（签字或按指印）",
        "被投诉人（签字或盖章）",
        "调解人员（签字）",
        "（印章）",
        "东平县市场监督管理局城关市场监督管理所",
        "2026年10月15日",
        "投诉人联",
        "被投诉人联",
        "存档联",
    ):
        assert needle in text, needle
    # each copy numbered on its own: 第 1 页 共 N 页
    assert all(re.search(r"第\d+页共\d+页", p) for p in pages)
    copies = {
        label: [p for p in pages if label in p and (label != "投诉人联" or "被投诉人联" not in p)]
        for label in ("投诉人联", "被投诉人联", "存档联")
    }
    assert all(copies.values())
    # ID, phone and address masked on the respondent's copy, in full on the complainant's own
    # copy and the file copy (admin may see them; the print is logged as an export)
    business = "".join(copies["被投诉人联"])
    assert "110105********002X" in business and "11010519491231002X" not in business
    assert "138****8000" in business and "13812348000" not in business
    assert "住址：东平县城关镇幸福路****" in business and "幸福路12号" not in business
    assert "11010519491231002X" in "".join(copies["投诉人联"])
    archive = "".join(copies["存档联"])
    assert "11010519491231002X" in archive and "13812348000" in archive
    assert "住址：东平县城关镇幸福路12号" in archive
    assert "副本" not in text
    # a reprint keeps the number and is marked 副本
    again, _ = svc.print_document(v.id, "agreement", tmp_path / "again.pdf", copies=("存档联",))
    assert again.reprint and again.number == issued.number
    assert all("副本" in p for p in _pages(tmp_path / "again.pdf"))


def test_decision_documents(sqlite_ctx, tmp_path):
    svc = sqlite_ctx.services.complaints
    _svc, v = _case(sqlite_ctx)
    out = tmp_path / "acc.pdf"
    svc.print_document(v.id, "acceptance", out)
    text = "".join(_pages(out))
    assert "投诉受理决定书" in text and "东市监城投受〔2026〕1号" in text and "决定予以受理" in text
    w, _ = svc.register(
        ComplaintInput(
            channel="来电",
            received_on=date(2026, 3, 2),
            complainant_name="李四",
            complainant_phone="13900001111",
            complainant_address="东平县",
            respondent_name="某健身房",
            respondent_address="东平县城关镇",
            claim="退款",
            facts="预付卡退款纠纷。",
        )
    )
    w, _ = svc.accept(w.id, date(2026, 3, 3), w.version)
    w, _ = svc.terminate(w.id, date(2026, 3, 20), "4", "", w.version)
    svc.print_document(w.id, "termination", out)
    text = "".join(_pages(out))
    assert (
        "投诉终止调解决定书" in text
        and "第二十一条第（四）项" in text
        and "明确表示无法达成调解协议" in text
    )
    assert "终调〔2026〕1号" in text


def test_a_failed_print_uses_no_number(sqlite_ctx, tmp_path, monkeypatch):
    from station_app.documents import mediation

    svc, v = _case(sqlite_ctx)

    def broken(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(mediation, "write_document", broken)
    with pytest.raises(OSError):
        svc.print_document(v.id, "agreement", tmp_path / "x.pdf")
    monkeypatch.undo()
    assert svc.get(v.id).documents == ()
    issued, _ = svc.print_document(v.id, "agreement", tmp_path / "y.pdf")
    assert issued.number == "东市监城调〔2026〕1号" and not issued.reprint


def test_fifty_agreements_in_one_file(sqlite_ctx, tmp_path):
    svc, v = _case(sqlite_ctx)
    out = tmp_path / "batch.pdf"
    issued, _ = svc.print_agreements([v.id], out, copies=("存档联",))
    assert issued[0].number.endswith("1号") and len(_pages(out)) >= 1


@pytest.mark.slow
def test_documents_bench_runs():
    import json
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "station_app.bench", "--runs", "1", "--only", "documents", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    names = {f["name"] for f in json.loads(result.stdout)["figures"]}
    assert {
        "documents.agreement_first_process",
        "documents.agreement_warm",
        "documents.agreements_50_one_file",
    } <= names
