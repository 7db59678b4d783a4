"""``station-app lists publish|import|due`` as a user runs them, on a small demo database."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from tests.smoke.test_cli import run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("lists-home")
    result = run(home, "demo", "--seed", "5", "--entities", "400")
    assert result.returncode == 0, result.stderr
    return home


def test_publish_pdf_and_xlsx_and_due(home, tmp_path):
    pdf, xlsx = tmp_path / "红黑榜.pdf", tmp_path / "红黑榜.xlsx"
    result = run(
        home, "--demo", "lists", "publish", "--period", "2026", "--out", str(pdf), user="wangjg"
    )
    assert result.returncode == 0, result.stderr
    assert "红黑榜公示" in result.stdout
    reader = PdfReader(pdf)
    text = "".join(p.extract_text() for p in reader.pages)
    assert "2026年红黑榜公示" in text and "（盖章）" in text
    assert f"共 {len(reader.pages)} 页" in text
    result = run(
        home,
        "--demo",
        "lists",
        "publish",
        "--period",
        "2026",
        "--out",
        str(xlsx),
        "--json",
        user="wangjg",
    )
    data = json.loads(result.stdout)
    assert data["ok"] and data["entries"] > 0 and len(data["sha256"]) == 64
    wb = load_workbook(xlsx)
    assert "红色合伙人" in wb.sheetnames
    # an officer may not publish
    assert (
        run(
            home, "--demo", "lists", "publish", "--period", "2026", "--out", str(pdf), user="lihm"
        ).returncode
        != 0
    )
    due = json.loads(run(home, "--demo", "lists", "due", "--json").stdout)
    assert len(due["pending"]) == 2 and len(due["repairs"]) == 1


def test_import_dry_run_reports_unmatched(home, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "企业名称", "列入原因", "列入日期", "作出决定机关"])
    ws.append(
        ["91370923MA3C999999", "不存在的公司", "未报年报", "2026-07-03", "东平县市场监督管理局"]
    )
    path = tmp_path / "异常名录.xlsx"
    wb.save(path)
    result = run(
        home,
        "--demo",
        "lists",
        "import",
        str(path),
        "--kind",
        "经营异常名录",
        "--dry-run",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dry_run"] and data["imported"] == 0
    assert data["unmatched"][0]["uscc"] == "91370923MA3C999999"
