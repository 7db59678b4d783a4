"""The issue's command lines and JSON keys (a contract): ``visits add/list``, ``violations
add/leniency/decide``, ``outreach add``, ``consumer-warnings add/publish``,
``annual-reports import``; bad input gives a Chinese message on stderr and a non-zero code."""

from __future__ import annotations

import json
from datetime import date

import pytest

from station_app.domain.auth import ADMIN, Actor
from tests.services.visits_helpers import setup_station

USCC = "91370923MA3C5XY21R"


@pytest.fixture
def cli(sqlite_url, monkeypatch, capsys):
    from station_app.__main__ import main
    from station_app.bootstrap import open_context

    ctx = open_context(sqlite_url, actor=Actor(None, "tester", ADMIN, "测试"))
    ctx.services.users.add_user("admin", "管理员", ADMIN, "station-pass-1")
    ids = setup_station(ctx)
    ctx.close()
    monkeypatch.setenv("STATION_USER", "admin")
    monkeypatch.setenv("STATION_PASSWORD", "station-pass-1")
    db = sqlite_url.removeprefix("sqlite:///")
    capsys.readouterr()

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", db, *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    run.ids = ids  # type: ignore[attr-defined]
    return run


def test_visits_add_and_list_json(cli):
    code, out, _ = cli(
        "visits", "add", USCC, "--at", "2026-11-18 10:30", "--team", "城关第一服务队",
        "--topic", "年报申报", "--topic", "合规经营",
        "--request", "不会网上报年报", "--outcome", "当场解决",
        "--request", "咨询个转企", "--outcome", "已转办:县局登记注册科", "--json",
    )  # fmt: skip
    assert code == 0
    v = json.loads(out)
    assert {"id", "entity", "at", "team", "members", "topics", "requests"} <= set(v)
    assert v["entity"]["uscc"] == USCC and v["at"] == "2026-11-18 10:30"
    assert v["team"] == "城关第一服务队" and v["topics"] == ["年报申报", "合规经营"]
    assert v["members"][1] == {"name": "李干部", "role": "社区干部"}
    assert [(r["text"], r["outcome"], r["handler"]) for r in v["requests"]] == [
        ("不会网上报年报", "当场解决", "王专员"),
        ("咨询个转企", "已转办", "县局登记注册科"),
    ]
    code, out, _ = cli("visits", "list", "--period", "2026-11", "--json")
    listed = json.loads(out)
    assert code == 0 and listed["count"] == 1 and listed["visits"][0]["id"] == v["id"]
    code, _, err = cli("visits", "add", str(cli.ids["b"]), "--at", "2026-02-20 09:00",
                       "--team", "城关第一服务队", "--topic", "政策宣讲")  # fmt: skip
    assert code != 0 and "成立于 2026-03-01，不能登记 2026-02-20 的走访" in err
    code, _, err = cli("visits", "add", USCC, "--at", "2026-11-18 10:30", "--team", "王专员",
                       "--topic", "乱写")  # fmt: skip
    assert code != 0 and "走访事项“乱写”不认识" in err
    assert json.loads(cli("visits", "list", "--json")[1])["count"] == 1


def test_violations_add_leniency_decide(cli):
    code, out, _ = cli("violations", "add", USCC, "--type", "F-HEALTH-CERT", "--found-at",
                       "2026-11-02", "--rectified-at", "2026-11-03", "--harm", "轻微",
                       "--deadline", "2026-11-09")  # fmt: skip
    assert code == 0
    vid = int(out.strip())  # prints its id
    code, out, _ = cli("violations", "leniency", str(vid), "--json")
    check = json.loads(out)
    assert code == 0 and check["eligible"] is True and isinstance(check["reasons"], list)
    assert check["ground"] == "首违不罚" and check["reasons"]
    code, _, err = cli("violations", "decide", str(vid), "--decision", "不予处罚", "--fine", "500")
    assert code != 0 and "不予处罚的决定不能有罚款金额（填了 500.00 元）" in err
    code, _, err = cli("violations", "decide", str(vid), "--decision", "处罚", "--fine", "12,3.456")
    assert code != 0 and "不是有效的金额" in err
    code, out, _ = cli("violations", "decide", str(vid), "--decision", "不予处罚", "--json")
    done = json.loads(out)
    assert code == 0 and done["decision"] == "不予处罚（首违不罚）" and done["number"]
    code, out, _ = cli("violations", "add", USCC, "--type", "经营者未按规定明码标价",
                       "--found-at", "2026-11-05")  # fmt: skip
    second = out.strip()
    code, out, _ = cli("violations", "decide", second, "--decision", "处罚", "--fine", "1,500.5",
                       "--number", "东市监城罚〔2026〕9号", "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["fine_fen"] == 150050
    assert json.loads(out)["number"] == "东市监城罚〔2026〕9号"


def test_outreach_and_consumer_warning_publish(cli, tmp_path):
    code, out, _ = cli("outreach", "add", "--kind", "直播", "--title", "3·15 消费维权直播",
                       "--date", "2026-03-15", "--views", "5万", "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["views"] == 50000
    code, _, err = cli("outreach", "add", "--kind", "直播", "--title", "直播", "--date",
                       "2026-03-16")  # fmt: skip
    assert code != 0 and "直播普法请填写观看人次" in err
    code, out, _ = cli(
        "consumer-warnings", "add", "--title", "关于预付式消费的消费警示", "--text",
        "部分商家以大额优惠诱导办卡后关门停业，请消费者理性办卡，保留合同和付款凭证。",
        "--topic", "预付卡", "--channel", "公众号", "--json",
    )  # fmt: skip
    wid = json.loads(out)["id"]
    pdf = tmp_path / "警示.pdf"
    code, out, _ = cli("consumer-warnings", "publish", str(wid), "--out", str(pdf), "--json")
    assert code == 0 and json.loads(out)["number"].endswith("〔2026〕1号") and pdf.exists()


def test_annual_reports_import(cli, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["统一社会信用代码", "企业名称", "年报状态", "报送日期"])
    wb.active.append([USCC, "张三记", "已年报", "2026-05-01"])
    path = tmp_path / "年报.xlsx"
    wb.save(path)
    code, _, err = cli("annual-reports", "import", str(path))
    assert code != 0 and "--year" in err
    code, out, _ = cli("annual-reports", "import", str(path), "--year", "2025", "--json")
    data = json.loads(out)
    assert code == 0 and (data["created"], data["years"]) == (1, [2025])
    listed = json.loads(cli("annual-reports", "list", "--year", "2025", "--json")[1])
    assert listed["reports"][0]["status"] == "已报送"
    assert date(2026, 5, 1).isoformat() == listed["reports"][0]["filed_on"]
