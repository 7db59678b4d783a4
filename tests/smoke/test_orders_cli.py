"""``station-app orders …`` as the issue writes the command lines (#14), on a small demo
database: add (the JSON keys of the contract), show, list --overdue / --due-within, the steps
by the signed-in users (two different people confirm), 重办 escalation, bad input."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from station_app.domain.periods import SHANGHAI
from tests.smoke.test_cli import run

KEYS = {"number", "kind", "state", "received_at", "deadlines", "overdue", "paused", "rework",
        "lead_level", "confirmations"}  # fmt: skip


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    result = run(home, "demo", "--seed", "5", "--entities", "300")
    assert result.returncode == 0, result.stderr
    return home


def orders(home: Path, *args: str, user: str = "admin"):
    return run(home, "--demo", "orders", *args, user=user)


def ago(hours: float) -> str:
    return (datetime.now(SHANGHAI) - timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M")


def test_hotline_order_from_add_to_close(home, tmp_path):
    added = orders(
        home, "add", "--kind", "12345", "--received", ago(5), "--order-no", "JN2026120100777",
        "--grid", "GZ01", "--text", "超市价格标签不符", "--json",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    view = json.loads(added.stdout)
    assert set(view) >= KEYS
    assert set(view["deadlines"]) == {"dispatch", "respond", "finish"}
    assert view["deadlines"]["dispatch"].endswith("+08:00")
    assert view["overdue"] is True and view["state"] == "待派单"  # 2 hours to dispatch passed
    number = view["number"]
    listed = json.loads(orders(home, "list", "--overdue", "--json").stdout)
    assert number in [o["number"] for o in listed["orders"]]
    step = orders(
        home, "dispatch", number, "--at", ago(4.5), "--to", "lihm", "--reason", "熟悉该片区"
    )
    assert step.returncode == 0, step.stderr
    assert orders(home, "respond", number, "--at", ago(4), user="lihm").returncode == 0
    fed = orders(home, "feedback", number, "--at", ago(3), "--text", "已责令整改", user="lihm")
    assert fed.returncode == 0, fed.stderr
    assert orders(home, "confirm", number, "--at", ago(2), user="lihm").returncode == 0
    twice = orders(home, "confirm", number, "--at", ago(1.9), user="lihm")
    assert twice.returncode == 2 and "同一人不能确认两次" in twice.stderr
    early = orders(home, "close", number, "--at", ago(1.8))
    assert early.returncode == 2 and "尚缺：审核人的确认" in early.stderr
    signed = orders(home, "confirm", number, "--at", ago(1.5), "--json", user="sunli")
    assert json.loads(signed.stdout)["confirmations"] == ["lihm", "sunli"]
    closed = json.loads(orders(home, "close", number, "--at", ago(1), "--json").stdout)
    assert closed["state"] == "已办结"
    again = orders(
        home, "add", "--kind", "12345", "--received", ago(0.5), "--order-no", "JN2026120100777",
        "--rework", "2", "--json",
    )  # fmt: skip
    reworked = json.loads(again.stdout)
    assert (reworked["number"], reworked["rework"], reworked["lead_level"]) == (number, 2, 2)
    assert reworked["state"] == "待派单"
    shown = orders(home, "show", number)
    assert "分管副所长牵头" in shown.stdout and "重办" in shown.stdout
    pdf = tmp_path / "order.pdf"
    printed = run(home, "--demo", "print", "order", number, "--out", str(pdf))
    assert printed.returncode == 0, printed.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def test_clue_pause_figures_and_bad_input(home):
    added = orders(home, "add", "--kind", "网格线索", "--received", ago(0.2), "--grid", "GZ02",
                   "--text", "疑似向老人推销保健品", "--category", "涉老诈骗", "--json")  # fmt: skip
    assert added.returncode == 0, added.stderr
    view = json.loads(added.stdout)
    assert set(view["deadlines"]) == {"respond", "feedback"}
    soon = json.loads(orders(home, "list", "--due-within", "1h", "--json").stdout)
    assert view["number"] in [o["number"] for o in soon["orders"]]
    bad = orders(home, "pause", view["number"])
    assert bad.returncode == 2 and "挂起须填写原因" in bad.stderr
    paused = orders(home, "pause", view["number"], "--reason", "等待检测结果", "--json")
    assert json.loads(paused.stdout)["paused"] is True
    grid = orders(home, "add", "--kind", "网格线索", "--received", ago(0.1), "--grid", "XX99")
    assert grid.returncode == 2 and "网格“XX99”不存在" in grid.stderr
    time = orders(home, "add", "--kind", "咨询", "--received", "2026-13-01 09:00")
    assert time.returncode == 2 and "不是有效的日期时间" in time.stderr
    sheet = Path(str(home)) / "platform.csv"
    sheet.write_text(f"工单编号,受理时间,诉求内容,重办次数\nJN2026120100888,{ago(1)},占道经营,0\n",
                     encoding="utf-8")  # fmt: skip
    dry = json.loads(orders(home, "import", str(sheet), "--dry-run", "--json").stdout)
    assert (dry["created"], dry["dry_run"]) == (1, True)
    done = json.loads(orders(home, "import", str(sheet), "--json").stdout)
    again = json.loads(orders(home, "import", str(sheet), "--json").stdout)
    assert (done["created"], again["created"], again["unchanged"]) == (1, 0, 1)
    period = datetime.now(SHANGHAI).strftime("%Y-%m")
    figs = json.loads(orders(home, "figures", "--period", period, "--json").stdout)
    assert figs["counts"]["received"] >= 1 and "24小时回应率" in figs["definitions"]["response_24h"]
    assert {"grid", "received", "closed_on_time"} <= set(figs["grid_figures"][0])
    assert {"assignee", "responded_24h"} <= set(figs["assignee_figures"][0])


def test_mediate_link_case_and_report_prints(home, tmp_path):
    """``orders mediate`` / ``orders link-case`` (转调解) and ``print report-form`` /
    ``print report-notice`` (举报), additions to the issue's command lines."""
    added = orders(
        home, "add", "--kind", "12315投诉", "--received", ago(3), "--order-no",
        "13701022026120100031", "--text", "电饭煲三天即损坏，商家拒绝退货", "--name", "好运家电店",
        "--address", "人民路8号", "--requester", "张投诉", "--phone", "13812345678", "--json",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    number = json.loads(added.stdout)["number"]
    assert (
        orders(
            home, "dispatch", number, "--at", ago(2.5), "--to", "lihm", "--reason", "承办"
        ).returncode
        == 0
    )
    assert orders(home, "respond", number, "--at", ago(2), user="lihm").returncode == 0
    bad = orders(home, "link-case", number, "TS2026-9999", user="lihm")
    assert bad.returncode == 2 and "未找到投诉“TS2026-9999”" in bad.stderr
    missing = orders(home, "mediate", number, "--at", ago(1.5), user="lihm")
    assert missing.returncode == 2 and "请填写投诉人通讯地址" in missing.stderr
    done = orders(home, "mediate", number, "--at", ago(1.5), "--address", "东关街3号", "--json",
                  user="lihm")  # fmt: skip
    assert done.returncode == 0, done.stderr
    case = json.loads(done.stdout)["case"]
    assert case["number"].startswith("TS") and case["status"] == "待受理"
    early = orders(home, "close", number)
    assert early.returncode == 2 and "随调解案件办结" in early.stderr
    report = orders(
        home, "add", "--kind", "12315举报", "--received", ago(3), "--order-no",
        "13701022026120100032", "--text", "销售过期食品", "--requester", "李举报", "--phone",
        "13912345678", "--real-name", "--json",
    )  # fmt: skip
    rno = json.loads(report.stdout)["number"]
    form = tmp_path / "form.pdf"
    printed = run(home, "--demo", "print", "report-form", rno, "--out", str(form))
    assert printed.returncode == 0, printed.stderr
    assert form.read_bytes().startswith(b"%PDF")
    notice = tmp_path / "notice.pdf"
    early = run(home, "--demo", "print", "report-notice", rno, "--out", str(notice))
    assert early.returncode == 2 and "已作出立案或不予立案决定" in early.stderr
    assert (
        orders(
            home, "dispatch", rno, "--at", ago(2.5), "--to", "lihm", "--reason", "承办"
        ).returncode
        == 0
    )
    assert orders(home, "respond", rno, "--at", ago(2), user="lihm").returncode == 0
    decided = orders(home, "decide", rno, "--decision", "立案", "--at", ago(1), user="lihm")
    assert decided.returncode == 0, decided.stderr
    printed = run(home, "--demo", "print", "report-notice", rno, "--out", str(notice), "--json")
    assert printed.returncode == 0, printed.stderr
    assert notice.read_bytes().startswith(b"%PDF")
