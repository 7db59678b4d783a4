"""``station-app roster export|import|template`` as a user runs them."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from station_app.domain.roster_sheet import IMPORT_COLUMNS, SHEET_NAME
from tests.smoke.test_cli import run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("roster-home")
    result = run(home, "demo", "--seed", "3", "--entities", "50")
    assert result.returncode == 0, result.stderr
    return home


def test_export_pdf_and_xlsx_masked(home, tmp_path):
    pdf, xlsx = tmp_path / "花名册.pdf", tmp_path / "花名册.xlsx"
    result = run(home, "--demo", "roster", "export", str(pdf))
    assert result.returncode == 0, result.stderr
    assert "个人信息已脱敏" in result.stdout
    reader = PdfReader(pdf)
    text = "\n".join(p.extract_text() for p in reader.pages)
    for n in range(1, 22):
        assert f"GZ{n:02d}" in text
    assert f"第 1 页 共 {len(reader.pages)} 页" in text
    result = run(home, "--demo", "roster", "export", str(xlsx), "--json")
    assert json.loads(result.stdout) == {"ok": True, "file": str(xlsx), "masked": True}
    rows = list(load_workbook(xlsx)[SHEET_NAME].iter_rows(values_only=True))
    assert rows[1][:2] == ("网格编号", "网格名称") and len(rows) > 250
    # a masked export cannot be imported back: every masked phone is reported
    result = run(home, "--demo", "roster", "import", str(xlsx), "--dry-run", "--json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert not report["ok"] and "脱敏" in report["errors"][0]["message"]


def test_template_and_dry_run_import(home, tmp_path):
    template = tmp_path / "模板.xlsx"
    assert run(home, "--demo", "roster", "template", str(template)).returncode == 0
    assert load_workbook(template)[SHEET_NAME].max_row == 1
    wb = Workbook()
    wb.active.title = SHEET_NAME
    headers = [h for _k, h, _w, _n in IMPORT_COLUMNS]
    wb.active.append(headers)
    row = dict.fromkeys(headers, "")
    row.update(
        {"网格编号": "GZ01", "网格职务": "网格员", "姓名": "新网格员", "联系电话": "13912340000"}
    )
    wb.active.append([row[h] for h in headers])
    wb.save(tmp_path / "new.xlsx")
    result = run(home, "--demo", "roster", "import", str(tmp_path / "new.xlsx"), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "新增任职 1 条" in result.stdout and "试导入" in result.stdout


def test_export_refuses_unknown_suffix(home, tmp_path):
    result = run(home, "--demo", "roster", "export", str(tmp_path / "x.doc"))
    assert result.returncode == 2 and ".xlsx" in result.stderr
