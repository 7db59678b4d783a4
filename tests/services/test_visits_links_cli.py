"""The command lines of the links (sqlite): ``violations add --hazard``, ``visits add
--raise-order``, ``visits raise-order``, ``print guidance`` and ``print no-penalty``; bad
input gives a Chinese message on stderr and a non-zero code."""

from __future__ import annotations

import json

from pypdf import PdfReader

from station_app.domain.auth import ADMIN, Actor
from tests.services.test_visits_cli import USCC, cli  # noqa: F401 (the fixture)
from tests.services.test_visits_links import patrol_with_hazard


def _hazard(sqlite_url, entity_id: int) -> tuple[int, int]:
    from station_app.bootstrap import open_context

    ctx = open_context(sqlite_url, actor=Actor(None, "tester", ADMIN, "测试"))
    try:
        record = patrol_with_hazard(ctx, entity_id)
        return record.id, record.hazards[0].id
    finally:
        ctx.close()


def test_violation_from_a_hazard_on_the_command_line(cli, sqlite_url):  # noqa: F811
    record_id, hazard_id = _hazard(sqlite_url, cli.ids["a"])
    code, out, err = cli("violations", "add", USCC, "--type", "健康证明", "--found-at",
                         "2026-11-18", "--hazard", str(hazard_id), "--json")  # fmt: skip
    assert code == 0, err
    v = json.loads(out)
    assert (v["patrol_id"], v["hazard_id"], v["source"]) == (record_id, hazard_id, "巡查发现")
    assert v["deadline"] == "2026-11-25"
    code, _, err = cli("violations", "add", USCC, "--type", "健康证明", "--found-at",
                       "2026-11-18", "--hazard", str(hazard_id))  # fmt: skip
    assert code != 0 and f"已登记为违法行为（编号 {v['id']}）" in err
    code, _, err = cli("violations", "add", str(cli.ids["b"]), "--type", "明码标价",
                       "--found-at", "2026-11-18", "--patrol", str(record_id))  # fmt: skip
    assert code != 0 and "另一户经营主体" in err


def test_requests_raise_orders_on_the_command_line(cli):  # noqa: F811
    code, out, err = cli(
        "visits", "add", USCC, "--at", "2026-11-18 10:30", "--team", "城关第一服务队",
        "--topic", "合规经营", "--request", "门前占道经营需协调", "--outcome", "已转办:城管",
        "--request", "咨询年报", "--outcome", "当场解决",
        "--request", "申请信用修复", "--outcome", "待办理", "--raise-order", "--json",
    )  # fmt: skip
    assert code == 0, err
    requests = json.loads(out)["requests"]
    assert requests[0]["order_number"] and requests[0]["outcome"] == "已转办"
    assert requests[1]["order_number"] is None and requests[2]["order_number"] is None
    code, out, err = cli("visits", "raise-order", str(requests[2]["id"]), "--json")
    assert code == 0, err
    number = json.loads(out)["order_number"]
    assert number and number != requests[0]["order_number"]
    code, out, _ = cli("orders", "show", number, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["kind"] == "网格线索" and shown["number"] == number
    code, _, err = cli("visits", "raise-order", str(requests[1]["id"]))
    assert code != 0 and "已解决，无须转为工单" in err


def test_print_guidance_and_no_penalty(cli, tmp_path):  # noqa: F811
    out_pdf = tmp_path / "指导书.pdf"
    code, out, err = cli("guidance", "add", USCC, "--matter", "价格标签不全", "--advice",
                         "规范明码标价", "--reply-by", "2026-12-10", "--json")  # fmt: skip
    assert code == 0, err
    gid = json.loads(out)["id"]
    code, out, err = cli("print", "guidance", str(gid), "--out", str(out_pdf), "--json")
    assert code == 0, err
    assert json.loads(out)["number"].endswith("指〔2026〕1号")
    text = "".join(p.extract_text() for p in PdfReader(out_pdf).pages).replace("\n", "")
    assert "行政指导书" in text and "规范明码标价" in text
    code, _, err = cli("print", "guidance", "999", "--out", str(tmp_path / "x.pdf"))
    assert code != 0 and "该行政指导书不存在" in err and not (tmp_path / "x.pdf").exists()
    code, out, _ = cli("violations", "add", USCC, "--type", "健康证明", "--found-at",
                       "2026-11-02", "--rectified-at", "2026-11-02", "--harm", "轻微")  # fmt: skip
    vid = out.strip()
    assert cli("violations", "decide", vid, "--decision", "不予处罚", "--on", "2026-11-10")[0] == 0
    code, _, err = cli("print", "no-penalty", vid, "--out", str(tmp_path / "不罚.pdf"))
    assert code == 0, err
    assert "不予行政处罚决定书" in PdfReader(tmp_path / "不罚.pdf").pages[0].extract_text()
