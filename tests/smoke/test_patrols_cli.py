"""``station-app patrols plan|tasks|record|recheck|coverage|rules|hazards`` and ``print
patrol-sheet`` as the checks run them (issue #15's command lines and JSON keys)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from station_app.clock import now
from tests.smoke.test_cli import run


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    result = run(home, "demo", "--seed", "5", "--entities", "300")
    assert result.returncode == 0, result.stderr
    return home


def cli(home: Path, *args: str) -> dict:
    result = run(home, "--demo", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_plan_tasks_record_recheck_coverage_and_sheet(home, tmp_path):
    moment = now() - timedelta(minutes=5)
    today, last = moment.date(), moment.date() + timedelta(days=20)
    plan = cli(home, "patrols", "plan", "--from", str(today), "--to", str(last))
    # the demo planned this month already: a plan over it adds what is new, keeps the rest
    assert plan["ok"] and plan["added"] + plan["kept"] > 0 and isinstance(plan["warnings"], list)
    again = cli(home, "patrols", "plan", "--from", str(today), "--to", str(last))
    assert again["added"] == again["dropped"] == 0
    assert again["kept"] == plan["added"] + plan["kept"] + plan["updated"]
    day = next(
        d
        for d in (today + timedelta(days=k) for k in range(10))
        if cli(home, "patrols", "tasks", "--date", str(d))["count"]
    )
    tasks = cli(home, "patrols", "tasks", "--date", str(day), "--grid", "GZ01")["tasks"]
    assert tasks
    for t in tasks:
        assert {"entity", "grade", "date", "person", "role", "kind"} <= set(t)
        assert t["kind"] in ("patrol", "review", "check") and t["date"] == str(day)
        assert t["role"] in ("grid_worker", "specialist", "station")
    target = tasks[0]["entity"]
    deadline = str(today + timedelta(days=10))
    at = moment.strftime("%Y-%m-%d %H:%M")
    record = cli(
        home,
        "patrols",
        "record",
        target,
        "--at",
        at,
        "--hazard",
        "消防安全",
        "--deadline",
        deadline,
    )
    assert record["result"] == "found" and record["entity"] == target
    (hazard,) = record["hazards"]
    assert hazard["id"] and hazard["state"] == "open" and hazard["deadline"] == deadline
    bad = run(
        home,
        "--demo",
        "patrols",
        "recheck",
        str(hazard["id"]),
        "--at",
        "2000-01-01 09:00",
        "--pass",
    )
    assert bad.returncode != 0 and "早于发现该隐患的时间" in bad.stderr
    people = [t["person"] for t in tasks if t["person"]]
    inspectors = [a for p in dict.fromkeys(people) for a in ("--inspector", p)][:4]
    if len(inspectors) < 4:
        pytest.skip("the demo grid has fewer than two people")
    done = cli(home, "patrols", "recheck", str(hazard["id"]), "--at", at, "--pass", *inspectors)
    assert done["kind"] == "recheck" and done["hazard"]["state"] == "closed"
    cov = cli(home, "patrols", "coverage", "--period", moment.strftime("%Y-%m"))
    assert cov["planned"] > 0 and cov["hazards"]["found"] >= 1 and "d_unchecked" in cov
    rules = cli(home, "patrols", "rules")
    assert {(r["grade"], r["kind"]) for r in rules["rules"]} >= {("A", "patrol"), ("D", "check")}
    out = tmp_path / "sheet.pdf"
    sheet = cli(
        home, "print", "patrol-sheet", "--date", str(day), "--grid", "GZ01", "--out", str(out)
    )
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert sheet["pages"] == len(PdfReader(out).pages) and "日常巡查表" in text
    assert "巡查人签名" in text and "第 1 页" in text


def test_bad_input_is_a_chinese_message_and_exit_code(home):
    result = run(home, "--demo", "patrols", "plan", "--from", "2026-07-31", "--to", "2026-07-01")
    assert result.returncode != 0 and "早于开始日期" in result.stderr
    result = run(
        home,
        "--demo",
        "patrols",
        "rules",
        "set",
        "--grade",
        "E",
        "--kind",
        "patrol",
        "--frequency",
        "weekly",
    )
    assert result.returncode != 0 and "分级“E”无效" in result.stderr


def test_sheet_template_and_import(home, tmp_path):
    from openpyxl import load_workbook

    today = now().date()
    for back in range(0, 20):  # a recent day with an open 日常巡查 task in GZ01 (the demo's misses)
        day = str(today - timedelta(days=back))
        tasks = cli(home, "patrols", "tasks", "--date", day, "--grid", "GZ01")["tasks"]
        open_ = [t for t in tasks if t["kind"] == "patrol" and t["status"] != "done"]
        if open_:
            break
    else:
        pytest.fail("the demo has no open 日常巡查 task in GZ01 in the last 20 days")
    path = tmp_path / "sheet.xlsx"
    made = cli(
        home, "patrols", "sheet-template", "--date", day, "--grid", "GZ01", "--out", str(path)
    )
    assert made["ok"] and made["rows"] >= len(open_)
    wb = load_workbook(path)
    ws = wb.active
    head = next(r for r in range(1, 12) if ws.cell(r, 1).value == "任务编号")
    col = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    row = next(r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 1).value == open_[0]["id"])
    ws.cell(row, col["结果(1-4)"]).value = 1
    wb.save(path)
    dry = cli(home, "patrols", "import", str(path), "--dry-run")
    assert dry["ok"] and dry["dry_run"] and dry["saved"] == 1
    done = cli(home, "patrols", "import", str(path))
    assert done["saved"] == 1 and len(done["records"]) == 1
    again = run(home, "--demo", "patrols", "import", str(path))  # the task is done now
    assert again.returncode == 2 and f"第 {row} 行" in again.stderr and "登记完成" in again.stderr
    bad = tmp_path / "bad.xlsx"
    bad.write_text("名称,地址\n某店,某路\n", encoding="utf-8")
    refused = run(home, "--demo", "patrols", "import", str(bad))
    assert refused.returncode == 2 and "错误" in refused.stderr
