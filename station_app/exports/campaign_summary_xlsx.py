"""专项行动工作汇总表 as a workbook (sheets 汇总, 分网格, 分部门, 问题商户, 检查对象) from the
payload the PDF prints (``services/campaigns/summary.summary_payload``). Cells are set
formula-safe (``exports.cells``); no person's phone, ID number or home address is in it."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from station_app.exports.cells import harden, put
from station_app.files import write_private

BOARD_HEADER = ("", "检查对象", "已检查", "问题商户", "已整改", "已移送", "回头看到期", "已回头看",
                "检查率", "整改率", "回头看完成率")  # fmt: skip
"""The board's columns, as the PDF prints them (``documents/campaign_summary.py``)."""
SHOP_HEADER = ("序号", "问题商户", "地址", "隐患", "整改情况", "回头看")
TARGET_HEADER = ("序号", "检查对象", "统一社会信用代码", "地址", "网格", "部门", "状态")


def _sheet(wb, title: str, header, rows, widths) -> None:
    from openpyxl.styles import Font, PatternFill

    ws = wb.create_sheet(title)
    for col, value in enumerate(header, 1):
        cell = put(ws.cell(row=1, column=col), value)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
    for r, row in enumerate(rows, 2):
        for col, value in enumerate(row, 1):
            put(ws.cell(row=r, column=col), value)
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width
    ws.freeze_panes = "A2"


def build_xlsx(payload: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    facts = [*payload["facts"], ("", ""), *(("指标口径", d) for d in payload["definitions"])]
    _sheet(wb, "汇总", ("项目", "内容"), [*facts, ("合计", ""), *[
        (h, v) for h, v in zip(BOARD_HEADER[1:], payload["total"][1:], strict=True)]], (18, 90))  # fmt: skip
    board_header = ("网格", *BOARD_HEADER[1:])
    _sheet(wb, "分网格", board_header, payload["by_grid"], (24, *(11,) * 10))
    _sheet(wb, "分部门", ("部门", *BOARD_HEADER[1:]), payload["by_department"], (24, *(11,) * 10))
    _sheet(wb, "问题商户", SHOP_HEADER, payload["shops"], (6, 32, 36, 30, 22, 22))
    _sheet(wb, "检查对象", TARGET_HEADER, payload["targets"], (6, 32, 22, 36, 16, 12, 18))
    harden(wb)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def write_xlsx(payload: dict[str, Any], path: Path) -> Path:
    return write_private(Path(path), build_xlsx(payload))
