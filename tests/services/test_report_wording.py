"""The percent vs 百分点 wording agrees between the report workbook and its PDF (issue 17): a
rate's 环比/同比 is in percentage points in both, a count's in percent in both."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import load_workbook
from pypdf import PdfReader

from station_app.domain.periods import parse_period
from tests.services.test_reports import _station


def _shown(value, number_format: str) -> str:
    """How Excel shows ``value`` under the workbook's change formats."""
    if "百分点" in number_format:
        return f"{value:+.1f}个百分点"
    return f"{value:+.1%}"


def test_rate_changes_read_the_same_in_workbook_and_pdf(tmp_path):
    ctx, service = _station(tmp_path, "城关市场监督管理所", "S01")
    result = service.write_package(parse_period("2026-10"), tmp_path / "out")
    with zipfile.ZipFile(result.path) as zf:
        ws = load_workbook(io.BytesIO(zf.read("report.xlsx")))["综合"]
        pdf = PdfReader(io.BytesIO(zf.read("summary.pdf"))).pages[0].extract_text()
    flat = re.sub(r"\s", "", pdf)
    rows = {r[0].value: r for r in ws.iter_rows() if r[0].value in ("调解成功率", "接收投诉")}
    rate, count = rows["调解成功率"], rows["接收投诉"]
    rate_change = _shown(rate[3].value, rate[3].number_format)
    assert "百分点" in rate_change and rate_change in flat, (rate_change, flat)
    count_change = _shown(count[3].value, count[3].number_format)
    assert "百分点" not in count_change and count_change in flat
    ctx.close()
