"""``station-app import entities``, ``export entities`` and ``grade recompute`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.services.ledgers import good_rows, write_ledger
from tests.smoke.test_cli import run


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    result = run(home, "demo", "--seed", "3", "--entities", "300")
    assert result.returncode == 0, result.stderr
    return home


def test_import_json_dry_run_then_valid_only(home, tmp_path):
    rows = [
        *good_rows(),
        [6, "坏代码超市", "91350100M000100Y4Z", "孙八", "", "某路1号", "", "", "", "", "", "", ""],
    ]
    path = write_ledger(tmp_path / "台账.xlsx", rows)
    dry = run(home, "--demo", "import", "entities", str(path), "--dry-run", "--json")
    assert dry.returncode == 2, dry.stderr
    data = json.loads(dry.stdout)
    assert data["dry_run"] and not data["committed"]
    assert (data["inserted"], data["updated"], data["unchanged"], data["rejected"]) == (5, 0, 0, 1)
    assert data["rejected_rows"] == [
        {"row": 10, "field": "统一社会信用代码", "reason": data["rejected_rows"][0]["reason"]}
    ]
    assert "校验位不符" in data["rejected_rows"][0]["reason"]
    refused = run(home, "--demo", "import", "entities", str(path), "--json")
    assert refused.returncode == 2 and json.loads(refused.stdout)["committed"] is False
    report = tmp_path / "错误.xlsx"
    done = run(
        home,
        "--demo",
        "import",
        "entities",
        str(path),
        "--valid-only",
        "--report",
        str(report),
        "--json",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["committed"] and data["inserted"] == 5 and report.exists()
    again = run(home, "--demo", "import", "entities", str(path), "--valid-only", "--json")
    assert json.loads(again.stdout)["unchanged"] == 5


def test_import_of_a_non_spreadsheet_fails_in_chinese(home, tmp_path):
    junk = tmp_path / "x.xlsx"
    junk.write_text("hello")
    result = run(home, "--demo", "import", "entities", str(junk))
    assert result.returncode == 2 and "不是 Excel 或 CSV 表格文件" in result.stderr


def test_export_and_grade_recompute(home, tmp_path):
    out = tmp_path / "out.xlsx"
    result = run(home, "--demo", "export", "entities", str(out), "--type", "企业", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"] > 0 and out.exists()
    graded = run(home, "--demo", "grade", "recompute", "--json")
    assert graded.returncode == 0, graded.stderr
    assert json.loads(graded.stdout)["entities"] >= 300
    denied = run(home, "--demo", "grade", "recompute", user="chakan")
    assert denied.returncode != 0 and "无权" in denied.stderr


def test_grade_rules_show_set_and_reset(home):
    shown = run(home, "--demo", "grade", "rules", "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["is_default"] and len(data["fields"]) == 15
    assert data["fields"][0]["indicator"] == "行政处罚（近24个月）"
    bad = run(home, "--demo", "grade", "rules", "set", "licence_points", "-5")
    assert bad.returncode == 2 and "不能为负数" in bad.stderr
    denied = run(home, "--demo", "grade", "rules", "set", "licence_points", "20", user="chakan")
    assert denied.returncode != 0 and "无权修改本所分级规则" in denied.stderr
    done = run(home, "--demo", "grade", "rules", "set", "licence_points", "20", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rules"]["licence_points"] == 20
    text = run(home, "--demo", "grade", "rules")
    assert "许可证·有过期许可证时扣分：20（默认 15）" in text.stdout
    reset = run(home, "--demo", "grade", "rules", "reset", "--json")
    assert reset.returncode == 0 and json.loads(reset.stdout)["is_default"]


def test_import_applies_the_mapping_saved_for_those_headers(home, tmp_path):
    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url
    from tests.conftest import _test_admin

    headers = ["商号", "老板", "门牌"]
    ctx = open_context(sqlite_url(home / "data" / "demo.sqlite3"), actor=_test_admin())
    try:
        ctx.services.entity_import.save_mapping(
            tuple(headers), {0: "name", 1: "legal_rep", 2: "address"}
        )
    finally:
        ctx.close()
    path = write_ledger(
        tmp_path / "新台账.xlsx",
        [["命令行甲记商店", "甲某", "某街1号"]],
        title=False,
        headers=headers,
    )
    result = run(home, "--demo", "import", "entities", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["saved_mapping"] and data["committed"] and data["inserted"] == 1


def test_import_mappings_lists_and_deletes(home):
    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url
    from tests.conftest import _test_admin

    headers = ("店铺名", "掌柜", "门牌号")
    ctx = open_context(sqlite_url(home / "data" / "demo.sqlite3"), actor=_test_admin())
    try:
        ctx.services.entity_import.save_mapping(headers, {0: "name", 1: "legal_rep", 2: "address"})
    finally:
        ctx.close()
    listed = run(home, "--demo", "import", "mappings", "--json")
    assert listed.returncode == 0, listed.stderr
    mine = next(m for m in json.loads(listed.stdout)["mappings"] if m["headers"] == list(headers))
    assert mine["described"] == {
        "第 1 列 店铺名": "名称",
        "第 2 列 掌柜": "法定代表人/经营者",
        "第 3 列 门牌号": "经营地址",
    }
    text = run(home, "--demo", "import", "mappings")
    assert text.returncode == 0 and mine["key"][:12] in text.stdout
    assert "表头：店铺名 | 掌柜 | 门牌号" in text.stdout
    assert "对应：第 1 列 店铺名 → 名称；第 2 列 掌柜 → 法定代表人/经营者" in text.stdout
    refused = run(home, "--demo", "import", "mappings", "--delete", mine["key"], user="chakan")
    assert refused.returncode != 0 and "无权导入经营主体台账" in refused.stderr
    gone = run(home, "--demo", "import", "mappings", "--delete", mine["key"][:8], "--json")
    assert gone.returncode == 0, gone.stderr
    assert json.loads(gone.stdout)["deleted"]["key"] == mine["key"]
    after = json.loads(run(home, "--demo", "import", "mappings", "--json").stdout)["mappings"]
    assert mine["key"] not in {m["key"] for m in after}
    again = run(home, "--demo", "import", "mappings", "--delete", mine["key"])
    assert again.returncode != 0 and "没有编号" in again.stderr
